import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

function linkOrCopy(source: string, target: string): void {
  try {
    linkSync(source, target);
  } catch (error) {
    // another file system (or one without hard links): a copy is slower but the same snapshot
    if (!['EXDEV', 'EPERM', 'ENOTSUP'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
    copyFileSync(source, target);
  }
}

/** Links every file of `from` into `to` (same tree, no bytes copied): a snapshot that costs inodes, not disk. */
function linkTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) linkTree(source, target);
    else linkOrCopy(source, target);
  }
}

/**
 * The instance's own copy of a build, which it serves: a build written later into `distDir` by
 * another instance or by `npm run build` cannot change or delete the pages this instance is
 * serving. Older copies of this instance are removed; other instances' folders are never touched.
 */
export function snapshotBuild(distDir: string, instanceDir: string): string {
  mkdirSync(instanceDir, { recursive: true });
  const target = path.join(instanceDir, `site-${Date.now()}`);
  try {
    linkTree(distDir, target);
  } catch (error) {
    rmSync(target, { recursive: true, force: true });
    throw error;
  }
  for (const name of readdirSync(instanceDir)) {
    if (name.startsWith('site-') && path.join(instanceDir, name) !== target)
      rmSync(path.join(instanceDir, name), { recursive: true, force: true });
  }
  return target;
}

/**
 * Puts a finished build at `distDir` with two renames, so a reader of `distDir` finds the old build
 * or the new one, never a half-written one (astro build empties its output folder first).
 */
export function replaceBuild(built: string, distDir: string): void {
  const old = `${distDir}.old-${process.pid}-${Date.now()}`;
  if (existsSync(distDir) && statSync(distDir).isDirectory()) renameSync(distDir, old);
  renameSync(built, distDir);
  rmSync(old, { recursive: true, force: true });
}
