import { type Context, Hono } from 'hono';
import { createApp } from '../app.ts';
import { type Config, loadConfig } from '../core/config.ts';
import { ApiError } from '../core/errors.ts';
import { backgroundJobs, prepareJobs, runJobsOnce } from '../jobs.ts';
import { createAdminApp } from '../routes/admin/index.tsx';
import { readSitePage } from '../webmention/replies.ts';
import { openEdgeDb } from './database.ts';
import { bundledMigrations } from './migrations.ts';
import { createSchemaGate } from './schema-gate.ts';

export type Env = Record<string, unknown>;

/** What an isolate keeps between requests: one database client, one app, one set of jobs. */
export interface Isolate {
  fetch(request: Request): Promise<Response>;
  /** Runs every background job once (the scheduled trigger). */
  runJobs(): Promise<void>;
}

// a plain function: Workers refuse fetch called as a method of another object
const edgeFetch: typeof fetch = (input, init) => fetch(input, init);

const log = (line: string) => console.log(`[parley] ${line}`);

function misconfigured(message: string): Isolate {
  const refusal = new ApiError(503, 'internal', 'The API is not configured correctly; its log says why');
  return {
    fetch: async () => {
      console.error(`[parley] configuration error: ${message}`);
      return Response.json(refusal.toJSON(), { status: 503 });
    },
    runJobs: async () => console.error(`[parley] configuration error: ${message}`),
  };
}

function createIsolate(config: Config): Isolate {
  const db = openEdgeDb({ url: config.databaseUrl, authToken: config.databaseAuthToken });
  const deps = { db, config, peerAddress: (c: Context) => c.req.header('cf-connecting-ip') };
  const gate = createSchemaGate(db, bundledMigrations);
  const root = new Hono();
  root.use('*', async (c, next) => {
    // a database that cannot be reached is the health route's to report
    const refusal = await gate.refusal().catch(() => null);
    if (refusal) return c.json(refusal.toJSON(), refusal.status, refusal.headers);
    await next();
  });
  root.route('/api', createApp(deps)).route('/admin', createAdminApp(deps));

  const jobs = backgroundJobs(config, {
    db,
    fetch: edgeFetch,
    owner: `worker-${crypto.randomUUID()}`,
    readPage: readSitePage(edgeFetch, config.siteUrl, config.webmention.fetchTimeoutMs),
    // the pages change at most once per rebuild interval (the deploy hook's): look no more often
    pageWaitMs: Math.max(1_000, config.deployHook.intervalSeconds * 1000),
  });
  return {
    fetch: async (request) => root.fetch(request),
    async runJobs() {
      const refusal = await gate.refusal();
      if (refusal) {
        console.error(`[parley] background jobs skipped: ${refusal.message}`);
        return;
      }
      await prepareJobs(db, config);
      for (const line of await runJobsOnce(jobs)) log(line);
    },
  };
}

let current: { key: string; isolate: Isolate } | undefined;

/**
 * The isolate for these bindings, made on first use and kept: requests share the database client,
 * the conversation cache, the per-turn version reads and the client-hash secret. New bindings
 * (a changed variable) make a new one.
 */
export function isolateFor(env: Env): Isolate {
  const strings = Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
  const key = JSON.stringify(strings.sort(([a], [b]) => a.localeCompare(b)));
  if (current?.key !== key) {
    let isolate: Isolate;
    try {
      isolate = createIsolate(loadConfig(Object.fromEntries(strings)));
    } catch (error) {
      isolate = misconfigured(error instanceof Error ? error.message : String(error));
    }
    current = { key, isolate };
  }
  return current.isolate;
}
