import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Migration } from '../db/migrate.ts';

/**
 * Reads api/db/migrations/*.sql. Looks beside this file first and falls back to the project root,
 * because the static build bundles this module somewhere else.
 */
export function loadMigrations(): Migration[] {
  const candidates = [fileURLToPath(new URL('../db/migrations/', import.meta.url)), path.resolve(process.cwd(), 'api/db/migrations')];
  const dir = candidates.find((candidate) => existsSync(path.join(candidate, '0001_init.sql')));
  if (!dir) throw new Error(`migrations not found in ${candidates.join(' or ')}`);
  return readdirSync(dir)
    .filter((name) => name.endsWith('.sql'))
    .sort()
    .map((name) => ({ name, sql: readFileSync(path.join(dir, name), 'utf8') }));
}
