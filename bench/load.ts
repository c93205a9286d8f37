/** Runs a bounded load from a second process (bench/load-process.ts) and returns what it measured. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const WORKER = fileURLToPath(new URL('./load-process.ts', import.meta.url));

export interface LoadSpec {
  url: string;
  /**
   * get: plain GETs; comment: JSON comments, each from its own client address; reply: JSON answers
   * to `parent`, each with its own email, asking to be emailed answers when `notify`; webmention: form posts.
   */
  kind: 'get' | 'comment' | 'reply' | 'webmention';
  parent?: number;
  notify?: boolean;
  connections: number;
  /** Bounded twice: by time and by count. */
  seconds: number;
  maxRequests: number;
  /** For webmentions: the source server's base URL and the target post URL. */
  sourceBase?: string;
  target?: string;
}

export interface LoadResult {
  requests: number;
  ok: number;
  non2xx: number;
  errors: number;
  seconds: number;
  /** Successful (2xx) requests per second. */
  rps: number;
  /** Milliseconds. */
  p50: number;
  p99: number;
}

export async function load(spec: LoadSpec): Promise<LoadResult> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', WORKER, JSON.stringify(spec)], {
    timeout: (spec.seconds + 30) * 1000,
    maxBuffer: 1024 * 1024,
  });
  const line = stdout.trim().split('\n').pop() ?? '';
  const result = JSON.parse(line) as LoadResult;
  if (result.non2xx || result.errors) {
    throw new Error(`load on ${spec.url} had ${result.non2xx} non-2xx answers and ${result.errors} errors of ${result.requests}`);
  }
  return result;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
