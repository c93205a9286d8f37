import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Db } from '../../api/db/client.ts';
import { assertAcknowledgedStored, assertIntegrity, createDatabase, POST, type ReliabilityDatabase } from './_database.ts';
import { type ApiProcess, startApiProcess } from './_processes.ts';
import { runWriters, size } from './_writers.ts';

const TOTAL = size(600, 2_000);

describe('50 concurrent writers through three API processes on one database', () => {
  let database: ReliabilityDatabase;
  let db: Db;
  const apis: ApiProcess[] = [];
  beforeAll(async () => {
    database = await createDatabase();
    ({ db } = database);
    for (let n = 0; n < 3; n += 1) apis.push(await startApiProcess(database.env, { PARLEY_COMMENT_RATE_MAX: '1000000' }));
  });
  afterAll(async () => {
    await Promise.all(apis.map((api) => api.stop()));
    await database.close();
  });

  it(`stores each of ${TOTAL} acknowledged comments exactly once, replies under their parents`, async () => {
    const sent = await runWriters({ bases: apis.map((api) => api.url), slug: POST.slug, writers: 50, total: TOTAL, deadlineMs: 120_000 });
    const refused = sent.filter((record) => record.status !== 201);
    assert.deepEqual(
      refused.map((record) => record.status),
      [],
      'every comment was answered 201',
    );
    assert.equal(sent.length, TOTAL);
    assert.ok(sent.filter((record) => record.parent !== null).length > TOTAL / 5, 'many comments answer others');
    await assertAcknowledgedStored(db, sent);
    await assertIntegrity(db);
    const version = await db.execute({ sql: 'SELECT version FROM posts WHERE slug = ?', args: [POST.slug] });
    assert.equal(Number(version.rows[0]?.version), TOTAL, 'every comment bumped the version once');
  });
});
