/**
 * What the edge does on its scheduled trigger and around it, in workerd against sqld: the author
 * answers a webmention from /admin, the static host's deploy hook is called, and once the
 * redeployed page holds the answer a Webmention goes to the source; webhooks are delivered signed;
 * a database older than the code is refused with 503; private addresses are refused.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { openDb } from '../../api/db/client.ts';
import { migrate } from '../../api/db/migrate.ts';
import { loadMigrations } from '../../api/node/migrations.ts';
import { createTestDatabase } from '../_database.ts';
import { type Listening, listenOnLoopback } from '../_loopback.ts';
import { waitUntil } from '../_wait.ts';
import { type EdgeApi, removeWorkerBundles, SLUG, startEdgeApi } from './_edge.ts';

const TOKEN = 'edge-admin-token-0123456789';
const SECRET = 'edge-webhook-secret-0123';

describe('the edge on its schedule', () => {
  let api: EdgeApi;
  let other: Listening;
  let webhook: Listening;
  const mentions: URLSearchParams[] = [];
  const deliveries: { body: string; signature: string }[] = [];

  beforeAll(async () => {
    // another site: a note answering our post, with its own Webmention endpoint
    other = await listenOnLoopback(
      createServer((request, response) => {
        let body = '';
        request.on('data', (chunk) => (body += chunk));
        request.on('end', () => {
          if (request.method === 'POST') {
            mentions.push(new URLSearchParams(body));
            response.writeHead(202).end();
            return;
          }
          response.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><link rel="webmention" href="/webmention">
            <article class="h-entry"><a class="u-in-reply-to" href="${api.postUrl}">your post</a>
            <a class="p-author h-card" href="${other.base}/">Nia Neighbour</a><p class="e-content">Where did they go?</p></article>`);
        });
      }),
    );
    webhook = await listenOnLoopback(
      createServer((request, response) => {
        let body = '';
        request.on('data', (chunk) => (body += chunk));
        request.on('end', () => {
          deliveries.push({ body, signature: String(request.headers['x-parley-signature']) });
          response.writeHead(204).end();
        });
      }),
    );
    api = await startEdgeApi({ PARLEY_ADMIN_TOKEN: TOKEN, PARLEY_WEBHOOK_URL: `${webhook.base}/hook`, PARLEY_WEBHOOK_SECRET: SECRET });
  });
  afterAll(async () => {
    await api?.close();
    await other?.close();
    await webhook?.close();
    await removeWorkerBundles();
  });

  it('delivers a webhook for a published comment, signed', async () => {
    // the schedule turns the outbox on (PARLEY_WEBHOOK_URL), as a fresh deployment's first run does
    await api.scheduled();
    const posted = await fetch(`${api.base}/posts/${SLUG}/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Hana', body: 'Hook me' }),
    });
    assert.equal(posted.status, 201);
    const { id } = await posted.json();
    await api.scheduled();
    assert.equal(deliveries.length, 1);
    const delivery = deliveries[0];
    assert.equal(
      delivery?.signature,
      `sha256=${createHmac('sha256', SECRET)
        .update(delivery?.body ?? '')
        .digest('hex')}`,
    );
    assert.equal(JSON.parse(delivery?.body ?? '{}').interaction.id, id);
  });

  it('calls the deploy hook once after new published interactions', async () => {
    assert.equal(api.site.deploys, 1, 'the run after the comment above deployed, once');
    assert.ok(api.site.shown.size > 0, 'with the comment on the page');
    await api.scheduled();
    assert.equal(api.site.deploys, 1, 'nothing new since');
  });

  it('sends the answer to a webmention once the redeployed page holds it', async () => {
    const sent = await fetch(`${api.base}/webmention`, {
      method: 'POST',
      body: new URLSearchParams({ source: `${other.base}/note`, target: api.postUrl }),
    });
    assert.equal(sent.status, 201);
    await api.scheduled();
    const webmention = await api.db.execute({ sql: 'SELECT id FROM interactions WHERE source_url = ?', args: [`${other.base}/note`] });
    const itemId = Number(webmention.rows[0]?.id);
    assert.ok(itemId > 0, 'the webmention was verified');

    // the author, in /admin on the API's origin
    const login = await fetch(`${api.origin}/admin/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: api.origin },
      body: new URLSearchParams({ token: TOKEN }),
    });
    assert.equal(login.status, 303);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const page = await (await fetch(`${api.origin}/admin/posts/${SLUG}`, { headers: { cookie } })).text();
    assert.match(page, /Nia Neighbour/);
    const csrf = /name="_csrf" value="([0-9a-f]+)"/.exec(page)?.[1] ?? '';
    const answered = await fetch(`${api.origin}/admin/posts/${SLUG}/items/${itemId}/answer`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, origin: api.origin },
      body: new URLSearchParams({ _csrf: csrf, body: 'They are coming back, Nia.' }),
    });
    assert.equal(answered.status, 303);
    const replyId = Number(/#item-(\d+)$/.exec(answered.headers.get('location') ?? '')?.[1]);
    assert.ok(replyId > 0);
    assert.equal(mentions.length, 0, 'nothing is sent before the page holds the answer');

    // the next runs: the deploy hook redeploys the page, then the answer goes out, once
    await waitUntil(
      async () => {
        await api.scheduled();
        return mentions.length > 0;
      },
      { tries: 10, everyMs: 600 },
    );
    assert.ok(api.site.shown.has(replyId), 'the static host was redeployed with the answer');
    assert.equal(mentions.length, 1);
    assert.equal(mentions[0]?.get('source'), `${api.postUrl}#comment-${replyId}`);
    assert.equal(mentions[0]?.get('target'), `${other.base}/note`);
    await api.scheduled();
    assert.equal(mentions.length, 1, 'sent once');
  });

  it('refuses a source on a private address unless told to allow it', async () => {
    await api.rebind({ PARLEY_ALLOW_PRIVATE_NETWORK: '0' });
    try {
      const sent = await fetch(`${api.base}/webmention`, {
        method: 'POST',
        body: new URLSearchParams({ source: `${other.base}/private`, target: api.postUrl }),
      });
      assert.equal(sent.status, 201);
      await api.scheduled();
      const status = await (await fetch(sent.headers.get('location') ?? '')).json();
      assert.equal(status.status, 'rejected');
      assert.match(status.reason, /127\.0\.0\.1 is a private or loopback address/);
    } finally {
      await api.rebind({});
    }
  });

  it('refuses to serve, with 503, a database older than its code', async () => {
    const older = await createTestDatabase({ kind: 'sqld', prefix: 'parley-edge-old-' });
    const db = await openDb({ url: older.url, authToken: older.authToken });
    try {
      const migrations = loadMigrations();
      await migrate(db, migrations.slice(0, -1));
      const missing = migrations.at(-1)?.name ?? '';
      await api.rebind({ DATABASE_URL: older.url, DATABASE_AUTH_TOKEN: older.authToken ?? '' });
      for (const path of ['/api/health', `/api/posts/${SLUG}/conversation`, '/admin/login']) {
        const refused = await fetch(`${api.origin}${path}`);
        assert.equal(refused.status, 503, path);
        const { error } = await refused.json();
        assert.equal(error.code, 'schema_outdated');
        assert.match(error.message, new RegExp(`missing ${missing.replace('.', '\\.')}.*parley migrate`));
      }
      await api.scheduled(); // does nothing on an old schema, and does not fail
      await migrate(db, migrations);
      assert.equal((await fetch(`${api.base}/health`)).status, 200, 'served as soon as it is migrated');
    } finally {
      await api.rebind({});
      db.close();
      await older.close();
    }
  });

  it('answers 503 with a pointer to its log when its configuration is wrong', async () => {
    await api.rebind({ DATABASE_URL: 'file:data/parley.db' });
    try {
      const refused = await fetch(`${api.base}/health`);
      assert.equal(refused.status, 503);
      assert.deepEqual(await refused.json(), {
        error: { code: 'internal', message: 'The API is not configured correctly; its log says why' },
      });
    } finally {
      await api.rebind({});
    }
  });
});
