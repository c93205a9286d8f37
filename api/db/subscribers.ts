import type { Db } from './client.ts';

export interface Subscriber {
  id: number;
  email: string;
  confirmedAt: string | null;
}

/** The recipient key of a subscriber's rows in the mail outbox. */
export const readerRecipient = (subscriberId: number) => `reader:${subscriberId}`;

export async function findSubscriber(db: Db, id: number): Promise<Subscriber | null> {
  const { rows } = await db.execute({ sql: 'SELECT id, email, confirmed_at FROM subscribers WHERE id = ?', args: [id] });
  const row = rows[0];
  return row
    ? { id: Number(row.id), email: String(row.email), confirmedAt: row.confirmed_at == null ? null : String(row.confirmed_at) }
    : null;
}

/** Confirms an address (again is fine); false when there is no such subscriber any more. */
export async function confirmSubscriber(db: Db, id: number, now: Date): Promise<boolean> {
  const result = await db.execute({
    sql: 'UPDATE subscribers SET confirmed_at = coalesce(confirmed_at, ?) WHERE id = ? RETURNING id',
    args: [now.toISOString(), id],
  });
  return result.rows.length > 0;
}

/** True while this subscriber still wants the answers to this comment. */
export async function isSubscribed(db: Db, subscriberId: number, interactionId: number): Promise<boolean> {
  const { rows } = await db.execute({
    sql: 'SELECT 1 FROM subscriptions WHERE subscriber_id = ? AND interaction_id = ?',
    args: [subscriberId, interactionId],
  });
  return rows.length > 0;
}

/**
 * Forgets a subscriber: the address, its subscriptions and its rows in the outbox (which hold no
 * address, but nothing is left to send). `whenUnused`: only when no subscription is left.
 */
function forget(subscriberId: number, whenUnused: boolean) {
  const unused = whenUnused ? ' AND NOT EXISTS (SELECT 1 FROM subscriptions WHERE subscriber_id = ?)' : '';
  const also = whenUnused ? [subscriberId] : [];
  return [
    { sql: `DELETE FROM mail_outbox WHERE recipient = ?${unused}`, args: [readerRecipient(subscriberId), ...also] },
    // when whenUnused, there is no subscription left to delete
    ...(whenUnused ? [] : [{ sql: 'DELETE FROM subscriptions WHERE subscriber_id = ?', args: [subscriberId] }]),
    { sql: `DELETE FROM subscribers WHERE id = ?${unused}`, args: [subscriberId, ...also] },
  ];
}

/**
 * Stops the mail about one thread: deletes the subscriber's subscriptions to any comment in it (the
 * root and everything under it), and the subscriber too when nothing is left. Returns how many
 * subscriptions went.
 */
export async function stopThread(db: Db, subscriberId: number, rootId: number): Promise<number> {
  const [deleted] = await db.batch(
    [
      {
        sql: `DELETE FROM subscriptions WHERE subscriber_id = ? AND interaction_id IN (
                WITH RECURSIVE thread(id) AS (
                  SELECT ? UNION ALL SELECT i.id FROM interactions i JOIN thread t ON i.parent_id = t.id)
                SELECT id FROM thread)`,
        args: [subscriberId, rootId],
      },
      ...forget(subscriberId, true),
    ],
    'write',
  );
  return deleted?.rowsAffected ?? 0;
}

/** Stops all mail to a subscriber: deletes the address and everything about it. */
export async function stopAll(db: Db, subscriberId: number): Promise<boolean> {
  const results = await db.batch(forget(subscriberId, false), 'write');
  return (results.at(-1)?.rowsAffected ?? 0) > 0;
}

/** Deletes addresses never confirmed once their link has expired (with a day to spare). */
export async function purgeUnconfirmed(db: Db, before: Date): Promise<number> {
  const { rows } = await db.execute({
    sql: 'SELECT id FROM subscribers WHERE confirmed_at IS NULL AND coalesce(confirm_requested_at, created_at) < ?',
    args: [before.toISOString()],
  });
  for (const row of rows) await db.batch(forget(Number(row.id), false), 'write');
  return rows.length;
}
