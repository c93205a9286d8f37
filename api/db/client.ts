import { type Client, createClient } from '@libsql/client';
import { retryWhenBusy } from './busy-retry.ts';

export type Db = Client;

export interface DbOptions {
  url: string;
  authToken?: string | undefined;
}

/**
 * Opens the database: an embedded file (file:...) or a remote libSQL server (libsql://, https://).
 * A file database is put in WAL mode so readers never wait for the writer, with FULL sync so a
 * comment acknowledged with 2xx survives a power cut, and waits for a busy lock instead of failing
 * when several API processes share the file. On a server, a locked database is retried the same way.
 *
 * @example const db = await openDb({ url: 'file:data/parley.db' });
 */
export async function openDb(options: DbOptions): Promise<Db> {
  const db = retryWhenBusy(createClient({ url: options.url, authToken: options.authToken, timeout: 5000 }));
  if (options.url.startsWith('file:')) {
    await db.execute('PRAGMA journal_mode = WAL');
    await db.execute('PRAGMA synchronous = FULL');
    await db.execute('PRAGMA foreign_keys = ON');
  }
  return db;
}
