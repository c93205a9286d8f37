import { timingSafeEqual } from 'hono/utils/buffer';
import { clientKey } from '../core/client-key.ts';
import { randomSecret, sha256Hex } from '../core/crypto.ts';
import { ApiError } from '../core/errors.ts';
import type { Db } from '../db/client.ts';
import { hitRateLimit } from '../db/rate-limits.ts';
import { createSession, deleteSession, findSession, type Session } from '../db/sessions.ts';
import { getSetting } from '../db/settings.ts';
import type { Services } from './context.ts';

export const SESSION_COOKIE = 'parley_session';
export const SESSION_DAYS = 30;
const LOGIN_LIMIT = { max: 10, windowSeconds: 15 * 60 };

/**
 * Makes sure the author has a token: PARLEY_ADMIN_TOKEN when set; otherwise one generated on the
 * first start, of which only the hash is kept. Returns the new token, to be shown once, or null.
 */
export async function ensureAdminToken(db: Db, configured: string | undefined): Promise<string | null> {
  if (configured) return null;
  if (await getSetting(db, 'admin_token_hash')) return null;
  const token = randomSecret();
  await db.execute({
    sql: 'INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)',
    args: ['admin_token_hash', await sha256Hex(token)],
  });
  // another instance may have won the race: only the stored hash counts
  return (await getSetting(db, 'admin_token_hash')) === (await sha256Hex(token)) ? token : null;
}

/** Checks a login attempt: rate limited per client, compared in constant time. */
export async function checkToken(services: Services, token: string, clientAddress: string): Promise<void> {
  const key = await clientKey(await services.secret(), clientAddress);
  const decision = await hitRateLimit(services.db, `login:${key}`, LOGIN_LIMIT, services.now());
  if (!decision.allowed) {
    throw new ApiError(
      429,
      'rate_limited',
      `Too many login attempts; try again in ${Math.ceil(decision.retryAfter / 60)} minutes`,
      {},
      { 'Retry-After': String(decision.retryAfter) },
    );
  }
  const expected = services.config.adminToken
    ? await sha256Hex(services.config.adminToken)
    : await getSetting(services.db, 'admin_token_hash');
  const given = await sha256Hex(token);
  if (!expected || !(await timingSafeEqual(given, expected))) {
    throw new ApiError(401, 'unauthorized', 'That token is not right', { token: 'That token is not right' });
  }
}

export async function startSession(services: Services): Promise<{ id: string; session: Session }> {
  const id = randomSecret();
  const expires = new Date(services.now().getTime() + SESSION_DAYS * 86_400_000);
  const session: Session = { idHash: await sha256Hex(id), csrfToken: randomSecret(), expiresAt: expires.toISOString() };
  await createSession(services.db, session, services.now());
  return { id, session };
}

export async function sessionFor(services: Services, id: string | false | undefined): Promise<Session | null> {
  if (!id) return null;
  return findSession(services.db, await sha256Hex(id), services.now());
}

export async function endSession(services: Services, session: Session): Promise<void> {
  await deleteSession(services.db, session.idHash);
}

/** The feed token: PARLEY_FEED_TOKEN, or one generated once and kept (it is a URL, not a password). */
export async function feedToken(services: Services): Promise<string> {
  if (services.config.feedToken) return services.config.feedToken;
  const stored = await getSetting(services.db, 'feed_token');
  if (stored) return stored;
  await services.db.execute({ sql: 'INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)', args: ['feed_token', randomSecret()] });
  return (await getSetting(services.db, 'feed_token')) ?? '';
}
