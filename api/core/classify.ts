import { mf2 } from 'microformats-parser';
import { httpUrl, isItem, type Mf2Document, type Mf2Item, type Mf2Property, propertyUrls, RESPONSE_PROPERTIES, text } from './mf2.ts';
import { escapeHtml } from './render-thread.ts';
import { sanitize } from './sanitize.ts';
import type { Author, Content, InteractionKind } from './types.ts';

/** What a source page says about our post, read from its microformats. */
export interface Mention {
  kind: InteractionKind;
  author: Author;
  content: Content;
  /** The entry's own URL when it names one, else the source. */
  url: string;
  published: string | null;
  /** URLs the entry replies to: used to thread it under a comment or another reply. */
  inReplyTo: string[];
}

/** Past this many characters of text, content is cut and links to the original. */
export const MAX_CONTENT_CHARS = 1000;

const KIND_OF: Record<(typeof RESPONSE_PROPERTIES)[number], InteractionKind> = {
  'in-reply-to': 'reply',
  'like-of': 'like',
  'repost-of': 'repost',
  'bookmark-of': 'bookmark',
};

function allEntries(items: Mf2Item[]): Mf2Item[] {
  const found: Mf2Item[] = [];
  const visit = (item: Mf2Item) => {
    if (item.type?.includes('h-entry')) found.push(item);
    for (const child of item.children ?? []) visit(child);
    for (const values of Object.values(item.properties)) for (const value of values) if (isItem(value)) visit(value);
  };
  items.forEach(visit);
  return found;
}

function linksTo(entry: Mf2Item, matches: (url: string) => boolean): boolean {
  if (RESPONSE_PROPERTIES.some((name) => propertyUrls(entry, name).some(matches))) return true;
  const content = entry.properties.content?.[0];
  const html = content && typeof content === 'object' && 'html' in content ? content.html : '';
  return [...html.matchAll(/\b(?:href|src)\s*=\s*["']([^"']+)["']/gi)].some((match) => matches(match[1] ?? ''));
}

function card(value: Mf2Property | undefined, fallbackUrl: string | null): Author | null {
  if (isItem(value)) {
    const url = httpUrl(text(value.properties.url?.[0])) ?? fallbackUrl;
    const name = text(value.properties.name?.[0])?.trim() || (url ? new URL(url).hostname : '');
    if (!name) return null;
    return { name: name.slice(0, 200), url, photo: httpUrl(text(value.properties.photo?.[0])), isOwner: false };
  }
  const url = httpUrl(text(value));
  return url ? { name: new URL(url).hostname, url, photo: null, isOwner: false } : null;
}

/** The authorship algorithm, simplified: the entry's author, else the page's h-card, else the domain. */
function authorOf(entry: Mf2Item | null, document: Mf2Document, sourceUrl: string): Author {
  const fromEntry = entry ? card(entry.properties.author?.[0], null) : null;
  if (fromEntry) return fromEntry;
  const pageCard = document.items.find((item) => item.type?.includes('h-card'));
  const fromPage = pageCard ? card(pageCard, null) : null;
  if (fromPage) return fromPage;
  const origin = new URL(sourceUrl);
  return { name: origin.hostname, url: `${origin.origin}/`, photo: null, isOwner: false };
}

/**
 * A mention's content as it is stored: its HTML through the sanitizer (or its text as a
 * paragraph), cut past MAX_CONTENT_CHARS with a link to the original at `url`. Receiving and
 * importing webmentions both store content this way.
 */
export function mentionContent(rawHtml: string | null, rawText: string, url: string): Content {
  let plain = rawText.trim();
  let html = rawHtml === null ? (plain ? `<p>${escapeHtml(plain)}</p>` : '') : sanitize(rawHtml).trim();
  if (plain.length > MAX_CONTENT_CHARS || html.length > MAX_CONTENT_CHARS * 4) {
    const cut = plain.slice(0, MAX_CONTENT_CHARS).replace(/\s+\S*$/, '');
    html = `<p>${escapeHtml(cut)}… <a href="${escapeHtml(url)}" rel="nofollow ugc">Read the rest on ${escapeHtml(new URL(url).hostname)}</a></p>`;
    plain = `${cut}…`;
  }
  return { html, text: plain };
}

function contentOf(entry: Mf2Item | null, url: string): Content {
  const content = entry?.properties.content?.[0];
  if (content && typeof content === 'object' && 'html' in content) return mentionContent(content.html, content.value, url);
  return mentionContent(null, text(entry?.properties.summary?.[0]) ?? text(content) ?? text(entry?.properties.name?.[0]) ?? '', url);
}

function publishedOf(entry: Mf2Item | null): string | null {
  const raw = text(entry?.properties.published?.[0]);
  if (!raw) return null;
  const date = new Date(raw);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/**
 * Reads a source page's microformats and says what it is to our post: the h-entry that links to
 * the target, its kind (reply, like, repost, bookmark, else mention), author, content and date.
 * `matches` says whether a URL points at our target (the post or one of its comments).
 */
export function classify(html: string, sourceUrl: string, matches: (url: string) => boolean): Mention {
  const document = mf2(html, { baseUrl: sourceUrl });
  const entries = allEntries(document.items);
  const entry = entries.find((candidate) => linksTo(candidate, matches)) ?? entries[0] ?? null;
  const answered = entry ? RESPONSE_PROPERTIES.find((name) => propertyUrls(entry, name).some(matches)) : undefined;
  const kind = answered ? KIND_OF[answered] : 'mention';
  // the entry's own URL is trusted only on the source's host, so a page cannot pose as another site
  const own = entry ? propertyUrls(entry, 'url').find((candidate) => new URL(candidate).host === new URL(sourceUrl).host) : undefined;
  const url = own ?? sourceUrl;
  return {
    kind,
    author: authorOf(entry, document, sourceUrl),
    content: contentOf(entry, url),
    url,
    published: publishedOf(entry),
    inReplyTo: entry ? propertyUrls(entry, 'in-reply-to') : [],
  };
}
