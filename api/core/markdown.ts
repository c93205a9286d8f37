import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';
import type { Content } from './types.ts';

/**
 * Comment Markdown: paragraphs, emphasis, links, code, quotes and lists, nothing else. Raw HTML is
 * escaped by markdown-it (html: false), and the result still passes an allowlist sanitizer, so
 * a parser quirk cannot smuggle markup through.
 */
const markdown = new MarkdownIt('zero', { html: false, linkify: true, breaks: true }).enable([
  'paragraph',
  'newline',
  'emphasis',
  'link',
  'linkify',
  'backticks',
  'code',
  'fence',
  'blockquote',
  'list',
  'escape',
  'entity',
]);

/** The one allowlist for HTML from outside: comments now, webmention content later. */
export const SAFE_HTML: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'em', 'strong', 'a', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li'],
  allowedAttributes: { a: ['href', 'rel'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'escape',
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'nofollow ugc' } }),
  },
};

export function sanitize(html: string): string {
  return sanitizeHtml(html, SAFE_HTML);
}

/** Renders a comment body to safe HTML; the text is the trimmed body as the reader typed it. */
export function renderComment(body: string): Content {
  const text = body.trim();
  return { html: sanitize(markdown.render(text)).trim(), text };
}
