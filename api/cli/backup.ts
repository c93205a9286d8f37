import { existsSync } from 'node:fs';
import { loadConfig } from '../core/config.ts';
import { openMigratedDb } from '../node/open-db.ts';

/** A consistent copy of the database while the server runs: SQLite's VACUUM INTO. */
export async function backupCommand(args: string[]): Promise<number> {
  const target = args.find((arg) => !arg.startsWith('-'));
  if (!target || args.includes('--help') || args.includes('-h')) {
    console.log('Usage: parley backup <file>\n\nWrites a consistent copy of the embedded database to <file>, even while Parley runs.');
    return target ? 0 : 2;
  }
  if (existsSync(target)) {
    console.error(`parley backup: ${target} already exists; choose a new file name`);
    return 1;
  }
  const config = loadConfig(process.env);
  if (!config.databaseUrl.startsWith('file:')) {
    console.error('parley backup: DATABASE_URL is a remote server; back it up with its own tools (sqld or Turso)');
    return 1;
  }
  const { db } = await openMigratedDb(config);
  try {
    const started = Date.now();
    await db.execute({ sql: 'VACUUM INTO ?', args: [target] });
    console.log(`backed up ${config.databaseUrl} to ${target} in ${Date.now() - started} ms`);
    return 0;
  } finally {
    db.close();
  }
}
