import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Db } from '../../api/db/client.ts';
import { createDatabase, POST, type ReliabilityDatabase } from './_database.ts';
import { type ApiProcess, startApiProcess } from './_processes.ts';

const MAX = 5;

describe('the comment rate limit shared by two API processes', () => {
  let database: ReliabilityDatabase;
  let db: Db;
  const apis: ApiProcess[] = [];
  beforeAll(async () => {
    database = await createDatabase();
    ({ db } = database);
    for (let n = 0; n < 2; n += 1)
      apis.push(
        await startApiProcess(database.env, { PARLEY_COMMENT_RATE_MAX: String(MAX), PARLEY_COMMENT_RATE_WINDOW: '3600', TRUST_PROXY: '1' }),
      );
  });
  afterAll(async () => {
    await Promise.all(apis.map((api) => api.stop()));
    await database.close();
  });

  const post = (api: ApiProcess, client: string, n: number) =>
    fetch(`${api.url}/api/posts/${POST.slug}/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
      body: JSON.stringify({ name: 'Limited', body: `Try ${n} from ${client}` }),
    }).then((response) => response.status);

  it(`lets one client post ${MAX} comments in all, whichever process answers, even all at once`, async () => {
    const statuses = await Promise.all(Array.from({ length: 30 }, (_, n) => post(apis[n % 2]!, '198.51.100.7', n)));
    assert.equal(statuses.filter((status) => status === 201).length, MAX);
    assert.equal(statuses.filter((status) => status === 429).length, 30 - MAX);
    const stored = await db.execute({ sql: "SELECT count(*) AS n FROM interactions WHERE content_text LIKE '%198.51.100.7'", args: [] });
    assert.equal(Number(stored.rows[0]?.n), MAX);
  });

  it('counts each client on its own', async () => {
    const statuses = await Promise.all(
      ['198.51.100.8', '198.51.100.9'].flatMap((client) => Array.from({ length: 8 }, (_, n) => post(apis[n % 2]!, client, n))),
    );
    assert.equal(statuses.filter((status) => status === 201).length, 2 * MAX);
  });
});
