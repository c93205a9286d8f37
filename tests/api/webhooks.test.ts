import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { keepWebhooksOn } from '../../api/db/webhooks.ts';
import { drainWebhooks } from '../../api/webhooks/deliver.ts';
import { type Listening, listenOnLoopback } from '../_loopback.ts';
import { postJson, startTestServer, type TestServer } from './_setup.ts';

const SECRET = 'webhook-secret-0123456789';

describe('PARLEY_WEBHOOK_URL', () => {
  let t: TestServer;
  const received: { body: string; signature: string; event: string }[] = [];
  let failNext = 0;
  const receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      if (failNext > 0) {
        failNext -= 1;
        response.writeHead(503).end();
        return;
      }
      received.push({ body, signature: String(request.headers['x-parley-signature']), event: String(request.headers['x-parley-event']) });
      response.writeHead(204).end();
    });
  });
  let url = '';
  let listening: Listening;

  beforeAll(async () => {
    listening = await listenOnLoopback(receiver);
    url = `${listening.base}/hook`;
    t = await startTestServer({ PARLEY_WEBHOOK_URL: url, PARLEY_WEBHOOK_SECRET: SECRET, PARLEY_MODERATION: 'pre' });
    await keepWebhooksOn(t.db, new Date(Date.now() + 600_000));
  });
  afterAll(async () => {
    await t.close();
    await listening.close();
  });

  const drain = () => drainWebhooks({ db: t.db, fetch, url, secret: SECRET, owner: 'test', now: () => new Date(), retryBaseMs: 0 });

  it('queues nothing for a held comment, and delivers it once approved, signed, after a failed try', async () => {
    const held = await (
      await postJson(`${t.base}/posts/hello-world/comments`, { name: 'Wendy', body: 'Hook me', email: 'wendy@example.org' })
    ).json();
    assert.deepEqual(await drain(), [], 'held items are not announced');
    await t.db.execute({ sql: "UPDATE interactions SET status = 'published' WHERE id = ?", args: [held.id] });
    failNext = 1;
    const lines = [...(await drain()), ...(await drain())];
    assert.deepEqual(
      lines.map((line) => line.replace(/\d+/, 'N')),
      ['webhook N: will retry (the webhook answered 503)', 'webhook N: delivered'],
    );
    assert.equal(received.length, 1);
    const [delivery] = received;
    assert.equal(delivery!.signature, `sha256=${createHmac('sha256', SECRET).update(delivery!.body).digest('hex')}`);
    assert.equal(delivery!.event, 'interaction.published');
    const payload = JSON.parse(delivery!.body);
    assert.equal(payload.interaction.id, held.id);
    assert.equal(payload.interaction.author.name, 'Wendy');
    assert.equal(payload.post.slug, 'hello-world');
    assert.ok(!delivery!.body.includes('wendy@example.org'), 'the email never leaves');
  });

  it('never makes a reader wait: a comment is answered while the webhook is down', async () => {
    receiver.closeAllConnections();
    const published = await startTestServer({ PARLEY_WEBHOOK_URL: 'http://127.0.0.1:9/down', PARLEY_WEBHOOK_SECRET: SECRET });
    try {
      await keepWebhooksOn(published.db, new Date(Date.now() + 600_000));
      const started = Date.now();
      const response = await postJson(`${published.base}/posts/hello-world/comments`, { name: 'Nell', body: 'Still answered' });
      assert.equal(response.status, 201);
      assert.ok(Date.now() - started < 2_000);
      const queued = await published.db.execute("SELECT count(*) AS n FROM webhook_deliveries WHERE status = 'queued'");
      assert.equal(Number(queued.rows[0]?.n), 1, 'the delivery waits in the outbox');
    } finally {
      await published.close();
    }
  });
});
