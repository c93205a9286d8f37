import assert from 'node:assert/strict';
import { afterAll, beforeAll, beforeEach, describe, it } from 'vitest';
import type { Db } from '../../api/db/client.ts';
import { goneSourcesToNotify, outgoingFrom } from '../../api/db/outgoing.ts';
import { syncPosts } from '../../api/db/posts.ts';
import { createGuardedFetch } from '../../api/node/net.ts';
import { openMigratedDb } from '../../api/node/open-db.ts';
import { DEFAULT_POLICY } from '../../api/webmention/guarded-fetch.ts';
import { deliverPlan, planSource } from '../../api/webmention/outbox.ts';
import { linksHash, type SourceState } from '../../api/webmention/plan.ts';
import { type SendOptions, sendWebmentions } from '../../api/webmention/send.ts';
import { createTestDatabase, type TestDatabase } from '../_database.ts';
import { DISCOVERY_CASES } from '../fixtures/discovery/cases.ts';
import { type Receivers, startReceivers } from './_receivers.ts';

const SOURCE = 'https://blog.example/posts/hello/';
const open: SendOptions = {
  fetch: createGuardedFetch({ allowPrivateNetwork: true }),
  policy: { ...DEFAULT_POLICY, timeoutMs: 2000, allowPrivateNetwork: true },
  retry: { attempts: 3, baseMs: 5 },
};

