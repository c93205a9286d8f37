import { Parser } from 'htmlparser2';

/** Elements whose URL counts as a link to the target, per the Webmention spec (3.2.2). */
const LINKING: Record<string, string> = { a: 'href', img: 'src', video: 'src', audio: 'src', source: 'src' };

/**
 * Every URL an HTML page links to, resolved against the page URL (and its <base href>). Text
 * inside comments, scripts and escaped markup is not a link; a real parser makes sure of it.
 */
export function linksIn(html: string, pageUrl: string): string[] {
  const links: string[] = [];
  let base = pageUrl;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name === 'base' && attributes.href && URL.canParse(attributes.href, pageUrl)) base = new URL(attributes.href, pageUrl).href;
        const attribute = LINKING[name];
        const value = attribute ? attributes[attribute] : undefined;
        if (value !== undefined && URL.canParse(value, base)) links.push(new URL(value, base).href);
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return links;
}

/** Compares URLs as the same page: no fragment, no trailing slash, case-insensitive host. */
export function samePage(a: string, b: string): boolean {
  return pageKey(a) === pageKey(b);
}

export function pageKey(url: string): string {
  if (!URL.canParse(url)) return url;
  const parsed = new URL(url);
  parsed.hash = '';
  return parsed.href.replace(/\/+$/, '');
}
