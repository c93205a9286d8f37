import type { Client } from '@libsql/client';

/** How long a statement keeps retrying after its first SQLITE_BUSY before the error stands. */
const BUDGET_MS = 5_000;

function isBusy(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 4; current = current.cause, depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return true;
    if (/database is locked/i.test(current.message)) return true;
  }
  return false;
}

export interface RetryOptions {
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  budgetMs?: number;
}

async function retrying<T>(run: () => Promise<T>, options: Required<RetryOptions>): Promise<T> {
  let deadline: number | null = null;
  for (let wait = 10; ; wait = Math.min(wait * 2, 250)) {
    try {
      return await run();
    } catch (error) {
      if (!isBusy(error)) throw error;
      deadline ??= options.now() + options.budgetMs;
      if (options.now() + wait > deadline) throw error;
      // jitter, so writers that collided do not collide again in step
      await options.sleep(wait / 2 + Math.random() * wait);
    }
  }
}

/**
 * A client whose single statements and batches wait out a locked database, as a file database's
 * busy timeout does. A libSQL server answers SQLITE_BUSY at once when another connection holds
 * the write lock for long (several instances writing at the same moment on a loaded machine); a
 * statement or batch that failed this way was not applied, so running it again is safe.
 * Interactive transactions are left alone: their earlier statements cannot be replayed here.
 *
 * @example const db = retryWhenBusy(createClient({ url }));
 */
export function retryWhenBusy(client: Client, retry: RetryOptions = {}): Client {
  const options: Required<RetryOptions> = {
    sleep: retry.sleep ?? ((ms) => new Promise<void>((resolve) => setTimeout(resolve, ms))),
    now: retry.now ?? Date.now,
    budgetMs: retry.budgetMs ?? BUDGET_MS,
  };
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'execute') {
        return (...args: Parameters<Client['execute']>) => retrying(() => target.execute(...args), options);
      }
      if (property === 'batch') {
        return (...args: Parameters<Client['batch']>) => retrying(() => target.batch(...args), options);
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
