import { conversationTag } from '../core/conversation-tag.ts';
import { buildConversation } from '../core/thread.ts';
import type { Conversation } from '../core/types.ts';
import { listPublished } from '../db/interactions.ts';
import type { StoredPost } from '../db/posts.ts';
import type { Services } from './context.ts';
import { type ConversationCacheOptions, createConversationCache, type SerializedConversation } from './conversation-cache.ts';
import { postReaderFor } from './post-reader.ts';

export async function loadConversation(services: Services, post: StoredPost): Promise<Conversation> {
  const interactions = await listPublished(services.db, post.slug);
  return buildConversation({ slug: post.slug, url: post.url, title: post.title }, interactions);
}

async function serialize(services: Services, post: StoredPost): Promise<SerializedConversation> {
  const json = JSON.stringify(await loadConversation(services, post));
  return { slug: post.slug, version: post.version, tag: conversationTag(post), body: new TextEncoder().encode(json) };
}

function matches(ifNoneMatch: string | undefined, tag: string): boolean {
  return ifNoneMatch?.split(',').some((value) => value.trim() === tag) ?? false;
}

export type ConversationAnswer =
  | { status: 404 }
  | { status: 304; tag: string }
  | { status: 200; tag: string; body: Uint8Array<ArrayBuffer> };

export interface ConversationReader {
  read(slug: string, ifNoneMatch?: string): Promise<ConversationAnswer>;
}

/**
 * Answers conversation requests from serialized bodies kept per (slug, version). Each request
 * costs the version read it shares with every request of the same turn (postReaderFor); the
 * conversation is read, threaded and serialized again only after it changed.
 *
 * @example const answer = await createConversationReader(services).read('hello-world', etag);
 */
export function createConversationReader(services: Services, options: ConversationCacheOptions = {}): ConversationReader {
  const posts = postReaderFor(services.db);
  const cache = createConversationCache(options);
  return {
    async read(slug, ifNoneMatch) {
      const post = await posts.published(slug);
      if (!post) return { status: 404 };
      const tag = conversationTag(post);
      if (matches(ifNoneMatch, tag)) return { status: 304, tag };
      const served = await cache.get(post, () => serialize(services, post));
      if (matches(ifNoneMatch, served.tag)) return { status: 304, tag: served.tag };
      return { status: 200, tag: served.tag, body: served.body };
    },
  };
}
