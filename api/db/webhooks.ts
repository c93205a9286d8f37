import type { Db } from './client.ts';
import { claimDue, RELEASE_LEASE } from './leases.ts';

export interface Delivery {
  id: number;
  interactionId: number;
  event: string;
  attempts: number;
}

/**
 * Keeps the outbox filling until `until`: the triggers of migration 0006 queue a delivery while
 * this time is ahead. Only ever moved forward, so instances that deliver webhooks keep it on
 * together and one that does not cannot turn it off for them.
 */
export async function keepWebhooksOn(db: Db, until: Date): Promise<void> {
  await db.execute({
    sql: `INSERT INTO settings (key, value) VALUES ('webhook_until', ?)
          ON CONFLICT (key) DO UPDATE SET value = max(value, excluded.value)`,
    args: [until.toISOString()],
  });
}

/** Claims the next due delivery with a lease (see claimDue), in the order they were queued. */
export async function claimDelivery(db: Db, owner: string, leaseMs: number, now = new Date()): Promise<Delivery | null> {
  const row = await claimDue(db, 'webhook_deliveries', { owner, leaseMs, now, order: 'id' });
  return row
    ? { id: Number(row.id), interactionId: Number(row.interaction_id), event: String(row.event), attempts: Number(row.attempts) }
    : null;
}

export async function finishDelivery(
  db: Db,
  id: number,
  outcome: { status: 'delivered' | 'failed' | 'queued'; error?: string; retryAt?: Date },
): Promise<void> {
  await db.execute({
    sql: `UPDATE webhook_deliveries SET status = ?, last_error = ?, next_attempt_at = coalesce(?, next_attempt_at),
            ${RELEASE_LEASE} WHERE id = ?`,
    args: [outcome.status, outcome.error ?? null, outcome.retryAt?.toISOString() ?? null, id],
  });
}
