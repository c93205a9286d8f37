import { Parser } from 'htmlparser2';
import { mf2 } from 'microformats-parser';
import { propertyUrls, RESPONSE_PROPERTIES } from '../core/mf2.ts';

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
  for (const name of RESPONSE_PROPERTIES) found.push(...propertyUrls(entry, name));
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
