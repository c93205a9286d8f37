import type { Db } from './client.ts';

export interface Migration {
  /** File name, e.g. 0001_init.sql: migrations apply in name order. */
  name: string;
  sql: string;
}

/**
 * Splits a migration into statements. Migrations are plain DDL, so a semicolon at the end of a line
 * ends a statement, except inside a trigger's BEGIN … END body; comments are dropped.
 */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let current: string[] = [];
  let inBody = false;
  for (const line of sql.split('\n')) {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('--')) continue;
    current.push(line);
    if (/^BEGIN$/i.test(trimmed)) inBody = true;
    const ends = inBody ? /^END;$/i.test(trimmed) : trimmed.endsWith(';');
    if (ends) {
      inBody = false;
      statements.push(current.join('\n').trim().replace(/;$/, ''));
      current = [];
    }
  }
  const rest = current.join('\n').trim();
  if (rest) statements.push(rest);
  return statements;
}

/**
 * Applies the migrations not applied yet, each in its own write transaction together with its
 * row in schema_migrations. Two processes starting at once are safe: the second one's insert of
 * the same name fails, its transaction rolls back, and the migration counts as applied.
 * Returns the names it applied.
 */
export async function migrate(db: Db, migrations: Migration[]): Promise<string[]> {
  await db.execute('CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
  const done = new Set((await db.execute('SELECT name FROM schema_migrations')).rows.map((row) => String(row.name)));
  const applied: string[] = [];
  for (const migration of [...migrations].sort((a, b) => a.name.localeCompare(b.name))) {
    if (done.has(migration.name)) continue;
    try {
      await db.batch(
        [
          { sql: 'INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)', args: [migration.name, new Date().toISOString()] },
          ...splitStatements(migration.sql),
        ],
        'write',
      );
      applied.push(migration.name);
    } catch (error) {
      const raced = await db.execute({ sql: 'SELECT 1 FROM schema_migrations WHERE name = ?', args: [migration.name] });
      if (raced.rows.length === 0) throw error;
    }
  }
  return applied;
}

/**
 * The names in `expected` that the database has not applied: all of them when it has no schema
 * yet. A database ahead of the code (applied names it does not know) is fine.
 */
export async function missingMigrations(db: Db, expected: readonly string[]): Promise<string[]> {
  let applied: Set<string>;
  try {
    applied = new Set((await db.execute('SELECT name FROM schema_migrations')).rows.map((row) => String(row.name)));
  } catch (error) {
    if (!/no such table/i.test(error instanceof Error ? error.message : String(error))) throw error;
    applied = new Set();
  }
  return expected.filter((name) => !applied.has(name));
}
