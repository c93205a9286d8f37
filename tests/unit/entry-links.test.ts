import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { entryLinks } from '../../api/webmention/entry-links.ts';

const SITE = 'https://blog.example';
const PAGE = `${SITE}/posts/answer/`;

describe('the links of a post that count as targets', () => {
  const html = `<!doctype html><html><body>
    <nav><a href="https://nav.example/">not in the entry</a></nav>
    <article class="h-entry">
      <header>
        <p class="entry-context">In reply to <a class="u-in-reply-to" href="https://them.example/post/1">them</a></p>
        <p class="entry-context">Liked <a class="u-like-of" href="https://likes.example/photo">a photo</a></p>
        <a class="u-repost-of h-cite" href="https://shared.example/note"><span class="p-name">a note</span></a>
        <p>Bookmarked <a class="u-bookmark-of" href="https://saved.example/read?x=1">this</a></p>
        <h1 class="p-name">An answer</h1>
        <a class="u-url" href="${PAGE}">permalink</a>
        <span class="p-author h-card"><a class="p-name u-url" href="${SITE}/about/">Me</a></span>
      </header>
      <div class="e-content">
        <p>See <a href="https://other.example/a">this</a>, <a href="//other.example/b#part">that</a>,
        <a href="/posts/earlier/">my earlier post</a>, <a href="${SITE}/tags/x/">a tag</a>,
        <a href="mailto:me@example.org">mail</a>, <a href="javascript:alert(1)">js</a>,
        and <a href="https://other.example/a">this again</a>.</p>
        <img src="https://images.example/pic.png" alt="">
        <!-- <a href="https://commented.example/">commented out</a> -->
      </div>
      <section class="conversation">
        <article class="p-comment h-entry"><div class="e-content"><a href="https://commenter.example/">their site</a></div></article>
      </section>
    </article>
  </body></html>`;

  it('takes the response properties and the links of the content, once each, in page order', () => {
    assert.deepEqual(entryLinks(html, PAGE, [SITE]), [
      'https://them.example/post/1',
      'https://likes.example/photo',
      'https://shared.example/note',
      'https://saved.example/read?x=1',
      'https://other.example/a',
      'https://other.example/b#part',
    ]);
  });

  it('leaves out links to the site itself, other schemes, comments and what is outside the entry', () => {
    const links = entryLinks(html, PAGE, [SITE]);
    for (const absent of [
      'nav.example',
      'blog.example',
      'mailto:',
      'javascript:',
      'commenter.example',
      'commented.example',
      'images.example',
    ]) {
      assert.ok(!links.some((link) => link.includes(absent)), absent);
    }
  });

  it('finds nothing on a page without an h-entry', () => {
    assert.deepEqual(entryLinks('<p><a href="https://x.example/">x</a></p>', PAGE, [SITE]), []);
  });
});
