import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../core/config.ts';
import { type Db, openDb } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { loadMigrations } from './migrations.ts';

/** The folder of an embedded database file, created if missing (e.g. data/ on a fresh clone). */
function ensureFolder(url: string): void {
  if (!url.startsWith('file:') || url.includes(':memory:')) return;
  const file = url.slice('file:'.length).split('?')[0] ?? '';
  if (file) mkdirSync(path.dirname(path.resolve(file.replace(/^\/\/(localhost)?(?=\/)/, ''))), { recursive: true });
}

/** Opens the configured database and brings its schema up to date. */
export async function openMigratedDb(
  config: Pick<Config, 'databaseUrl' | 'databaseAuthToken'>,
): Promise<{ db: Db; applied: string[]; total: number }> {
  ensureFolder(config.databaseUrl);
  const db = await openDb({ url: config.databaseUrl, authToken: config.databaseAuthToken });
  const migrations = loadMigrations();
  try {
    return { db, applied: await migrate(db, migrations), total: migrations.length };
  } catch (error) {
    db.close();
    throw error;
  }
}
