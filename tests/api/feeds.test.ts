import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { postJson, startTestServer, type TestServer } from './_setup.ts';

describe('public Atom feeds of a conversation and a thread', () => {
  let t: TestServer;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    t = await startTestServer();
    const post = async (key: string, fields: Record<string, unknown>) => {
      ids[key] = (await (await postJson(`${t.base}/posts/hello-world/comments`, fields)).json()).id;
    };
    await post('root', { name: 'Rita', body: 'Root <b>one</b>', email: 'rita@example.org', url: 'https://rita.example/' });
    await post('reply', { name: 'Otto', body: 'Answer to Rita', parent: ids.root, email: 'otto@example.org' });
    await post('other', { name: 'Sam', body: 'Another thread' });
    await post('spam', { name: 'Spammer', body: 'cheap pills', parent: ids.root });
    await t.db.execute({ sql: "UPDATE interactions SET status = 'spam' WHERE id = ?", args: [ids.spam!] });
  });
  afterAll(() => t.close());

  it('serves the whole conversation, newest first, published items only, no address', async () => {
    const response = await fetch(`${t.base}/posts/hello-world/conversation.atom`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /application\/atom\+xml/);
    const xml = await response.text();
    assert.match(xml, /<title>Conversation on “Hello, world”<\/title>/);
    const titles = [...xml.matchAll(/<entry>\s*<id>[^<]+<\/id>\s*<title>([^<]+)<\/title>/g)].map((match) => match[1]);
    assert.deepEqual(titles, ['Sam commented on “Hello, world”', 'Otto replied on “Hello, world”', 'Rita commented on “Hello, world”']);
    assert.ok(!xml.includes('cheap pills'), 'spam stays out');
    assert.ok(!xml.includes('@example.org'), 'no email');
    assert.match(xml, /<uri>https:\/\/rita.example\/<\/uri>/);
    assert.match(xml, /&lt;p&gt;Root &amp;lt;b&amp;gt;one/, 'content is the sanitized HTML, escaped (raw HTML was text already)');
    assert.match(
      xml,
      /<link rel="self" type="application\/atom\+xml" href="http:\/\/127.0.0.1:4321\/api\/posts\/hello-world\/conversation.atom"\/>/,
    );
  });

  it('serves one thread: its root and the answers under it', async () => {
    const xml = await (await fetch(`${t.base}/posts/hello-world/threads/${ids.root}.atom`)).text();
    assert.match(xml, /<title>Rita’s thread on “Hello, world”<\/title>/);
    assert.ok(xml.includes('Answer to Rita') && xml.includes('Root'));
    assert.ok(!xml.includes('Another thread'));
  });

  it('answers 404 for an unknown post, thread or a hidden item, and 304 to a repeat reader', async () => {
    assert.equal((await fetch(`${t.base}/posts/nope/conversation.atom`)).status, 404);
    assert.equal((await fetch(`${t.base}/posts/hello-world/threads/999.atom`)).status, 404);
    assert.equal((await fetch(`${t.base}/posts/hello-world/threads/${ids.spam}.atom`)).status, 404);
    assert.equal((await fetch(`${t.base}/posts/hello-world/threads/x.atom`)).status, 404);
    const first = await fetch(`${t.base}/posts/hello-world/conversation.atom`);
    const again = await fetch(`${t.base}/posts/hello-world/conversation.atom`, {
      headers: { 'if-none-match': first.headers.get('etag') ?? '' },
    });
    assert.equal(again.status, 304);
    await postJson(`${t.base}/posts/hello-world/comments`, { name: 'New', body: 'Changes the feed' });
    const changed = await fetch(`${t.base}/posts/hello-world/conversation.atom`, {
      headers: { 'if-none-match': first.headers.get('etag') ?? '' },
    });
    assert.equal(changed.status, 200);
  });

  it('links each thread’s feed from its root item in the page markup', async () => {
    const page = await (await fetch(`${t.base}/posts/hello-world/comments/${ids.reply}`, { headers: { accept: 'text/html' } })).text();
    assert.match(
      page,
      new RegExp(
        `<a class="thread-feed" href="/api/posts/hello-world/threads/${ids.root}.atom" rel="alternate" type="application/atom\\+xml">`,
      ),
    );
    assert.ok(!page.includes(`threads/${ids.reply}.atom`), 'only roots carry the link');
  });
});
