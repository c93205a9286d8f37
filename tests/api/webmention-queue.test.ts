import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { POSTS, startTestServer, type TestServer } from './_setup.ts';
import { type SourceServer, startSourceServer } from './_sources.ts';

const run = promisify(execFile);
const COUNT = 200;

describe('the webmention queue shared by two API processes', () => {
  let t: TestServer;
  let sources: SourceServer;
  beforeAll(async () => {
    t = await startTestServer();
    sources = await startSourceServer({ target: POSTS[0]!.url });
  });
  afterAll(async () => {
    await sources.close();
    await t.close();
  });

  it(`verifies ${COUNT} queued webmentions each exactly once, none lost, none left queued`, async () => {
    for (let n = 0; n < COUNT; n += 1) {
      const response = await fetch(`${t.base}/webmention`, {
        method: 'POST',
        body: new URLSearchParams({ source: sources.url(`/many/${n}`), target: POSTS[0]!.url }),
      });
      assert.equal(response.status, 201);
    }
    const env = { ...process.env, ...t.databaseEnv, PARLEY_ALLOW_PRIVATE_NETWORK: '1' };
    const workers = await Promise.all(
      [1, 2].map(() => run(process.execPath, ['--import', 'tsx', 'tests/api/_verifier-process.ts'], { env, timeout: 120_000 })),
    );
    const processed = workers.map(({ stdout }) => (JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { processed: number }).processed);
    assert.equal(processed[0]! + processed[1]!, COUNT, `each process verified ${processed.join(' and ')}`);
    assert.ok(
      processed.every((count) => count > 0),
      `both processes took part: ${processed.join(' and ')}`,
    );
    for (let n = 0; n < COUNT; n += 1) assert.equal(sources.hits.get(`/many/${n}`), 1, `/many/${n} fetched once`);
    const statuses = await t.db.execute('SELECT status, count(*) AS n FROM webmentions GROUP BY status');
    assert.deepEqual(
      statuses.rows.map((row) => [row.status, Number(row.n)]),
      [['accepted', COUNT]],
    );
    const interactions = await t.db.execute(
      "SELECT count(DISTINCT source_url) AS n, count(*) AS total FROM interactions WHERE origin = 'webmention'",
    );
    assert.equal(Number(interactions.rows[0]?.n), COUNT);
    assert.equal(Number(interactions.rows[0]?.total), COUNT);
  });
});
