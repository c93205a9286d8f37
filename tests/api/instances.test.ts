/**
 * Several Parley processes on one database, as behind a load balancer: what must happen once per
 * change is coordinated through the database, and no instance undoes another's work.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { PostRecord } from '../../api/core/types.ts';
import type { Db } from '../../api/db/client.ts';
import { openMigratedDb } from '../../api/node/open-db.ts';
import { createTestDatabase, type TestDatabase } from '../_database.ts';
import { listenOnLoopback } from '../_loopback.ts';
import { waitUntil } from '../_wait.ts';
import { type ApiProcess, projectDir, startApiProcess } from '../reliability/_processes.ts';
import { type Receivers, startReceivers } from './_receivers.ts';

const SITE = 'http://127.0.0.1:4321';
const post = (slug: string): PostRecord => ({
  slug,
  url: `${SITE}/posts/${slug}/`,
  title: slug,
  published: '2026-05-01T10:00:00.000Z',
  updated: null,
});

/** A built site reduced to what the server reads: its manifest, home page and 404. */
function fakeBuild(dir: string, builtAt: string, posts: PostRecord[]): string {
  const dist = path.join(dir, `dist-${builtAt.replace(/\W/g, '')}`);
  mkdirSync(dist, { recursive: true });
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Home</title>');
  writeFileSync(path.join(dist, '404.html'), '<!doctype html><title>Not found</title>');
  writeFileSync(path.join(dist, 'parley-posts.json'), JSON.stringify({ builtAt, siteUrl: SITE, posts }));
  return dist;
}

describe('instances sharing one database', () => {
  let database: TestDatabase;
  let db: Db;
  const running: ApiProcess[] = [];
  const start = async (env: Record<string, string>) => {
    const api = await startApiProcess(database.env, { SITE_URL: SITE, PARLEY_ALLOW_PRIVATE_NETWORK: '1', ...env });
    running.push(api);
    return api;
  };

  beforeAll(async () => {
    database = await createTestDatabase({ prefix: 'parley-instances-' });
    ({ db } = await openMigratedDb({ databaseUrl: database.url, databaseAuthToken: database.authToken }));
  });
  afterAll(async () => {
    for (const api of running) await api.stop();
    db?.close();
    await database?.close();
  });

  it('keeps the posts of the newest build when an instance with an older build starts later', async () => {
    const newer = fakeBuild(database.dir, '2026-06-02T10:00:00.000Z', [post('kept'), post('newest')]);
    const older = fakeBuild(database.dir, '2026-06-01T10:00:00.000Z', [post('kept')]);
    const first = await start({ PARLEY_DIST_DIR: newer });
    const second = await start({ PARLEY_DIST_DIR: older });
    const posts = await db.execute("SELECT slug, status FROM posts WHERE slug IN ('kept', 'newest') ORDER BY slug");
    assert.deepEqual(
      posts.rows.map((row) => `${row.slug} ${row.status}`),
      ['kept published', 'newest published'],
      'the older list did not mark the newer post gone',
    );
    for (const api of [first, second]) {
      const answer = await fetch(`${api.url}/api/posts/newest/comments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Ada', body: `Through ${api.url}` }),
      });
      assert.equal(answer.status, 201, 'both instances take comments on the newest post');
    }
    await Promise.all(running.splice(0).map((api) => api.stop()));
  });

  it('delivers webhooks when an instance without a webhook URL is the last to start', async () => {
    const received: string[] = [];
    const receiver = await listenOnLoopback(
      createServer((request, response) => {
        let body = '';
        request.on('data', (chunk) => (body += chunk));
        request.on('end', () => {
          received.push(body);
          response.writeHead(204).end();
        });
      }),
    );
    try {
      const dist = fakeBuild(database.dir, '2026-06-03T10:00:00.000Z', [post('hooked')]);
      await start({
        PARLEY_DIST_DIR: dist,
        PARLEY_WEBHOOK_URL: `${receiver.base}/hook`,
        PARLEY_WEBHOOK_SECRET: 'a-secret-of-sixteen-chars',
      });
      const quiet = await start({ PARLEY_DIST_DIR: dist });
      const answer = await fetch(`${quiet.url}/api/posts/hooked/comments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Grace', body: 'Posted to the instance without a webhook' }),
      });
      assert.equal(answer.status, 201);
      await waitUntil(() => received.length > 0, { tries: 100 });
      assert.equal(received.length, 1, 'the instance with the URL delivered it');
      assert.match(received[0] ?? '', /Posted to the instance without a webhook/);
    } finally {
      await Promise.all(running.splice(0).map((api) => api.stop()));
      await receiver.close();
    }
  });
});

describe('sending webmentions from two processes at once', () => {
  let database: TestDatabase;
  let r: Receivers;
  beforeAll(async () => {
    database = await createTestDatabase({ prefix: 'parley-send-shared-' });
    r = await startReceivers();
  });
  afterAll(async () => {
    await r?.close();
    await database?.close();
  });

  const send = (source: string, targets: string[]) =>
    new Promise<{ code: number; output: string }>((resolve) => {
      execFile(
        process.execPath,
        [
          path.join(projectDir, 'bin/parley.js'),
          'webmentions',
          'send',
          '--source',
          source,
          ...targets.flatMap((target) => ['--target', target]),
        ],
        { cwd: projectDir, env: { ...process.env, ...database.env, SITE_URL: SITE, PARLEY_ALLOW_PRIVATE_NETWORK: '1' } },
        (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, output: stdout + stderr }),
      );
    });

  it('keeps to two requests at a time per host across both', async () => {
    r.delayMs = 150;
    try {
      const targets = (name: string) => Array.from({ length: 6 }, (_, n) => r.url(`/page/${name}-${n}`));
      const runs = await Promise.all([send(`${SITE}/posts/one/`, targets('a')), send(`${SITE}/posts/two/`, targets('b'))]);
      for (const run of runs) assert.equal(run.code, 0, run.output);
      assert.equal(r.postsTo('/wm').length, 12, 'every target was told');
      assert.equal(r.maxInFlight, 2, 'never more than two requests at once to the receivers’ host');
    } finally {
      r.delayMs = 0;
    }
  });
});
