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

export async function getSetting(db: Db, key: string): Promise<string | null> {
  const result = await db.execute({ sql: 'SELECT value FROM settings WHERE key = ?', args: [key] });
  const row = result.rows[0];
  return row ? String(row.value) : null;
}

export async function setSetting(db: Db, key: string, value: string): Promise<void> {
  await db.execute({
    sql: 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    args: [key, value],
  });
}
