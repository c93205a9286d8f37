import { buildConversation } from '../core/thread.ts';
import type { Conversation } from '../core/types.ts';
import { listPublished } from '../db/interactions.ts';
import type { StoredPost } from '../db/posts.ts';
import type { Services } from './context.ts';

/** A validator that changes whenever the post's conversation does. */
export function conversationTag(post: StoredPost): string {
  return `W/"${post.slug}:${post.version}"`;
}

export async function loadConversation(services: Services, post: StoredPost): Promise<Conversation> {
  const interactions = await listPublished(services.db, post.slug);
  return buildConversation({ slug: post.slug, url: post.url, title: post.title }, interactions);
}
