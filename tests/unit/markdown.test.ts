import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { renderComment } from '../../api/core/markdown.ts';
import { sanitize } from '../../api/core/sanitize.ts';
import { ALERT_PAYLOADS, allowlistViolations } from '../fixtures/xss.ts';

describe('comment Markdown to safe HTML', () => {
  for (const payload of ALERT_PAYLOADS) {
    it(`neutralises ${payload.slice(0, 60)}`, () => {
      const { html } = renderComment(payload);
      assert.deepEqual(allowlistViolations(html), [], html);
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
