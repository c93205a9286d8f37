import { clientKey } from '../core/client-key.ts';
import { ApiError, notFound } from '../core/errors.ts';
import { renderComment } from '../core/markdown.ts';
import { parseCommentInput } from '../core/schemas.ts';
import { personKey } from '../core/thread.ts';
import { type Interaction, REACTION_KINDS } from '../core/types.ts';
import { hostOf, isOnDomain } from '../core/urls.ts';
import { listBlocks } from '../db/blocks.ts';
import { findInteraction, type NewComment, storedComment } from '../db/interactions.ts';
import { findPublishedPost, type StoredPost } from '../db/posts.ts';
import { rateLimitHit } from '../db/rate-limits.ts';
import { commentWriterFor } from './comment-writer.ts';
import type { Services } from './context.ts';
import { postReaderFor } from './post-reader.ts';

export async function requirePost(services: Services, slug: string): Promise<StoredPost> {
  const post = await findPublishedPost(services.db, slug);
  if (!post) throw notFound('Post');
  return post;
}

/** A comment that readers can answer: published, of this post, and not a reaction. */
export async function requireParent(services: Services, slug: string, id: number): Promise<Interaction> {
  const parent = await findInteraction(services.db, slug, id);
  if (parent?.status !== 'published' || REACTION_KINDS.includes(parent.kind)) {
    throw notFound('Parent comment', 'parent');
  }
  return parent;
}

/**
 * Posts a reader's comment: validates every field, checks the post and the parent, renders the
 * Markdown to safe HTML, then counts the client against the shared rate limit and stores the
 * comment in one transaction. Returns only once the comment is in the database.
 */
export async function postComment(services: Services, slug: string, input: unknown, clientAddress: string): Promise<Interaction> {
  const fields = parseCommentInput(input);
  if (fields.notify && !services.config.mail) {
    throw new ApiError(422, 'invalid_input', 'Some fields need attention', { notify: 'This site does not send email' });
  }
  if (fields.notify && !fields.email) {
    throw new ApiError(422, 'invalid_input', 'Some fields need attention', { email: 'Give your email to be told of answers' });
  }
  const post = await postReaderFor(services.db).published(slug);
  if (!post) throw notFound('Post');
  const parent = fields.parent === undefined ? null : await requireParent(services, slug, fields.parent);
  const blocks = await listBlocks(services.db);
  if (blocks.people.length || blocks.domains.length) {
    const key = personKey({ author: { name: fields.name, url: fields.url ?? null, photo: null, isOwner: false } });
    const host = hostOf(fields.url ?? null).replace(/^www\./, '');
    if (blocks.people.includes(key) || (host !== '' && isOnDomain(host, blocks.domains)))
      throw new ApiError(403, 'forbidden', 'The author of this blog does not accept replies from you');
  }
  const key = await clientKey(await services.secret(), clientAddress);
  const content = renderComment(fields.body);
  const now = services.now();
  const stored: NewComment = {
    postSlug: post.slug,
    parentId: parent?.id ?? null,
    authorName: fields.name,
    authorUrl: fields.url ?? null,
    authorEmail: fields.email ?? null,
    html: content.html,
    text: content.text,
    status: services.config.moderation === 'pre' ? 'pending' : 'published',
    notifyReplies: fields.notify === true,
  };
  const hit = rateLimitHit(`comment:${key}`, services.config.commentRateLimit, now);
  const { id, limit } = await commentWriterFor(services.db).write({ comment: stored, hit, now });
  const comment = id === null ? null : storedComment(stored, id, post.url, now);
  if (!comment) {
    throw new ApiError(
      429,
      'rate_limited',
      `Too many replies from your address; try again in ${limit.retryAfter} seconds`,
      {},
      { 'Retry-After': String(limit.retryAfter) },
    );
  }
  if (comment.status === 'published') services.onPublished(post.slug);
  return comment;
}
