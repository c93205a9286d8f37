/** How an interaction is told in a line, the same in the author's feed, alerts and public feeds. */
import type { Interaction } from './types.ts';

const VERBS: Record<Interaction['kind'], string> = {
  comment: 'commented on',
  reply: 'replied on',
  like: 'liked',
  repost: 'reposted',
  bookmark: 'bookmarked',
  mention: 'mentioned',
};

/** "Rita replied on “Post title”", with [held] or [spam] for the author when not published. */
export function activityTitle(item: Interaction, postTitle: string, options: { status?: boolean } = {}): string {
  const status = options.status && item.status !== 'published' ? ` [${item.status === 'pending' ? 'held' : item.status}]` : '';
  return `${item.author.name} ${VERBS[item.kind]} “${postTitle}”${status}`;
}
