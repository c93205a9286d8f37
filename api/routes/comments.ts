import { type Context, Hono } from 'hono';
import { ApiError, notFound } from '../core/errors.ts';
import type { RenderContext } from '../core/render-thread.ts';
import { buildConversation, toConversationItem } from '../core/thread.ts';
import { apiPaths, apiUrl } from '../core/urls.ts';
import { findInteraction, listPublished } from '../db/interactions.ts';
import type { StoredPost } from '../db/posts.ts';
import { postComment, requireParent, requirePost } from '../services/comments.ts';
import type { Services } from '../services/context.ts';
import { confirmationPage, formPage } from '../views/comment-pages.ts';
import { bodyMode, readFields } from './read-body.ts';

const TYPED = ['name', 'url', 'email', 'body', 'notify'] as const;

function typedValues(fields: Record<string, unknown>): Partial<Record<(typeof TYPED)[number], string>> {
  return Object.fromEntries(TYPED.map((name) => [name, typeof fields[name] === 'string' ? fields[name] : '']));
}

function positiveId(raw: string | undefined): number | null {
  return raw && /^[1-9][0-9]{0,15}$/.test(raw) ? Number(raw) : null;
}

/** Comments: the JSON API, and the plain-HTML flow for readers without JavaScript. */
export function commentRoutes(services: Services, clientAddress: (c: Context) => string): Hono {
  const app = new Hono();
  const context = (post: StoredPost): RenderContext => ({ slug: post.slug, apiBase: services.config.apiBase, postUrl: post.url });
  const action = (post: StoredPost) => apiUrl(services.config.apiBase, apiPaths.comments(post.slug));

  async function showForm(c: Context, post: StoredPost, parentId: number | null, fields: Record<string, unknown>, error: ApiError | null) {
    const parent = parentId === null ? null : await requireParent(services, post.slug, parentId).catch(() => null);
    const errors = error ? { ...error.fields } : {};
    if (error && !Object.keys(errors).length) errors.form = error.message;
    const body = await formPage({
      siteUrl: services.config.siteUrl,
      post,
      context: context(post),
      parent: parent ? toConversationItem(parent) : undefined,
      form: {
        action: action(post),
        parent: parent ? { id: parent.id, name: parent.author.name } : undefined,
        values: typedValues(fields),
        errors,
        mail: services.config.mail !== null,
      },
    });
    return c.html(body, error?.status ?? 200, error?.headers ?? {});
  }

  app.post('/posts/:slug/comments', async (c) => {
    const slug = c.req.param('slug');
    const mode = bodyMode(c);
    const fields = await readFields(c, mode);
    try {
      const comment = await postComment(services, slug, fields, clientAddress(c));
      const location = `${c.req.path}/${comment.id}${fields.notify === '1' ? '?notify=1' : ''}`;
      if (mode === 'form') return c.redirect(location, 303);
      return c.json({ ...toConversationItem(comment), status: comment.status }, 201, { Location: location });
    } catch (error) {
      if (mode === 'json' || !(error instanceof ApiError)) throw error;
      const post = await requirePost(services, slug); // an unknown post has no form to show again
      return showForm(c, post, positiveId(String(fields.parent ?? '')), fields, error);
    }
  });

  app.get('/posts/:slug/comments/new', async (c) => {
    const post = await requirePost(services, c.req.param('slug'));
    const parentId = positiveId(c.req.query('parent'));
    if (parentId !== null) await requireParent(services, post.slug, parentId);
    return showForm(c, post, parentId, {}, null);
  });

  app.get('/posts/:slug/comments/:id', async (c) => {
    const post = await requirePost(services, c.req.param('slug'));
    const id = positiveId(c.req.param('id'));
    const comment = id === null ? null : await findInteraction(services.db, post.slug, id);
    if (!comment || (comment.status !== 'published' && comment.status !== 'pending')) throw notFound('Comment');
    const ref = { slug: post.slug, url: post.url, title: post.title };
    const held = comment.status === 'pending';
    const asked = c.req.query('notify') === '1' && services.config.mail !== null;
    const conversation = held ? buildConversation(ref, [comment]) : buildConversation(ref, await listPublished(services.db, post.slug));
    const page = await confirmationPage({
      siteUrl: services.config.siteUrl,
      conversation,
      comment: toConversationItem(comment),
      context: context(post),
      held,
      asked,
    });
    return c.html(page, 200, { 'Cache-Control': 'no-store' });
  });

  return app;
}
