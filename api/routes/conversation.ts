import { Hono } from 'hono';
import { requirePost } from '../services/comments.ts';
import type { Services } from '../services/context.ts';
import { conversationTag, loadConversation } from '../services/conversation.ts';

/** The threaded conversation of a post as JSON, revalidated with its ETag. */
export function conversationRoutes(services: Services): Hono {
  const app = new Hono();
  app.get('/posts/:slug/conversation', async (c) => {
    const post = await requirePost(services, c.req.param('slug'));
    const tag = conversationTag(post);
    const headers = { ETag: tag, 'Cache-Control': 'no-cache' };
    const asked = c.req.header('if-none-match');
    if (asked && asked.split(',').some((value) => value.trim() === tag)) {
      return c.body(null, 304, headers);
    }
    return c.json(await loadConversation(services, post), 200, headers);
  });
  return app;
}
