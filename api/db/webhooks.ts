import type { Db } from './client.ts';

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

/** Claims the next due delivery with a lease, as the webmention queue does. */
export async function claimDelivery(db: Db, owner: string, leaseMs: number, now = new Date()): Promise<Delivery | null> {
  const at = now.toISOString();
  const result = await db.execute({
    sql: `UPDATE webhook_deliveries SET lease_owner = ?, lease_until = ?, attempts = attempts + 1
          WHERE id = (SELECT id FROM webhook_deliveries
                      WHERE status = 'queued' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until < ?)
                      ORDER BY id LIMIT 1)
          RETURNING id, interaction_id, event, attempts`,
    args: [owner, new Date(now.getTime() + leaseMs).toISOString(), at, at],
  });
  const row = result.rows[0];
  return row ? { id: Number(row.id), interactionId: Number(row.interaction_id), event: String(row.event), attempts: Number(row.attempts) } : null;
}

export async function finishDelivery(db: Db, id: number, outcome: { status: 'delivered' | 'failed' | 'queued'; error?: string; retryAt?: Date }): Promise<void> {
  await db.execute({
    sql: `UPDATE webhook_deliveries SET status = ?, last_error = ?, next_attempt_at = coalesce(?, next_attempt_at),
            lease_owner = NULL, lease_until = NULL WHERE id = ?`,
    args: [outcome.status, outcome.error ?? null, outcome.retryAt?.toISOString() ?? null, id],
  });
}
