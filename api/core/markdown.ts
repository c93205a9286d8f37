import MarkdownIt from 'markdown-it';
import { sanitize } from './sanitize.ts';
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

/** Renders a comment body to safe HTML; the text is the trimmed body as the reader typed it. */
export function renderComment(body: string): Content {
  const text = body.trim();
  return { html: sanitize(markdown.render(text)).trim(), text };
}
