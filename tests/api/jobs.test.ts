/** The list of background jobs both runtimes run, and the bounds every run keeps. */
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { backgroundJobs, type Job, type JobRuntime, runJobsOnce } from '../../api/jobs.ts';
import { countRows, startTestServer, type TestServer } from './_setup.ts';

describe('background jobs', () => {
  let t: TestServer;
  const runtime = (): JobRuntime => ({ db: t.db, fetch, owner: 'test', readPage: async () => null, pageWaitMs: 1_000 });

  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists every job the configuration asks for', () => {
    const names = (config: Record<string, string>) =>
      backgroundJobs({ ...t.config, ...loadOverrides(config) }, runtime()).map((job) => job.name);
    assert.deepEqual(names({}), ['webmentions', 'replies', 'purge']);
    assert.deepEqual(names({ webhook: 'https://hooks.example/in', hook: 'https://deploy.example/build' }), [
      'webmentions',
      'webhooks',
      'replies',
      'deploy-hook',
      'purge',
    ]);
  });

  it('purges rate-limit windows that are over for every limit, and keeps the others', async () => {
    const now = Math.floor(Date.now() / 1000);
    for (const [key, start] of [
      ['old', now - 2 * 86_400],
      ['yesterday', now - 86_401],
      ['recent', now - 3_600],
      ['current', now - (now % 60)],
    ] as const) {
      await t.db.execute({ sql: 'INSERT INTO rate_limits (key, window_start, hits) VALUES (?, ?, 1)', args: [key, start] });
    }
    const purge = backgroundJobs(t.config, runtime()).find((job) => job.name === 'purge') as Job;
    assert.deepEqual(await purge.run(Date.now() + 1_000), ['purged 2 expired rate-limit windows']);
    const left = await t.db.execute('SELECT key FROM rate_limits ORDER BY key');
    assert.deepEqual(
      left.rows.map((row) => row.key),
      ['current', 'recent'],
    );
    assert.deepEqual(await purge.run(Date.now() + 1_000), []);
  });

  it('takes no new work once the budget is spent, and one failing job does not stop the others', async () => {
    const at = new Date().toISOString();
    await t.db.execute({
      sql: `INSERT INTO webmentions (token, source, target, post_slug, status, next_attempt_at, received_at, updated_at)
            VALUES ('t1', 'https://a.example/1', 'http://127.0.0.1:4321/posts/hello-world/', 'hello-world', 'queued', ?, ?, ?)`,
      args: [at, at, at],
    });
    const jobs = backgroundJobs(t.config, runtime());
    const broken: Job = {
      name: 'purge',
      pollMs: 1_000,
      run: async () => {
        throw new Error('disk on fire');
      },
    };
    assert.deepEqual(await runJobsOnce([...jobs, broken], 0), ['purge failed: disk on fire']);
    assert.equal(await countRows(t.db, "SELECT count(*) AS n FROM webmentions WHERE status = 'queued' AND attempts = 0"), 1);
  });
});

/** Config fields for the optional jobs, set directly: loadConfig is tested on its own. */
function loadOverrides(options: Record<string, string>) {
  return {
    ...(options.webhook ? { webhook: { url: options.webhook, secret: 'a-secret-of-16-chars' } } : {}),
    ...(options.hook ? { deployHook: { url: options.hook, intervalSeconds: 60 } } : {}),
  };
}
