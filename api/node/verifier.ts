import { drainQueue, type VerifierDeps } from '../webmention/process.ts';

export interface Verifier {
  /** Wakes the loop at once (a webmention was just queued). */
  kick(): void;
  /** Resolves once the queue has nothing due and the loop is waiting. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The Node server's verification loop: drains due webmentions, then sleeps until kicked or until
 * the next poll (other instances on the same database queue work too).
 */
export function startVerifier(deps: VerifierDeps, options: { pollMs?: number; log?: (line: string) => void } = {}): Verifier {
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
        const done = await drainQueue(deps, 25);
        for (const result of done) options.log?.(`webmention ${result.id}: ${result.status}${result.reason ? ` (${result.reason})` : ''}`);
        if (done.length) continue;
      } catch (error) {
        options.log?.(`webmention verifier: ${error instanceof Error ? error.message : String(error)}`);
      }
      waiting = true;
      idleWaiters.splice(0).forEach((resolve) => resolve());
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
