import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono } from 'hono';
import { type AppDeps, createApp } from '../../api/app.ts';
import { type Config, loadConfig } from '../../api/core/config.ts';
import type { Db } from '../../api/db/client.ts';
import { syncPosts } from '../../api/db/posts.ts';
import { openMigratedDb } from '../../api/node/open-db.ts';
import { createAdminApp } from '../../api/routes/admin/index.tsx';
import { createTestDatabase } from '../_database.ts';

export const SITE = 'http://127.0.0.1:4321';

export const POSTS = [
  { slug: 'hello-world', url: `${SITE}/posts/hello-world/`, title: 'Hello, world', published: '2026-03-01T10:00:00.000Z', updated: null },
  { slug: 'second-post', url: `${SITE}/posts/second-post/`, title: 'A second post', published: '2026-04-01T10:00:00.000Z', updated: null },
];

export interface TestServer {
  base: string;
  config: Config;
  db: Db;
  dir: string;
  /** DATABASE_URL and, on sqld, DATABASE_AUTH_TOKEN: for a child process on the same database. */
  databaseEnv: Record<string, string>;
  published: string[];
  /** The origin of the site and its /admin, on this server's port. */
  origin: string;
  close(): Promise<void>;
}

export async function startTestServer(env: Record<string, string> = {}, overrides: Partial<AppDeps> = {}): Promise<TestServer> {
  const database = await createTestDatabase({ prefix: 'parley-api-' });
  const { dir } = database;
  const config = loadConfig({
    SITE_URL: SITE,
    ...database.env,
    PARLEY_COMMENT_RATE_MAX: '1000',
    ...env,
  });
  const { db } = await openMigratedDb(config);
  await syncPosts(db, POSTS);
  const published: string[] = [];
  const deps: AppDeps = {
    db,
    config,
    peerAddress: (c) => getConnInfo(c).remote.address,
    onPublished: (slug) => published.push(slug),
    logError: () => undefined,
    ...overrides,
  };
  const root = new Hono().route('/api', createApp(deps)).route('/admin', createAdminApp(deps));
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: root.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(started));
  });
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}/api`,
    config,
    db,
    dir,
    databaseEnv: database.env,
    published,
    origin: `http://127.0.0.1:${port}`,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      db.close();
      await database.close();
    },
  };
}

export function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export function postForm(url: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { accept: 'text/html', ...headers },
    body: new URLSearchParams(fields),
    redirect: 'manual',
  });
}

export async function countRows(db: Db, sql: string, args: (string | number)[] = []): Promise<number> {
  const result = await db.execute({ sql, args });
  return Number(result.rows[0]?.n ?? 0);
}
