/**
 * The allowlist sanitizer against the library it replaced: sanitize-html with the configuration
 * Parley used (escape mode), on the whole XSS corpus, raw and through Markdown, on HTML as other
 * sites send it, and on random fragments. Identical output means stored content and pages look
 * the same whichever runtime sanitized them.
 */
import assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';
import { describe, it } from 'vitest';
import { renderComment } from '../../api/core/markdown.ts';
import { isSafeHref, sanitize } from '../../api/core/sanitize.ts';
import { ALERT_PAYLOADS, allowlistViolations, PAGE_PAYLOADS, SOURCE_HTML } from '../fixtures/xss.ts';

const REFERENCE: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'em', 'strong', 'a', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li'],
  allowedAttributes: { a: ['href', 'rel'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'escape',
  transformTags: { a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'nofollow ugc' } }) },
};
const reference = (html: string) => sanitizeHtml(html, REFERENCE);

// the same Markdown setup as api/core/markdown.ts, without its sanitizer, to feed both sanitizers
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

const MARKDOWN = [
  '*em* **strong** `code`\n\n> quote\n\n- one\n- two\n\n1. first\n\n```\nblock\n```\n\n[link](https://example.org)',
  'a <b>bold</b> claim',
  'line one\nline two',
  'see https://example.org/page & more "quotes" \'apos\'',
  '[rel](/relative/path) [proto](//evil.example) [mail](mailto:a@b.c) [amp](https://a.example/?a=1&b=2)',
  '# Big\n\n![alt](https://example.org/a.png)',
];

/** A small seeded generator of tag soup: tags in and out of the allowlist, hostile attributes, odd text. */
function fragments(count: number, seed = 12345): string[] {
  let state = seed;
  const next = (n: number) => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state % n;
  };
  const pick = <T>(items: readonly T[]): T => items[next(items.length)] as T;
  const tags = ['p', 'a', 'br', 'em', 'strong', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'div', 'span', 'b', 'img', 'script'];
  const moreTags = [
    'style',
    'textarea',
    'iframe',
    'svg',
    'math',
    'noscript',
    'table',
    'td',
    'title',
    'xmp',
    'template',
    'A',
    'P',
    'option',
    'hr',
    'col',
    'embed',
    'input',
    'wbr',
  ];
  const attributes = [
    'href="https://x.example/?a=1&b=2"',
    'href="javascript:alert(1)"',
    'href=" jav&#x09;ascript:1"',
    'href="//evil"',
    'href="/r"',
    "href='mailto:a@b'",
    'href=x',
    'rel="me"',
    'onclick="x()"',
    'style="color:red"',
    'class=c',
    'title="a>b"',
    'href',
    'HREF="HTTP://U"',
    'href="&#106;avascript:1"',
    'src=x',
  ];
  const texts = [
    'hi',
    ' ',
    '&amp;',
    '&lt;b&gt;',
    '&',
    '<',
    '>',
    '"q"',
    "'",
    '&nbsp;',
    '&copy',
    '\n',
    '<!-- c -->',
    '</',
    '<!',
    '<?x?>',
    'café',
    '&#0;',
    '\u0000',
  ];
  const all = [...tags, ...moreTags];
  const make = (depth: number): string => {
    let html = '';
    for (let parts = next(4) + 1; parts > 0; parts -= 1) {
      if (next(10) < 4 || depth > 3) {
        html += pick(texts);
        continue;
      }
      const tag = pick(all);
      const attrs = next(3) ? '' : ` ${pick(attributes)}${next(2) ? ` ${pick(attributes)}` : ''}`;
      html += `<${tag}${attrs}${next(8) ? '' : ' /'}>${make(depth + 1)}${next(5) ? `</${tag}>` : ''}`;
    }
    return html;
  };
  return Array.from({ length: count }, () => make(0));
}

describe('the allowlist sanitizer', () => {
  const cases = [
    ...[...ALERT_PAYLOADS, ...PAGE_PAYLOADS, ...MARKDOWN].map((source) => ({ label: `markdown ${source}`, html: markdown.render(source) })),
    ...[...ALERT_PAYLOADS, ...PAGE_PAYLOADS, ...SOURCE_HTML].map((source) => ({ label: `html ${source}`, html: source })),
  ];

  it('gives exactly what sanitize-html gave, on every corpus case', () => {
    const differing = cases.filter(({ html }) => sanitize(html) !== reference(html));
    assert.deepEqual(
      differing.map(({ label, html }) => ({ label: label.slice(0, 80), ours: sanitize(html), reference: reference(html) })),
      [],
    );
  });

  it('keeps every corpus case inside the allowlist', () => {
    for (const { label, html } of cases) assert.deepEqual(allowlistViolations(sanitize(html)), [], label);
  });

  it('gives what sanitize-html gave on 5,000 random fragments', () => {
    const differing = fragments(5_000).filter((html) => sanitize(html) !== reference(html));
    assert.deepEqual(differing.slice(0, 5), []);
  });

  it('keeps random fragments inside the allowlist, apart from the relative links it keeps on purpose', () => {
    for (const html of fragments(2_000, 777)) assert.deepEqual(allowlistViolations(sanitize(html)), [], html);
  });

  it('shows a disallowed tag as text without its attributes', () => {
    assert.equal(sanitize('<img src=x onerror=alert(1)><b class="x">bold</b>'), '&lt;img /&gt;&lt;b&gt;bold&lt;/b&gt;');
  });

  it('reads an href as a browser would before judging its scheme', () => {
    for (const href of [
      'javascript:alert(1)',
      ' JaVaScRiPt:1',
      'java\tscript:1',
      'java\nscript:1',
      'jav<!-- -->ascript:1',
      'data:text/html,x',
    ]) {
      assert.equal(isSafeHref(href), false, JSON.stringify(href));
    }
    for (const href of ['//evil.example', '\\\\evil.example', ' //evil.example']) assert.equal(isSafeHref(href), false, href);
    for (const href of ['https://a.example', 'HTTP://A.EXAMPLE', 'mailto:me@a.example', '/relative', '#fragment', 'page.html']) {
      assert.equal(isSafeHref(href), true, href);
    }
  });

  it('renders a comment the same way sanitize-html did', () => {
    const body = 'Hi *there* <script>alert(1)</script> [x](javascript:alert(1)) https://example.org';
    assert.equal(renderComment(body).html, reference(markdown.render(body)).trim());
  });
});
