import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { countRows, postForm, postJson, startTestServer, type TestServer } from './_setup.ts';

describe('POST /api/posts/:slug/comments', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  const url = () => `${t.base}/posts/hello-world/comments`;

  it('stores a JSON comment and answers 201 with it, without the email', async () => {
    const response = await postJson(url(), {
      name: 'Ada',
      body: 'Threads *matter*.',
      url: 'https://ada.example/',
      email: 'ada@example.org',
    });
    assert.equal(response.status, 201);
    const comment = await response.json();
    assert.equal(comment.author.name, 'Ada');
    assert.equal(comment.author.url, 'https://ada.example/');
    assert.equal(comment.content.html, '<p>Threads <em>matter</em>.</p>');
    assert.equal(comment.url, `http://127.0.0.1:4321/posts/hello-world/#comment-${comment.id}`);
    assert.equal(response.headers.get('location'), `/api/posts/hello-world/comments/${comment.id}`);
    assert.ok(!JSON.stringify(comment).includes('ada@example.org'), 'the email is never returned');
    const row = await t.db.execute({ sql: 'SELECT author_email, status FROM interactions WHERE id = ?', args: [comment.id] });
    assert.equal(row.rows[0]?.author_email, 'ada@example.org', 'the email is stored for the author');
    assert.equal(row.rows[0]?.status, 'published');
    assert.ok(t.published.includes('hello-world'), 'the server is told something was published');
  });

  it('threads a reply under a published comment of the same post', async () => {
    const parent = await (await postJson(url(), { name: 'Ada', body: 'First' })).json();
    const response = await postJson(url(), { name: 'Bo', body: 'Answer', parent: parent.id });
    assert.equal(response.status, 201);
    const reply = await response.json();
    assert.equal(reply.parent, parent.id);
    assert.equal(reply.kind, 'reply');
  });

  it('renders Markdown to an allowlist: raw HTML shows as text, links get nofollow ugc', async () => {
    const response = await postJson(url(), {
      name: 'Eve',
      body: '<img src=x onerror=alert(1)> [site](https://eve.example) [bad](javascript:alert(1))',
    });
    const { content } = await response.json();
    assert.match(content.html, /&lt;img src=x onerror=alert\(1\)&gt;/);
    assert.match(content.html, /<a href="https:\/\/eve.example" rel="nofollow ugc">site<\/a>/);
    assert.doesNotMatch(content.html, /href="javascript:/);
  });

  it('answers 422 naming each bad field', async () => {
    const response = await postJson(url(), { name: 'x'.repeat(81), body: '', url: 'ftp://files.example', email: 'not-an-email' });
    assert.equal(response.status, 422);
    const { error } = await response.json();
    assert.equal(error.code, 'invalid_input');
    assert.deepEqual(Object.keys(error.fields).sort(), ['body', 'email', 'name', 'url']);
    assert.match(error.fields.name, /at most 80/);
    assert.match(error.fields.url, /http/);
  });

  it('refuses bodies over 10,000 characters and unknown fields', async () => {
    const response = await postJson(url(), { name: 'A', body: 'b'.repeat(10_001), admin: true });
    assert.equal(response.status, 422);
    const { error } = await response.json();
    assert.match(error.fields.body, /10,000/);
    assert.match(error.fields.admin, /Unknown field/);
  });

  it('turns away a filled honeypot without storing anything', async () => {
    const before = await countRows(t.db, 'SELECT count(*) AS n FROM interactions');
    const response = await postJson(url(), { name: 'Bot', body: 'Buy now', website: 'http://spam.example' });
    assert.equal(response.status, 422);
    assert.ok((await response.json()).error.fields.website);
    assert.equal(await countRows(t.db, 'SELECT count(*) AS n FROM interactions'), before);
  });

  it('answers 404 for an unknown post, a draft (never synced) and an unknown parent', async () => {
    assert.equal((await postJson(`${t.base}/posts/no-such-post/comments`, { name: 'A', body: 'b' })).status, 404);
    assert.equal((await postJson(`${t.base}/posts/a-draft/comments`, { name: 'A', body: 'b' })).status, 404);
    const response = await postJson(url(), { name: 'A', body: 'b', parent: 999_999 });
    assert.equal(response.status, 404);
    assert.ok((await response.json()).error.fields.parent);
  });

  it('answers 404 for a parent that belongs to another post', async () => {
    const other = await (await postJson(`${t.base}/posts/second-post/comments`, { name: 'A', body: 'elsewhere' })).json();
    const response = await postJson(url(), { name: 'B', body: 'wrong thread', parent: other.id });
    assert.equal(response.status, 404);
  });

  it('answers 413 for a body over 64 KiB and stores nothing', async () => {
    const before = await countRows(t.db, 'SELECT count(*) AS n FROM interactions');
    const response = await postJson(url(), { name: 'A', body: 'x'.repeat(70 * 1024) });
    assert.equal(response.status, 413);
    assert.equal((await response.json()).error.code, 'payload_too_large');
    assert.equal(await countRows(t.db, 'SELECT count(*) AS n FROM interactions'), before);
  });

  it('answers 400 for malformed JSON and 415 for other content types', async () => {
    const malformed = await postJson(url(), '{"name": "A",');
    assert.equal(malformed.status, 400);
    assert.equal((await malformed.json()).error.code, 'malformed_body');
    assert.equal((await postJson(url(), '[1,2]')).status, 400);
    const text = await fetch(url(), { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hi' });
    assert.equal(text.status, 415);
  });

  it('answers a plain form post with 303 to a confirmation page showing the comment in its thread', async () => {
    const parent = await (await postJson(url(), { name: 'Ada', body: 'Root of the thread' })).json();
    const response = await postForm(url(), {
      name: 'NoScript Nel',
      body: 'Works *without* JavaScript',
      parent: String(parent.id),
      url: '',
      email: '',
      website: '',
    });
    assert.equal(response.status, 303);
    const location = response.headers.get('location') ?? '';
    assert.match(location, /^\/api\/posts\/hello-world\/comments\/\d+$/);
    const page = await fetch(new URL(location, t.base));
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /your reply is published/);
    assert.match(html, /<link rel="stylesheet" href="http:\/\/127.0.0.1:4321\/parley.css">/);
    const id = location.split('/').pop();
    // the new comment sits inside its parent's item
    const parentStart = html.indexOf(`id="comment-${parent.id}"`);
    const childStart = html.indexOf(`id="comment-${id}"`);
    assert.ok(parentStart > 0 && childStart > parentStart, 'the reply is rendered after its parent');
    assert.match(html.slice(parentStart, childStart), /<ol class="thread">/);
    assert.match(html, /Works <em>without<\/em> JavaScript/);
    assert.match(html, new RegExp(`href="http://127.0.0.1:4321/posts/hello-world/#comment-${id}"`));
  });

  it('shows a failed form post again with the same status, each error by its field and the typed text kept', async () => {
    const response = await postForm(url(), { name: '', body: 'I typed <this> carefully', url: 'mailto:me@example.org' });
    assert.equal(response.status, 422);
    assert.match(response.headers.get('content-type') ?? '', /text\/html/);
    const html = await response.text();
    assert.match(html, /data-error-for="name">Name is required</);
    assert.match(html, /data-error-for="url">Website must be an http:\/\/ or https:\/\/ address</);
    assert.match(html, /I typed &lt;this&gt; carefully<\/textarea>/);
    assert.match(html, /value="mailto:me@example.org"/);
  });

  it('answers a form post to an unknown post with a 404 page', async () => {
    const response = await postForm(`${t.base}/posts/nope/comments`, { name: 'A', body: 'b' });
    assert.equal(response.status, 404);
    assert.match(await response.text(), /Post not found/);
  });

  it('serves a reply form for readers without JavaScript', async () => {
    const parent = await (await postJson(url(), { name: 'Quinn', body: 'Answer me' })).json();
    const response = await fetch(`${t.base}/posts/hello-world/comments/new?parent=${parent.id}`);
    assert.equal(response.status, 200);
    const html = await response.text();
    assert.match(html, new RegExp(`name="parent" value="${parent.id}"`));
    assert.match(html, /Replying to <strong data-replying-name>Quinn<\/strong>/);
    assert.equal((await fetch(`${t.base}/posts/hello-world/comments/new?parent=987654`)).status, 404);
  });
});

describe('comment rate limit', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ PARLEY_COMMENT_RATE_MAX: '2', PARLEY_COMMENT_RATE_WINDOW: '600' });
  });
  afterAll(() => t.close());

  it('answers 429 with Retry-After past the limit, and keeps no raw address', async () => {
    const url = `${t.base}/posts/hello-world/comments`;
    assert.equal((await postJson(url, { name: 'A', body: '1' })).status, 201);
    assert.equal((await postJson(url, { name: 'A', body: '2' })).status, 201);
    const refused = await postJson(url, { name: 'A', body: '3' });
    assert.equal(refused.status, 429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    assert.ok(retryAfter >= 1 && retryAfter <= 600, `Retry-After ${retryAfter}`);
    assert.equal((await refused.json()).error.code, 'rate_limited');
    assert.equal(await countRows(t.db, 'SELECT count(*) AS n FROM interactions'), 2);
    const keys = await t.db.execute('SELECT key FROM rate_limits');
    assert.ok(keys.rows.length > 0);
    for (const row of keys.rows) assert.doesNotMatch(String(row.key), /127\.0\.0\.1|::1/);
  });

  it('trusts X-Forwarded-For only when TRUST_PROXY is set', async () => {
    const url = `${t.base}/posts/second-post/comments`;
    const spoofed = await postJson(url, { name: 'A', body: 'x' }, { 'x-forwarded-for': '203.0.113.9' });
    assert.equal(spoofed.status, 429, 'a forged header does not buy a new allowance');
    const proxied = await startTestServer({ TRUST_PROXY: '1', PARLEY_COMMENT_RATE_MAX: '1' });
    try {
      const purl = `${proxied.base}/posts/hello-world/comments`;
      assert.equal((await postJson(purl, { name: 'A', body: '1' }, { 'x-forwarded-for': '203.0.113.1' })).status, 201);
      assert.equal((await postJson(purl, { name: 'A', body: '2' }, { 'x-forwarded-for': '203.0.113.1' })).status, 429);
      assert.equal((await postJson(purl, { name: 'A', body: '3' }, { 'x-forwarded-for': '203.0.113.2' })).status, 201);
    } finally {
      await proxied.close();
    }
  });
});

describe('pre-moderation (PARLEY_MODERATION=pre)', () => {
  it('stores a comment as held: 201 says so, the public conversation does not show it', async () => {
    const t = await startTestServer({ PARLEY_MODERATION: 'pre' });
    try {
      const response = await postJson(`${t.base}/posts/hello-world/comments`, { name: 'Hal', body: 'Held for now' });
      assert.equal(response.status, 201);
      const comment = await response.json();
      assert.equal(comment.status, 'pending');
      const row = await t.db.execute({ sql: 'SELECT status FROM interactions WHERE id = ?', args: [comment.id] });
      assert.equal(row.rows[0]?.status, 'pending');
      const conversation = await (await fetch(`${t.base}/posts/hello-world/conversation`)).json();
      assert.equal(conversation.items.length, 0);
      assert.deepEqual(t.published, [], 'nothing was published, so nothing is rebuilt');
      const page = await fetch(`${t.base}/posts/hello-world/comments/${comment.id}`);
      assert.match(await page.text(), /waits for the author’s approval/);
    } finally {
      await t.close();
    }
  });
});
