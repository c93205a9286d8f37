/** Temp databases for the reliability tests, and the checks they end with. */

import assert from 'node:assert/strict';
import type { Db } from '../../api/db/client.ts';
import { syncPosts } from '../../api/db/posts.ts';
import { openMigratedDb } from '../../api/node/open-db.ts';
import { createTestDatabase } from '../_database.ts';
import type { SentComment } from './_writers.ts';

export const POST = {
  slug: 'under-load',
  url: 'http://127.0.0.1:4321/posts/under-load/',
  title: 'Under load',
  published: '2026-05-01T10:00:00.000Z',
  updated: null,
};

export interface ReliabilityDatabase {
  dir: string;
  /** DATABASE_URL and, on sqld, DATABASE_AUTH_TOKEN: for processes and loadConfig. */
  env: Record<string, string>;
  db: Db;
  close(): Promise<void>;
}

export async function createDatabase(): Promise<ReliabilityDatabase> {
  const database = await createTestDatabase({ prefix: 'parley-reliability-' });
  const { db } = await openMigratedDb({ databaseUrl: database.url, databaseAuthToken: database.authToken });
  await syncPosts(db, [POST]);
  return {
    dir: database.dir,
    env: database.env,
    db,
    close: async () => {
      db.close();
      await database.close();
    },
  };
}

/** Every acknowledged comment is stored exactly once, as sent, under the parent it named. */
export async function assertAcknowledgedStored(db: Db, sent: SentComment[]): Promise<void> {
  const acknowledged = sent.filter((record) => record.id !== null);
  const rows = await db.execute({
    sql: 'SELECT id, parent_id, author_name, content_text FROM interactions WHERE post_slug = ?',
    args: [POST.slug],
  });
  const byToken = new Map<string, { id: number; parent: number | null; name: string; text: string }[]>();
  for (const row of rows.rows) {
    const token = /Comment (t\d+r\d+x\d+) /.exec(String(row.content_text))?.[1] ?? '';
    const list = byToken.get(token) ?? [];
    list.push({
      id: Number(row.id),
      parent: row.parent_id === null ? null : Number(row.parent_id),
      name: String(row.author_name),
      text: String(row.content_text),
    });
    byToken.set(token, list);
  }
  for (const record of acknowledged) {
    const stored = byToken.get(record.token) ?? [];
    assert.equal(stored.length, 1, `acknowledged comment ${record.token} is stored exactly once (found ${stored.length})`);
    assert.deepEqual(
      stored[0],
      { id: record.id, parent: record.parent, name: record.name, text: record.body },
      `comment ${record.token} is intact`,
    );
  }
  // a comment the server never acknowledged may be stored (the answer was lost in a crash), but only once
  for (const [token, stored] of byToken) assert.equal(stored.length, 1, `comment ${token} is stored once`);
}

export async function assertIntegrity(db: Db): Promise<void> {
  const check = await db.execute('PRAGMA integrity_check');
  assert.deepEqual(
    check.rows.map((row) => String(row[0])),
    ['ok'],
  );
  const orphans = await db.execute(
    'SELECT count(*) AS n FROM interactions c LEFT JOIN interactions p ON p.id = c.parent_id WHERE c.parent_id IS NOT NULL AND p.id IS NULL',
  );
  assert.equal(Number(orphans.rows[0]?.n), 0, 'every reply has its parent');
}
