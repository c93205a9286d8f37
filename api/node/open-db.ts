import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../core/config.ts';
import { type Db, openDb } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { isUnreachable } from '../db/unreachable.ts';
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

/**
 * openMigratedDb, waiting up to `waitMs` for a database server that is not up yet (started at the
 * same moment by a Procfile, compose file or service manager), retrying once a second. A database
 * that answers with an error fails at once.
 */
export async function openMigratedDbWhenUp(
  config: Pick<Config, 'databaseUrl' | 'databaseAuthToken'>,
  options: { waitMs: number; onWait?: (reason: string) => void },
): Promise<{ db: Db; applied: string[]; total: number }> {
  // a file is there or not: only a server can be on its way up
  const deadline = Date.now() + (config.databaseUrl.startsWith('file:') ? 0 : options.waitMs);
  let told = false;
  for (;;) {
    try {
      return await openMigratedDb(config);
    } catch (error) {
      if (!isUnreachable(error) || Date.now() >= deadline) throw error;
      if (!told)
        options.onWait?.(error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error));
      told = true;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
}
