import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { ApiError } from './core/errors.ts';
import { escapeHtml } from './core/render-thread.ts';
import { commentRoutes } from './routes/comments.ts';
import { conversationRoutes } from './routes/conversation.ts';
import { feedRoutes } from './routes/feeds.ts';
import { healthRoutes } from './routes/health.ts';
import { jf2Routes } from './routes/jf2.ts';
import { notificationRoutes } from './routes/notifications.ts';
import { webmentionRoutes } from './routes/webmention.ts';
import { type AppDeps, clientAddressOf, createServices } from './services/create.ts';
import { page } from './views/layout.ts';

export type { AppDeps };

/** Bodies larger than this are refused before they are read. */
export const MAX_BODY_BYTES = 64 * 1024;

/** Errors meant for the client, whoever threw them; null for the unexpected. */
export function toApiError(error: unknown): ApiError | null {
  if (error instanceof ApiError) return error;
  if (error instanceof HTTPException && error.status === 403) {
    return new ApiError(403, 'forbidden', 'This request came from another site and was refused');
  }
  if (error instanceof HTTPException && error.status === 413) {
    return new ApiError(413, 'payload_too_large', `The request body is larger than ${MAX_BODY_BYTES / 1024} KiB`);
  }
  if (error instanceof HTTPException && error.status < 500) {
    return new ApiError(400, 'malformed_body', error.message || 'Bad request');
  }
  return null;
}

function wantsHtml(c: Context): boolean {
  const type = c.req.header('content-type') ?? '';
  const accept = c.req.header('accept') ?? '';
  return (type.includes('form') || c.req.method === 'GET') && accept.includes('text/html');
}

/**
 * Builds the Parley API from its dependencies. Web APIs only: the Node entry and the edge entry
 * both serve this same app, mounted at /api.
 *
 * @example const app = createApp({ db, config: loadConfig(process.env) });
 */
export function createApp(deps: AppDeps): Hono {
  const { config } = deps;
  const services = createServices(deps);
  const clientAddress = clientAddressOf(deps);

  const app = new Hono();
  app.use('*', secureHeaders({ crossOriginResourcePolicy: 'cross-origin' }));
  app.use('/posts/*', cors({ origin: config.siteUrl, allowMethods: ['GET', 'POST'], exposeHeaders: ['ETag', 'Location', 'Retry-After'] }));
  app.use('*', bodyLimit({ maxSize: MAX_BODY_BYTES }));

  app.route('/', healthRoutes(services));
  app.route('/', conversationRoutes(services));
  app.route('/', commentRoutes(services, clientAddress));
  app.route('/', webmentionRoutes(services));
  app.route('/', jf2Routes(services));
  app.route('/', feedRoutes(services));
  app.route('/', notificationRoutes(services));

  // a catch-all rather than notFound(): it still answers when this app is mounted under /api
  app.all('*', () => {
    throw new ApiError(404, 'not_found', 'No such API route');
  });
  app.onError(async (error, c) => {
    const known = toApiError(error);
    if (!known) (deps.logError ?? console.error)(error);
    const answer = known ?? new ApiError(500, 'internal', 'Something went wrong on our side; please try again');
    if (wantsHtml(c)) {
      const messages = [answer.message, ...Object.values(answer.fields)].map((text) => `<p>${escapeHtml(text)}</p>`);
      const body = `<h1>${answer.status === 404 ? 'Not found' : 'That did not work'}</h1><div class="notice notice-error" role="alert">${messages.join('')}</div><p><a href="${escapeHtml(config.siteUrl)}/">Back to the blog</a></p>`;
      return c.html(await page({ title: answer.message, siteUrl: config.siteUrl, body }), answer.status, answer.headers);
    }
    return c.json(answer.toJSON(), answer.status, answer.headers);
  });
  return app;
}
