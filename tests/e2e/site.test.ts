import assert from 'node:assert/strict';
import { mf2 } from 'microformats-parser';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startTestSite, type TestSite } from './_site.ts';

type Item = ReturnType<typeof mf2>['items'][number];

describe('the built site, as parsers and feed readers see it', () => {
  let site: TestSite;
  beforeAll(async () => {
    site = await startTestSite();
  });
  afterAll(() => site.close());

  const get = async (path: string) => {
    const response = await fetch(`${site.url}${path}`);
    return { status: response.status, type: response.headers.get('content-type') ?? '', body: await response.text() };
  };

  it('lists published posts newest first on the home page, with the author h-card, and no draft', async () => {
    const home = await get('/');
    assert.equal(home.status, 200);
    const parsed = mf2(home.body, { baseUrl: site.url });
    const card = parsed.items.find((item) => item.type?.includes('h-card'));
    assert.equal(card?.properties.name?.[0], 'Robin Vale');
    const titles = [...home.body.matchAll(/<h3[^>]*>\s*<a class="p-name u-url"[^>]*href="\/posts\/([^/]+)\/"/g)].map((match) => match[1]);
    assert.deepEqual(titles, [
      'replying-from-your-own-site',
      'writing-posts-that-invite-answers',
      'threads-beat-flat-lists',
      'why-comments-left-home',
    ]);
    assert.doesNotMatch(home.body, /reactions-are-not-replies/);
    assert.equal((await get('/posts/reactions-are-not-replies/')).status, 404, 'the draft is not built');
  });

  it('marks every post up as an h-entry with its author, and comments as nested replies', async () => {
    const comment = await fetch(`${site.url}/api/posts/threads-beat-flat-lists/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Parsa Parser', url: 'https://parsa.example/', body: 'Readable by machines too.' }),
    }).then((response) => response.json());
    await site.server.pages?.idle();
    const page = await get('/posts/threads-beat-flat-lists/');
    const entry = mf2(page.body, { baseUrl: site.url }).items.find((item) => item.type?.includes('h-entry'));
    assert.ok(entry, 'an h-entry');
    assert.equal(entry.properties.name?.[0], 'Threads beat flat lists');
    assert.equal(entry.properties.url?.[0], `${site.url}/posts/threads-beat-flat-lists/`);
    assert.ok(entry.properties.published?.[0]);
    assert.ok(entry.properties.content?.[0]);
    assert.deepEqual(entry.properties.category, ['threads', 'design']);
    const author = entry.properties.author?.[0] as Item;
    assert.equal(author.properties.name?.[0], 'Robin Vale');
    const reply = (entry.properties.comment ?? []).map((value) => value as Item).find((item) => item.properties.url?.[0] === comment.url);
    assert.ok(reply, 'the comment is a p-comment h-entry with its permalink as u-url');
    assert.equal((reply.properties.author?.[0] as Item | undefined)?.properties.name?.[0], 'Parsa Parser');
    assert.ok(reply.properties.published?.[0]);
    assert.deepEqual(reply.properties['in-reply-to'], [`${site.url}/posts/threads-beat-flat-lists/`]);
  });

  it('publishes an RSS feed, a sitemap and tag pages', async () => {
    const rss = await get('/rss.xml');
    assert.equal(rss.status, 200);
    assert.match(rss.body, /<rss/);
    assert.equal((rss.body.match(/<item>/g) ?? []).length, 4);
    assert.match(rss.body, new RegExp(`<link>${site.url}/posts/threads-beat-flat-lists/</link>`));
    const sitemap = await get('/sitemap-index.xml');
    assert.equal(sitemap.status, 200);
    assert.match(sitemap.body, /sitemap-0\.xml/);
    const tag = await get('/tags/threads/');
    assert.equal(tag.status, 200);
    assert.match(tag.body, /Threads beat flat lists/);
  });

  it('answers unknown pages with the site 404 page, and redirects a missing trailing slash', async () => {
    const missing = await get('/no/such/page/');
    assert.equal(missing.status, 404);
    assert.match(missing.body, /<main/);
    const redirect = await fetch(`${site.url}/posts/threads-beat-flat-lists`, { redirect: 'manual' });
    assert.equal(redirect.status, 301);
    assert.equal(redirect.headers.get('location'), '/posts/threads-beat-flat-lists/');
  });

  it('has landmarks, a skip link and one script on a post page', async () => {
    const page = await get('/posts/threads-beat-flat-lists/');
    for (const landmark of ['<header', '<main id="main"', '<footer', 'class="skip-link" href="#main"'])
      assert.ok(page.body.includes(landmark), landmark);
    const scripts = page.body.match(/<script[^>]*src="[^"]+"/g) ?? [];
    assert.equal(scripts.length, 1, scripts.join(' '));
  });
});
