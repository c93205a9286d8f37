import { loadConfig } from '../core/config.ts';
import { openMigratedDb } from '../node/open-db.ts';

export async function migrateCommand(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log('Usage: parley migrate\n\nApplies the migrations in api/db/migrations that the database has not seen yet.');
    return 0;
  }
  const config = loadConfig(process.env);
  const { db, applied, total } = await openMigratedDb(config);
  try {
    if (applied.length) {
      for (const name of applied) console.log(`applied ${name}`);
      console.log(`${config.databaseUrl}: ${applied.length} migration(s) applied, ${total} in all`);
    } else {
      console.log(`${config.databaseUrl}: up to date (${total} migration(s))`);
    }
    return 0;
  } finally {
    db.close();
  }
}
