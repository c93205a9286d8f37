/**
 * Renders a conversation as HTML with microformats2 markup (each item a p-comment h-entry with a
 * p-author h-card). One renderer serves the static build, the API's own pages and the client
 * script, so an item looks and parses the same wherever it was drawn. Kept dependency-free and
 * small because it ships to the browser.
 */
import type { Author, ConversationItem, ConversationSummary } from './types.ts';
import { apiPaths, apiUrl, commentAnchor, hostOf } from './urls.ts';

export interface RenderContext {
  slug: string;
  /** API base, absolute or site-relative (e.g. /api). */
  apiBase: string;
  /** Absolute post URL: what a root item replies to. */
  postUrl: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

const SPECIAL = /[&<>"']/;

export function escapeHtml(value: string): string {
  // most names and URLs need nothing: skip the replace, which a build runs 50,000 times
  return SPECIAL.test(value) ? value.replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch) : value;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A stable, locale-fixed date for the static page ("Nov 22, 2026", UTC); the client script turns it relative. */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}, ${date.getUTCFullYear()}`;
}

function initials(name: string): string {
  const letters = name
    .trim()
    .split(/\s+/)
    .slice(0, 2)
    .map((part) => [...part][0] ?? '');
  return letters.join('').toUpperCase() || '?';
}

export function renderAvatar(author: Author): string {
  if (author.photo) {
    return `<img class="u-photo avatar" src="${escapeHtml(author.photo)}" alt="" width="40" height="40" loading="lazy" decoding="async" referrerpolicy="no-referrer">`;
  }
  return `<span class="avatar avatar-initials" aria-hidden="true">${escapeHtml(initials(author.name))}</span>`;
}

function renderAuthor(author: Author): string {
  const name = escapeHtml(author.name);
  const link = author.url
    ? `<a class="p-name u-url" href="${escapeHtml(author.url)}" rel="nofollow ugc">${name}</a>`
    : `<span class="p-name">${name}</span>`;
  const badge = author.isOwner ? ' <span class="badge">Author</span>' : '';
  return `<span class="p-author h-card">${renderAvatar(author)}${link}</span>${badge}`;
}

/** A thread's own feed, for readers who follow it in a feed reader instead of by email. */
function threadFeedLink(item: ConversationItem, ctx: RenderContext): string {
  const href = apiUrl(ctx.apiBase, apiPaths.threadFeed(ctx.slug, item.id));
  return ` <a class="thread-feed" href="${escapeHtml(href)}" rel="alternate" type="application/atom+xml">Follow<span class="visually-hidden"> this thread in a feed reader</span></a>`;
}

function renderItem(item: ConversationItem, ctx: RenderContext, replyTo: string): string {
  const date = `<time class="dt-published" datetime="${escapeHtml(item.published)}">${escapeHtml(formatDate(item.published))}</time>`;
  const via =
    item.origin === 'webmention'
      ? ` <span class="via">via <a href="${escapeHtml(item.url)}" rel="nofollow ugc">${escapeHtml(hostOf(item.url))}</a></span>`
      : '';
  const reply = `<a class="reply-link" href="${escapeHtml(apiUrl(ctx.apiBase, apiPaths.replyForm(ctx.slug, item.id)))}" data-reply="${item.id}">Reply<span class="visually-hidden"> to ${escapeHtml(item.author.name)}</span></a>`;
  const children = item.children.length ? renderThread(item.children, ctx, item.url) : '';
  return (
    `<li class="thread-item" id="${commentAnchor(item.id)}" data-id="${item.id}">` +
    `<article class="comment p-comment h-entry${item.author.isOwner ? ' by-owner' : ''}">` +
    `<header class="comment-meta">${renderAuthor(item.author)}${via} · <a class="u-url permalink" href="${escapeHtml(item.url)}">${date}</a></header>` +
    `<a class="u-in-reply-to" href="${escapeHtml(replyTo)}" hidden></a>` +
    `<div class="e-content comment-body">${item.content.html}</div>` +
    `<footer class="comment-actions">${reply}${item.parent === null ? threadFeedLink(item, ctx) : ''}</footer>` +
    children +
    `</article></li>`
  );
}

/** A list of items and, nested inside each, its replies. `replyTo` is what the roots answer. */
export function renderThread(items: ConversationItem[], ctx: RenderContext, replyTo = ctx.postUrl): string {
  return `<ol class="thread">${items.map((item) => renderItem(item, ctx, replyTo)).join('')}</ol>`;
}

/** Renders one item on its own (the client script inserts new items this way). */
export function renderThreadItem(item: ConversationItem, ctx: RenderContext, replyTo = ctx.postUrl): string {
  return renderItem(item, ctx, replyTo);
}

/** The one-line human summary above a thread: who and when, not a vanity total. */
export function renderSummaryLine(summary: ConversationSummary): string {
  if (summary.replies === 0 && summary.reactions === 0) return 'No replies yet. Start the conversation.';
  const people = `${summary.people} ${summary.people === 1 ? 'person' : 'people'} in conversation`;
  if (summary.replies === 0 || !summary.lastActivity) return people;
  return `${people}, last reply <time datetime="${escapeHtml(summary.lastActivity)}">${escapeHtml(formatDate(summary.lastActivity))}</time>`;
}

const REACTION_LABELS: Record<string, [symbol: string, one: string, many: string, verb: string]> = {
  like: ['♥', 'like', 'likes', 'liked this'],
  repost: ['↻', 'repost', 'reposts', 'reposted this'],
  bookmark: ['🔖', 'bookmark', 'bookmarks', 'bookmarked this'],
};

/** Likes, reposts and bookmarks as a compact row of faces per kind, each an h-cite of its source. */
export function renderReactions(reactions: ConversationItem[]): string {
  return Object.entries(REACTION_LABELS)
    .map(([kind, [symbol, one, many, verb]]) => {
      const group = reactions.filter((item) => item.kind === kind);
      if (!group.length) return '';
      const faces = group
        .map(
          (item) =>
            `<li class="p-${kind} h-cite"><a class="u-url" href="${escapeHtml(item.url)}" rel="nofollow ugc" title="${escapeHtml(`${item.author.name} ${verb}`)}">` +
            `<span class="p-author h-card">${renderAvatar(item.author)}<span class="p-name visually-hidden">${escapeHtml(item.author.name)}</span></span></a></li>`,
        )
        .join('');
      return `<div class="reaction-group" data-kind="${kind}"><span class="reaction-count"><span aria-hidden="true">${symbol}</span> ${group.length} ${group.length === 1 ? one : many}</span><ul class="faces">${faces}</ul></div>`;
    })
    .join('');
}
