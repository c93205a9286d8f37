/**
 * What the author sees: per post, who is talking, where from, which threads wait for an answer and
 * how fast the author answers. Pure: computed from the published interactions of the whole site,
 * because "returning people" looks across posts.
 */
import { personKey } from './thread.ts';
import { type Author, type Interaction, REACTION_KINDS } from './types.ts';
import { hostOf } from './urls.ts';

export interface WaitingThread {
  postSlug: string;
  rootId: number;
  /** The oldest reader message the author has not answered yet. */
  itemId: number;
  author: Author;
  excerpt: string;
  since: string;
}

export interface PostSummary {
  postSlug: string;
  people: number;
  /** People who also took part in another post's conversation. */
  returningPeople: number;
  replies: { comments: number; webmentions: number; byDomain: Record<string, number> };
  reactions: { like: number; repost: number; bookmark: number };
  threads: number;
  /** Levels in the deepest thread: 1 is a lone comment, 3 a reply to a reply. */
  deepestThread: number;
  waiting: WaitingThread[];
  medianFirstAnswerMs: number | null;
  lastActivity: string | null;
}

const isReaction = (item: Interaction) => REACTION_KINDS.includes(item.kind);
const needsAnswer = (item: Interaction) => !item.author.isOwner && (item.kind === 'comment' || item.kind === 'reply');
// an imported message was answered (or not) on the system it came from: it does not wait here
const waitsForAnswer = (item: Interaction) => needsAnswer(item) && !item.imported;
const time = (iso: string) => Date.parse(iso);

function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0;
  return sorted.length % 2 ? upper : ((sorted[middle - 1] ?? upper) + upper) / 2;
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 140 ? `${flat.slice(0, 139)}…` : flat;
}

/** Groups a post's thread items by the root of their thread (an item whose parent is missing is a root). */
function threadsOf(items: Interaction[]): Map<number, Interaction[]> {
  const byId = new Map(items.map((item) => [item.id, item]));
  const rootOf = (item: Interaction): Interaction => {
    let current = item;
    for (let guard = 0; current.parentId !== null && guard < 10_000; guard += 1) {
      const parent = byId.get(current.parentId);
      if (!parent || parent.id >= current.id) break;
      current = parent;
    }
    return current;
  };
  const threads = new Map<number, Interaction[]>();
  for (const item of items) {
    const root = rootOf(item);
    threads.set(root.id, [...(threads.get(root.id) ?? []), item]);
  }
  return threads;
}

function depthOf(thread: Interaction[]): number {
  const byId = new Map(thread.map((item) => [item.id, item]));
  let deepest = 0;
  for (const item of thread) {
    let depth = 1;
    for (let parent = byId.get(item.parentId ?? -1); parent; parent = byId.get(parent.parentId ?? -1)) depth += 1;
    deepest = Math.max(deepest, depth);
  }
  return deepest;
}

/** The oldest reader message after the author's last word in a thread, if any. */
function waitingIn(thread: Interaction[]): Interaction | null {
  const ordered = [...thread].sort((a, b) => time(a.published) - time(b.published) || a.id - b.id);
  const lastOwner = ordered.findLastIndex((item) => item.author.isOwner);
  return ordered.slice(lastOwner + 1).find(waitsForAnswer) ?? null;
}

function firstAnswerMs(thread: Interaction[]): number | null {
  const ordered = [...thread].sort((a, b) => time(a.published) - time(b.published) || a.id - b.id);
  const firstReader = ordered.find(needsAnswer);
  const answer = firstReader && ordered.find((item) => item.author.isOwner && time(item.published) >= time(firstReader.published));
  return firstReader && answer ? time(answer.published) - time(firstReader.published) : null;
}

export function summarizePost(postSlug: string, interactions: Interaction[], elsewhere: Set<string> = new Set()): PostSummary {
  const people = new Set<string>();
  const byDomain: Record<string, number> = {};
  const reactions = { like: 0, repost: 0, bookmark: 0 };
  let comments = 0;
  let webmentions = 0;
  let lastActivity: string | null = null;
  for (const item of interactions) {
    if (!item.author.isOwner) people.add(personKey(item));
    const at = item.updated ?? item.published;
    if (lastActivity === null || at > lastActivity) lastActivity = at;
    if (isReaction(item)) {
      reactions[item.kind as keyof typeof reactions] += 1;
    } else if (item.origin === 'webmention') {
      webmentions += 1;
      const domain = hostOf(item.url) || item.url;
      byDomain[domain] = (byDomain[domain] ?? 0) + 1;
    } else if (!item.author.isOwner) {
      comments += 1;
    }
  }
  const threads = threadsOf(interactions.filter((item) => !isReaction(item)));
  const waiting: WaitingThread[] = [];
  const answerTimes: number[] = [];
  let deepestThread = 0;
  for (const [rootId, thread] of threads) {
    deepestThread = Math.max(deepestThread, depthOf(thread));
    const open = waitingIn(thread);
    if (open)
      waiting.push({ postSlug, rootId, itemId: open.id, author: open.author, excerpt: excerpt(open.content.text), since: open.published });
    const answered = firstAnswerMs(thread);
    if (answered !== null) answerTimes.push(answered);
  }
  waiting.sort((a, b) => time(a.since) - time(b.since));
  return {
    postSlug,
    people: people.size,
    returningPeople: [...people].filter((person) => elsewhere.has(person)).length,
    replies: { comments, webmentions, byDomain },
    reactions,
    threads: threads.size,
    deepestThread,
    waiting,
    medianFirstAnswerMs: median(answerTimes),
    lastActivity,
  };
}

/** Every post's summary from the site's published interactions; posts without any are left out. */
export function summarizeSite(interactions: Interaction[]): Map<string, PostSummary> {
  const byPost = new Map<string, Interaction[]>();
  const postsOfPerson = new Map<string, Set<string>>();
  for (const item of interactions) {
    byPost.set(item.postSlug, [...(byPost.get(item.postSlug) ?? []), item]);
    if (!item.author.isOwner) {
      const key = personKey(item);
      postsOfPerson.set(key, (postsOfPerson.get(key) ?? new Set()).add(item.postSlug));
    }
  }
  const elsewhere = new Set([...postsOfPerson].filter(([, posts]) => posts.size > 1).map(([person]) => person));
  const summaries = new Map<string, PostSummary>();
  for (const [slug, items] of byPost) {
    summaries.set(slug, summarizePost(slug, items, elsewhere));
  }
  return summaries;
}

/** The threads waiting for the author on these posts, who has waited longest first. */
export function waitingLongestFirst(summaries: Map<string, PostSummary>, posts: Set<string>): WaitingThread[] {
  return [...summaries.values()]
    .filter((summary) => posts.has(summary.postSlug))
    .flatMap((summary) => summary.waiting)
    .sort((a, b) => a.since.localeCompare(b.since));
}

/** "3 hours", "2 days": how long something has waited, for people. */
export function describeDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return 'less than a minute';
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} hour${hours === 1 ? '' : 's'}`;
  const days = Math.round(hours / 24);
  return `${days} day${days === 1 ? '' : 's'}`;
}
