/**
 * Edge entry (Cloudflare Workers, or workerd anywhere): the same app on a remote libSQL database,
 * and every background job on the scheduled trigger. Build it with `npm run build:worker`.
 */
import { type Env, isolateFor } from './edge/isolate.ts';

interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
}

export default {
  fetch(request: Request, env: Env): Promise<Response> {
    return isolateFor(env).fetch(request);
  },
  scheduled(_controller: unknown, env: Env, context: ExecutionContext): void {
    context.waitUntil(isolateFor(env).runJobs());
  },
};
