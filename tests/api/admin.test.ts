import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createAdminApp } from '../../api/routes/admin/index.tsx';
import { postJson, SITE, startTestServer, type TestServer } from './_setup.ts';

const TOKEN = 'correct-horse-battery-staple';

describe('the author side at /admin', () => {
  let t: TestServer;
  let cookie = '';
  let csrf = '';

  beforeAll(async () => {
    t = await startTestServer({ PARLEY_ADMIN_TOKEN: TOKEN, PARLEY_MODERATION: 'pre', PARLEY_FEED_TOKEN: 'feed-token-0123456789' });
  });
  afterAll(() => t.close());

  const admin = (path: string, init: RequestInit = {}) =>
    fetch(`${t.origin}/admin${path}`, {
      redirect: 'manual',
      ...init,
      headers: { accept: 'text/html', origin: SITE, ...(cookie ? { cookie } : {}), ...(init.headers as Record<string, string>) },
    });
  const form = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
    admin(path, { method: 'POST', body: new URLSearchParams({ _csrf: csrf, ...fields }), headers });

  async function logIn(): Promise<string> {
    const response = await fetch(`${t.origin}/admin/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: SITE },
      body: new URLSearchParams({ token: TOKEN }),
    });
    assert.equal(response.status, 303);
    const setCookie = response.headers.get('set-cookie') ?? '';
    assert.match(setCookie, /parley_session=/);
    assert.match(setCookie, /HttpOnly/i);
    assert.match(setCookie, /SameSite=Strict/i);
    assert.match(setCookie, /Path=\/admin/);
    return setCookie.split(';')[0]!;
  }

  async function csrfFrom(path: string): Promise<string> {
    const html = await (await admin(path)).text();
    return /name="_csrf" value="([0-9a-f]+)"/.exec(html)?.[1] ?? '';
  }

  it('refuses every admin route without a session (enumerated from the router)', async () => {
    const router = createAdminApp({ db: t.db, config: t.config });
    const routes = router.routes.filter((route) => route.method !== 'ALL');
    assert.ok(routes.length >= 8, `found ${routes.length} routes`);
    const params: Record<string, string> = { slug: 'hello-world', id: '1', action: 'approve', token: 'not-the-feed-token' };
    for (const route of routes) {
      const path = route.path.replace(/:(\w+)/g, (_, name: string) => params[name] ?? 'x');
      const response = await fetch(`${t.origin}/admin${path === '/' ? '' : path}`, {
        method: route.method,
        redirect: 'manual',
        headers: {
          origin: SITE,
          accept: route.method === 'GET' ? 'text/html' : 'application/json',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: route.method === 'GET' ? undefined : new URLSearchParams({ token: 'wrong-token', body: 'x', _csrf: 'x' }),
      });
      const refused =
        response.status === 401 ||
        response.status === 404 ||
        (response.status === 302 && (response.headers.get('location') ?? '').startsWith('/admin/login'));
      const isLoginPage = route.method === 'GET' && route.path === '/login';
      assert.ok(isLoginPage ? response.status === 200 : refused, `${route.method} ${path} answered ${response.status}`);
    }
  });

  it('refuses a wrong token with 401 and logs in with the right one', async () => {
    const wrong = await fetch(`${t.origin}/admin/login`, {
      method: 'POST',
      headers: { origin: SITE },
      body: new URLSearchParams({ token: 'nope' }),
    });
    assert.equal(wrong.status, 401);
    assert.match(await wrong.text(), /That token is not right/);
    cookie = await logIn();
    const home = await admin('');
    assert.equal(home.status, 200);
    assert.match(await home.text(), /Waiting for you/);
    csrf = await csrfFrom('');
    assert.match(csrf, /^[0-9a-f]{64}$/);
  });

  it('marks what arrived since the last visit as new', async () => {
    await admin('');
    const fresh = await (await postJson(`${t.base}/posts/second-post/comments`, { name: 'Newton', body: 'Just arrived' })).json();
    const html = await (await admin('')).text();
    const item = html.slice(html.indexOf(`id="item-${fresh.id}"`));
    assert.match(item.slice(0, 2000), /status-badge new-badge">New</);
    const again = await (await admin('')).text();
    assert.doesNotMatch(again.slice(again.indexOf(`id="item-${fresh.id}"`)).slice(0, 2000), /new-badge">New</, 'seen now');
  });

  it('approves a held comment so it appears publicly', async () => {
    const held = await (await postJson(`${t.base}/posts/hello-world/comments`, { name: 'Holly', body: 'Please let me in' })).json();
    assert.equal(held.status, 'pending');
    const page = await (await admin('/posts/hello-world')).text();
    assert.ok(page.indexOf('Held for your approval') < page.indexOf('Holly'), 'held items come first');
    const approved = await form(`/posts/hello-world/items/${held.id}/approve`, {});
    assert.equal(approved.status, 303);
    const conversation = await (await fetch(`${t.base}/posts/hello-world/conversation`)).json();
    assert.deepEqual(
      conversation.items.map((item: { id: number }) => item.id),
      [held.id],
    );
    assert.ok(t.published.includes('hello-world'), 'the public page is rebuilt');
  });

  it('answers a waiting reader with an owner reply that leaves "waiting for you"', async () => {
    const question = await (
      await postJson(`${t.base}/posts/hello-world/comments`, { name: 'Quentin', body: 'Any thoughts on this?' })
    ).json();
    await form(`/posts/hello-world/items/${question.id}/approve`, {});
    let summary = await (await admin('/api/summary', { headers: { accept: 'application/json' } })).json();
    assert.ok(
      summary.waiting.some((thread: { itemId: number }) => thread.itemId === question.id),
      'Quentin waits',
    );
    const answered = await form(`/posts/hello-world/items/${question.id}/answer`, { body: 'Yes: *threads* win.' });
    assert.equal(answered.status, 303);
    summary = await (await admin('/api/summary', { headers: { accept: 'application/json' } })).json();
    assert.ok(!summary.waiting.some((thread: { itemId: number }) => thread.itemId === question.id), 'no longer waiting');
    const conversation = await (await fetch(`${t.base}/posts/hello-world/conversation`)).json();
    const thread = conversation.items.find((item: { id: number }) => item.id === question.id);
    const reply = thread.children[0];
    assert.equal(reply.author.isOwner, true);
    assert.equal(reply.content.html, '<p>Yes: <em>threads</em> win.</p>');
    const queued = await t.db.execute({ sql: 'SELECT target FROM reply_webmentions WHERE interaction_id = ?', args: [reply.id] });
    assert.deepEqual(queued.rows, [], 'a comment is answered on the page only');
  });

  it('queues a Webmention to a webmention source with the answer, in the same commit', async () => {
    await t.db.execute({
      sql: `INSERT INTO interactions (post_slug, kind, origin, author_name, author_url, content_html, content_text, url, source_url, published, received, status)
            VALUES ('hello-world', 'reply', 'webmention', 'Mona', 'https://mona.example/', '<p>Hi</p>', 'Hi', 'https://mona.example/r/1', 'https://mona.example/r/1', ?, ?, 'published')`,
      args: [new Date().toISOString(), new Date().toISOString()],
    });
    const id = Number((await t.db.execute("SELECT id FROM interactions WHERE author_name = 'Mona'")).rows[0]?.id);
    await form(`/posts/hello-world/items/${id}/answer`, { body: 'Thanks, Mona.' });
    const queued = await t.db.execute(
      `SELECT r.target, r.status, i.parent_id, i.is_owner FROM reply_webmentions r JOIN interactions i ON i.id = r.interaction_id`,
    );
    assert.deepEqual(
      queued.rows.map((row) => ({ ...row })),
      [{ target: 'https://mona.example/r/1', status: 'queued', parent_id: id, is_owner: 1 }],
    );
  });

  it('marks spam, removes and restores; spam never reaches the public JSON or the JF2 feed', async () => {
    const spam = await (await postJson(`${t.base}/posts/hello-world/comments`, { name: 'Spammy', body: 'cheap pills' })).json();
    await form(`/posts/hello-world/items/${spam.id}/approve`, {});
    await form(`/posts/hello-world/items/${spam.id}/spam`, {});
    const visible = async () => {
      const conversation = await (await fetch(`${t.base}/posts/hello-world/conversation`)).json();
      const feed = await (
        await fetch(`${t.base}/mentions.jf2?target=${encodeURIComponent(`${SITE}/posts/hello-world/`)}&per-page=100`)
      ).json();
      return [JSON.stringify(conversation).includes('cheap pills'), JSON.stringify(feed).includes('cheap pills')];
    };
    assert.deepEqual(await visible(), [false, false]);
    await form(`/posts/hello-world/items/${spam.id}/restore`, {});
    assert.deepEqual(await visible(), [true, true]);
    await form(`/posts/hello-world/items/${spam.id}/remove`, {});
    assert.deepEqual(await visible(), [false, false]);
  });

  it('blocks a person: what they sent becomes spam and new comments are refused', async () => {
    const troll = await (
      await postJson(`${t.base}/posts/hello-world/comments`, { name: 'Troll', url: 'https://troll.example/', body: 'first' })
    ).json();
    await form(`/posts/hello-world/items/${troll.id}/approve`, {});
    const blocked = await form(`/posts/hello-world/items/${troll.id}/block-person`, {});
    assert.equal(blocked.status, 303);
    const row = await t.db.execute({ sql: 'SELECT status FROM interactions WHERE id = ?', args: [troll.id] });
    assert.equal(row.rows[0]?.status, 'spam');
    const again = await postJson(`${t.base}/posts/hello-world/comments`, {
      name: 'Troll II',
      url: 'http://www.troll.example',
      body: 'again',
    });
    assert.equal(again.status, 403);
  });

  it('blocks a domain for webmentions too', async () => {
    const troll = Number((await t.db.execute("SELECT id FROM interactions WHERE author_name = 'Mona'")).rows[0]?.id);
    await form(`/posts/hello-world/items/${troll}/block-domain`, {});
    const response = await fetch(`${t.base}/webmention`, {
      method: 'POST',
      body: new URLSearchParams({ source: 'https://sub.mona.example/x', target: `${SITE}/posts/hello-world/` }),
    });
    assert.equal(response.status, 400);
    assert.match((await response.json()).error.message, /not accepted here/);
  });

  it('refuses a cross-site POST and a form without its CSRF token, changing nothing', async () => {
    const victim = await (await postJson(`${t.base}/posts/hello-world/comments`, { name: 'Vic', body: 'keep me held' })).json();
    const crossSite = await form(`/posts/hello-world/items/${victim.id}/approve`, {}, { origin: 'https://evil.example' });
    assert.equal(crossSite.status, 403);
    const noToken = await admin(`/posts/hello-world/items/${victim.id}/approve`, { method: 'POST', body: new URLSearchParams({}) });
    assert.equal(noToken.status, 403);
    const row = await t.db.execute({ sql: 'SELECT status FROM interactions WHERE id = ?', args: [victim.id] });
    assert.equal(row.rows[0]?.status, 'pending');
  });

  it('serves a private Atom feed of activity at its token URL only', async () => {
    const feed = await fetch(`${t.origin}/admin/feed/feed-token-0123456789`);
    assert.equal(feed.status, 200);
    assert.match(feed.headers.get('content-type') ?? '', /application\/atom\+xml/);
    const xml = await feed.text();
    assert.match(xml, /<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/);
    assert.match(xml, /Quentin commented on “Hello, world”/);
    assert.equal((await fetch(`${t.origin}/admin/feed/feed-token-0123456780`)).status, 404);
  });

  it('ends a logged-out session everywhere: the old cookie stays dead', async () => {
    const out = await form('/logout', {});
    assert.equal(out.status, 303);
    const after = await admin('/api/summary', { headers: { accept: 'application/json' } });
    assert.equal(after.status, 401);
    const rows = await t.db.execute('SELECT count(*) AS n FROM sessions');
    assert.equal(Number(rows.rows[0]?.n), 0);
  });

  it('rate limits failed logins', async () => {
    let last = 0;
    for (let attempt = 0; attempt < 12; attempt += 1) {
      last = (
        await fetch(`${t.origin}/admin/login`, {
          method: 'POST',
          headers: { origin: SITE },
          body: new URLSearchParams({ token: `guess-${attempt}` }),
        })
      ).status;
    }
    assert.equal(last, 429);
  });
});

describe('a generated admin token', () => {
  it('is made once, kept only as its hash, and logs in', async () => {
    const { ensureAdminToken } = await import('../../api/services/admin-auth.ts');
    const { sha256Hex } = await import('../../api/core/crypto.ts');
    const t = await startTestServer();
    try {
      const token = await ensureAdminToken(t.db, undefined);
      assert.match(token ?? '', /^[0-9a-f]{64}$/);
      assert.equal(await ensureAdminToken(t.db, undefined), null, 'shown only the first time');
      const stored = await t.db.execute("SELECT value FROM settings WHERE key = 'admin_token_hash'");
      assert.equal(stored.rows[0]?.value, await sha256Hex(token!));
      const login = await fetch(`${t.origin}/admin/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { origin: SITE },
        body: new URLSearchParams({ token: token! }),
      });
      assert.equal(login.status, 303);
    } finally {
      await t.close();
    }
  });
});
