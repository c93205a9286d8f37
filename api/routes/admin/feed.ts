import { Hono } from 'hono';
import { timingSafeEqual } from 'hono/utils/buffer';
import { activityTitle } from '../../core/activity.ts';
import { interactionEntryId, renderAtom } from '../../core/atom.ts';
import { ApiError } from '../../core/errors.ts';
import { listActivity } from '../../db/moderation.ts';
import { listPublishedPosts } from '../../db/posts.ts';
import { feedToken } from '../../services/admin-auth.ts';
import type { Services } from '../../services/context.ts';

/**
 * The private activity feed: everything that happens, for a feed reader. Feed readers cannot log in,
 * so the URL itself holds a separate secret; a wrong token is a 404, as if the feed did not exist.
 */
export function feedRoutes(services: Services): Hono {
  const app = new Hono();
  app.get('/feed/:token', async (c) => {
    const token = c.req.param('token').replace(/\.atom$/, '');
    if (!(await timingSafeEqual(token, await feedToken(services)))) throw new ApiError(404, 'not_found', 'No such feed');
    const [activity, posts] = await Promise.all([listActivity(services.db, { limit: 50 }), listPublishedPosts(services.db)]);
    const titles = new Map(posts.map((post) => [post.slug, post.title]));
    const { siteUrl } = services.config;
    const xml = renderAtom({
      id: `${siteUrl}/admin/feed`,
      title: `Conversations on ${new URL(siteUrl).host}`,
      updated: activity[0]?.received ?? services.now().toISOString(),
      alternate: `${siteUrl}/admin`,
      entries: activity.map((item) => ({
        id: interactionEntryId(item.received, item.id),
        title: activityTitle(item, titles.get(item.postSlug) ?? item.postSlug, { status: true }),
        link: item.url,
        related: `${siteUrl}/admin/posts/${encodeURIComponent(item.postSlug)}#item-${item.id}`,
        author: item.author,
        published: item.received,
        updated: item.updated ?? item.received,
        html: item.content.html,
      })),
    });
    return c.body(xml, 200, {
      'Content-Type': 'application/atom+xml; charset=utf-8',
      'Cache-Control': 'private, no-cache',
      'X-Robots-Tag': 'noindex',
    });
  });
  return app;
}