describe('sending Webmentions', () => {
  let r: Receivers;
  beforeAll(async () => {
    r = await startReceivers();
  });
  afterAll(async () => {
    await r.close();
  });
  beforeEach(() => r.reset());

  const send = (targets: string[], options: Partial<SendOptions> = {}) => sendWebmentions({ source: SOURCE, targets, ...open, ...options });

  describe('endpoint discovery: the 23 webmention.rocks cases, against a server', () => {
    for (const testCase of DISCOVERY_CASES) {
      it(`#${testCase.n} ${testCase.title}: only ${testCase.endpoint} receives it`, async () => {
        const target = r.url(testCase.path);
        const [result] = await send([target]);
        assert.equal(result?.outcome, 'sent', String(result?.detail));
        assert.equal(result?.endpoint, r.url(testCase.endpoint));
        assert.deepEqual(
          r.posts.map((post) => post.path),
          [testCase.endpoint],
          'exactly one POST, to the right endpoint',
        );
        assert.equal(r.posts[0]?.source, SOURCE);
        assert.equal(r.posts[0]?.target, target, 'the target is the URL linked, not where it redirects');
        assert.match(r.posts[0]?.contentType ?? '', /^application\/x-www-form-urlencoded/);
      });
    }
  });

  describe('what endpoints answer', () => {
    for (const status of [200, 201, 202]) {
      it(`takes ${status} as success`, async () => {
        const [result] = await send([r.url(`/status/${status}`)]);
        assert.equal(result?.outcome, 'sent');
        assert.equal(result?.status, status);
        assert.equal(r.postsTo(`/endpoint/${status}`).length, 1);
        if (status === 201) assert.match(result?.detail ?? '', /status at http:\/\/127\.0\.0\.1:\d+\/status\/of\/1/);
      });
    }

    it('takes a 4xx as final, keeps the reason and does not retry', async () => {
      const [result] = await send([r.url('/status/400')]);
      assert.equal(result?.outcome, 'rejected');
      assert.equal(result?.status, 400);
      assert.match(result?.detail ?? '', /source does not link to target/);
      assert.doesNotMatch(result?.detail ?? '', /<h1>/, 'tags are dropped from the reason');
      assert.equal(r.postsTo('/endpoint/400').length, 1);
    });

    it('retries a 5xx with backoff and succeeds when the endpoint recovers', async () => {
      const [result] = await send([r.url('/status/flaky')]);
      assert.equal(result?.outcome, 'sent');
      assert.equal(result?.status, 202);
      assert.equal(r.postsTo('/endpoint/flaky').length, 2);
      assert.equal(result?.attempts, 3, 'one discovery, two POSTs');
    });

    it('gives up on an endpoint that keeps failing after the retries, as a passing failure', async () => {
      const waits: number[] = [];
      const [result] = await send([r.url('/status/500')], { sleep: async (ms) => void waits.push(ms) });
      assert.equal(result?.outcome, 'failed');
      assert.match(result?.detail ?? '', /answered 500/);
      assert.equal(r.postsTo('/endpoint/500').length, 3);
      assert.deepEqual(waits, [5, 20], 'each wait four times the last');
    });

    it('retries a target that answers 5xx and a network error, then reports them', async () => {
      const closed = await startReceivers();
      const gone = closed.url('/page/x');
      await closed.close();
      const results = await send([r.url('/broken'), gone]);
      assert.deepEqual(
        results.map((result) => result.outcome),
        ['failed', 'failed'],
      );
      assert.equal(r.gets.get('/broken'), 3);
      assert.match(results[1]?.detail ?? '', /network error/);
      assert.equal(r.posts.length, 0);
    });

    it('reports a target without an endpoint as a normal outcome, and POSTs nothing', async () => {
      const [result] = await send([r.url('/no-endpoint')]);
      assert.equal(result?.outcome, 'no_endpoint');
      assert.equal(result?.endpoint, null);
      assert.equal(r.posts.length, 0);
    });

    it('discovers without sending on a dry run', async () => {
      const [result] = await send([r.url('/status/202')], { dryRun: true });
      assert.equal(result?.outcome, 'discovered');
      assert.equal(result?.endpoint, r.url('/endpoint/202'));
      assert.equal(r.posts.length, 0);
    });
  });

  describe('the private network guard', () => {
    it('sends nothing to loopback or private addresses however they are written', async () => {
      const port = new URL(r.base).port;
      const guarded = { fetch: createGuardedFetch({ allowPrivateNetwork: false }), policy: { ...DEFAULT_POLICY, timeoutMs: 2000 } };
      const targets = ['127.0.0.1', 'localhost', '127.1', '2130706433', '[::1]', '10.0.0.1', '169.254.169.254'].map(
        (host) => `http://${host}:${port}/status/202`,
      );
      const results = await send(targets, guarded);
      for (const result of results) {
        assert.equal(result.outcome, 'unreachable', result.target);
        assert.match(result.detail, /private or loopback/, result.target);
      }
      assert.equal(r.gets.size, 0, 'no request reached the server');
      assert.equal(r.posts.length, 0);
    });

    it('checks the address DNS returns at connect time, not only the name', async () => {
      // the name passes the literal check; the connection's lookup finds 127.0.0.1 and refuses it
      const connectGuard = {
        fetch: createGuardedFetch({ allowPrivateNetwork: false }),
        policy: { ...DEFAULT_POLICY, timeoutMs: 2000, allowPrivateNetwork: true },
      };
      const [result] = await send([r.url('/status/202').replace('127.0.0.1', 'localhost')], connectGuard);
      assert.equal(result?.outcome, 'unreachable');
      assert.match(result?.detail ?? '', /private or loopback/);
      assert.equal(r.gets.size, 0);
    });
  });

  it('sends to many targets of one host at most two at a time, in parallel', async () => {
    r.delayMs = 30;
    try {
      const targets = Array.from({ length: 12 }, (_, i) => r.url(`/page/${i}`));
      const results = await send(targets, { concurrency: 8 });
      assert.ok(results.every((result) => result.outcome === 'sent'));
      assert.equal(r.postsTo('/wm').length, 12);
      assert.equal(r.maxInFlight, 2);
    } finally {
      r.delayMs = 0;
    }
  });

  describe('state: what was sent, and sending again only what changed', () => {
    let database: TestDatabase;
    let db: Db;
    beforeAll(async () => {
      database = await createTestDatabase({ prefix: 'parley-send-' });
      ({ db } = await openMigratedDb({ databaseUrl: database.url, databaseAuthToken: database.authToken }));
    });
    afterAll(async () => {
      db.close();
      await database.close();
    });

    const run = async (source: string, state: SourceState, send: Partial<SendOptions> = {}) => {
      const plan = await planSource(db, source, state);
      return deliverPlan({ db, send: { ...open, ...send } }, plan);
    };
    const links = async (...paths: string[]): Promise<SourceState> => {
      const urls = paths.map((p) => r.url(p));
      return { links: urls, hash: await linksHash(urls) };
    };

    it('sends a new post once and stores each outcome; a second run sends nothing', async () => {
      const first = await run(SOURCE, await links('/page/a', '/page/b', '/status/400', '/no-endpoint'));
      assert.deepEqual(
        first.map((result) => [result.outcome, result.reason]),
        [
          ['sent', 'new'],
          ['sent', 'new'],
          ['rejected', 'new'],
          ['no_endpoint', 'new'],
        ],
      );
      const rows = await outgoingFrom(db, SOURCE);
      const a = rows.find((row) => row.target === r.url('/page/a'));
      assert.equal(a?.endpoint, r.url('/wm'));
      assert.equal(a?.outcome, 'sent');
      assert.equal(a?.httpStatus, 202);
      assert.equal(a?.linksHash, ((await links('/page/a', '/page/b', '/status/400', '/no-endpoint')) as { hash: string }).hash);
      assert.ok(a && Date.now() - Date.parse(a.sentAt) < 60_000);
      const refused = rows.find((row) => row.target === r.url('/status/400'));
      assert.match(refused?.response ?? '', /source does not link to target/);

      r.reset();
      const second = await run(SOURCE, await links('/page/b', '/page/a', '/status/400', '/no-endpoint'));
      assert.deepEqual(second, []);
      assert.equal(r.posts.length + r.gets.size, 0, 'no request at all');
    });

    it('notifies a removed link once more, resends the others, then rests', async () => {
      const changed = await run(SOURCE, await links('/page/a', '/status/400', '/no-endpoint'));
      const byTarget = new Map(changed.map((result) => [result.target, result.reason]));
      assert.equal(byTarget.get(r.url('/page/b')), 'removed');
      assert.equal(byTarget.get(r.url('/page/a')), 'changed');
      assert.equal(r.posts.filter((post) => post.target === r.url('/page/b')).length, 1, 'the removed link hears of it');
      assert.equal((await outgoingFrom(db, SOURCE)).find((row) => row.target === r.url('/page/b'))?.linked, false);

      r.reset();
      assert.deepEqual(await run(SOURCE, await links('/page/a', '/status/400', '/no-endpoint')), []);
      assert.equal(r.posts.length, 0);
    });

    it('retries a passing failure on the next run, and only that', async () => {
      const source = 'https://blog.example/posts/flaky/';
      const state = await links('/page/c', '/status/500');
      const first = await run(source, state, { retry: { attempts: 1, baseMs: 0 } });
      assert.deepEqual(
        first.map((result) => result.outcome),
        ['sent', 'failed'],
      );
      r.reset();
      const second = await run(source, state, { retry: { attempts: 1, baseMs: 0 } });
      assert.deepEqual(
        second.map((result) => [result.target, result.reason]),
        [[r.url('/status/500'), 'retry']],
      );
    });

    it('notifies every former target of a post that is gone, once', async () => {
      const post = {
        slug: 'leaving',
        url: 'https://blog.example/posts/leaving/',
        title: 'Leaving',
        published: '2026-05-01T00:00:00.000Z',
        updated: null,
      };
      await syncPosts(db, [post]);
      await run(post.url, await links('/page/d', '/page/e'));
      assert.deepEqual(await goneSourcesToNotify(db), [], 'a published post is not gone');

      await syncPosts(db, []); // the next build no longer has it: deleted, or a draft again
      assert.deepEqual(await goneSourcesToNotify(db), [post.url]);
      r.reset();
      const farewell = await run(post.url, 'gone');
      assert.deepEqual(
        farewell.map((result) => [result.target, result.reason, result.outcome]),
        [
          [r.url('/page/d'), 'gone', 'sent'],
          [r.url('/page/e'), 'gone', 'sent'],
        ],
      );
      assert.ok(r.posts.every((sent) => sent.source === post.url));
      assert.deepEqual(await goneSourcesToNotify(db), [], 'nothing left to tell');
      r.reset();
      assert.deepEqual(await run(post.url, 'gone'), []);
    });
  });
});
