import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { commentContent, importedContent, paragraphs } from '../../api/import/content.ts';

describe('imported HTML becomes safe comment content', () => {
  it('keeps WordPress paragraphs and line breaks, emphasis and links (rel nofollow ugc)', () => {
    const content = commentContent(
      'First! This is <strong>great</strong>.\n\nWith <a href="https://ada.example/notes" rel="external">notes</a>\nand a line.',
    );
    assert.equal(
      content.html,
      '<p>First! This is <strong>great</strong>.</p>\n<p>With <a href="https://ada.example/notes" rel="nofollow ugc">notes</a><br />\nand a line.</p>',
    );
    assert.equal(
      content.text,
      'First! This is **great**.\n\nWith [notes](https://ada.example/notes)  \nand a line.',
      'the text is Markdown, as for comments typed here',
    );
  });

  it('leaves nothing active: scripts, handlers, javascript: links, frames and styles are gone', () => {
    const content = commentContent(
      '<img src=x onerror="alert(1)">Nice <script>alert(1)</script>post <a href="javascript:alert(2)">click</a> <a href="https://ok.example/" onclick="steal()">ok</a><iframe src="https://evil.example/"></iframe><style>body{display:none}</style>',
    );
    for (const bad of ['<script', 'onerror', 'onclick', 'javascript:" ', 'href="javascript', '<iframe', '<style', '<img']) {
      assert.ok(!content.html.includes(bad), `${bad} in ${content.html}`);
    }
    assert.match(content.html, /<a href="https:\/\/ok.example\/" rel="nofollow ugc">ok<\/a>/);
  });

  it('turns an image into a link to it, and a heading into a strong line', () => {
    const content = commentContent('<h2>Look</h2><p>A <img src="https://images.example/cat.png" alt="cat"></p>');
    assert.equal(
      content.html,
      '<p><strong>Look</strong></p>\n<p>A <a href="https://images.example/cat.png" rel="nofollow ugc">cat</a></p>',
    );
  });

  it('keeps unicode and characters Markdown would read as syntax', () => {
    const content = commentContent('Привет 🎉 — 1. not a list, *not emphasis*, a[b[0]]> c &amp; d');
    assert.equal(
      content.html,
      '<p>Привет 🎉 — 1. not a list, *not emphasis*, a[b[0]]&gt; c &amp; d</p>',
      'shown as written, not read as Markdown',
    );
  });

  it('leaves HTML that already has paragraphs as it is', () => {
    assert.equal(paragraphs('<p>One</p>\n\n<p>Two</p>'), '<p>One</p>\n<p>Two</p>');
    assert.equal(paragraphs('one\r\ntwo\r\n\r\nthree'), '<p>one<br>\ntwo</p>\n<p>three</p>');
  });

  it('stores a webmention as receiving one would: sanitized, and cut with a link past 1,000 characters', () => {
    const short = importedContent({
      format: 'webmention',
      html: '<p>Hi <script>x()</script><b>there</b></p>',
      text: 'Hi there',
      url: 'https://a.example/1',
    });
    assert.deepEqual(short, { html: '<p>Hi &lt;script&gt;x()&lt;/script&gt;&lt;b&gt;there&lt;/b&gt;</p>', text: 'Hi there' });
    const long = importedContent({ format: 'webmention', html: null, text: 'word '.repeat(400), url: 'https://a.example/long' });
    assert.ok(long.text.length <= 1001);
    assert.match(long.html, /Read the rest on a.example<\/a><\/p>$/);
    const fromHtml = importedContent({ format: 'webmention', html: '<p>Only &amp; html</p>', text: null, url: 'https://a.example/2' });
    assert.equal(fromHtml.text, 'Only & html');
  });

  it('passes stored content through the sanitizer again, unchanged when it was safe', () => {
    const safe = '<p>Fine &amp; <a href="https://x.example/" rel="nofollow ugc">dandy</a> “quoted”</p>';
    assert.deepEqual(importedContent({ format: 'stored', html: safe, text: 'Fine' }), { html: safe, text: 'Fine' });
    assert.equal(importedContent({ format: 'stored', html: '<p onclick="x()">Hi</p>', text: 'Hi' }).html, '<p>Hi</p>');
  });
});
