import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { MiddlewareHandler } from 'hono';

export interface StaticSite {
  /** Serves the current build; answers 404 with the site's own 404 page. */
  handler: MiddlewareHandler;
  root(): string;
}

/** Serves a built site from a folder whose pages are replaced whole (written aside, then renamed). */
export function createStaticSite(initialRoot: string): StaticSite {
  const root = initialRoot;
  const serve = serveStatic({ root });

  const handler: MiddlewareHandler = async (c, next) => {
    const current = root;
    const requested = c.req.path;
    // /posts/x -> /posts/x/ so relative links inside the page resolve as they do on any static host
    if (!requested.endsWith('/') && !path.extname(requested) && !requested.includes('..')) {
      const candidate = path.join(current, requested);
      if (existsSync(candidate) && statSync(candidate).isDirectory()) {
        const query = new URL(c.req.url).search;
        return c.redirect(`${requested}/${query}`, 301);
      }
    }
    if (requested.startsWith('/_astro/')) c.header('Cache-Control', 'public, max-age=31536000, immutable');
    const response = await serve(c, async () => undefined);
    if (response) return response;
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    const notFound = path.join(current, '404.html');
    const body = existsSync(notFound) ? readFileSync(notFound, 'utf8') : '<h1>Not found</h1>';
    return c.html(body, 404);
  };

  return {
    handler,
    root: () => root,
  };
}
