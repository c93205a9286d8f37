import type { Db } from '../db/client.ts';
import { claimDeployHook, finishDeployHook } from '../db/page-changes.ts';

export interface DeployHookDeps {
  db: Db;
  /** The static host's build or deploy hook (Cloudflare Pages, Netlify, Vercel: a POST starts a deploy). */
  url: string;
  /** At most one call per interval, across every instance on the database. */
  intervalMs: number;
  now: () => Date;
  timeoutMs?: number;
}

/**
 * Asks the static host to rebuild after new published interactions: POSTs the deploy hook when
 * the pages changed since the last successful call, at most once per interval. A failed call is
 * tried again after the interval. Returns what it did, or null when nothing was due.
 */
export async function callDeployHook(deps: DeployHookDeps): Promise<string | null> {
  const covered = await claimDeployHook(deps.db, deps.intervalMs, deps.now());
  if (covered === null) return null;
  let error: string;
  try {
    const response = await fetch(deps.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(deps.timeoutMs ?? 10_000),
      headers: { 'user-agent': 'Parley deploy hook' },
    });
    await response.body?.cancel().catch(() => undefined);
    if (response.ok) {
      await finishDeployHook(deps.db, { covered });
      return `deploy hook: called (${response.status}) for ${covered} page changes`;
    }
    error = `the deploy hook answered ${response.status}`;
  } catch (failure) {
    error = failure instanceof Error ? failure.message : String(failure);
  }
  await finishDeployHook(deps.db, { error });
  return `deploy hook: failed (${error}); will try again`;
}
