import { Hono } from 'hono';
import { timingSafeEqual } from 'hono/utils/buffer';
import { ApiError } from '../../core/errors.ts';
import { escapeHtml } from '../../core/render-thread.ts';
import type { Interaction } from '../../core/types.ts';
import { listActivity } from '../../db/moderation.ts';
import { listPublishedPosts } from '../../db/posts.ts';
import { feedToken } from '../../services/admin-auth.ts';
import type { Services } from '../../services/context.ts';

const VERBS: Record<Interaction['kind'], string> = {
  comment: 'commented on',
  reply: 'replied on',
  like: 'liked',
  repost: 'reposted',
  bookmark: 'bookmarked',
  mention: 'mentioned',
};

function entry(item: Interaction, title: string, adminUrl: string): string {
  const status = item.status === 'published' ? '' : ` [${item.status === 'pending' ? 'held' : item.status}]`;
  return `  <entry>
    <id>tag:parley,${item.received.slice(0, 10)}:interaction-${item.id}</id>
    <title>${escapeHtml(`${item.author.name} ${VERBS[item.kind]} “${title}”${status}`)}</title>
    <link rel="alternate" href="${escapeHtml(item.url)}"/>
    <link rel="related" href="${escapeHtml(adminUrl)}"/>
    <author><name>${escapeHtml(item.author.name)}</name>${item.author.url ? `<uri>${escapeHtml(item.author.url)}</uri>` : ''}</author>
    <published>${escapeHtml(item.received)}</published>
    <updated>${escapeHtml(item.updated ?? item.received)}</updated>
    <content type="html">${escapeHtml(item.content.html)}</content>
  </entry>`;
}

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
    const updated = activity[0]?.received ?? services.now().toISOString();
    const xml = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${escapeHtml(`${siteUrl}/admin/feed`)}</id>
  <title>Conversations on ${escapeHtml(new URL(siteUrl).host)}</title>
  <updated>${escapeHtml(updated)}</updated>
  <link rel="alternate" href="${escapeHtml(`${siteUrl}/admin`)}"/>
${activity.map((item) => entry(item, titles.get(item.postSlug) ?? item.postSlug, `${siteUrl}/admin/posts/${encodeURIComponent(item.postSlug)}#item-${item.id}`)).join('\n')}
</feed>
`;
    return c.body(xml, 200, {
      'Content-Type': 'application/atom+xml; charset=utf-8',
      'Cache-Control': 'private, no-cache',
      'X-Robots-Tag': 'noindex',
    });
  });
  return app;
}
