import type { InStatement } from '@libsql/client';
import type { Db } from './client.ts';
import { claimDue, RELEASE_LEASE } from './leases.ts';

/** A queued Webmention from a reply's permalink to the page it answers. */
export interface ReplyWebmention {
  id: number;
  interactionId: number;
  target: string;
  attempts: number;
  createdAt: string;
}

/**
 * Statements that queue Webmentions from the interaction just inserted to `targets`, for the
 * caller's write transaction, right after the INSERT of that interaction: they queue nothing
 * when that INSERT stored no row (a comment the rate limit refused). Any reply can be queued
 * this way: the author's answer to a webmention, or a reply to a comment whose author has a site.
 */
export function queueReplyWebmentions(targets: readonly string[], now = new Date()): InStatement[] {
  const at = now.toISOString();
  // changes() is the row count of the previous statement: the interaction's INSERT for the first
  // target, this same INSERT for the next ones, so one refused insert queues none of them
  return [...new Set(targets)].map((target) => ({
    sql: `INSERT INTO reply_webmentions (interaction_id, target, next_attempt_at, created_at)
          SELECT (SELECT max(id) FROM interactions), ?, ?, ? WHERE changes() = 1`,
    args: [target, at, at],
  }));
}

/** Claims the next due row with a lease (see claimDue), oldest first. */
export async function claimReplyWebmention(db: Db, owner: string, leaseMs: number, now = new Date()): Promise<ReplyWebmention | null> {
  const row = await claimDue(db, 'reply_webmentions', { owner, leaseMs, now, order: 'id' });
  return row
    ? {
        id: Number(row.id),
        interactionId: Number(row.interaction_id),
        target: String(row.target),
        attempts: Number(row.attempts),
        createdAt: String(row.created_at),
      }
    : null;
}

/** Ends a claim: sent, failed for good, or queued again at `retryAt`. */
export async function finishReplyWebmention(
  db: Db,
  id: number,
  outcome: { status: 'sent' | 'failed' | 'queued'; error?: string; retryAt?: Date },
): Promise<void> {
  await db.execute({
    sql: `UPDATE reply_webmentions SET status = ?, last_error = ?, next_attempt_at = coalesce(?, next_attempt_at), ${RELEASE_LEASE}
          WHERE id = ?`,
    args: [outcome.status, outcome.error ?? null, outcome.retryAt?.toISOString() ?? null, id],
  });
}

/** How many reply Webmentions wait to be sent. */
export async function countQueuedReplyWebmentions(db: Db): Promise<number> {
  const result = await db.execute("SELECT count(*) AS n FROM reply_webmentions WHERE status = 'queued'");
  return Number(result.rows[0]?.n ?? 0);
}

/** Why a row waits: its reply is not on the public page yet. */
export const NOT_ON_PAGE = 'the reply is not on its page yet';

/** The pages were rebuilt: rows waiting for their reply to appear there are due at once. */
export async function replyPagesChanged(db: Db, now = new Date()): Promise<void> {
  await db.execute({
    sql: `UPDATE reply_webmentions SET next_attempt_at = ?
          WHERE status = 'queued' AND last_error = ? AND next_attempt_at > ? AND lease_owner IS NULL`,
    args: [now.toISOString(), NOT_ON_PAGE, now.toISOString()],
  });
}
