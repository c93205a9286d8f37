import { type Context, Hono } from 'hono';
import { notFound } from '../core/errors.ts';
import type { Services } from '../services/context.ts';
import { conversationFeed } from '../services/feeds.ts';

/** Public Atom feeds: a post's conversation, and one thread of it, for feed readers. */
export function feedRoutes(services: Services): Hono {
  const app = new Hono();
  const answer = async (c: Context, threadId: number | null) => {
    const feed = await conversationFeed(services, c.req.param('slug') ?? '', threadId, c.req.header('if-none-match'));
    if (feed.status === 404) throw notFound(threadId === null ? 'Post' : 'Thread');
    const headers = { ETag: feed.tag, 'Cache-Control': 'no-cache' };
    if (feed.status === 304) return c.body(null, 304, headers);
    return c.body(feed.xml, 200, { ...headers, 'Content-Type': 'application/atom+xml; charset=utf-8' });
  };
  app.get('/posts/:slug/conversation.atom', (c) => answer(c, null));
  app.get('/posts/:slug/threads/:file', (c) => {
    const match = /^([1-9]\d{0,15})\.atom$/.exec(c.req.param('file'));
    if (!match) throw notFound('Thread');
    return answer(c, Number(match[1]));
  });
  return app;
}
