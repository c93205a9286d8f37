import type { MiddlewareHandler } from 'hono';
import type { Db } from '../db/client.ts';
import { isGonePost } from '../db/gone-posts.ts';
import { page } from '../views/layout.ts';

const POST_PATH = /^\/posts\/([^/]+)\/?$/;

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * Answers 410 Gone, instead of the site's 404, for a post that was published and then deleted or
 * turned back into a draft: the Webmention spec's signal that lets every site that showed a
 * reply or a like from it remove it. Only pages the static site does not have are looked up.
 *
 * @example root.use('/posts/*', gonePosts({ db, siteUrl }));
 */
export function gonePosts(options: { db: Db; siteUrl: string }): MiddlewareHandler {
  return async function gonePostsHandler(c, next) {
    await next();
    if (c.res.status !== 404 || (c.req.method !== 'GET' && c.req.method !== 'HEAD')) return;
    const slug = POST_PATH.exec(c.req.path)?.[1];
    if (!slug || !(await isGonePost(options.db, safeDecode(slug)))) return;
    const body = `<h1>This post is gone</h1><p>Its author has taken it down.</p><p><a href="${options.siteUrl}/">Back to the blog</a></p>`;
    const html = String(await page({ title: 'Gone', siteUrl: options.siteUrl, body }));
    c.res = new Response(c.req.method === 'HEAD' ? null : html, { status: 410, headers: { 'content-type': 'text/html; charset=UTF-8' } });
  };
}
