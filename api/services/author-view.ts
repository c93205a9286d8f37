import { type PostSummary, summarizeSite, type WaitingThread, waitingLongestFirst } from '../core/summary.ts';
import type { Interaction } from '../core/types.ts';
import { listActivity, listEverything } from '../db/moderation.ts';
import { listPublishedPosts, type StoredPost } from '../db/posts.ts';
import { getSetting, setSetting } from '../db/settings.ts';
import { requirePost } from './comments.ts';
import type { Services } from './context.ts';

export interface SiteView {
  posts: { post: StoredPost; summary: PostSummary | undefined; held: number }[];
  summaries: Map<string, PostSummary>;
  waiting: WaitingThread[];
}

/** Every published post with its summary, ranked by recent conversation; waiting threads oldest first. */
export async function siteView(services: Services): Promise<SiteView> {
  const [posts, everything] = await Promise.all([listPublishedPosts(services.db), listEverything(services.db)]);
  const summaries = summarizeSite(everything.filter((item) => item.status === 'published'));
  const held = new Map<string, number>();
  for (const item of everything) if (item.status === 'pending') held.set(item.postSlug, (held.get(item.postSlug) ?? 0) + 1);
  const ranked = posts
    .map((post) => ({ post, summary: summaries.get(post.slug), held: held.get(post.slug) ?? 0 }))
    .sort(
      (a, b) =>
        (b.summary?.lastActivity ?? '').localeCompare(a.summary?.lastActivity ?? '') || b.post.published.localeCompare(a.post.published),
    );
  const waiting = waitingLongestFirst(summaries, new Set(posts.map((post) => post.slug)));
  return { posts: ranked, summaries, waiting };
}

/** What happened lately, and when the author last looked (which this call moves to now). */
export async function recentActivity(services: Services, limit = 30): Promise<{ activity: Interaction[]; lastVisit: string | null }> {
  const lastVisit = await getSetting(services.db, 'admin_last_visit');
  const activity = await listActivity(services.db, { limit });
  await setSetting(services.db, 'admin_last_visit', services.now().toISOString());
  return { activity, lastVisit };
}

export async function postView(services: Services, slug: string) {
  const post = await requirePost(services, slug);
  const everything = await listEverything(services.db);
  const summaries = summarizeSite(everything.filter((item) => item.status === 'published'));
  return { post, summary: summaries.get(slug), items: everything.filter((item) => item.postSlug === slug) };
}

/** Activity since a date, oldest first, for the terminal and feeds. */
export async function activitySince(services: Services, since: Date, limit = 500): Promise<Interaction[]> {
  return (await listActivity(services.db, { since: since.toISOString(), limit })).reverse();
}
