import { Hono } from 'hono';
import { notFound } from '../core/errors.ts';
import type { Services } from '../services/context.ts';
import { createConversationReader } from '../services/conversation.ts';

/** The threaded conversation of a post as JSON, revalidated with its ETag. */
export function conversationRoutes(services: Services): Hono {
  const app = new Hono();
  const conversations = createConversationReader(services);
  app.get('/posts/:slug/conversation', async (c) => {
    const answer = await conversations.read(c.req.param('slug'), c.req.header('if-none-match'));
    if (answer.status === 404) throw notFound('Post');
    const headers = { ETag: answer.tag, 'Cache-Control': 'no-cache' };
    if (answer.status === 304) return c.body(null, 304, headers);
    return c.body(answer.body, 200, { ...headers, 'Content-Type': 'application/json' });
  });
  return app;
}
