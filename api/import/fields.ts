/** Small readers of the fields every import format has: dates, web addresses, comment anchors. */
import type { ImportKey } from './records.ts';

/**
 * An ISO 8601 UTC date from what old systems write: `2014-05-01 12:34:56` (WordPress, in GMT),
 * `2011-03-07T20:46:25Z`, or a date with an offset. A date without a zone is taken as UTC. Null
 * when there is none (WordPress writes 0000-00-00 00:00:00 for "never").
 */
export function isoDate(raw: string | null | undefined): string | null {
  const value = raw?.trim();
  if (!value || value.startsWith('0000-00-00')) return null;
  const withZone = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(value) ? value : `${value}Z`;
  const date = new Date(withZone.replace(/^(\d{4}-\d{2}-\d{2}) /, '$1T'));
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** The value when it is an absolute http(s) URL, else null. */
export function httpUrl(raw: string | null | undefined): string | null {
  const value = raw?.trim();
  if (!value || !URL.canParse(value)) return null;
  return /^https?:$/.test(new URL(value).protocol) ? value : null;
}

/** A site's address as a namespace for its ids: host without www, path without a trailing slash. */
export function siteKey(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname.replace(/^www\./, '')}${parsed.pathname.replace(/\/+$/, '')}`.toLowerCase();
}

/** The comment number of a `#comment-123` anchor (WordPress and Disqus permalinks), else null. */
export function commentNumber(url: string): string | null {
  return /#comment-(\d+)$/.exec(url)?.[1] ?? null;
}

/**
 * The imported comments a permalink like https://old.example/blog/2014/post/#comment-12 may name:
 * a WordPress comment of the blog at the host or at any leading part of the path (a blog can
 * live under /blog), or the Disqus comment with that number.
 */
export function anchorKeys(url: string): ImportKey[] {
  const n = commentNumber(url);
  if (!n || !URL.canParse(url)) return [];
  const parsed = new URL(url);
  const host = parsed.hostname.replace(/^www\./, '').toLowerCase();
  const segments = parsed.pathname.split('/').filter(Boolean);
  const keys: ImportKey[] = [];
  for (let length = 0; length <= segments.length; length += 1) {
    const path = segments
      .slice(0, length)
      .map((segment) => `/${segment}`)
      .join('');
    keys.push({ source: 'wordpress', id: `${host}${path.toLowerCase()}/${n}` });
  }
  keys.push({ source: 'disqus', id: n });
  return keys;
}
