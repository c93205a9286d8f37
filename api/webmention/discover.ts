import { Parser } from 'htmlparser2';
import LinkHeader from 'http-link-header';

/** What discovery looks at: a fetched target page. `url` is the final URL, after redirects. */
export interface DiscoveryInput {
  url: string;
  headers: Headers;
  contentType: string;
  body: string;
}

export interface Endpoint {
  /** Absolute URL of the Webmention endpoint, its query string kept. */
  url: string;
  /** Where it was found: the HTTP Link header, or a <link> or <a> element. */
  via: 'header' | 'link' | 'a';
}

const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);

/** Whether a rel value (a space-separated list, case-insensitive) names webmention. */
export function hasWebmentionRel(rel: string | undefined): boolean {
  return (rel ?? '')
    .toLowerCase()
    .split(/[\t\n\f\r ]+/)
    .includes('webmention');
}

function resolve(reference: string, base: string): string | null {
  return URL.canParse(reference, base) ? new URL(reference, base).href : null;
}

/**
 * URLs of the Link header's links with rel webmention, in header order. Several Link header lines
 * arrive joined by commas, which is the same list. A header that does not parse counts as none.
 */
export function webmentionLinks(header: string | null): string[] {
  if (!header) return [];
  let refs: LinkHeader.Reference[];
  try {
    refs = LinkHeader.parse(header).refs;
  } catch {
    return [];
  }
  // the parser splits `rel="webmention other"` into one ref per relation type
  return refs.filter((ref) => hasWebmentionRel(ref.rel)).map((ref) => ref.uri);
}

/**
 * The first <link> or <a> element with rel webmention and an href, in document order. A real
 * parser keeps comments, scripts and escaped markup from counting.
 */
export function webmentionElement(html: string): { href: string; element: 'link' | 'a' } | null {
  let found: { href: string; element: 'link' | 'a' } | null = null;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (found || (name !== 'link' && name !== 'a')) return;
        // an element without href names no endpoint (an empty href names the page itself)
        if (attributes.href === undefined || !hasWebmentionRel(attributes.rel)) return;
        found = { href: attributes.href, element: name };
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return found;
}

/**
 * Finds a target's Webmention endpoint as W3C Webmention 3.1.2 says: the first HTTP Link header
 * with rel webmention, else the first <link> or <a> element with it in an HTML document. Relative
 * URLs resolve against the final URL of the page. Null when the page names none.
 */
export function discoverEndpoint(page: DiscoveryInput): Endpoint | null {
  for (const reference of webmentionLinks(page.headers.get('link'))) {
    const url = resolve(reference, page.url);
    if (url) return { url, via: 'header' };
  }
  // a page served without a type is read as HTML: many small hosts omit it
  if (page.contentType !== '' && !HTML_TYPES.has(page.contentType)) return null;
  const element = webmentionElement(page.body);
  if (!element) return null;
  const url = resolve(element.href, page.url);
  return url ? { url, via: element.element } : null;
}
