import type { Db } from './client.ts';

/** After a failed call, the next waits at least this long, whatever the interval. */
const RETRY_AFTER_FAILURE_MS = 60_000;

/** The number of the latest change to any post's conversation (migration 0008). */
const LATEST_CHANGE = '(SELECT coalesce(max(change_seq), 0) FROM posts)';

/**
 * Claims the deploy hook call: succeeds for one caller at most once per interval, and only while
 * the pages changed since the last successful call. Returns the change number the call covers.
 */
export async function claimDeployHook(db: Db, intervalMs: number, now = new Date()): Promise<number | null> {
  const since = (ms: number) => new Date(now.getTime() - ms).toISOString();
  const result = await db.execute({
    sql: `UPDATE deploy_hook SET hook_called_at = ?, covering = ${LATEST_CHANGE}
          WHERE id = 1 AND ${LATEST_CHANGE} > deployed
            AND (hook_called_at IS NULL OR hook_called_at <= CASE WHEN last_error IS NULL THEN ? ELSE ? END)
          RETURNING covering`,
    args: [now.toISOString(), since(intervalMs), since(Math.max(intervalMs, RETRY_AFTER_FAILURE_MS))],
  });
  const row = result.rows[0];
  return row ? Number(row.covering) : null;
}

/** Records a call's outcome: on success, the changes it covered are deployed. */
export async function finishDeployHook(db: Db, outcome: { covered: number } | { error: string }): Promise<void> {
  await db.execute(
    'covered' in outcome
      ? { sql: 'UPDATE deploy_hook SET deployed = max(deployed, ?), last_error = NULL WHERE id = 1', args: [outcome.covered] }
      : { sql: 'UPDATE deploy_hook SET last_error = ? WHERE id = 1', args: [outcome.error] },
  );
}

export interface PageChanges {
  /** The latest change to the pages. */
  changes: number;
  /** The latest change a successful deploy hook call covered. */
  deployed: number;
  hookCalledAt: string | null;
  lastError: string | null;
}

export async function readPageChanges(db: Db): Promise<PageChanges> {
  const row = (await db.execute(`SELECT *, ${LATEST_CHANGE} AS changes FROM deploy_hook WHERE id = 1`)).rows[0];
  return {
    changes: Number(row?.changes ?? 0),
    deployed: Number(row?.deployed ?? 0),
    hookCalledAt: row?.hook_called_at == null ? null : String(row.hook_called_at),
    lastError: row?.last_error == null ? null : String(row.last_error),
  };
}
