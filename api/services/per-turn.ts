/**
 * Runs a task once the I/O already waiting has been taken in: in Node every request that arrived in
 * this turn of the event loop has been read by then. A zero timer where setImmediate is missing.
 */
const afterWaitingIo: (task: () => void) => void =
  typeof setImmediate === 'function' ? (task) => void setImmediate(task) : (task) => void setTimeout(task, 0);

// only Workers cancel a request that waits on another's I/O; elsewhere the timer would be pure cost
const cancelsIdleRequests = typeof navigator !== 'undefined' && navigator.userAgent === 'Cloudflare-Workers';

/**
 * Waits for work that another request may have started. Workers cancel a request as hung when
 * nothing of its own is pending while it waits on a promise another request's I/O settles (a
 * shared read, a shared load); there, a timer of its own, cleared once the work settles, keeps it
 * alive. Elsewhere it returns the work as it is.
 */
export function awaitShared<R>(work: Promise<R>): Promise<R> {
  if (!cancelsIdleRequests) return work;
  const timer = setTimeout(() => undefined, 60_000);
  return work.finally(() => clearTimeout(timer));
}

interface Call<T, R> {
  input: T;
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Gathers the calls made in one turn of the event loop and hands them to `run` together, after all
 * of them were made: what each call gets back was produced after it asked. `run` answers each
 * input in order, as Promise.allSettled would. Batches hold at most `max` calls; more wait for
 * the next turn.
 *
 * @example const read = perTurn((slugs: string[]) => Promise.allSettled(slugs.map(lookUp)));
 */
export function perTurn<T, R>(
  run: (inputs: T[]) => Promise<PromiseSettledResult<R>[]>,
  options: { max?: number } = {},
): (input: T) => Promise<R> {
  const max = options.max ?? 200;
  const waiting: Call<T, R>[] = [];

  const flush = async () => {
    const calls = waiting.splice(0, max);
    if (waiting.length) afterWaitingIo(() => void flush());
    let settled: PromiseSettledResult<R>[];
    try {
      settled = await run(calls.map((call) => call.input));
    } catch (error) {
      settled = calls.map(() => ({ status: 'rejected', reason: error }));
    }
    calls.forEach((call, index) => {
      const outcome = settled[index] ?? { status: 'rejected', reason: new Error('no answer for this call') };
      if (outcome.status === 'fulfilled') call.resolve(outcome.value);
      else call.reject(outcome.reason);
    });
  };

  return (input) =>
    awaitShared(
      new Promise<R>((resolve, reject) => {
        if (!waiting.length) afterWaitingIo(() => void flush());
        waiting.push({ input, resolve, reject });
      }),
    );
}

/** One value per key, made on first use: per-database helpers share their batches. */
export function perKey<K extends object, V>(make: (key: K) => V): (key: K) => V {
  const made = new WeakMap<K, V>();
  return (key) => {
    let value = made.get(key);
    if (value === undefined) {
      value = make(key);
      made.set(key, value);
    }
    return value;
  };
}
