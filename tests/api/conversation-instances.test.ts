/**
 * Two API instances on one database file, as behind a load balancer: what one acknowledges, the
 * other serves on the very next request. The conversation is cached per (slug, version), so these
 * tests fail if a version is ever remembered across requests.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createApp } from '../../api/app.ts';
import { type Db, openDb } from '../../api/db/client.ts';
import { postJson, startTestServer, type TestServer } from './_setup.ts';

type Item = { id: number; children: Item[] };

function ids(items: Item[]): number[] {
  return items.flatMap((item) => [item.id, ...ids(item.children)]);
}

describe('the conversation served by a second instance on the same database', () => {
  let a: TestServer;
  let bDb: Db;
  let bBase: string;
  let closeB: () => Promise<void>;

  beforeAll(async () => {
    a = await startTestServer();
    bDb = await openDb({ url: a.config.databaseUrl, authToken: a.config.databaseAuthToken });
    const root = new Hono().route('/api', createApp({ db: bDb, config: a.config, logError: () => undefined }));
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const started = serve({ fetch: root.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(started));
    });
    bBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
    closeB = () => new Promise<void>((resolve) => server.close(() => resolve()));
  });
  afterAll(async () => {
    await closeB();
    bDb.close();
    await a.close();
  });

  const readB = async () => {
    const response = await fetch(`${bBase}/posts/hello-world/conversation`);
    assert.equal(response.status, 200);
    return { tag: response.headers.get('etag'), ids: ids(((await response.json()) as { items: Item[] }).items) };
  };
  const postA = async (body: Record<string, unknown>) => {
    const response = await postJson(`${a.base}/posts/hello-world/comments`, body);
    assert.equal(response.status, 201);
    return (await response.json()) as { id: number };
  };

  it('shows a comment acknowledged by the first instance on the next read, every time', async () => {
    let previous = await readB();
    let parent: number | undefined;
    for (let n = 0; n < 20; n += 1) {
      const comment = await postA({ name: `Writer ${n}`, body: `Comment ${n}`, ...(parent ? { parent } : {}) });
      parent = n % 3 === 0 ? comment.id : parent;
      const next = await readB();
      assert.ok(next.ids.includes(comment.id), `comment ${comment.id} is served by the other instance at once`);
      assert.notEqual(next.tag, previous.tag);
      previous = next;
    }
  });

  it('answers 304 until another instance changes the conversation, then 200', async () => {
    const { tag } = await readB();
    const again = await fetch(`${bBase}/posts/hello-world/conversation`, { headers: { 'if-none-match': tag ?? '' } });
    assert.equal(again.status, 304);
    await postA({ name: 'Dee', body: 'New' });
    const changed = await fetch(`${bBase}/posts/hello-world/conversation`, { headers: { 'if-none-match': tag ?? '' } });
    assert.equal(changed.status, 200);
  });

  it('sees a change written straight to the database, as another process would write it', async () => {
    const { ids: before } = await readB();
    const hidden = before[0]!;
    await a.db.batch(
      [
        { sql: "UPDATE interactions SET status = 'removed' WHERE id = ?", args: [hidden] },
        { sql: "UPDATE posts SET version = version + 1 WHERE slug = 'hello-world'", args: [] },
      ],
      'write',
    );
    const { ids: after } = await readB();
    assert.ok(!after.includes(hidden));
  });

  it('never serves a concurrent reader less than was acknowledged before it asked', async () => {
    const acked: { id: number; at: number }[] = [];
    const reads: { startedAt: number; ids: Set<number> }[] = [];
    const writer = (async () => {
      for (let n = 0; n < 30; n += 1) {
        const { id } = await postA({ name: 'Racer', body: `Race ${n}` });
        acked.push({ id, at: performance.now() });
      }
    })();
    const reader = async () => {
      for (let n = 0; n < 40; n += 1) {
        const startedAt = performance.now();
        reads.push({ startedAt, ids: new Set((await readB()).ids) });
      }
    };
    await Promise.all([writer, reader(), reader(), reader(), reader()]);
    for (const read of reads) {
      for (const write of acked.filter((entry) => entry.at < read.startedAt)) {
        assert.ok(read.ids.has(write.id), `comment ${write.id}, acknowledged before the read began, is in it`);
      }
    }
  });
});
