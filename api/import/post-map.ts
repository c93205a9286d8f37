/**
 * Which Parley post an imported item belongs to. Tried in order: the URL table (`--map`, old URL
 * to slug), the rule (`--rule`, a regular expression whose first group, or group `slug`, is the
 * slug), a Parley post at the same address, the old system's own slug (WordPress post_name),
 * and the last segment of the old URL's path. A candidate counts only if Parley has that post.
 */
import type { PostHint } from './records.ts';

export interface PostMapOptions {
  /** Old URL to slug, e.g. read from a CSV file. */
  table?: [url: string, slug: string][];
  rule?: RegExp;
}

export type PostMatch = { slug: string } | { missing: string };

/** A URL as a lookup key: no scheme, no www, no fragment, no trailing slash; the query stays (?p=12). */
export function urlKey(url: string): string {
  if (!URL.canParse(url)) return url.trim();
  const parsed = new URL(url);
  const path = parsed.pathname.replace(/\/+$/, '');
  return `${parsed.hostname.replace(/^www\./, '').toLowerCase()}${path}${parsed.search}`;
}

function lastSegment(url: string): string | null {
  if (!URL.canParse(url)) return null;
  const segment = new URL(url).pathname.split('/').filter(Boolean).at(-1);
  if (!segment) return null;
  try {
    return decodeURIComponent(segment).replace(/\.(?:html?|php)$/i, '');
  } catch {
    return segment;
  }
}

function fromRule(rule: RegExp, url: string): string | null {
  const match = rule.exec(url);
  return match?.groups?.slug ?? match?.[1] ?? null;
}

/**
 * @example const match = createPostMatcher(posts, { rule: /\/\d{4}\/\d{2}\/([^/]+)/ })
 */
export function createPostMatcher(posts: Iterable<{ slug: string; url: string }>, options: PostMapOptions = {}) {
  const slugs = new Set<string>();
  const byUrl = new Map<string, string>();
  const add = (post: { slug: string; url: string }) => {
    slugs.add(post.slug);
    byUrl.set(urlKey(post.url), post.slug);
  };
  for (const post of posts) add(post);
  const table = new Map((options.table ?? []).map(([url, slug]) => [urlKey(url), slug.trim()]));
  const known = (slug: string | null | undefined): string | null => {
    if (!slug) return null;
    if (slugs.has(slug)) return slug;
    const lower = slug.toLowerCase();
    return slugs.has(lower) ? lower : null;
  };
  return {
    /** A post the import itself brings (a Parley export's posts). */
    add,
    has: (slug: string) => slugs.has(slug),
    match(hint: PostHint): PostMatch {
      const url = hint.url?.split('#')[0] ?? null;
      const candidates = [
        url ? table.get(urlKey(url)) : null,
        url && options.rule ? fromRule(options.rule, url) : null,
        url ? byUrl.get(urlKey(url)) : null,
        ...hint.slugs,
        url ? lastSegment(url) : null,
      ];
      for (const candidate of candidates) {
        const slug = known(candidate);
        if (slug) return { slug };
      }
      return { missing: url ?? hint.slugs[0] ?? 'an unknown page' };
    },
  };
}

export type PostMatcher = ReturnType<typeof createPostMatcher>;
