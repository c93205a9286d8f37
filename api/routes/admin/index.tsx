import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { csrf } from 'hono/csrf';
import { secureHeaders } from 'hono/secure-headers';
import { MAX_BODY_BYTES, toApiError } from '../../app.ts';
import { type AppDeps, clientAddressOf, createServices } from '../../services/create.ts';
import { AdminPage } from '../../views/admin/layout.tsx';
import { feedRoutes } from './feed.ts';
import { loginRoutes } from './login.tsx';
import { pageRoutes } from './pages.tsx';
import { type AdminEnv, requireSession } from './session.ts';

/**
 * The author's side, mounted at /admin: server-rendered pages that work without JavaScript. Only the
 * login form and the token-addressed feed answer without a session; every other route is behind
 * requireSession, and cross-site form posts are refused.
 *
 * @example root.route('/admin', createAdminApp({ db, config }));
 */
export function createAdminApp(deps: AppDeps): Hono<AdminEnv> {
  const services = createServices(deps);
  const app = new Hono<AdminEnv>();
  app.use('*', secureHeaders({ xFrameOptions: 'DENY', referrerPolicy: 'same-origin' }));
  app.use('*', bodyLimit({ maxSize: MAX_BODY_BYTES }));
  // /admin is served beside the API: on the site's origin, or on the API's own (an edge deployment)
  const { siteUrl, apiBase } = deps.config;
  app.use('*', csrf({ origin: URL.canParse(apiBase) ? [siteUrl, new URL(apiBase).origin] : siteUrl }));
  app.route('/', loginRoutes(services, clientAddressOf(deps)));
  app.route('/', feedRoutes(services));
  app.use('*', requireSession(services));
  app.route('/', pageRoutes(services));
  app.all('*', (c) => c.text('Not found', 404));

  app.onError((error, c) => {
    const known = toApiError(error);
    if (!known) (deps.logError ?? console.error)(error);
    const status = known?.status ?? 500;
    const message = known?.message ?? 'Something went wrong on our side; please try again';
    if ((c.req.header('accept') ?? '').includes('text/html')) {
      return c.html(
        <AdminPage title="That did not work" siteUrl={deps.config.siteUrl}>
          <h1>That did not work</h1>
          <div class="notice notice-error" role="alert">
            <p>{message}</p>
            {Object.values(known?.fields ?? {}).map((text) => (
              <p>{text}</p>
            ))}
          </div>
          <p>
            <a href="/admin">Back to your conversations</a>
          </p>
        </AdminPage>,
        status,
        known?.headers,
      );
    }
    return c.json(known?.toJSON() ?? { error: { code: 'internal', message } }, status, known?.headers);
  });
  return app;
}
