import { type Context, Hono } from 'hono';
import { deleteCookie, setSignedCookie } from 'hono/cookie';
import { ApiError } from '../../core/errors.ts';
import { checkToken, endSession, SESSION_COOKIE, SESSION_DAYS, startSession } from '../../services/admin-auth.ts';
import type { Services } from '../../services/context.ts';
import { LoginPage } from '../../views/admin/login.tsx';
import { type AdminEnv, currentSession, requireSession } from './session.ts';

/** Only paths inside /admin are followed after logging in, so the form cannot redirect elsewhere. */
function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/admin(\/[\w\-./%]*)?$/.test(next) && !next.includes('//') ? next : '/admin';
}

export function loginRoutes(services: Services, clientAddress: (c: Context) => string): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  const { siteUrl } = services.config;

  app.get('/login', async (c) => {
    if (await currentSession(services, c)) return c.redirect('/admin', 303);
    return c.html(<LoginPage siteUrl={siteUrl} next={safeNext(c.req.query('next'))} />);
  });

  app.post('/login', async (c) => {
    const body = await c.req.parseBody();
    const next = safeNext(body.next);
    try {
      await checkToken(services, typeof body.token === 'string' ? body.token : '', clientAddress(c));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      return c.html(<LoginPage siteUrl={siteUrl} next={next} error={error.message} />, error.status, error.headers);
    }
    const { id } = await startSession(services);
    await setSignedCookie(c, SESSION_COOKIE, id, await services.secret(), {
      httpOnly: true,
      sameSite: 'Strict',
      secure: siteUrl.startsWith('https:'),
      path: '/admin',
      maxAge: SESSION_DAYS * 86_400,
    });
    return c.redirect(next, 303);
  });

  app.post('/logout', requireSession(services), async (c) => {
    await endSession(services, c.get('session'));
    deleteCookie(c, SESSION_COOKIE, { path: '/admin' });
    return c.redirect('/admin/login', 303);
  });

  return app;
}
