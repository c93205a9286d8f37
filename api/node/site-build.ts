import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { withBuildLock } from './build-lock.ts';
import { MANIFEST_FILE } from './build-sync.ts';
import { replaceBuild } from './instance-site.ts';

/** What a build depends on: when any of these is newer than the build, the site is stale. */
const SOURCES = ['content', 'src', 'public', 'api/core', 'astro.config.mjs', 'package.json'];

function newestChange(target: string): number {
  if (!existsSync(target)) return 0;
  const stats = statSync(target);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestChange(path.join(target, entry)));
  return newest;
}

/** Why the site in `distDir` must be rebuilt, or null when it is current. */
export function staleReason(projectDir: string, distDir: string, siteUrl: string, mail = false): string | null {
  const manifestPath = path.join(distDir, MANIFEST_FILE);
  if (!existsSync(manifestPath)) return `${path.relative(projectDir, distDir) || distDir} has no build yet`;
  try {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { siteUrl?: string; mail?: boolean };
    if (manifest.siteUrl !== siteUrl) return `SITE_URL changed from ${manifest.siteUrl} to ${siteUrl}`;
    // the comment form offers email notifications only when the site sends mail
    if ((manifest.mail ?? false) !== mail) return `email notifications were turned ${mail ? 'on' : 'off'}`;
  } catch {
    return 'the last build is unreadable';
  }
  const builtAt = statSync(manifestPath).mtimeMs;
  const changed = SOURCES.find((source) => newestChange(path.join(projectDir, source)) > builtAt);
  return changed ? `${changed} changed since the last build` : null;
}

export interface BuildOptions {
  projectDir: string;
  outDir: string;
  env: NodeJS.ProcessEnv;
  /** Each line the build prints, for progress. */
  onLine?: (line: string) => void;
}

/**
 * Vite reads its own mode flags from the environment, so a shell or test runner that sets them
 * (NODE_ENV=test, DEV=1, PROD=, as Vitest does) would make the build think it is dev and publish drafts.
 */
const VITE_MODE_VARIABLES = ['MODE', 'DEV', 'PROD', 'SSR', 'BASE_URL'];

export function buildEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(Object.entries(env).filter(([name]) => !VITE_MODE_VARIABLES.includes(name)));
  return { ...clean, NODE_ENV: 'production', FORCE_COLOR: '0' };
}

/** Runs `astro build` into outDir in a child process, so a failing build cannot take the server down. */
export function buildSite(options: BuildOptions): Promise<void> {
  const astro = path.join(path.dirname(createRequire(import.meta.url).resolve('astro/package.json')), 'bin/astro.mjs');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [astro, 'build', '--outDir', options.outDir], {
      cwd: options.projectDir,
      env: buildEnv(options.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const tail: string[] = [];
    const forward = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        tail.push(line);
        if (tail.length > 30) tail.shift();
        options.onLine?.(line);
      }
    };
    child.stdout.on('data', forward);
    child.stderr.on('data', forward);
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`astro build exited with ${code}:\n${tail.join('\n')}`))));
  });
}

/**
 * Builds the site into `distDir` when it is missing or older than its sources. Instances started
 * from one folder take turns (the build lock) and check again once it is their turn, so one
 * builds and the others use its result; the new build replaces the old one whole.
 */
export async function buildIfStale(options: {
  projectDir: string;
  distDir: string;
  siteUrl: string;
  /** Whether this site sends mail: the comment form it builds offers notifications then. */
  mail: boolean;
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
}): Promise<void> {
  const { projectDir, distDir, log } = options;
  if (!staleReason(projectDir, distDir, options.siteUrl, options.mail)) return;
  await withBuildLock(
    projectDir,
    async () => {
      const reason = staleReason(projectDir, distDir, options.siteUrl, options.mail);
      if (!reason) return;
      log(`building the site (${reason})…`);
      const started = Date.now();
      const next = `${distDir}.next-${process.pid}`;
      try {
        await buildSite({ projectDir, outDir: next, env: options.env, onLine: (line) => log(`  ${line}`) });
        replaceBuild(next, distDir);
      } finally {
        rmSync(next, { recursive: true, force: true });
      }
      log(`site built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    },
    { onWait: () => log('another instance is building the site; waiting for it…') },
  );
}
