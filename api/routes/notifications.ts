import { type Context, Hono } from 'hono';
import { apiPaths, apiUrl } from '../core/urls.ts';
import type { Services } from '../services/context.ts';
import { followMailLink } from '../services/notifications.ts';
import { mailLinkPage } from '../views/notification-pages.ts';

const STATUS = { invalid: 404, expired: 410, ready: 200, done: 200 } as const;

/**
 * The links in notification mails; no login, the signed token is the key. Confirming takes a
 * button press (POST); stopping happens on the first GET, and on the one-click POST mail
 * programs send for List-Unsubscribe-Post (RFC 8058).
 */
export function notificationRoutes(services: Services): Hono {
  const app = new Hono();
  const answer = async (c: Context, path: (token: string) => string, act: boolean) => {
    const token = c.req.param('token') ?? '';
    const result = await followMailLink(services, token, act);
    const { apiBase, siteUrl } = services.config;
    const stopAll = result.status === 'done' && result.stopAllToken ? apiUrl(apiBase, apiPaths.stopMail(result.stopAllToken)) : null;
    const html = await mailLinkPage({ siteUrl, answer: result, action: apiUrl(apiBase, path(token)), stopAllAction: stopAll });
    return c.html(html, STATUS[result.status], { 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
  };
  app.get('/notifications/confirm/:token', (c) => answer(c, apiPaths.confirmMail, false));
  app.post('/notifications/confirm/:token', (c) => answer(c, apiPaths.confirmMail, true));
  app.get('/notifications/stop/:token', (c) => answer(c, apiPaths.stopMail, true));
  app.post('/notifications/stop/:token', (c) => answer(c, apiPaths.stopMail, true));
  return app;
}
