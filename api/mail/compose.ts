/**
 * Writes the mail for a claimed group of outbox rows from what the database holds now: an answer
 * marked spam or removed since it was queued, an unsubscribed reader or an unconfirmed address
 * means that row says nothing any more, and is skipped.
 */
import { activityTitle } from '../core/activity.ts';
import type { Config, MailConfig } from '../core/config.ts';
import { CONFIRM_LINK_DAYS, type MailLink, STOP_LINK_DAYS, signMailLink } from '../core/mail-links.ts';
import { type AnswerInMail, answersMail, authorMail, confirmMail, excerpt } from '../core/mail-render.ts';
import { describeDuration, summarizeSite, waitingLongestFirst } from '../core/summary.ts';
import { absoluteUrl, apiPaths, apiUrl, commentPermalink } from '../core/urls.ts';
import type { Db } from '../db/client.ts';
import { findInteractionsById, threadRootOf } from '../db/interactions.ts';
import type { MailRow } from '../db/mail-outbox.ts';
import { listEverything } from '../db/moderation.ts';
import { findPublishedPost, listPublishedPosts, type StoredPost } from '../db/posts.ts';
import { findSubscriber, isSubscribed } from '../db/subscribers.ts';
import type { OutgoingMail } from './transport.ts';

export interface ComposeDeps {
  db: Db;
  config: Config & { mail: MailConfig };
  now: () => Date;
  /** Signs the links in mails; kept in the database so every instance signs alike. */
  linkSecret: () => Promise<string>;
}

export interface Composed {
  mail: OutgoingMail | null;
  /** Rows the mail tells; the rest of the group is skipped. */
  ids: number[];
}

const AUTO = { 'Auto-Submitted': 'auto-generated' };

function site(config: Config): string {
  return new URL(config.siteUrl).host;
}

async function apiLink(deps: ComposeDeps, link: MailLink, days: number): Promise<string> {
  const token = await signMailLink(await deps.linkSecret(), link, new Date(deps.now().getTime() + days * 86_400_000));
  const path = link.action === 'confirm' ? apiPaths.confirmMail(token) : apiPaths.stopMail(token);
  return absoluteUrl(deps.config.siteUrl, apiUrl(deps.config.apiBase, path));
}

async function publishedPosts(db: Db): Promise<Map<string, StoredPost>> {
  return new Map((await listPublishedPosts(db)).map((post) => [post.slug, post]));
}

/** The published posts with these slugs, read one by one (a mail names one or a few of many). */
async function postsOf(db: Db, slugs: string[]): Promise<Map<string, StoredPost>> {
  const posts = new Map<string, StoredPost>();
  for (const slug of new Set(slugs)) {
    const post = await findPublishedPost(db, slug);
    if (post) posts.set(slug, post);
  }
  return posts;
}

async function composeConfirm(deps: ComposeDeps, row: MailRow): Promise<Composed> {
  const subscriber = row.subscriberId === null ? null : await findSubscriber(deps.db, row.subscriberId);
  const comment = (await findInteractionsById(deps.db, [row.interactionId])).get(row.interactionId);
  const post = comment ? (await postsOf(deps.db, [comment.postSlug])).get(comment.postSlug) : undefined;
  if (!subscriber || subscriber.confirmedAt || !post) return { mail: null, ids: [] };
  const confirmUrl = await apiLink(deps, { action: 'confirm', subscriber: subscriber.id }, CONFIRM_LINK_DAYS);
  const content = confirmMail({ site: site(deps.config), postTitle: post.title, postUrl: post.url, confirmUrl, days: CONFIRM_LINK_DAYS });
  return { mail: { from: deps.config.mail.from, to: subscriber.email, ...content, headers: AUTO }, ids: [row.id] };
}

