// the migration names, put in by the bundler (api/node/worker-bundle.ts) from api/db/migrations
declare const PARLEY_MIGRATIONS: readonly string[] | undefined;

/** The migrations this build of the edge entry was made with; null when built some other way. */
export const bundledMigrations: readonly string[] | null = typeof PARLEY_MIGRATIONS === 'undefined' ? null : PARLEY_MIGRATIONS;
