/**
 * A throwaway copy of the site (sources copied, node_modules linked) with generated posts, so the
 * build benchmark never touches the real content/ or the caches other builds use.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildEnv } from '../api/node/site-build.ts';
import { projectDir } from '../tests/reliability/_processes.ts';

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

export interface BuildRun {
  ms: number;
  /** CPU time of the build (user + system, its children included), in ms. */
  cpuMs: number;
  /** Peak resident memory of the build process, in MiB. */
  peakMiB: number;
  /** The end of what the build printed. */
  output: string;
}

function peakFromTime(text: string): number {
  const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(text)?.[1];
  return kb ? Number(kb) / 1024 : 0;
}

function cpuFromTime(text: string): number {
  const user = /User time \(seconds\): ([\d.]+)/.exec(text)?.[1];
  const system = /System time \(seconds\): ([\d.]+)/.exec(text)?.[1];
  return (Number(user ?? 0) + Number(system ?? 0)) * 1000;
}

/** utime + stime of a running process from /proc, in ms (Linux reports clock ticks, 100 per second). */
function cpuFromProc(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11] ?? 0) + Number(fields[12] ?? 0) + Number(fields[13] ?? 0) + Number(fields[14] ?? 0)) * 10;
}

/** Runs `astro build` in the project copy; CPU time and peak memory from GNU time when present, else sampled from /proc. */
export function buildProject(root: string, env: Record<string, string>, outDir: string, timeoutMs = 600_000): Promise<BuildRun> {
  const astro = path.join(projectDir, 'node_modules', 'astro', 'bin', 'astro.mjs');
  const args = [process.execPath, astro, 'build', '--config', 'astro.bench.mjs', '--outDir', outDir];
  const gnuTime = existsSync('/usr/bin/time');
  const [command, ...rest] = gnuTime ? ['/usr/bin/time', '-v', ...args] : args;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command!, rest, {
      cwd: root,
      env: buildEnv({ ...process.env, ...env }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let sampled = 0;
    let cpuSampled = 0;
    const collect = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const sampler = setInterval(() => {
      try {
        const rss = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
        if (rss) sampled = Math.max(sampled, Number(rss) / 1024);
        if (child.pid) cpuSampled = Math.max(cpuSampled, cpuFromProc(child.pid));
      } catch {
        // the process is gone or /proc is missing
      }
    }, 200);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearInterval(sampler);
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`astro build exited with ${code}:\n${output.slice(-3_000)}`));
      resolve({
        ms: performance.now() - started,
        cpuMs: gnuTime ? cpuFromTime(output) : cpuSampled,
        peakMiB: gnuTime ? peakFromTime(output) : sampled,
        output,
      });
    });
  });
}
