import type { Db } from './client.ts';

/** The queue tables whose rows workers claim with a lease. */
export type LeasedQueue = 'webmentions' | 'webhook_deliveries' | 'reply_webmentions';

/** Ends a claim: what every statement that finishes or re-queues a row sets. */
export const RELEASE_LEASE = 'lease_owner = NULL, lease_until = NULL';

/**
 * Claims the next due row of a queue for `owner` with a lease, in one statement, so two workers on
 * one database never hold the same row. A lease that runs out (its worker died) makes the row
 * claimable again. Counts the attempt and returns the claimed row.
 */
export async function claimDue(
  db: Db,
  table: LeasedQueue,
  claim: { owner: string; leaseMs: number; now: Date; order: string },
): Promise<Record<string, unknown> | null> {
  const at = claim.now.toISOString();
  const result = await db.execute({
    sql: `UPDATE ${table} SET lease_owner = ?, lease_until = ?, attempts = attempts + 1
          WHERE id = (SELECT id FROM ${table}
                      WHERE status = 'queued' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until < ?)
                      ORDER BY ${claim.order} LIMIT 1)
          RETURNING *`,
    args: [claim.owner, new Date(claim.now.getTime() + claim.leaseMs).toISOString(), at, at],
  });
  return result.rows[0] ?? null;
}
