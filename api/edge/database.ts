import { createClient } from '@libsql/client/http';
import { ConfigError } from '../core/config.ts';
import type { Db } from '../db/client.ts';

/**
 * The URL the edge uses for the database: always HTTP. A WebSocket belongs to the request that
 * opened it in Workers, so a client reused by later requests could not use it, and an open
 * socket kept the scheduled handler from finishing. libsql:// is sent over HTTPS by the HTTP
 * client itself; ws:// and wss:// become http:// and https://.
 */
export function edgeDatabaseUrl(url: string): string {
  if (url.startsWith('file:')) {
    throw new ConfigError('DATABASE_URL', 'the edge has no files: use a libSQL server (libsql://… or https://…, e.g. Turso)');
  }
  return url.replace(/^wss:/, 'https:').replace(/^ws:/, 'http:');
}

/** One HTTP client for the isolate: it keeps no connection, so every request can use it. */
export function openEdgeDb(options: { url: string; authToken: string | undefined }): Db {
  return createClient({ url: edgeDatabaseUrl(options.url), authToken: options.authToken });
}
