/**
 * The edge API for real: api/worker.ts bundled as for deploying, booted in workerd (miniflare,
 * from node_modules, no Node compatibility) against a fresh sqld, always: the edge has no files.
 * Around it, on loopback, the parts of a static-host deployment: a static host at SITE_URL whose
 * pages show what was published when its deploy hook was last called, and a counting proxy in
 * front of sqld, which shows what each request costs the database.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Miniflare } from 'miniflare';
import { type Db, openDb } from '../../api/db/client.ts';
import { listPublished } from '../../api/db/interactions.ts';
import { applyManifest } from '../../api/node/build-sync.ts';
import { bundleWorker, type WorkerBundle } from '../../api/node/worker-bundle.ts';
import { createTestDatabase, type TestDatabase } from '../_database.ts';
import { freePort, type Listening, listenOnLoopback } from '../_loopback.ts';
import { projectDir } from './_site.ts';

export const SLUG = 'hello-world';

let bundled: Promise<{ bundle: WorkerBundle; dir: string }> | undefined;

/** The worker bundle, built once per test file as `npm run build:worker` builds it. */
export function workerBundle(): Promise<WorkerBundle> {
  bundled ??= (async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parley-worker-'));
    return { bundle: await bundleWorker({ projectDir, outDir: dir }), dir };
  })();
  return bundled.then(({ bundle }) => bundle);
}

/** Runs `parley migrate` as CI would, against a remote database. */
export async function migrateWithCli(database: TestDatabase): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, ['bin/parley.js', 'migrate'], {
    cwd: projectDir,
    env: { ...process.env, ...database.env },
  });
  return stdout;
}

export interface StaticHost {
  base: string;
  /** Times the deploy hook was called. */
  deploys: number;
  /** Ids of the interactions on the deployed post page. */
  shown: Set<number>;
  close(): Promise<void>;
}

/** A static host: POST /deploy rebuilds its pages from the database, as a real deploy would. */
async function startStaticHost(db: () => Db): Promise<StaticHost> {
  const host: StaticHost = { base: '', deploys: 0, shown: new Set(), close: async () => undefined };
  const server = createServer((request, response) => {
    if (request.method === 'POST' && request.url === '/deploy') {
      request.resume();
      host.deploys += 1;
      void listPublished(db(), SLUG).then((items) => {
        host.shown = new Set(items.map((item) => item.id));
        response.writeHead(201, { 'content-type': 'application/json' }).end('{"job":{"state":"pending"}}');
      });
      return;
    }
    const items = [...host.shown].map((id) => `<li class="thread-item" id="comment-${id}">…</li>`).join('');
    response.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><article class="h-entry"><ol>${items}</ol></article>`);
  });
  ({ base: host.base, close: host.close } = await listenOnLoopback(server));
  return host;
}

/** Forwards to sqld and keeps the SQL of every request: what the worker asked of the database. */
async function startCountingProxy(target: string): Promise<Listening & { requests: string[][] }> {
  const requests: string[][] = [];
  const upstream = new URL(target);
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      if (incoming.url?.includes('pipeline')) requests.push(statementsOf(body.toString('utf8')));
      const forwarded = httpRequest(
        { host: upstream.hostname, port: upstream.port, path: incoming.url, method: incoming.method, headers: incoming.headers },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        },
      );
      forwarded.on('error', () => outgoing.writeHead(502).end());
      forwarded.end(body);
    });
  });
  return { ...(await listenOnLoopback(server)), requests };
}

function statementsOf(body: string): string[] {
  const sql: string[] = [];
  const visit = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (key === 'sql' && typeof inner === 'string') sql.push(inner);
        else visit(inner);
      }
    }
  };
  visit(JSON.parse(body || 'null'));
  return sql;
}

interface ScheduledWorker {
  scheduled(event: { cron: string; scheduledTime: Date }): Promise<{ outcome: string }>;
}

export interface EdgeApi {
  /** The worker's own origin (the API's host), and its /api. */
  origin: string;
  base: string;
  /** The public site: a static host. */
  site: StaticHost;
  siteUrl: string;
  postUrl: string;
  /** A Node client on the same sqld, for what a test checks behind the API. */
  db: Db;
  database: TestDatabase;
  /** SQL statements of each database request the worker made, in order. */
  requests: string[][];
  /** The scheduled trigger, as the cron fires it; resolves once its work is done. */
  scheduled(): Promise<void>;
  /** Restarts workerd with other bindings on the same database. */
  rebind(bindings: Record<string, string>): Promise<void>;
  close(): Promise<void>;
}

export async function startEdgeApi(bindings: Record<string, string> = {}): Promise<EdgeApi> {
  const bundle = await workerBundle();
  const database = await createTestDatabase({ kind: 'sqld', prefix: 'parley-edge-' });
  await migrateWithCli(database);
  const db = await openDb({ url: database.url, authToken: database.authToken });
  const site = await startStaticHost(() => db);
  const siteUrl = site.base;
  const postUrl = `${siteUrl}/posts/${SLUG}/`;
  // what the build syncs after `npm run build`, from CI
  await applyManifest(db, {
    builtAt: new Date().toISOString(),
    siteUrl,
    author: { name: 'Pat Author', url: `${siteUrl}/`, photo: null },
    posts: [{ slug: SLUG, url: postUrl, title: 'Hello, world', published: '2026-03-01T10:00:00.000Z', updated: null }],
  });
  const proxy = await startCountingProxy(database.url);
  // the API lives on its own origin, as on Workers beside a static host: pages and Location
  // headers must name it, so it needs its port before it starts
  const port = await freePort();
  const options = (extra: Record<string, string>) => ({
    modules: true,
    scriptPath: bundle.file,
    modulesRoot: path.dirname(bundle.file),
    compatibilityDate: '2026-07-01',
    compatibilityFlags: [],
    cf: false,
    host: '127.0.0.1',
    port,
    bindings: {
      DATABASE_URL: proxy.base,
      PUBLIC_API_BASE: `http://127.0.0.1:${port}/api`,
      DATABASE_AUTH_TOKEN: database.authToken ?? '',
      SITE_URL: siteUrl,
      PARLEY_ALLOW_PRIVATE_NETWORK: '1',
      PARLEY_COMMENT_RATE_MAX: '1000',
      PARLEY_DEPLOY_HOOK_URL: `${siteUrl}/deploy`,
      PARLEY_DEPLOY_HOOK_INTERVAL: '0',
      ...bindings,
      ...extra,
    },
  });
  const mf = new Miniflare(options({}));
  let origin = (await mf.ready).origin;
  return {
    get origin() {
      return origin;
    },
    get base() {
      return `${origin}/api`;
    },
    site,
    siteUrl,
    postUrl,
    db,
    database,
    requests: proxy.requests,
    scheduled: async () => {
      // resolves once the handler's waitUntil work is done, as the cron trigger does
      const worker = (await mf.getWorker()) as unknown as ScheduledWorker;
      const outcome = await worker.scheduled({ cron: '* * * * *', scheduledTime: new Date() });
      if (outcome.outcome !== 'ok') throw new Error(`scheduled() ended with ${outcome.outcome}`);
    },
    rebind: async (extra) => {
      await mf.setOptions(options(extra));
      origin = (await mf.ready).origin;
    },
    close: async () => {
      await mf.dispose();
      await proxy.close();
      await site.close();
      db.close();
      await database.close();
    },
  };
}

/** Removes the bundles this process built. */
export async function removeWorkerBundles(): Promise<void> {
  const built = await bundled;
  if (built) rmSync(built.dir, { recursive: true, force: true });
  bundled = undefined;
}