async function composeAnswers(deps: ComposeDeps, rows: MailRow[]): Promise<Composed> {
  const subscriberId = rows[0]?.subscriberId ?? null;
  const subscriber = subscriberId === null ? null : await findSubscriber(deps.db, subscriberId);
  if (!subscriber?.confirmedAt) return { mail: null, ids: [] };
  const answers = await findInteractionsById(
    deps.db,
    rows.map((row) => row.interactionId),
  );
  const parentIds = [...answers.values()].map((answer) => answer.parentId).filter((id): id is number => id !== null);
  const parents = await findInteractionsById(deps.db, [...new Set(parentIds)]);
  const posts = await postsOf(
    deps.db,
    [...answers.values()].map((answer) => answer.postSlug),
  );
  const told: AnswerInMail[] = [];
  const ids: number[] = [];
  for (const row of rows) {
    const answer = answers.get(row.interactionId);
    const parent = answer?.parentId == null ? undefined : parents.get(answer.parentId);
    const post = answer ? posts.get(answer.postSlug) : undefined;
    if (!answer || !parent || !post || answer.status !== 'published' || parent.status !== 'published') continue;
    if (!(await isSubscribed(deps.db, subscriber.id, parent.id))) continue;
    const thread = await threadRootOf(deps.db, parent.id);
    told.push({
      postTitle: post.title,
      yourText: parent.content.text,
      authorName: answer.author.name,
      isOwner: answer.author.isOwner,
      answerHtml: answer.content.html,
      answerText: answer.content.text,
      answerUrl: commentPermalink(post.url, answer.id),
      stopThreadUrl: await apiLink(deps, { action: 'stop-thread', subscriber: subscriber.id, thread }, STOP_LINK_DAYS),
    });
    ids.push(row.id);
  }
  if (!told.length) return { mail: null, ids: [] };
  const stopAllUrl = await apiLink(deps, { action: 'stop-all', subscriber: subscriber.id }, STOP_LINK_DAYS);
  const content = answersMail({ site: site(deps.config), answers: told, stopAllUrl });
  const headers = { ...AUTO, 'List-Unsubscribe': `<${stopAllUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
  return { mail: { from: deps.config.mail.from, to: subscriber.email, ...content, headers }, ids };
}

async function composeAuthor(deps: ComposeDeps, rows: MailRow[]): Promise<Composed> {
  const to = deps.config.mail.authorEmail;
  if (!to) return { mail: null, ids: [] };
  const [found, posts, everything] = await Promise.all([
    findInteractionsById(
      deps.db,
      rows.map((row) => row.interactionId),
    ),
    publishedPosts(deps.db),
    listEverything(deps.db),
  ]);
  const { siteUrl } = deps.config;
  const adminLink = (slug: string, id: number) => `${siteUrl}/admin/posts/${encodeURIComponent(slug)}#item-${id}`;
  const items = rows
    .map((row) => ({ row, item: found.get(row.interactionId) }))
    .filter(({ item }) => item && (item.status === 'published' || item.status === 'pending') && posts.has(item.postSlug));
  if (!items.length) return { mail: null, ids: [] };
  const title = (slug: string) => posts.get(slug)?.title ?? slug;
  const now = deps.now().getTime();
  const summaries = summarizeSite(everything.filter((item) => item.status === 'published'));
  const waiting = waitingLongestFirst(summaries, new Set(posts.keys())).map((thread) => ({
    name: thread.author.name,
    waited: describeDuration(now - Date.parse(thread.since)),
    postTitle: title(thread.postSlug),
    excerpt: excerpt(thread.excerpt, 120),
    adminUrl: adminLink(thread.postSlug, thread.itemId),
  }));
  const content = authorMail({
    site: site(deps.config),
    adminUrl: `${siteUrl}/admin`,
    waiting,
    items: items.flatMap(({ item }) =>
      item
        ? [
            {
              title: activityTitle(item, title(item.postSlug), { status: true }),
              text: item.content.text,
              url: item.url,
              adminUrl: adminLink(item.postSlug, item.id),
            },
          ]
        : [],
    ),
  });
  return { mail: { from: deps.config.mail.from, to, ...content, headers: AUTO }, ids: items.map(({ row }) => row.id) };
}

/** The mail a claimed group becomes, and which of its rows it tells. */
export function composeMail(deps: ComposeDeps, rows: MailRow[]): Promise<Composed> {
  const [first] = rows;
  if (!first) return Promise.resolve({ mail: null, ids: [] });
  if (first.kind === 'confirm') return composeConfirm(deps, first);
  if (first.kind === 'reply') return composeAnswers(deps, rows);
  return composeAuthor(deps, rows);
}
