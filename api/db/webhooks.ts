import type { Db } from './client.ts';
import { claimDue, RELEASE_LEASE } from './leases.ts';

export interface Delivery {
  id: number;
  interactionId: number;
  event: string;
  attempts: number;
}

/** Turns the outbox on or off: the triggers of migration 0004 read this setting. */
export async function setWebhookEnabled(db: Db, enabled: boolean): Promise<void> {
  await db.execute({
    sql: "INSERT INTO settings (key, value) VALUES ('webhook_enabled', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    args: [enabled ? '1' : '0'],
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
