/**
 * Checks `done` every `everyMs` until it holds or `tries` run out: a bounded wait for work another
 * process or loop finishes. The caller asserts the outcome afterwards.
 */
export async function waitUntil(done: () => boolean | Promise<boolean>, options: { tries: number; everyMs?: number }): Promise<void> {
  for (let tries = 0; tries < options.tries && !(await done()); tries += 1) {
    await new Promise((resolve) => setTimeout(resolve, options.everyMs ?? 100));
  }
}
