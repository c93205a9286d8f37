/** Runs tasks with at most `perHost` at a time against any one host. */
export type HostLimiter = <T>(url: string, task: () => Promise<T>) => Promise<T>;

/**
 * A limiter keyed by host, so a post linking twenty pages of one site never hits that site with
 * more than `perHost` requests at once, while other sites proceed.
 *
 * @example const limit = createHostLimiter(2); await limit(url, () => fetch(url));
 */
export function createHostLimiter(perHost: number): HostLimiter {
  const active = new Map<string, number>();
  const waiting = new Map<string, (() => void)[]>();

  const release = (host: string) => {
    const next = waiting.get(host)?.shift();
    if (next) return next(); // the slot passes straight to the next task of this host
    const left = (active.get(host) ?? 1) - 1;
    if (left > 0) active.set(host, left);
    else active.delete(host);
    waiting.delete(host);
  };

  return async function limit<T>(url: string, task: () => Promise<T>): Promise<T> {
    const host = URL.canParse(url) ? new URL(url).host.toLowerCase() : url;
    if ((active.get(host) ?? 0) < perHost) {
      active.set(host, (active.get(host) ?? 0) + 1);
    } else {
      await new Promise<void>((resolve) => {
        const queue = waiting.get(host) ?? [];
        queue.push(resolve);
        waiting.set(host, queue);
      });
    }
    try {
      return await task();
    } finally {
      release(host);
    }
  };
}

/** Maps items through `task` with at most `concurrency` running at once, keeping their order. */
export async function mapBounded<T, R>(
  items: readonly T[],
  concurrency: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await task(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  return results;
}
