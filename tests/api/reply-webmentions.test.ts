/**
 * The outbox of Webmentions about replies: queued with the reply in one commit, sent only once
 * the reply is on its public page, exactly once whoever drains it, and given up after a while.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, it } from 'vitest';
import { DEFAULT_POLICY } from '../../api/webmention/guarded-fetch.ts';
import { drainReplies, type ReplySenderDeps, readSitePage } from '../../api/webmention/replies.ts';
import { type Listening, listenOnLoopback } from '../_loopback.ts';
import { SITE, startTestServer, type TestServer } from './_setup.ts';

const TOKEN = 'reply-outbox-token-0123456789';

describe('reply Webmentions', () => {
  let t: TestServer;
  let cookie = '';
  let csrf = '';
  // the other site: its note answers our post and has an endpoint
  const received: URLSearchParams[] = [];
  let endpointStatus = 202;
  const other = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      if (request.url === '/webmention') {
        received.push(new URLSearchParams(body));
        response.writeHead(endpointStatus).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'text/html', link: '</webmention>; rel="webmention"' }).end('<p>a note</p>');
    });
  });
  // the static host: serves the post page with the ids it was last "deployed" with
  const shown = new Set<number>();
  const host = createServer((_request, response) => {
    const items = [...shown].map((id) => `<li class="thread-item" id="comment-${id}">…</li>`).join('');
    response.writeHead(200, { 'content-type': 'text/html' }).end(`<ol>${items}</ol>`);
  });
  let otherSite: Listening;
  let staticHost: Listening;

  const deps = (overrides: Partial<ReplySenderDeps> = {}): ReplySenderDeps => {
    const policy = { ...DEFAULT_POLICY, allowPrivateNetwork: true, timeoutMs: 5_000 };
    return {
      db: t.db,
      send: { fetch, policy, retry: { attempts: 1, baseMs: 0 } },
      // the post's public URL is on SITE; the stand-in host serves its page
      readPage: (url) => readSitePage(fetch, staticHost.base, 5_000)(url.replace(SITE, staticHost.base)),
      owner: 'test',
      now: () => new Date(),
      leaseMs: 60_000,
      retryBaseMs: 0,
      giveUpMs: 60_000,
      ...overrides,
    };
  };

  let notes = 0;
  async function answerWebmention(text: string): Promise<{ replyId: number; source: string; target: string }> {
    const at = new Date().toISOString();
    notes += 1;
    const target = `${otherSite.base}/note/${notes}`;
    const inserted = await t.db.execute({
      sql: `INSERT INTO interactions (post_slug, kind, origin, author_name, author_url, content_html, content_text, url, source_url, published, received, status)
            VALUES ('hello-world', 'reply', 'webmention', 'Nia', ?, '<p>Hi</p>', 'Hi', ?, ?, ?, ?, 'published') RETURNING id`,
      args: [`${otherSite.base}/`, target, target, at, at],
    });
    const id = Number(inserted.rows[0]?.id);
    const answered = await fetch(`${t.origin}/admin/posts/hello-world/items/${id}/answer`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, origin: SITE },
      body: new URLSearchParams({ _csrf: csrf, body: text }),
    });
    assert.equal(answered.status, 303);
    const replyId = Number(/#item-(\d+)$/.exec(answered.headers.get('location') ?? '')?.[1]);
    return { replyId, source: `${SITE}/posts/hello-world/#comment-${replyId}`, target };
  }

  const rows = async () =>
    (await t.db.execute('SELECT interaction_id, target, status, last_error FROM reply_webmentions ORDER BY id')).rows.map((row) => ({
      id: Number(row.interaction_id),
      target: String(row.target),
      status: String(row.status),
      error: row.last_error === null ? null : String(row.last_error),
    }));

  beforeAll(async () => {
    otherSite = await listenOnLoopback(other);
    staticHost = await listenOnLoopback(host);
    t = await startTestServer({ PARLEY_ADMIN_TOKEN: TOKEN });
    const login = await fetch(`${t.origin}/admin/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: SITE },
      body: new URLSearchParams({ token: TOKEN }),
    });
    cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const page = await (await fetch(`${t.origin}/admin/posts/hello-world`, { headers: { cookie } })).text();
    csrf = /name="_csrf" value="([0-9a-f]+)"/.exec(page)?.[1] ?? '';
  });
  afterAll(async () => {
    await t.close();
    await otherSite.close();
    await staticHost.close();
  });
  beforeEach(async () => {
    received.length = 0;
    endpointStatus = 202;
    await t.db.execute("UPDATE reply_webmentions SET status = 'failed' WHERE status = 'queued'");
  });

  it('waits until the page holds the answer, then sends exactly once', async () => {
    const { replyId, source, target } = await answerWebmention('Welcome, Nia.');
    const lines = await drainReplies(deps());
    assert.match(lines.join('\n'), /waiting \(the reply is not on its page yet\)/);
    assert.equal(received.length, 0, 'nothing is sent while the page lacks the answer');
    assert.equal((await rows()).find((row) => row.id === replyId)?.status, 'queued');

    shown.add(replyId);
    // two workers at once: the lease lets only one of them send
    await Promise.all([drainReplies(deps({ owner: 'a' })), drainReplies(deps({ owner: 'b' }))]);
    assert.equal(received.length, 1);
    assert.equal(received[0]?.get('source'), source);
    assert.equal(received[0]?.get('target'), target);
    assert.deepEqual(
      (await rows()).find((row) => row.id === replyId),
      { id: replyId, target, status: 'sent', error: null },
    );
    const outgoing = await t.db.execute({ sql: 'SELECT outcome FROM outgoing_webmentions WHERE source = ?', args: [source] });
    assert.deepEqual(
      outgoing.rows.map((row) => row.outcome),
      ['sent'],
    );
    assert.deepEqual(await drainReplies(deps()), [], 'nothing is left to send');
  });

  it('retries an endpoint that fails, and stops at one that refuses', async () => {
    const { replyId } = await answerWebmention('Second try.');
    shown.add(replyId);
    endpointStatus = 503;
    const patient = { retryBaseMs: 60_000, giveUpMs: 86_400_000 };
    assert.match((await drainReplies(deps(patient))).join('\n'), /waiting \(the endpoint answered 503/);
    assert.equal((await rows()).find((row) => row.id === replyId)?.status, 'queued', 'a 503 is retried');
    assert.deepEqual(await drainReplies(deps(patient)), [], 'not before its retry time');
    endpointStatus = 400;
    const later = new Date(Date.now() + 61_000);
    await drainReplies(deps({ ...patient, now: () => later }));
    const row = (await rows()).find((candidate) => candidate.id === replyId);
    assert.equal(row?.status, 'failed');
    assert.match(row?.error ?? '', /^rejected/);
    assert.equal(received.length, 2);
  });

  it('drops a reply removed before it was sent, and gives up on a page that never shows it', async () => {
    const removed = await answerWebmention('I take that back.');
    await t.db.execute({ sql: "UPDATE interactions SET status = 'removed' WHERE id = ?", args: [removed.replyId] });
    const never = await answerWebmention('Nobody will see this page.');
    const later = new Date(Date.now() + 120_000);
    await drainReplies(deps({ now: () => later }));
    const all = await rows();
    assert.deepEqual(all.find((row) => row.id === removed.replyId)?.error, 'the reply is no longer published');
    assert.equal(all.find((row) => row.id === never.replyId)?.status, 'failed');
    assert.match(all.find((row) => row.id === never.replyId)?.error ?? '', /^gave up after .*: the reply is not on its page yet$/);
    assert.equal(received.length, 0);
  });

  it('queues nothing when the answer is refused', async () => {
    const before = (await rows()).length;
    const at = new Date().toISOString();
    const inserted = await t.db.execute({
      sql: `INSERT INTO interactions (post_slug, kind, origin, author_name, content_html, content_text, url, source_url, published, received, status)
            VALUES ('hello-world', 'like', 'webmention', 'Liker', '', '', 'https://l.example/1', 'https://l.example/1', ?, ?, 'published') RETURNING id`,
      args: [at, at],
    });
    const refused = await fetch(`${t.origin}/admin/posts/hello-world/items/${Number(inserted.rows[0]?.id)}/answer`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, origin: SITE, accept: 'application/json' },
      body: new URLSearchParams({ _csrf: csrf, body: 'Likes cannot be answered' }),
    });
    assert.equal(refused.status, 400);
    assert.equal((await rows()).length, before);
  });
});
