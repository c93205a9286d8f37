import { drainQueue, type VerifierDeps } from '../webmention/process.ts';
import { type JobLoop, startJobLoop } from './job-loop.ts';

export type Verifier = JobLoop;

/** The Node server's webmention verification loop. */
export function startVerifier(deps: VerifierDeps, options: { pollMs?: number; log?: (line: string) => void } = {}): Verifier {
  return startJobLoop(async () => {
    const done = await drainQueue(deps, 25);
    return done.map((result) => `webmention ${result.id}: ${result.status}${result.reason ? ` (${result.reason})` : ''}`);
  }, options);
}
