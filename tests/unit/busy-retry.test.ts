/**
 * The retry policy for a locked database. Seen for real when three instances write to one sqld
 * on a loaded machine (tests/reliability/concurrency.test.ts answered 500 with SQLITE_BUSY); here
 * the policy itself, on a client whose first answers are that error.
 */
import assert from 'node:assert/strict';
import type { Client } from '@libsql/client';
import { describe, it } from 'vitest';
import { retryWhenBusy } from '../../api/db/busy-retry.ts';

class LockedError extends Error {
  readonly code = 'SQLITE_BUSY';
}

function clientFailing(times: number, error: Error = new LockedError('SQLite error: database is locked')) {
  const calls: string[] = [];
  let left = times;
  const client = {
    async execute(sql: string) {
      calls.push(`execute ${sql}`);
      if (left-- > 0) throw error;
      return { rows: [{ ok: 1 }] };
    },
    async batch() {
      calls.push('batch');
      if (left-- > 0) throw error;
      return [];
    },
    close() {
      calls.push('close');
    },
  } as unknown as Client;
  return { client, calls };
}

const noWait = () => Promise.resolve();

describe('retryWhenBusy', () => {
  it('runs a statement again until the lock is free', async () => {
    const { client, calls } = clientFailing(3);
    const result = await retryWhenBusy(client, { sleep: noWait }).execute('SELECT 1');
    assert.deepEqual(result.rows, [{ ok: 1 }]);
    assert.equal(calls.length, 4);
  });

  it('runs a batch again, whole', async () => {
    const { client, calls } = clientFailing(2);
    await retryWhenBusy(client, { sleep: noWait }).batch([], 'write');
    assert.deepEqual(calls, ['batch', 'batch', 'batch']);
  });

  it('lets any other error through at once', async () => {
    const { client, calls } = clientFailing(1, new Error('no such table: nope'));
    await assert.rejects(retryWhenBusy(client, { sleep: noWait }).execute('SELECT * FROM nope'), /no such table/);
    assert.equal(calls.length, 1);
  });

  it('gives up after its time budget and says why', async () => {
    const { client, calls } = clientFailing(Number.POSITIVE_INFINITY);
    let clock = 0;
    const sleep = async (ms: number) => {
      clock += ms;
    };
    await assert.rejects(retryWhenBusy(client, { sleep, now: () => clock, budgetMs: 1_000 }).execute('SELECT 1'), /database is locked/);
    assert.ok(clock <= 1_000, 'no wait past the budget');
    assert.ok(calls.length > 3, 'retried meanwhile');
  });

  it('passes everything else through to the client', async () => {
    const { client, calls } = clientFailing(0);
    retryWhenBusy(client, { sleep: noWait }).close();
    assert.deepEqual(calls, ['close']);
  });
});
