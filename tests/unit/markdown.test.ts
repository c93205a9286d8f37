import assert from 'node:assert/strict';
import { Parser } from 'htmlparser2';
import { describe, it } from 'vitest';
import { renderComment, sanitize } from '../../api/core/markdown.ts';

/** Known ways to get script into a page through a comment box. */
const PAYLOADS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<svg onload=alert(1)>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<a href="javascript:alert(1)">x</a>',
  '[click](javascript:alert(1))',
  '[click](JaVaScRiPt:alert(1))',
  '[click](&#106;avascript:alert(1))',
  '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[click](vbscript:msgbox(1))',
  '![img](javascript:alert(1))',
  '<a href="  javascript:alert(1)">x</a>',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '<style>body{background:red}</style>',
  '"><script>alert(1)</script>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<details open ontoggle=alert(1)>',
  '<body onload=alert(1)>',
  '<object data="data:text/html,<script>alert(1)</script>">',
  '[x](https://example.org" onmouseover="alert(1))',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '`<script>alert(1)</script>`',
  '```\n<script>alert(1)</script>\n```',
  '<form action="javascript:alert(1)"><button>x</button></form>',
  '<base href="javascript:alert(1)//">',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
];

const ALLOWED_TAGS = new Set(['p', 'br', 'em', 'strong', 'a', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li']);

/** Parses the output as a browser would and lists every element or attribute outside the allowlist. */
function violations(html: string): string[] {
  const found: string[] = [];
  const parser = new Parser({
    onopentag(name, attributes) {
      if (!ALLOWED_TAGS.has(name)) found.push(`<${name}>`);
      for (const [attribute, value] of Object.entries(attributes)) {
        if (name !== 'a' || !['href', 'rel'].includes(attribute)) found.push(`${name}[${attribute}]`);
        if (attribute === 'href' && !/^(https?:|mailto:)/i.test(value.trim())) found.push(`href=${value}`);
        if (attribute === 'rel' && value !== 'nofollow ugc') found.push(`rel=${value}`);
      }
    },
  });
  parser.write(html);
  parser.end();
  return found;
}

describe('comment Markdown to safe HTML', () => {
  for (const payload of PAYLOADS) {
    it(`neutralises ${payload.slice(0, 60)}`, () => {
      const { html } = renderComment(payload);
      assert.deepEqual(violations(html), [], html);
    });
  }

  it('keeps the supported subset', () => {
    const { html } = renderComment(
      '*em* **strong** `code`\n\n> quote\n\n- one\n- two\n\n1. first\n\n```\nblock\n```\n\n[link](https://example.org)',
    );
    for (const tag of [
      '<em>em</em>',
      '<strong>strong</strong>',
      '<code>code</code>',
      '<blockquote>',
      '<ul>',
      '<ol>',
      '<pre><code>block',
      '<a href="https://example.org" rel="nofollow ugc">link</a>',
    ]) {
      assert.ok(html.includes(tag), `${tag} in ${html}`);
    }
  });

  it('shows raw HTML as text rather than dropping it', () => {
    assert.equal(renderComment('a <b>bold</b> claim').html, '<p>a &lt;b&gt;bold&lt;/b&gt; claim</p>');
  });

  it('does not render headings, images or tables', () => {
    const { html } = renderComment('# Big\n\n![alt](https://example.org/a.png)\n\n| a | b |\n|---|---|\n| 1 | 2 |');
    assert.doesNotMatch(html, /<h1|<img|<table/);
  });

  it('turns bare URLs into nofollow links', () => {
    assert.match(renderComment('see https://example.org/page').html, /<a href="https:\/\/example.org\/page" rel="nofollow ugc">/);
  });

  it('keeps the body as typed for the text version', () => {
    assert.equal(renderComment('  *hi*  ').text, '*hi*');
  });

  it('sanitizes HTML from outside to the same allowlist', () => {
    assert.equal(
      sanitize('<p onclick="x()">hi <a href="https://a.example" target="_blank">a</a></p>'),
      '<p>hi <a href="https://a.example" rel="nofollow ugc">a</a></p>',
    );
  });
});
