export interface JobLoop {
  /** Wakes the loop at once (new work was just queued). */
  kick(): void;
  /** Resolves once nothing is due and the loop is waiting. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Runs a queue in the background: drains what is due, then sleeps until kicked or until the next
 * poll (other instances on the same database queue work too). `drain` returns one line per job done.
 */
export function startJobLoop(drain: () => Promise<string[]>, options: { pollMs?: number; log?: (line: string) => void } = {}): JobLoop {
  const pollMs = options.pollMs ?? 2_000;
  let running = true;
  let wake: (() => void) | undefined;
  let waiting = false;
  const idleWaiters: (() => void)[] = [];

  const sleep = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, pollMs);
      timer.unref();
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const loop = (async () => {
    while (running) {
      try {
        const done = await drain();
        for (const line of done) options.log?.(line);
        if (done.length) continue;
      } catch (error) {
        options.log?.(`background job failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      waiting = true;
      for (const resolve of idleWaiters.splice(0)) resolve();
      await sleep();
      waiting = false;
    }
  })();

  return {
    kick: () => wake?.(),
    idle: () => (waiting ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve))),
    stop: async () => {
      running = false;
      wake?.();
      await loop;
    },
  };
}
