import { Hono } from 'hono';
import { ApiError } from '../../core/errors.ts';
import { mailCounts } from '../../db/mail-outbox.ts';
import { AUTHOR_DIGESTS, type AuthorDigest, authorDigest, chooseAuthorDigest } from '../../db/mail-settings.ts';
import { feedToken } from '../../services/admin-auth.ts';
import { postView, recentActivity, siteView } from '../../services/author-view.ts';
import type { Services } from '../../services/context.ts';
import { answer, block, type ModerationAction, moderate } from '../../services/moderation.ts';
import { Dashboard } from '../../views/admin/dashboard.tsx';
import { PostPage } from '../../views/admin/post.tsx';
import type { AdminEnv } from './session.ts';

const MODERATION: ModerationAction[] = ['approve', 'spam', 'remove', 'restore'];

function itemId(raw: string): number {
  if (!/^[1-9]\d{0,15}$/.test(raw)) throw new ApiError(404, 'not_found', 'Interaction not found');
  return Number(raw);
}

/** The dashboard, a post's conversation, and the actions on its items. Session required (see index). */
export function pageRoutes(services: Services): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  const { siteUrl } = services.config;

  app.get('/', async (c) => {
    const [view, recent, token, digest, counts] = await Promise.all([
      siteView(services),
      recentActivity(services),
      feedToken(services),
      authorDigest(services.db),
      mailCounts(services.db),
    ]);
    return c.html(
      <Dashboard
        siteUrl={siteUrl}
        csrf={c.get('session').csrfToken}
        now={services.now()}
        activity={recent.activity}
        lastVisit={recent.lastVisit}
        waiting={view.waiting}
        posts={view.posts}
        feedUrl={`/admin/feed/${token}`}
        mail={{ authorEmail: services.config.mail?.authorEmail ?? null, digest, counts }}
        notice={c.req.query('done')?.slice(0, 200)}
      />,
      200,
      { 'Cache-Control': 'no-store' },
    );
  });

  app.get('/posts/:slug', async (c) => {
    const view = await postView(services, c.req.param('slug'));
    const notice = c.req.query('done');
    return c.html(
      <PostPage siteUrl={siteUrl} csrf={c.get('session').csrfToken} now={services.now()} notice={notice?.slice(0, 200)} {...view} />,
      200,
      {
        'Cache-Control': 'no-store',
      },
    );
  });

  app.post('/posts/:slug/items/:id/:action', async (c) => {
    const slug = c.req.param('slug');
    const id = itemId(c.req.param('id'));
    const action = c.req.param('action');
    let done: string;
    let anchor = id;
    if ((MODERATION as string[]).includes(action)) {
      await moderate(services, slug, id, action as ModerationAction);
      done = `Done: ${action}.`;
    } else if (action === 'block-person' || action === 'block-domain') {
      const value = await block(services, slug, id, action === 'block-person' ? 'person' : 'domain');
      done = `Blocked ${value}; what came from there is marked as spam.`;
    } else if (action === 'answer') {
      const body = await c.req.parseBody();
      const reply = await answer(services, slug, id, typeof body.body === 'string' ? body.body : '');
      anchor = reply.id;
      done = 'Your answer is published.';
    } else {
      throw new ApiError(404, 'not_found', `No such action: ${action.slice(0, 40)}`);
    }
    return c.redirect(`/admin/posts/${encodeURIComponent(slug)}?done=${encodeURIComponent(done)}#item-${anchor}`, 303);
  });

  app.post('/settings/mail', async (c) => {
    const body = await c.req.parseBody();
    const digest = String(body.digest ?? '');
    if (!AUTHOR_DIGESTS.includes(digest as AuthorDigest)) {
      throw new ApiError(422, 'invalid_input', 'Choose how often to be mailed', { digest: `One of ${AUTHOR_DIGESTS.join(', ')}` });
    }
    await chooseAuthorDigest(services.db, digest as AuthorDigest);
    return c.redirect(`/admin?done=${encodeURIComponent(`Email alerts: ${digest}.`)}#mail-title`, 303);
  });

  app.get('/api/summary', async (c) => {
    const view = await siteView(services);
    return c.json({
      posts: view.posts.map(({ post, summary, held }) => ({
        slug: post.slug,
        title: post.title,
        url: post.url,
        held,
        summary: summary ?? null,
      })),
      waiting: view.waiting,
    });
  });

  return app;
}
