/**
 * The API contract, served by the bundled worker in workerd against sqld: comments (JSON and
 * form), the conversation with its ETag, webmentions received and verified on the schedule, the
 * JF2 feed, and the XSS corpus sanitized exactly as the Node server sanitizes it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { renderComment } from '../../api/core/markdown.ts';
import { verifySource } from '../../api/webmention/verify.ts';
import { type Listening, listenOnLoopback } from '../_loopback.ts';
import { waitUntil } from '../_wait.ts';
import { type SourceServer, startSourceServer } from '../api/_sources.ts';
import { ALERT_PAYLOADS, allowlistViolations, PAGE_PAYLOADS, RUN } from '../fixtures/xss.ts';
import { type EdgeApi, removeWorkerBundles, SLUG, startEdgeApi, workerBundle } from './_edge.ts';

const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
  body: JSON.stringify(body),
});

describe('the worker bundle', () => {
  it('imports no Node module and stays within 200 KiB gzip', async () => {
    const bundle = await workerBundle();
    const code = readFileSync(bundle.file, 'utf8');
    assert.doesNotMatch(code, /\bfrom\s*["']node:|\bimport\s*\(?\s*["']node:|\brequire\(["']/, 'no node: import, no require');
    assert.ok(bundle.gzipBytes <= 200 * 1024, `${(bundle.gzipBytes / 1024).toFixed(1)} KiB gzip`);
  });
});

describe('the API on the edge', () => {
  let api: EdgeApi;
  let sources: SourceServer;
  beforeAll(async () => {
    api = await startEdgeApi();
    sources = await startSourceServer({ target: api.postUrl });
  });
  afterAll(async () => {
    await sources?.close();
    await api?.close();
    await removeWorkerBundles();
  });

  const comments = () => `${api.base}/posts/${SLUG}/comments`;
  const conversation = () => `${api.base}/posts/${SLUG}/conversation`;

  it('answers health and unknown routes', async () => {
    assert.deepEqual(await (await fetch(`${api.base}/health`)).json(), { status: 'ok' });
    const missing = await fetch(`${api.base}/nope`);
    assert.equal(missing.status, 404);
    assert.equal((await missing.json()).error.code, 'not_found');
  });

  it('stores a JSON comment, sanitized, before answering 201', async () => {
    const response = await fetch(
      comments(),
      json({ name: 'Ann', body: 'Hi *there* <script>alert(1)</script>', url: 'https://ann.example' }),
    );
    assert.equal(response.status, 201);
    const stored = await response.json();
    assert.equal(stored.content.html, '<p>Hi <em>there</em> &lt;script&gt;alert(1)&lt;/script&gt;</p>');
    assert.equal(stored.url, `${api.postUrl}#comment-${stored.id}`);
    const row = await api.db.execute({ sql: 'SELECT author_name, status FROM interactions WHERE id = ?', args: [stored.id] });
    assert.deepEqual({ ...row.rows[0] }, { author_name: 'Ann', status: 'published' });
  });

  it('refuses bad comments with the same codes and messages as the Node server', async () => {
    const invalid = await fetch(comments(), json({ name: '', body: 'x', email: 'nope', extra: 1 }));
    assert.equal(invalid.status, 422);
    assert.deepEqual((await invalid.json()).error.fields, {
      name: 'Name is required',
      email: 'Email must be a valid address, like you@example.org',
      extra: 'Unknown field: extra',
    });
    const unreadable = await fetch(comments(), { ...json({}), body: '{"name":' });
    assert.equal(unreadable.status, 400);
    const plain = await fetch(comments(), { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hi' });
    assert.equal(plain.status, 415);
    const unknownPost = await fetch(`${api.base}/posts/nope/comments`, json({ name: 'A', body: 'B' }));
    assert.equal(unknownPost.status, 404);
    const orphan = await fetch(comments(), json({ name: 'A', body: 'B', parent: 999_999 }));
    assert.equal(orphan.status, 404);
  });

  it('takes a form post from a reader without JavaScript and shows the confirmation page', async () => {
    const posted = await fetch(comments(), {
      method: 'POST',
      headers: { accept: 'text/html' },
      body: new URLSearchParams({ name: 'Bea', body: 'From a plain form' }),
      redirect: 'manual',
    });
    assert.equal(posted.status, 303);
    const page = await fetch(new URL(posted.headers.get('location') ?? '', api.origin));
    assert.equal(page.status, 200);
    assert.match(await page.text(), /From a plain form/);
  });

  it('serves the conversation with an ETag, 304 to a repeat reader until it changes', async () => {
    const first = await fetch(conversation());
    const tag = first.headers.get('etag') ?? '';
    const names = (await first.json()).items.map((item: { author: { name: string } }) => item.author.name);
    assert.deepEqual(names, ['Ann', 'Bea']);
    assert.equal((await fetch(conversation(), { headers: { 'if-none-match': tag } })).status, 304);
    await fetch(comments(), json({ name: 'Cy', body: 'New' }));
    const changed = await fetch(conversation(), { headers: { 'if-none-match': tag } });
    assert.equal(changed.status, 200);
    assert.notEqual(changed.headers.get('etag'), tag);
  });

  it('keeps one client and one app per isolate: cached conversations, shared reads, one secret', async () => {
    await fetch(conversation());
    let start = api.requests.length;
    for (let n = 0; n < 5; n += 1) assert.equal((await fetch(conversation())).status, 200);
    const reads = api.requests.slice(start);
    assert.equal(reads.length, 5, 'one database request per conversation read');
    assert.ok(
      reads.flat().every((sql) => !/\binteractions\b/.test(sql)),
      'the conversation itself came from the cache',
    );

    // readers at once, in bursts of several sizes: they share reads, and none is dropped
    start = api.requests.length;
    const bursts = [2, 3, 5, 20, 2, 5, 3];
    const answers: string[] = [];
    for (const size of bursts) {
      const together = await Promise.all(Array.from({ length: size }, () => fetch(conversation())));
      answers.push(...(await Promise.all(together.map(async (response) => `${response.status} ${(await response.text()).slice(0, 200)}`))));
    }
    assert.deepEqual(
      answers.filter((answer) => !answer.startsWith('200')),
      [],
    );
    const readers = bursts.reduce((sum, size) => sum + size, 0);
    const shared = api.requests.length - start;
    assert.ok(shared < readers, `${readers} readers in bursts cost ${shared} database requests`);
    const written = await Promise.all(Array.from({ length: 5 }, (_, n) => fetch(comments(), json({ name: 'Eve', body: `At once ${n}` }))));
    assert.deepEqual(
      written.map((response) => response.status),
      [201, 201, 201, 201, 201],
    );

    start = api.requests.length;
    for (let n = 0; n < 3; n += 1) assert.equal((await fetch(comments(), json({ name: 'Dot', body: `Post ${n}` }))).status, 201);
    const secretReads = api.requests.slice(start).filter((sql) => sql.some((text) => text.includes('settings')));
    assert.deepEqual(secretReads, [], 'the client-hash secret was read once, before');
  });

  it('receives a webmention and verifies it on the schedule, from a local source', async () => {
    const sent = await fetch(`${api.base}/webmention`, {
      method: 'POST',
      body: new URLSearchParams({ source: sources.url('/reply.html'), target: api.postUrl }),
    });
    assert.equal(sent.status, 201);
    const status = sent.headers.get('location') ?? '';
    assert.equal((await (await fetch(status)).json()).status, 'queued');
    await api.scheduled();
    assert.equal((await (await fetch(status)).json()).status, 'accepted');
    const items = (await (await fetch(conversation())).json()).items;
    const reply = items.find((item: { origin: string }) => item.origin === 'webmention');
    assert.equal(reply.author.name, 'Rosa Remote');
    assert.equal(reply.content.html, '<p>Great post! <strong>Threads</strong> really do help.</p>');

    const refused = await fetch(`${api.base}/webmention`, {
      method: 'POST',
      body: new URLSearchParams({ source: sources.url('/reply.html'), target: `${api.siteUrl}/posts/nope/` }),
    });
    assert.equal(refused.status, 400);
  });

  it('serves the JF2 feed, readable from any origin', async () => {
    const response = await fetch(`${api.base}/mentions.jf2?target=${encodeURIComponent(api.postUrl)}&sort-dir=up`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    const feed = await response.json();
    assert.equal(feed.type, 'feed');
    assert.deepEqual(
      feed.children.slice(0, 2).map((entry: { author: { name: string } }) => entry.author.name),
      ['Ann', 'Bea'],
    );
    assert.ok(feed.children.some((entry: { author: { name: string } }) => entry.author.name === 'Rosa Remote'));
  });

  it('sanitizes the XSS corpus in comments exactly as the Node server does', async () => {
    for (const payload of [...ALERT_PAYLOADS, ...PAGE_PAYLOADS]) {
      const response = await fetch(comments(), json({ name: payload.slice(0, 80), body: payload }));
      assert.equal(response.status, 201, payload);
      const { content } = await response.json();
      assert.equal(content.html, renderComment(payload).html, payload);
      assert.deepEqual(allowlistViolations(content.html), [], payload);
    }
  });

  describe('webmention content from hostile pages', () => {
    let payloadSite: Listening;
    const page = (n: number) => {
      const payload = PAGE_PAYLOADS[n] ?? '';
      return `<div class="h-entry"><a class="u-in-reply-to" href="${api.postUrl}">re</a>
        <div class="p-author h-card"><a class="p-name u-url" href="javascript:${RUN}">${payload}</a><img class="u-photo" src="x&quot; onerror=&quot;${RUN}" alt=""></div>
        <div class="e-content">${payload} <span data-x="${payload.replace(/"/g, '&quot;')}">payload ${n}</span></div></div>`;
    };
    beforeAll(async () => {
      payloadSite = await listenOnLoopback(
        createServer((request, response) => {
          response.writeHead(200, { 'content-type': 'text/html' }).end(page(Number(/\/p\/(\d+)/.exec(request.url ?? '')?.[1] ?? 0)));
        }),
      );
    });
    afterAll(() => payloadSite?.close());

    it('decides and sanitizes each one exactly as the Node verifier does', async () => {
      for (const n of PAGE_PAYLOADS.keys()) {
        const sent = await fetch(`${api.base}/webmention`, {
          method: 'POST',
          body: new URLSearchParams({ source: `${payloadSite.base}/p/${n}`, target: api.postUrl }),
        });
        assert.equal(sent.status, 201);
      }
      const queued = async () => Number((await api.db.execute("SELECT count(*) AS n FROM webmentions WHERE status = 'queued'")).rows[0]?.n);
      await waitUntil(
        async () => {
          await api.scheduled();
          return (await queued()) === 0;
        },
        { tries: 10, everyMs: 0 },
      );
      assert.equal(await queued(), 0, 'every payload webmention was decided');
      for (const n of PAGE_PAYLOADS.keys()) {
        const source = `${payloadSite.base}/p/${n}`;
        const node = verifySource(
          { url: source, status: 200, headers: new Headers(), contentType: 'text/html', body: page(n) },
          api.postUrl,
        );
        const stored = await api.db.execute({
          sql: `SELECT w.status, i.author_name, i.author_url, i.author_photo, i.content_html
                FROM webmentions w LEFT JOIN interactions i ON i.source_url = w.source WHERE w.source = ?`,
          args: [source],
        });
        const row = stored.rows[0];
        if (node.outcome !== 'accepted') {
          assert.equal(row?.status, 'rejected', `payload ${n}: ${node.outcome}`);
          continue;
        }
        assert.equal(row?.status, 'accepted', `payload ${n}`);
        assert.equal(row?.content_html, node.mention.content.html, `payload ${n}`);
        assert.deepEqual(
          [row?.author_name, row?.author_url, row?.author_photo],
          [node.mention.author.name, node.mention.author.url, node.mention.author.photo],
        );
        assert.deepEqual(allowlistViolations(String(row?.content_html)), [], `payload ${n}`);
      }
    });
  });
});
