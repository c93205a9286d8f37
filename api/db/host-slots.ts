import type { Db } from './client.ts';

/**
 * Claims one of the `slots` request slots of `host` for `owner` until `until`, or returns null when
 * all are held (by live leases). One write transaction: the slot rows are made on first use, then
 * the lowest free one is taken, so two processes never hold the same slot.
 */
export async function claimHostSlot(
  db: Db,
  claim: { host: string; slots: number; owner: string; until: Date; now: Date },
): Promise<number | null> {
  const values = Array.from({ length: claim.slots }, () => '(?, ?)').join(', ');
  const [, claimed] = await db.batch(
    [
      {
        sql: `INSERT OR IGNORE INTO host_slots (host, slot) VALUES ${values}`,
        args: Array.from({ length: claim.slots }, (_, slot) => [claim.host, slot]).flat(),
      },
      {
        sql: `UPDATE host_slots SET lease_owner = ?, lease_until = ?
              WHERE host = ? AND slot = (SELECT slot FROM host_slots
                                         WHERE host = ? AND slot < ? AND (lease_until IS NULL OR lease_until < ?)
                                         ORDER BY slot LIMIT 1)
              RETURNING slot`,
        args: [claim.owner, claim.until.toISOString(), claim.host, claim.host, claim.slots, claim.now.toISOString()],
      },
    ],
    'write',
  );
  const row = claimed?.rows[0];
  return row ? Number(row.slot) : null;
}

/** Moves a held slot's lease forward; false when it was lost (its lease ran out and another took it). */
export async function extendHostSlot(db: Db, slot: { host: string; slot: number; owner: string; until: Date }): Promise<boolean> {
  const result = await db.execute({
    sql: 'UPDATE host_slots SET lease_until = ? WHERE host = ? AND slot = ? AND lease_owner = ?',
    args: [slot.until.toISOString(), slot.host, slot.slot, slot.owner],
  });
  return result.rowsAffected > 0;
}

/** Gives a slot back, if this owner still holds it. */
export async function releaseHostSlot(db: Db, slot: { host: string; slot: number; owner: string }): Promise<void> {
  await db.execute({
    sql: 'UPDATE host_slots SET lease_owner = NULL, lease_until = NULL WHERE host = ? AND slot = ? AND lease_owner = ?',
    args: [slot.host, slot.slot, slot.owner],
  });
}
