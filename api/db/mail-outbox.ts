import type { Db } from './client.ts';
import { RELEASE_LEASE } from './leases.ts';

export type MailKind = 'confirm' | 'reply' | 'author';

export interface MailRow {
  id: number;
  kind: MailKind;
  recipient: string;
  subscriberId: number | null;
  interactionId: number;
  attempts: number;
  createdAt: string;
}

/** Most rows one mail gathers: a digest longer than this goes out in parts. */
export const MAX_GROUP = 50;

function toRow(row: Record<string, unknown>): MailRow {
  return {
    id: Number(row.id),
    kind: String(row.kind) as MailKind,
    recipient: String(row.recipient),
    subscriberId: row.subscriber_id == null ? null : Number(row.subscriber_id),
    interactionId: Number(row.interaction_id),
    attempts: Number(row.attempts),
    createdAt: String(row.created_at),
  };
}

const list = (ids: number[]) => ids.map(() => '?').join(', ');

/**
 * Claims the next due mail with a lease, in one statement: the oldest due row and, for answers
 * and author alerts, every other queued row of the same recipient and kind, so they go out as one
 * mail. Two workers on one database never hold the same row; a dead worker's rows are claimed
 * again once its lease runs out. Attempts are not counted here: a claim is not a try (see retry).
 */
export async function claimMailGroup(db: Db, owner: string, leaseMs: number, now: Date): Promise<MailRow[]> {
  const at = now.toISOString();
  const free = '(lease_until IS NULL OR lease_until < ?)';
  const result = await db.execute({
    sql: `UPDATE mail_outbox SET lease_owner = ?, lease_until = ?
          WHERE id IN (
            SELECT o.id FROM mail_outbox o
            JOIN (SELECT id, recipient, kind FROM mail_outbox WHERE status = 'queued' AND next_attempt_at <= ? AND ${free}
                  ORDER BY next_attempt_at, id LIMIT 1) head
              ON o.recipient = head.recipient AND o.kind = head.kind AND (o.kind != 'confirm' OR o.id = head.id)
            WHERE o.status = 'queued' AND (o.lease_until IS NULL OR o.lease_until < ?)
            -- the head first: a recipient with more rows than a group holds still gets its due one
            ORDER BY o.id = head.id DESC, o.id LIMIT ${MAX_GROUP})
          RETURNING *`,
    args: [owner, new Date(now.getTime() + leaseMs).toISOString(), at, at, at],
  });
  return result.rows.map(toRow).sort((a, b) => a.id - b.id);
}

/** When the last mail of this kind went to this recipient (sent, or maybe sent). */
export async function lastMailAt(db: Db, recipient: string, kind: MailKind): Promise<string | null> {
  const { rows } = await db.execute({
    sql: "SELECT max(sent_at) AS at FROM mail_outbox WHERE recipient = ? AND kind = ? AND status IN ('sent', 'unknown')",
    args: [recipient, kind],
  });
  return rows[0]?.at == null ? null : String(rows[0].at);
}

/**
 * A recipient's window is not over: every queued row of theirs of this kind (claimed by this
 * worker or by nobody) waits until `until`, in one statement, without counting a try.
 */
export async function deferRecipient(
  db: Db,
  row: Pick<MailRow, 'recipient' | 'kind'>,
  until: Date,
  owner: string,
  now: Date,
): Promise<void> {
  await db.execute({
    sql: `UPDATE mail_outbox SET next_attempt_at = max(next_attempt_at, ?), ${RELEASE_LEASE}
          WHERE recipient = ? AND kind = ? AND status = 'queued' AND (lease_owner = ? OR lease_until IS NULL OR lease_until < ?)`,
    args: [until.toISOString(), row.recipient, row.kind, owner, now.toISOString()],
  });
}

/**
 * Marks claimed rows as being handed to the SMTP server, renewing the lease. From here on a
 * crash leaves them 'sending', and they are never sent again (see sweepAbandoned). False when
 * the claim was lost (the lease ran out and another worker took a row): then do not send.
 */
export async function markSending(db: Db, ids: number[], owner: string, leaseUntil: Date): Promise<boolean> {
  const result = await db.execute({
    sql: `UPDATE mail_outbox SET status = 'sending', lease_until = ?
          WHERE id IN (${list(ids)}) AND status = 'queued' AND lease_owner = ?`,
    args: [leaseUntil.toISOString(), ...ids, owner],
  });
  return result.rowsAffected === ids.length;
}

export async function markSent(db: Db, ids: number[], now: Date): Promise<void> {
  // 'unknown' too: a sweeper that gave up on a slow send must not hide that it went
  await db.execute({
    sql: `UPDATE mail_outbox SET status = 'sent', sent_at = ?, last_error = NULL, ${RELEASE_LEASE}
          WHERE id IN (${list(ids)}) AND status IN ('sending', 'unknown')`,
    args: [now.toISOString(), ...ids],
  });
}

/** The server certainly did not take the mail: queue it again for `retryAt`, counting the try. */
export async function retryMail(db: Db, ids: number[], error: string, retryAt: Date): Promise<void> {
  await db.execute({
    sql: `UPDATE mail_outbox SET status = 'queued', attempts = attempts + 1, last_error = ?, next_attempt_at = ?, ${RELEASE_LEASE}
          WHERE id IN (${list(ids)}) AND status IN ('queued', 'sending')`,
    args: [error.slice(0, 500), retryAt.toISOString(), ...ids],
  });
}

/** Ends rows: failed (given up), skipped (nothing to say any more) or unknown (maybe sent). */
export async function finishMail(
  db: Db,
  ids: number[],
  status: 'failed' | 'skipped' | 'unknown',
  error: string | null,
  now: Date,
): Promise<void> {
  if (!ids.length) return;
  await db.execute({
    sql: `UPDATE mail_outbox SET status = ?, last_error = ?, sent_at = CASE WHEN ? = 'unknown' THEN ? ELSE sent_at END, ${RELEASE_LEASE}
          WHERE id IN (${list(ids)}) AND status IN ('queued', 'sending')`,
    args: [status, error?.slice(0, 500) ?? null, status, now.toISOString(), ...ids],
  });
}

/**
 * Rows left 'sending' by a worker whose lease ran out: it died (or lost the line) after handing
 * the mail to the server, so the mail may have gone. They become 'unknown' and are not sent again.
 */
export async function sweepAbandoned(db: Db, now: Date): Promise<number[]> {
  const at = now.toISOString();
  const result = await db.execute({
    sql: `UPDATE mail_outbox SET status = 'unknown', sent_at = ?, last_error = 'the sender stopped after handing the mail to the SMTP server; not sent again', ${RELEASE_LEASE}
          WHERE status = 'sending' AND lease_until < ? RETURNING id`,
    args: [at, at],
  });
  return result.rows.map((row) => Number(row.id));
}

/** Deletes rows that are done and older than `before`: the outbox keeps no history past that. */
export async function purgeMail(db: Db, before: Date): Promise<number> {
  const result = await db.execute({
    sql: "DELETE FROM mail_outbox WHERE status IN ('sent', 'failed', 'skipped', 'unknown') AND created_at < ?",
    args: [before.toISOString()],
  });
  return result.rowsAffected;
}

/** How many rows are in each status, for the author's dashboard. */
export async function mailCounts(db: Db): Promise<Record<string, number>> {
  const { rows } = await db.execute('SELECT status, count(*) AS n FROM mail_outbox GROUP BY status');
  return Object.fromEntries(rows.map((row) => [String(row.status), Number(row.n)]));
}
