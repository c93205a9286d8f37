import type { Db } from './client.ts';

/**
 * Returns the stored value of a setting, creating it with `make()` the first time. Two instances
 * racing both insert-or-ignore and then read the same winner.
 */
export async function settingOrCreate(db: Db, key: string, make: () => string): Promise<string> {
  await db.execute({ sql: 'INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)', args: [key, make()] });
  const result = await db.execute({ sql: 'SELECT value FROM settings WHERE key = ?', args: [key] });
  return String(result.rows[0]?.value);
}
