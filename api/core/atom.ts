/**
 * Atom 1.0 (RFC 4287) documents: the author's private activity feed and the public feeds of a
 * conversation and a thread. A template rather than a feed library: the format is fixed and
 * small, and this must run on the edge entry, where libraries built on Node streams cannot.
 */
import { escapeHtml } from './render-thread.ts';

export interface AtomEntry {
  id: string;
  title: string;
  /** Where the entry lives (rel="alternate"). */
  link: string;
  /** Another page about it, e.g. the author's view (rel="related"). */
  related?: string;
  author: { name: string; url: string | null };
  published: string;
  updated: string;
  /** Sanitized HTML. */
  html: string;
}

export interface AtomFeed {
  id: string;
  title: string;
  updated: string;
  /** The page the feed follows. */
  alternate: string;
  /** The feed's own address, when public. */
  self?: string;
  entries: AtomEntry[];
}

function entry(item: AtomEntry): string {
  const uri = item.author.url ? `<uri>${escapeHtml(item.author.url)}</uri>` : '';
  return `  <entry>
    <id>${escapeHtml(item.id)}</id>
    <title>${escapeHtml(item.title)}</title>
    <link rel="alternate" href="${escapeHtml(item.link)}"/>
${item.related ? `    <link rel="related" href="${escapeHtml(item.related)}"/>\n` : ''}    <author><name>${escapeHtml(item.author.name)}</name>${uri}</author>
    <published>${escapeHtml(item.published)}</published>
    <updated>${escapeHtml(item.updated)}</updated>
    <content type="html">${escapeHtml(item.html)}</content>
  </entry>`;
}

export function renderAtom(feed: AtomFeed): string {
  const self = feed.self ? `\n  <link rel="self" type="application/atom+xml" href="${escapeHtml(feed.self)}"/>` : '';
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${escapeHtml(feed.id)}</id>
  <title>${escapeHtml(feed.title)}</title>
  <updated>${escapeHtml(feed.updated)}</updated>
  <link rel="alternate" href="${escapeHtml(feed.alternate)}"/>${self}
${feed.entries.map(entry).join('\n')}
</feed>
`;
}

/** The id of an interaction's entry, the same in every feed it appears in. */
export function interactionEntryId(received: string, id: number): string {
  return `tag:parley,${received.slice(0, 10)}:interaction-${id}`;
}
