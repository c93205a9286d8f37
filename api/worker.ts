/**
 * Edge entry (Cloudflare Workers style): the same app on a remote libSQL database, and the same
 * webmention verifier on the scheduled trigger.
 */
import { createClient } from '@libsql/client/web';
import { type Context, Hono } from 'hono';
import { createApp } from './app.ts';
import { loadConfig } from './core/config.ts';
import { createAdminApp } from './routes/admin/index.tsx';
import { drainQueue, verifierDeps } from './webmention/process.ts';

type Env = Record<string, string | undefined>;

function open(env: Env) {
  const config = loadConfig(env);
  return { config, db: createClient({ url: config.databaseUrl, authToken: config.databaseAuthToken }) };
}

export default {
  fetch(request: Request, env: Env): Response | Promise<Response> {
    const { config, db } = open(env);
    const deps = { db, config, peerAddress: (c: Context) => c.req.header('cf-connecting-ip') };
    const app = new Hono().route('/api', createApp(deps)).route('/admin', createAdminApp(deps));
    return app.fetch(request);
  },
  async scheduled(_event: unknown, env: Env, context: { waitUntil(promise: Promise<unknown>): void }): Promise<void> {
    const { config, db } = open(env);
    context.waitUntil(drainQueue(verifierDeps(config, { db, fetch, owner: `worker-${crypto.randomUUID()}` }), 25));
  },
};
