/**
 * Turns the HTML old systems stored into content Parley can show, always through the same
 * sanitizer as everything else: a comment becomes Markdown (turndown) rendered like any comment,
 * a webmention is stored as receiving one would store it.
 */
import { Parser } from 'htmlparser2';
import TurndownService from 'turndown';
import { mentionContent } from '../core/classify.ts';
import { renderComment } from '../core/markdown.ts';
import { sanitize } from '../core/sanitize.ts';
import type { Content } from '../core/types.ts';
import type { RawContent } from './records.ts';

const turndown = new TurndownService({ headingStyle: 'atx', codeBlockStyle: 'fenced', emDelimiter: '*', bulletListMarker: '-' });
// what can never be comment text goes with its content
const REMOVED = new Set([
  'script',
  'style',
  'iframe',
  'object',
  'embed',
  'form',
  'button',
  'select',
  'textarea',
  'noscript',
  'template',
  'svg',
  'math',
]);
turndown.remove((node) => REMOVED.has(node.nodeName.toLowerCase()));
// comment Markdown has no headings or images: a heading reads as a strong line, an image as its link
turndown.addRule('heading', {
  filter: ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'],
  replacement: (content) => (content.trim() ? `\n\n**${content.trim()}**\n\n` : ''),
});
// a link Parley would refuse (javascript:, data:, relative) keeps its words and loses its target
turndown.addRule('unsafe-link', {
  filter: (node) => node.nodeName === 'A' && !/^(?:https?:|mailto:)/i.test(node.getAttribute('href') ?? ''),
  replacement: (content) => content,
});
turndown.addRule('image', {
  filter: 'img',
  replacement: (_content, node) => {
    const element = node as HTMLElement;
    const src = element.getAttribute('src') ?? '';
    const alt = (element.getAttribute('alt') ?? '').trim();
    return /^https?:\/\//i.test(src) ? `[${alt || 'image'}](${src})` : alt;
  },
});

const BLOCK = /^<(?:p|div|blockquote|ul|ol|li|pre|h[1-6]|table|hr|figure)[\s>/]/i;

/**
 * WordPress stores comments as typed, with blank lines between paragraphs and HTML allowed
 * inside: the paragraphs it would draw (what its wpautop does, simplified) are made explicit.
 */
export function paragraphs(value: string): string {
  return value
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((chunk) => chunk.trim())
    .filter(Boolean)
    .map((chunk) => (BLOCK.test(chunk) ? chunk : `<p>${chunk.replace(/\n/g, '<br>\n')}</p>`))
    .join('\n');
}

/** An imported comment: Markdown from its HTML, rendered and sanitized like a comment typed here. */
export function commentContent(html: string): Content {
  return renderComment(turndown.turndown(paragraphs(html)));
}

/** The text of an HTML fragment, entities decoded and whitespace collapsed. */
export function textOf(html: string): string {
  if (!/[<&]/.test(html)) return html.replace(/\s+/g, ' ').trim();
  const parts: string[] = [];
  const parser = new Parser({ ontext: (text) => parts.push(text) }, { decodeEntities: true });
  parser.write(html);
  parser.end();
  return parts.join('').replace(/\s+/g, ' ').trim();
}

/** Safe content for any imported item. */
export function importedContent(content: RawContent): Content {
  switch (content.format) {
    case 'comment-html':
      return commentContent(content.value);
    case 'webmention':
      return mentionContent(content.html, content.text ?? (content.html ? textOf(content.html) : ''), content.url);
    case 'stored':
      return { html: sanitize(content.html), text: content.text };
  }
}
