/**
 * A throwaway copy of the site (sources copied, node_modules linked) with generated posts, so the
 * build benchmark never touches the real content/ or the caches other builds use.
 */
import { cpSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildEnv } from '../api/node/site-build.ts';
import { projectDir } from '../tests/reliability/_processes.ts';
import { type MeasuredRun, runMeasured } from './measure.ts';

const COPIED = ['src', 'api', 'public', 'astro.config.mjs', 'package.json', 'tsconfig.json'];

/** An MDX post with the usual furniture: headings, emphasis, a list, code, a link. */
export function generatedPost(n: number): string {
  const day = String((n % 28) + 1).padStart(2, '0');
  const paragraph = `Post ${n} is about conversations. *Threads* beat flat lists because people answer each other, and the page should show who answers whom. See [the design notes](https://example.org/notes/${n}).`;
  return `---\ntitle: Generated post ${n}\ndescription: A generated post for the build benchmark, number ${n}.\npublished: 2026-01-${day}\ntags: [bench, tag-${n % 20}]\n---\n\n${paragraph}\n\n## Why it matters\n\n${paragraph}\n\n- one point\n- another point\n- a third, with \`code\`\n\n\`\`\`js\nconsole.log('post ${n}');\n\`\`\`\n\n${paragraph}\n`;
}

export function slugOf(n: number): string {
  return `post-${String(n).padStart(4, '0')}`;
}

/** Copies the site into a temp folder and writes `count` generated posts into its content/posts. */
export function createSiteProject(count: number): string {
  const root = mkdtempSync(path.join(tmpdir(), 'parley-bench-site-'));
  for (const entry of COPIED) cpSync(path.join(projectDir, entry), path.join(root, entry), { recursive: true });
  symlinkSync(path.join(projectDir, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  // its own cache folder: the default lives in the linked node_modules, shared with real builds
  writeFileSync(
    path.join(root, 'astro.bench.mjs'),
    "import base from './astro.config.mjs';\nexport default { ...base, cacheDir: './.bench-cache' };\n",
  );
  const posts = path.join(root, 'content', 'posts');
  mkdirSync(posts, { recursive: true });
  for (let n = 1; n <= count; n += 1) writeFileSync(path.join(posts, `${slugOf(n)}.mdx`), generatedPost(n));
  return root;
}

export type BuildRun = MeasuredRun;

/** Runs `astro build` in the project copy, measured (bench/measure.ts). */
export async function buildProject(root: string, env: Record<string, string>, outDir: string, timeoutMs = 600_000): Promise<BuildRun> {
  const astro = path.join(projectDir, 'node_modules', 'astro', 'bin', 'astro.mjs');
  const args = [process.execPath, astro, 'build', '--config', 'astro.bench.mjs', '--outDir', outDir];
  return runMeasured(args, { cwd: root, env: buildEnv({ ...process.env, ...env }), timeoutMs });
}
