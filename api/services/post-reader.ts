import type { Db } from '../db/client.ts';
import { findPublishedPost, type StoredPost } from '../db/posts.ts';
import { perKey, perTurn } from './per-turn.ts';

export interface PostReader {
  /** The published post with this slug as the database holds it now, or null. */
  published(slug: string): Promise<StoredPost | null>;
}

/**
 * Reads published posts, and so their conversation versions, for many requests at once: the
 * requests for a slug that arrive in one turn of the event loop share one read, started after all
 * of them arrived. Nothing is remembered between turns, so an answer is never older than its
 * request: a write that any instance acknowledged before the request was sent is seen. One
 * reader per database client.
 *
 * @example const post = await postReaderFor(db).published('hello-world');
 */
export const postReaderFor = perKey((db: Db): PostReader => {
  const read = perTurn(async (slugs: string[]) => {
    const distinct = [...new Set(slugs)];
    const posts = await Promise.allSettled(distinct.map((slug) => findPublishedPost(db, slug)));
    const bySlug = new Map(distinct.map((slug, index) => [slug, posts[index]]));
    return slugs.map((slug) => bySlug.get(slug) ?? { status: 'rejected' as const, reason: new Error(`no lookup for ${slug}`) });
  });
  return { published: read };
});
