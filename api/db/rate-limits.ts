import type { InStatement } from '@libsql/client';
import type { Db } from './client.ts';

export interface RateDecision {
  allowed: boolean;
  hits: number;
  /** Seconds until the window resets; what Retry-After says when refused. */
  retryAfter: number;
}

export interface RateLimitHit {
  /** Counts the hit and returns the new count (first), then drops the key's older windows. */
  statements: InStatement[];
  /** True while the key's count in this window is within the limit: for statements that follow. */
  withinLimit: { sql: string; args: (string | number)[] };
  decide(hits: number): RateDecision;
}

/**
 * The statements that count one hit for a key in a fixed window, for a caller that runs them in
 * its own write transaction (a comment counts and is stored in one commit).
 */
export function rateLimitHit(key: string, limit: { max: number; windowSeconds: number }, now = new Date()): RateLimitHit {
  const seconds = Math.floor(now.getTime() / 1000);
  const windowStart = seconds - (seconds % limit.windowSeconds);
  return {
    statements: [
      {
        sql: `INSERT INTO rate_limits (key, window_start, hits) VALUES (?, ?, 1)
              ON CONFLICT (key, window_start) DO UPDATE SET hits = hits + 1 RETURNING hits`,
        args: [key, windowStart],
      },
      { sql: 'DELETE FROM rate_limits WHERE key = ? AND window_start < ?', args: [key, windowStart] },
    ],
    withinLimit: { sql: '(SELECT hits FROM rate_limits WHERE key = ? AND window_start = ?) <= ?', args: [key, windowStart, limit.max] },
    decide: (hits) => ({ allowed: hits <= limit.max, hits, retryAfter: Math.max(1, windowStart + limit.windowSeconds - seconds) }),
  };
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
  const hit = rateLimitHit(key, limit, now);
  const [counted] = await db.batch(hit.statements, 'write');
  return hit.decide(Number(counted?.rows[0]?.hits ?? 1));
}

/** Windows that started longer ago than this are over for every limit (the longest allowed is a day). */
const EXPIRED_AFTER_SECONDS = 86_400;

/**
 * Deletes the counts of windows that are over. A key's older windows go when it is hit again;
 * this drops those of clients that never came back. Returns how many rows went.
 */
export async function deleteExpiredRateLimits(db: Db, now = new Date()): Promise<number> {
  const cutoff = Math.floor(now.getTime() / 1000) - EXPIRED_AFTER_SECONDS;
  const result = await db.execute({ sql: 'DELETE FROM rate_limits WHERE window_start < ?', args: [cutoff] });
  return result.rowsAffected;
}
