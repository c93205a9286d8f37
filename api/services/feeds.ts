import { activityTitle } from '../core/activity.ts';
import { type AtomEntry, interactionEntryId, renderAtom } from '../core/atom.ts';
import { type Interaction, REACTION_KINDS } from '../core/types.ts';
import { absoluteUrl, apiPaths, apiUrl } from '../core/urls.ts';
import { listPublished } from '../db/interactions.ts';
import type { StoredPost } from '../db/posts.ts';
import type { Services } from './context.ts';
import { postReaderFor } from './post-reader.ts';

/** Entries per feed: the newest answers, as feed readers poll for what is new. */
const FEED_ENTRIES = 100;

export type FeedAnswer = { status: 404 } | { status: 304; tag: string } | { status: 200; tag: string; xml: string };

/** An item and everything under it, in id order. */
function subtree(items: Interaction[], rootId: number): Interaction[] {
  const inside = new Set([rootId]);
  // ids grow with time and a reply is stored after what it answers, so one pass in id order finds them all
  return items.filter((item) => {
    if (item.id === rootId) return true;
    if (item.parentId !== null && inside.has(item.parentId)) inside.add(item.id);
    return inside.has(item.id);
  });
}

function toEntry(item: Interaction, post: StoredPost): AtomEntry {
  return {
    id: interactionEntryId(item.received, item.id),
    title: activityTitle(item, post.title),
    link: item.url,
    author: item.author,
    published: item.published,
    updated: item.updated ?? item.published,
    html: item.content.html,
  };
}

/**
 * The public Atom feed of a post's conversation, or of one thread of it (an item and the answers
 * under it): what was said, newest first. Only published items, never an email or a status.
 * Revalidated with the post's conversation version, like the JSON.
 */
export async function conversationFeed(
  services: Services,
  slug: string,
  threadId: number | null,
  ifNoneMatch?: string,
): Promise<FeedAnswer> {
  const post = await postReaderFor(services.db).published(slug);
  if (!post) return { status: 404 };
  const tag = `W/"atom:${post.slug}:${threadId ?? 'all'}:${post.version}"`;
  if (ifNoneMatch?.split(',').some((value) => value.trim() === tag)) return { status: 304, tag };
  const said = (await listPublished(services.db, slug)).filter((item) => !REACTION_KINDS.includes(item.kind));
  const root = threadId === null ? null : said.find((item) => item.id === threadId);
  if (threadId !== null && !root) return { status: 404 };
  const items = root ? subtree(said, root.id) : said;
  const { siteUrl, apiBase } = services.config;
  const path = root ? apiPaths.threadFeed(slug, root.id) : apiPaths.conversationFeed(slug);
  const newest = items.slice(-FEED_ENTRIES).reverse();
  const xml = renderAtom({
    id: absoluteUrl(siteUrl, apiUrl(apiBase, path)),
    title: root ? `${root.author.name}’s thread on “${post.title}”` : `Conversation on “${post.title}”`,
    updated: newest[0] ? (newest[0].updated ?? newest[0].received) : (post.updated ?? post.published),
    alternate: root ? root.url : post.url,
    self: absoluteUrl(siteUrl, apiUrl(apiBase, path)),
    entries: newest.map((item) => toEntry(item, post)),
  });
  return { status: 200, tag, xml };
}
