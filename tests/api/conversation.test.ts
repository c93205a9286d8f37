import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { postJson, startTestServer, type TestServer } from './_setup.ts';

describe('GET /api/posts/:slug/conversation', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  const conversation = () => `${t.base}/posts/hello-world/conversation`;
  const comment = (body: Record<string, unknown>) => postJson(`${t.base}/posts/hello-world/comments`, body).then((r) => r.json());

  it('returns the threaded conversation with a short summary', async () => {
    const root = await comment({ name: 'Ada', body: 'Root', url: 'https://ada.example' });
    const reply = await comment({ name: 'Bo', body: 'Reply', parent: root.id, email: 'bo@example.org' });
    const deeper = await comment({ name: 'Ada', body: 'Back to you', parent: reply.id, url: 'https://ada.example/' });
    await comment({ name: 'Cy', body: 'Another root' });
    const response = await fetch(conversation());
    assert.equal(response.status, 200);
    const body = await response.json();
    assert.equal(body.post.slug, 'hello-world');
    assert.deepEqual(
      body.items.map((item: { author: { name: string } }) => item.author.name),
      ['Ada', 'Cy'],
    );
    assert.equal(body.items[0].children[0].id, reply.id);
    assert.equal(body.items[0].children[0].children[0].id, deeper.id);
    for (const key of ['id', 'kind', 'origin', 'author', 'content', 'url', 'published', 'children']) {
      assert.ok(key in body.items[0], `items carry ${key}`);
    }
    assert.equal(body.summary.people, 3, 'Ada with and without a trailing slash is one person');
    assert.equal(body.summary.replies, 4);
    assert.equal(body.summary.lastActivity, body.items[1].published);
    assert.ok(!JSON.stringify(body).includes('bo@example.org'));
  });

  it('answers 304 to a repeat reader until the conversation changes', async () => {
    const first = await fetch(conversation());
    const tag = first.headers.get('etag');
    assert.ok(tag);
    const again = await fetch(conversation(), { headers: { 'if-none-match': tag } });
    assert.equal(again.status, 304);
    await comment({ name: 'Dee', body: 'New' });
    const changed = await fetch(conversation(), { headers: { 'if-none-match': tag } });
    assert.equal(changed.status, 200);
    assert.notEqual(changed.headers.get('etag'), tag);
  });

  it('answers 404 for an unknown post', async () => {
    const response = await fetch(`${t.base}/posts/unknown/conversation`);
    assert.equal(response.status, 404);
    assert.equal((await response.json()).error.code, 'not_found');
  });
});

describe('GET /api/health', () => {
  it('is 200 while the database answers and 503 once it does not', async () => {
    const t = await startTestServer();
    try {
      const ok = await fetch(`${t.base}/health`);
      assert.equal(ok.status, 200);
      assert.deepEqual(await ok.json(), { status: 'ok' });
      t.db.close();
      const down = await fetch(`${t.base}/health`);
      assert.equal(down.status, 503);
    } finally {
      await t.close();
    }
  });
});

describe('unknown API routes', () => {
  it('answer 404 as JSON', async () => {
    const t = await startTestServer();
    try {
      const response = await fetch(`${t.base}/nothing-here`);
      assert.equal(response.status, 404);
      assert.equal((await response.json()).error.code, 'not_found');
    } finally {
      await t.close();
    }
  });
});
