import type { Db } from './client.ts';

export interface RateDecision {
  allowed: boolean;
  hits: number;
  /** Seconds until the window resets; what Retry-After says when refused. */
  retryAfter: number;
}

/**
 * Counts one hit for a key in a fixed window, in the database so every API instance shares the
 * count. The key's older windows are dropped in the same transaction, so the table stays small.
 */
export async function hitRateLimit(
  db: Db,
  key: string,
  limit: { max: number; windowSeconds: number },
  now = new Date(),
): Promise<RateDecision> {
  const seconds = Math.floor(now.getTime() / 1000);
  const windowStart = seconds - (seconds % limit.windowSeconds);
  const [counted] = await db.batch(
    [
      {
        sql: `INSERT INTO rate_limits (key, window_start, hits) VALUES (?, ?, 1)
              ON CONFLICT (key, window_start) DO UPDATE SET hits = hits + 1 RETURNING hits`,
        args: [key, windowStart],
      },
      { sql: 'DELETE FROM rate_limits WHERE key = ? AND window_start < ?', args: [key, windowStart] },
    ],
    'write',
  );
  const hits = Number(counted?.rows[0]?.hits ?? 1);
  return { allowed: hits <= limit.max, hits, retryAfter: Math.max(1, windowStart + limit.windowSeconds - seconds) };
}
