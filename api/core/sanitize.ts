/**
 * The one allowlist for HTML from outside (comments rendered from Markdown, webmention content):
 * p, br, em, strong, a, code, pre, blockquote, ul, ol, li; only `a[href]`, with http, https,
 * mailto or relative URLs, and rel="nofollow ugc" on every link. Any other tag is shown as text
 * (`&lt;img /&gt;`, attributes dropped) rather than removed, so nothing a reader wrote vanishes.
 *
 * Written on htmlparser2 (the parser sanitize-html itself uses) because no maintained sanitizer
 * that runs on Web APIs alone has this escape mode: sanitize-html pulls in postcss (Node's fs and
 * path), DOMPurify needs a DOM, and xss keeps an escaped tag's attributes as visible text.
 * tests/unit/sanitize.test.ts checks it against sanitize-html, case by case and on random input.
 */
import { Parser } from 'htmlparser2';

const ALLOWED_TAGS = new Set(['p', 'br', 'em', 'strong', 'a', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li']);
const VOID_TAGS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
/** Shown with a slash when escaped (`&lt;img /&gt;`), as sanitize-html wrote them. */
const SELF_CLOSING = new Set(['img', 'br', 'hr', 'area', 'base', 'basefont', 'input', 'link', 'meta', 'col']);
const ALLOWED_SCHEMES = new Set(['http', 'https', 'mailto']);

const escapeText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttribute = (text: string) => escapeText(text).replace(/"/g, '&quot;');

/**
 * Whether a (decoded) href may stay: browsers ignore control characters and spaces inside a
 * scheme, and an HTML comment can hide one, so both are removed before the scheme is read.
 * Protocol-relative URLs (`//host`, `\\host`) leave the site and are refused.
 */
export function isSafeHref(href: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is stripped
  const cleaned = href.replace(/[\x00-\x20]+/g, '').replace(/<!--[\s\S]*?-->/g, '');
  const scheme = /^([a-zA-Z][a-zA-Z0-9.\-+]*):/.exec(cleaned);
  if (scheme) return ALLOWED_SCHEMES.has((scheme[1] ?? '').toLowerCase());
  return !/^[/\\]{2}/.test(cleaned);
}

function openTag(name: string, attributes: Record<string, string>): string {
  if (!ALLOWED_TAGS.has(name)) return escapeText(`<${name}${SELF_CLOSING.has(name) ? ' /' : ''}>`);
  if (name === 'br') return '<br />';
  if (name !== 'a') return `<${name}>`;
  const href = attributes.href;
  const kept = href !== undefined && href !== '' && isSafeHref(href) ? ` href="${escapeAttribute(href)}"` : '';
  return `<a${kept} rel="nofollow ugc">`;
}

/** Sanitizes an HTML fragment to the allowlist above. */
export function sanitize(html: string): string {
  let out = '';
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        out += openTag(name, attributes);
      },
      ontext(text) {
        out += escapeText(text);
      },
      onclosetag(name, implied) {
        if (VOID_TAGS.has(name)) return;
        if (ALLOWED_TAGS.has(name)) out += `</${name}>`;
        else if (!implied) out += escapeText(`</${name}>`);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: false },
  );
  parser.write(html);
  parser.end();
  return out;
}
