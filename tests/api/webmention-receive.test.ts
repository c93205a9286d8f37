import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createGuardedFetch } from '../../api/node/net.ts';
import { drainQueue, verifierDeps } from '../../api/webmention/process.ts';
import { POSTS, postJson, startTestServer, type TestServer } from './_setup.ts';
import { type SourceServer, startSourceServer } from './_sources.ts';

const TARGET = POSTS[0]!.url;

type Item = {
  id: number;
  kind: string;
  origin: string;
  author: { name: string; url: string | null; photo: string | null };
  content: { html: string; text: string };
  url: string;
  children: Item[];
};

describe('receiving Webmentions', () => {
  let t: TestServer;
  let sources: SourceServer;

  beforeAll(async () => {
    t = await startTestServer({
      PARLEY_ALLOW_PRIVATE_NETWORK: '1',
      PARLEY_FETCH_TIMEOUT: '1',
      PARLEY_WEBMENTION_RETRY_SECONDS: '0',
      PARLEY_WEBMENTION_ATTEMPTS: '2',
    });
    sources = await startSourceServer({ target: TARGET });
  });
  afterAll(async () => {
    await sources.close();
    await t.close();
  });

  const send = (source: string, target = TARGET, contentType = 'application/x-www-form-urlencoded') =>
    fetch(`${t.base}/webmention`, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: contentType.includes('json') ? JSON.stringify({ source, target }) : new URLSearchParams({ source, target }),
    });
  const drain = () =>
    drainQueue(verifierDeps(t.config, { db: t.db, fetch: createGuardedFetch({ allowPrivateNetwork: true }), owner: 'test-worker' }));
  // the status URL is on the public site; here the API listens on its own port
  const status = async (response: Response) =>
    (await fetch((response.headers.get('location') ?? '').replace('http://127.0.0.1:4321/api', t.base))).json();
  /** Sends, verifies, and returns the final status of the webmention. */
  const receive = async (path: string, target = TARGET) => {
    const response = await send(sources.url(path), target);
    assert.equal(response.status, 201, await response.clone().text());
    await drain();
    return status(response);
  };
  const conversation = async (): Promise<{ items: Item[]; reactions: Item[]; summary: { people: number } }> =>
    (await fetch(`${t.base}/posts/hello-world/conversation`)).json();
  const find = (items: Item[], predicate: (item: Item) => boolean): Item | undefined => {
    for (const item of items) {
      if (predicate(item)) return item;
      const inner = find(item.children, predicate);
      if (inner) return inner;
    }
    return undefined;
  };

  describe('request checks (3.2.1)', () => {
    it('answers 201 with a Location status URL, durable before the answer', async () => {
      const response = await send(sources.url('/reply.html'));
      assert.equal(response.status, 201);
      const location = response.headers.get('location') ?? '';
      assert.match(location, /^http:\/\/127\.0\.0\.1:4321\/api\/webmention\/[0-9a-f]{32}$/);
      const rows = await t.db.execute({ sql: 'SELECT status FROM webmentions WHERE source = ?', args: [sources.url('/reply.html')] });
      assert.equal(rows.rows[0]?.status, 'queued');
      const body = await (await fetch(`${t.base}/webmention/${location.split('/').pop()}`)).json();
      assert.equal(body.status, 'queued');
    });

    const bad: [string, string, string, RegExp][] = [
      ['a non-http source', 'ftp://files.example/x', TARGET, /source must be an http/],
      ['a missing source', '', TARGET, /source is required/],
      ['a source that is not a URL', 'not a url', TARGET, /source is not a URL/],
      ['source equal to target', TARGET, TARGET, /must differ/],
      ['a target on another site', 'https://elsewhere.example/post', 'https://other.example/posts/hello-world/', /not on this site/],
      [
        'a target that is not a post',
        'https://elsewhere.example/post',
        'http://127.0.0.1:4321/posts/no-such-post/',
        /not a published post/,
      ],
      ['a javascript: target', 'https://elsewhere.example/post', 'javascript:alert(1)', /target must be an http/],
    ];
    for (const [label, source, target, message] of bad) {
      it(`answers 400 for ${label}`, async () => {
        const response = await send(source, target);
        assert.equal(response.status, 400);
        assert.match((await response.json()).error.message, message);
      });
    }

    it('ignores the fragment and a missing trailing slash, and takes a comment permalink as its post', async () => {
      for (const target of ['http://127.0.0.1:4321/posts/hello-world', `${TARGET}#conversation`, `${TARGET}#comment-1`]) {
        assert.equal((await send('https://elsewhere.example/a', target)).status, 201, target);
      }
    });

    it('re-queues a re-sent pair instead of duplicating it', async () => {
      await send('https://elsewhere.example/twice');
      await send('https://elsewhere.example/twice');
      const rows = await t.db.execute({
        sql: 'SELECT count(*) AS n FROM webmentions WHERE source = ?',
        args: ['https://elsewhere.example/twice'],
      });
      assert.equal(Number(rows.rows[0]?.n), 1);
    });

    it('answers 415 to a body that is not form-encoded', async () => {
      assert.equal((await send('https://elsewhere.example/a', TARGET, 'application/json')).status, 415);
    });
  });

  describe('verification (3.2.2)', () => {
    it('accepts a reply with its author, photo, content and date', async () => {
      const final = await receive('/reply.html');
      assert.equal(final.status, 'accepted');
      const reply = find((await conversation()).items, (item) => item.url === sources.url('/reply.html'));
      assert.ok(reply, 'the reply is in the thread');
      assert.equal(reply.kind, 'reply');
      assert.equal(reply.origin, 'webmention');
      assert.equal(reply.author.name, 'Rosa Remote');
      assert.equal(reply.author.photo, sources.url('/me.png'));
      assert.match(reply.content.html, /Great post! <strong>Threads<\/strong>/);
      const row = await t.db.execute({
        sql: 'SELECT published FROM interactions WHERE source_url = ?',
        args: [sources.url('/reply.html')],
      });
      assert.equal(row.rows[0]?.published, '2026-11-01T09:30:00.000Z');
    });

    for (const [path, kind] of [
      ['/like.html', 'like'],
      ['/repost.html', 'repost'],
      ['/bookmark.html', 'bookmark'],
      ['/like-h-cite.html', 'like'],
    ] as const) {
      it(`reads ${path} as a ${kind}, shown as a reaction`, async () => {
        assert.equal((await receive(path)).status, 'accepted');
        const reaction = (await conversation()).reactions.find((item) => item.url === sources.url(path));
        assert.equal(reaction?.kind, kind);
      });
    }

    it('reads an in-reply-to written as an h-cite, and the page h-card as its author', async () => {
      assert.equal((await receive('/reply-h-cite.html')).status, 'accepted');
      const reply = find((await conversation()).items, (item) => item.url === sources.url('/reply-h-cite.html'));
      assert.equal(reply?.kind, 'reply');
      assert.equal(reply?.author.name, 'Cita Citer');
    });

    it('accepts a page without microformats as a mention named after its domain', async () => {
      assert.equal((await receive('/no-mf2.html')).status, 'accepted');
      const mention = find((await conversation()).items, (item) => item.url === sources.url('/no-mf2.html'));
      assert.equal(mention?.kind, 'mention');
      assert.equal(mention?.author.name, '127.0.0.1');
    });

    it('counts an img src as a link to the target', async () => {
      assert.equal((await receive('/img-link.html')).status, 'accepted');
    });

    it('accepts a plain-text source that names the target', async () => {
      assert.equal((await receive('/plain.txt')).status, 'accepted');
    });

    it('rejects a source that does not link to the target, whatever its comments and escaped text say', async () => {
      const final = await receive('/no-link.html');
      assert.equal(final.status, 'rejected');
      assert.match(final.reason, /does not link/);
    });

    it('follows a redirect to the real page', async () => {
      assert.equal((await receive('/redirect')).status, 'accepted');
    });

    it('refuses a redirect loop and more than 5 redirects', async () => {
      const loop = await receive('/loop-a');
      assert.equal(loop.status, 'rejected');
      assert.match(loop.reason, /loop/);
      const chain = await receive('/redirect-chain');
      assert.equal(chain.status, 'rejected');
      assert.match(chain.reason, /more than 5 redirects/);
    });

    it('refuses a body over 1 MiB, compressed or not', async () => {
      for (const path of ['/huge', '/huge-gzip']) {
        const final = await receive(path);
        assert.equal(final.status, 'rejected', path);
        assert.match(final.reason, /larger than 1024 KiB/);
      }
    });

    it('retries a slow source, then gives up with the reason', async () => {
      const final = await receive('/slow');
      assert.equal(final.status, 'rejected');
      assert.match(final.reason, /gave up after 2 attempts: no complete answer within 1 s/);
    });

    it('retries after a 5xx and then accepts', async () => {
      assert.equal((await receive('/flaky')).status, 'accepted');
      assert.equal(sources.hits.get('/flaky'), 2);
    });

    it('rejects a source that is not HTML', async () => {
      const final = await receive('/json');
      assert.equal(final.status, 'rejected');
      assert.match(final.reason, /not HTML/);
    });

    it('rejects a 410 source it never accepted', async () => {
      const final = await receive('/gone');
      assert.equal(final.status, 'rejected');
      assert.match(final.reason, /410/);
    });

    it('cuts long content and links to the original', async () => {
      assert.equal((await receive('/long.html')).status, 'accepted');
      const reply = find((await conversation()).items, (item) => item.url === sources.url('/long.html'));
      assert.ok((reply?.content.text.length ?? 0) <= 1001);
      assert.match(reply?.content.html ?? '', /Read the rest on 127\.0\.0\.1/);
    });
  });

  describe('updates and deletes', () => {
    it('replaces the content of a re-sent source, removes it when the link goes, and keeps it gone on 410', async () => {
      sources.mutable = 'link';
      sources.vars.text = 'First version.';
      assert.equal((await receive('/mutable')).status, 'accepted');
      sources.vars.text = 'Second, edited version.';
      assert.equal((await receive('/mutable')).status, 'accepted');
      let item = find((await conversation()).items, (entry) => entry.url === sources.url('/mutable'));
      assert.match(item?.content.html ?? '', /Second, edited version/);
      const count = await t.db.execute({
        sql: 'SELECT count(*) AS n FROM interactions WHERE source_url = ?',
        args: [sources.url('/mutable')],
      });
      assert.equal(Number(count.rows[0]?.n), 1, 'updated in place, not duplicated');

      sources.mutable = 'nolink';
      const removed = await receive('/mutable');
      assert.equal(removed.status, 'deleted');
      item = find((await conversation()).items, (entry) => entry.url === sources.url('/mutable'));
      assert.equal(item, undefined, 'it left the conversation');
      const feed = await (await fetch(`${t.base}/mentions.jf2?target=${encodeURIComponent(TARGET)}&per-page=100`)).json();
      assert.ok(!feed.children.some((entry: { url: string }) => entry.url === sources.url('/mutable')), 'and the feed');

      sources.mutable = 'link';
      assert.equal((await receive('/mutable')).status, 'accepted', 'a restored link brings it back');
      sources.mutable = 'gone';
      assert.equal((await receive('/mutable')).status, 'deleted');
      assert.equal(
        find((await conversation()).items, (entry) => entry.url === sources.url('/mutable')),
        undefined,
      );
    });
  });

  describe('threading across channels', () => {
    it('threads a webmention replying to a comment under that comment', async () => {
      const comment = await (
        await postJson(`${t.base}/posts/hello-world/comments`, {
          name: 'Carla Commenter',
          body: 'A comment to answer.',
          url: sources.url('/'),
        })
      ).json();
      sources.vars.comment = comment.url;
      assert.equal((await receive('/reply-to-comment.html', comment.url)).status, 'accepted');
      const parent = find((await conversation()).items, (item) => item.id === comment.id);
      assert.equal(parent?.children[0]?.url, sources.url('/reply-to-comment.html'));
    });

    it('threads a webmention replying to another accepted reply under it', async () => {
      assert.equal((await receive('/reply-to-reply.html')).status, 'accepted');
      const rosa = find((await conversation()).items, (item) => item.url === sources.url('/reply.html'));
      assert.equal(rosa?.children[0]?.url, sources.url('/reply-to-reply.html'));
    });

    it('counts a commenter whose website is a webmention author as one person', async () => {
      // Carla commented with the fixture site as her website; every webmention author there shares
      // that home page except Otto, whose h-card points at /other/: two people in all
      const { summary } = await conversation();
      const authors = await t.db.execute(
        "SELECT DISTINCT author_name, author_url FROM interactions WHERE post_slug = 'hello-world' AND status = 'published'",
      );
      assert.equal(summary.people, 2, JSON.stringify(authors.rows));
    });
  });

  describe('hostile sources', () => {
    it('change nothing but their own sanitized text', async () => {
      assert.equal((await receive('/hostile.html')).status, 'accepted');
      const item = find((await conversation()).items, (entry) => entry.url === sources.url('/hostile.html'));
      assert.ok(item);
      assert.match(item.content.html, /Hostile text stays/);
      assert.doesNotMatch(item.content.html, /<script|<style|<svg|<iframe|<form|<img|onerror|onclick|style=|javascript:|data:/i);
      assert.equal(item.author.photo, null, 'a javascript: photo is dropped');
      assert.equal(item.author.url, null, 'a javascript: author URL is dropped');
      assert.equal(item.author.name, '<b onmouseover=alert(1)>Evil</b>', 'the name is kept as text, escaped when shown');
    });
  });

  describe('blocked domains and approval', () => {
    it('rejects a blocked domain and its subdomains with a reason', async () => {
      const strict = await startTestServer({ PARLEY_BLOCKED_DOMAINS: 'spam.example, *.junk.example' });
      try {
        for (const source of ['https://spam.example/a', 'https://www.spam.example/a', 'https://x.junk.example/b']) {
          const response = await fetch(`${strict.base}/webmention`, {
            method: 'POST',
            body: new URLSearchParams({ source, target: TARGET }),
          });
          assert.equal(response.status, 400, source);
          assert.match((await response.json()).error.message, /not accepted here/);
        }
      } finally {
        await strict.close();
      }
    });

    it('holds verified webmentions for approval when asked to', async () => {
      const held = await startTestServer({ PARLEY_ALLOW_PRIVATE_NETWORK: '1', PARLEY_WEBMENTION_MODERATION: 'pre' });
      try {
        const response = await fetch(`${held.base}/webmention`, {
          method: 'POST',
          body: new URLSearchParams({ source: sources.url('/reply.html'), target: TARGET }),
        });
        assert.equal(response.status, 201);
        await drainQueue(
          verifierDeps(held.config, { db: held.db, fetch: createGuardedFetch({ allowPrivateNetwork: true }), owner: 'held' }),
        );
        const row = await held.db.execute({
          sql: 'SELECT status FROM interactions WHERE source_url = ?',
          args: [sources.url('/reply.html')],
        });
        assert.equal(row.rows[0]?.status, 'pending');
        const body = await (await fetch(`${held.base}/posts/hello-world/conversation`)).json();
        assert.equal(body.items.length, 0, 'held items are not public');
      } finally {
        await held.close();
      }
    });
  });

  describe('the private network guard', () => {
    it('refuses sources on loopback unless PARLEY_ALLOW_PRIVATE_NETWORK is set', async () => {
      const guarded = await startTestServer();
      try {
        for (const source of [sources.url('/reply.html'), sources.url('/reply.html').replace('127.0.0.1', 'localhost')]) {
          const response = await fetch(`${guarded.base}/webmention`, {
            method: 'POST',
            body: new URLSearchParams({ source, target: TARGET }),
          });
          assert.equal(response.status, 201);
          await drainQueue(
            verifierDeps(guarded.config, { db: guarded.db, fetch: createGuardedFetch({ allowPrivateNetwork: false }), owner: 'guarded' }),
          );
          const final = await (await fetch(response.headers.get('location')!.replace('http://127.0.0.1:4321/api', guarded.base))).json();
          assert.equal(final.status, 'rejected', source);
          assert.match(final.reason, /private or loopback/);
        }
      } finally {
        await guarded.close();
      }
    });
  });

  describe('GET /api/mentions.jf2', () => {
    it('lists the whole conversation, comments included, as a webmention.io JF2 feed', async () => {
      const response = await fetch(`${t.base}/mentions.jf2?target=${encodeURIComponent(TARGET)}&per-page=100`);
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('access-control-allow-origin'), '*');
      const feed = await response.json();
      assert.equal(feed.type, 'feed');
      const like = feed.children.find((entry: Record<string, unknown>) => entry['wm-property'] === 'like-of');
      assert.ok(like);
      assert.equal(like['like-of'], TARGET);
      assert.equal(like.author.type, 'card');
      for (const key of ['url', 'published', 'wm-id', 'wm-received', 'wm-source', 'wm-target']) assert.ok(key in like, key);
      const comment = feed.children.find((entry: Record<string, unknown>) => String(entry.url).includes('#comment-'));
      assert.equal(comment['wm-property'], 'in-reply-to');
      assert.ok(comment.content.html && comment.content.text);
    });

    it('pages with per-page and page, and filters with since', async () => {
      const all = (await (await fetch(`${t.base}/mentions.jf2?target=${encodeURIComponent(TARGET)}&per-page=100`)).json()).children;
      const first = (await (await fetch(`${t.base}/mentions.jf2?target=${encodeURIComponent(TARGET)}&per-page=2&page=0`)).json()).children;
      const second = (await (await fetch(`${t.base}/mentions.jf2?target=${encodeURIComponent(TARGET)}&per-page=2&page=1`)).json()).children;
      assert.equal(first.length, 2);
      assert.deepEqual(
        [...first, ...second].map((entry: { 'wm-id': number }) => entry['wm-id']),
        all.slice(0, 4).map((entry: { 'wm-id': number }) => entry['wm-id']),
      );
      const future = (await (await fetch(`${t.base}/mentions.jf2?target=${encodeURIComponent(TARGET)}&since=2999-01-01T00:00:00Z`)).json())
        .children;
      assert.equal(future.length, 0);
    });

    it('answers 400 without a target and an empty feed for an unknown one', async () => {
      assert.equal((await fetch(`${t.base}/mentions.jf2`)).status, 400);
      const feed = await (await fetch(`${t.base}/mentions.jf2?target=${encodeURIComponent('http://127.0.0.1:4321/posts/nope/')}`)).json();
      assert.deepEqual(feed.children, []);
    });
  });
});
