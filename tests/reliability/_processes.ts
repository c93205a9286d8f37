/**
 * Starts Parley API processes on 127.0.0.1 for the reliability tests and the benchmark, and stops
 * them: politely (SIGTERM) or as a crash would (SIGKILL).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

export const projectDir = fileURLToPath(new URL('../..', import.meta.url));
const ENTRY = fileURLToPath(new URL('./_api-process.ts', import.meta.url));

export interface ApiProcess {
  /** http://127.0.0.1:PORT (the API is under /api). */
  url: string;
  child: ChildProcess;
  /** Output the process printed, for failure messages. */
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts a process running `entry` (a TypeScript file) and waits for its first JSON line. */
export async function startProcess(
  entry: string,
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<{ child: ChildProcess; first: Record<string, unknown>; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: projectDir,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-8_000)));
  const first = await new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${entry} did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    let buffered = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-8_000);
      buffered += chunk.toString();
      const line = buffered.split('\n').find((candidate) => candidate.trim().startsWith('{'));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line) as Record<string, unknown>);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited with ${code} before it was ready:\n${output}`));
    });
  });
  return { child, first, output: () => output };
}

/** Stops a child and waits for it to be gone; SIGKILL when it does not go within 5 s. */
export async function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/**
 * One API process on a database (`{ DATABASE_URL, DATABASE_AUTH_TOKEN? }`, as TestDatabase.env);
 * `env` adds or overrides settings (PARLEY_COMMENT_RATE_MAX…).
 */
export async function startApiProcess(database: Record<string, string>, env: Record<string, string> = {}): Promise<ApiProcess> {
  const settings = { ...database, SITE_URL: 'http://127.0.0.1:4321', PARLEY_SECRET: 'reliability-secret', ...env };
  const { child, first, output } = await startProcess(ENTRY, settings);
  return { url: String(first.url), child, output, stop: (signal) => stopChild(child, signal) };
}
