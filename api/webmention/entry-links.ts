import { Parser } from 'htmlparser2';
import { mf2 } from 'microformats-parser';

type Document = ReturnType<typeof mf2>;
type Item = Document['items'][number];
type Property = Item['properties'][string][number];

/** The properties by which a post answers another page; each is a target too. */
export const RESPONSE_PROPERTIES = ['in-reply-to', 'like-of', 'repost-of', 'bookmark-of'] as const;

const isItem = (value: Property | undefined): value is Item => typeof value === 'object' && value !== null && 'properties' in value;

function urlOf(value: Property): string | null {
  if (typeof value === 'string') return value;
  if (isItem(value)) return urlOf(value.properties.url?.[0] ?? '') || (typeof value.value === 'string' ? value.value : null);
  return 'value' in value && typeof value.value === 'string' ? value.value : null;
}

function anchors(html: string, base: string): string[] {
  const found: string[] = [];
  const parser = new Parser({
    onopentag(name, attributes) {
      if (name === 'a' && attributes.href && URL.canParse(attributes.href, base)) found.push(new URL(attributes.href, base).href);
    },
  });
  parser.write(html);
  parser.end();
  return found;
}

/**
 * The pages a post's h-entry links to: links in its e-content and its u-in-reply-to, u-like-of,
 * u-repost-of and u-bookmark-of, as absolute http(s) URLs, without links to the site itself
 * (`siteOrigins`) and without repeats, in page order. The first h-entry of the page is the post;
 * comments nested in it are other people's words and are left out.
 */
export function entryLinks(html: string, pageUrl: string, siteOrigins: readonly string[]): string[] {
  const document = mf2(html, { baseUrl: pageUrl });
  const entry = document.items.find((item) => item.type?.includes('h-entry'));
  if (!entry) return [];
  const found: string[] = [];
  for (const name of RESPONSE_PROPERTIES) {
    for (const value of entry.properties[name] ?? []) {
      const url = urlOf(value);
      if (url) found.push(url);
    }
  }
  for (const content of entry.properties.content ?? []) {
    if (typeof content === 'object' && 'html' in content) found.push(...anchors(content.html, pageUrl));
  }
  const own = new Set(siteOrigins.map((origin) => new URL(origin).origin));
  const links = found
    .filter((url) => URL.canParse(url, pageUrl))
    .map((url) => new URL(url, pageUrl))
    .filter((url) => (url.protocol === 'http:' || url.protocol === 'https:') && !own.has(url.origin))
    .map((url) => url.href);
  return [...new Set(links)];
}
