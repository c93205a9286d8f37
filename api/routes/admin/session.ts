import type { Context, MiddlewareHandler } from 'hono';
import { getSignedCookie } from 'hono/cookie';
import { timingSafeEqual } from 'hono/utils/buffer';
import { ApiError } from '../../core/errors.ts';
import type { Session } from '../../db/sessions.ts';
import { SESSION_COOKIE, sessionFor } from '../../services/admin-auth.ts';
import type { Services } from '../../services/context.ts';

export type AdminEnv = { Variables: { session: Session } };

/** The session behind the request's signed cookie, if it is still alive in the database. */
export async function currentSession(services: Services, c: Context): Promise<Session | null> {
  const id = await getSignedCookie(c, await services.secret(), SESSION_COOKIE);
  return sessionFor(services, id);
}

/**
 * Lets a request through only with a live session: pages send the browser to the login form,
 * everything else gets 401. State-changing requests must also carry the session's CSRF token
 * (on top of the Origin check of Hono's csrf middleware).
 */
export function requireSession(services: Services): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    const session = await currentSession(services, c);
    if (!session) {
      const wantsPage = c.req.method === 'GET' && (c.req.header('accept') ?? '').includes('text/html');
      if (wantsPage) return c.redirect(`/admin/login?next=${encodeURIComponent(c.req.path)}`, 302);
      throw new ApiError(401, 'unauthorized', 'Log in at /admin/login first');
    }
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
      const token = typeof body._csrf === 'string' ? body._csrf : '';
      if (!(await timingSafeEqual(token, session.csrfToken)))
        throw new ApiError(403, 'forbidden', 'This form has expired; reload the page and try again');
    }
    c.set('session', session);
    await next();
  };
}
