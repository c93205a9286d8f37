import { ApiError } from '../core/errors.ts';
import type { Db } from '../db/client.ts';
import { missingMigrations } from '../db/migrate.ts';

export interface SchemaGate {
  /** Why the API must not serve, or null when the database has every migration the code needs. */
  refusal(): Promise<ApiError | null>;
}

/**
 * Refuses to serve on a database older than the code: the edge never migrates (that is
 * `parley migrate`, from CI or a laptop), so it checks. Once up to date, the isolate stops
 * asking; until then every request asks again, so a migration is noticed at once.
 */
export function createSchemaGate(db: Db, expected: readonly string[] | null): SchemaGate {
  let upToDate = false;
  return {
    async refusal() {
      if (upToDate) return null;
      if (!expected) {
        return new ApiError(
          503,
          'schema_outdated',
          'This API was built without its list of migrations: build it with `npm run build:worker`',
        );
      }
      const missing = await missingMigrations(db, expected);
      if (!missing.length) {
        upToDate = true;
        return null;
      }
      return new ApiError(
        503,
        'schema_outdated',
        `The database is older than this API (missing ${missing.join(', ')}): run \`npx parley migrate\` against it, then try again`,
        {},
        { 'Retry-After': '60' },
      );
    },
  };
}
