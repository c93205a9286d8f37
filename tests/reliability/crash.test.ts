import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Db } from '../../api/db/client.ts';
import { assertAcknowledgedStored, assertIntegrity, createDatabase, POST, type ReliabilityDatabase } from './_database.ts';
import { type ApiProcess, startApiProcess } from './_processes.ts';
import { runWriters, type SentComment, size } from './_writers.ts';

const CYCLES = size(2, 6);

describe('an API process killed with SIGKILL under a writer load', () => {
  let database: ReliabilityDatabase;
  let db: Db;
  let api: ApiProcess | undefined;
  beforeAll(async () => {
    database = await createDatabase();
    ({ db } = database);
  });
  afterAll(async () => {
    await api?.stop();
    await database.close();
  });

  it(`keeps every acknowledged comment intact across ${CYCLES} crashes, and the database passes its integrity check`, async () => {
    const sent: SentComment[] = [];
    for (let cycle = 0; cycle < CYCLES; cycle += 1) {
      api = await startApiProcess(database.env, { PARLEY_COMMENT_RATE_MAX: '1000000' });
      const running = api;
      const killAt = 80 + cycle * 37;
      let killed = false;
      const kill = (count: number) => {
        if (killed || count < killAt) return;
        killed = true;
        running.child.kill('SIGKILL'); // mid-load: requests are in flight, some half-written
      };
      sent.push(
        ...(await runWriters({
          bases: [running.url],
          slug: POST.slug,
          writers: 20,
          total: 100_000,
          deadlineMs: 30_000,
          giveUpAfter: 3,
          onAcknowledged: kill,
        })),
      );
      assert.ok(
        killed,
        `cycle ${cycle}: the process was killed under load (${sent.filter((record) => record.id).length} acknowledged so far)`,
      );
      await running.stop();
    }
    // a restart on the same file recovers the journal and serves what was acknowledged
    api = await startApiProcess(database.env);
    const conversation = (await (await fetch(`${api.url}/api/posts/${POST.slug}/conversation`)).json()) as { summary: { replies: number } };
    const acknowledged = sent.filter((record) => record.id !== null);
    assert.ok(
      conversation.summary.replies >= acknowledged.length,
      `the restarted server shows ${conversation.summary.replies} of ${acknowledged.length} acknowledged`,
    );
    await assertAcknowledgedStored(db, sent);
    await assertIntegrity(db);
  });
});
