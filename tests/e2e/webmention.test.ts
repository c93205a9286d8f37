import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { waitUntil } from '../_wait.ts';
import { type SourceServer, startSourceServer } from '../api/_sources.ts';
import { browserSkipReason, launchChromium } from './_browser.ts';
import { startTestSite, type TestSite } from './_site.ts';

const skip = browserSkipReason();
const POST = '/posts/threads-beat-flat-lists/';

describe('webmentions in the conversation on the page', { skip: skip !== null }, () => {
  let site: TestSite;
  let sources: SourceServer;
  let browser: Browser;
  let commentId = 0;

  beforeAll(async () => {
    site = await startTestSite({ PARLEY_ALLOW_PRIVATE_NETWORK: '1' });
    sources = await startSourceServer({ target: `${site.url}${POST}` });
    browser = await launchChromium();
    const comment = await fetch(`${site.url}/api/posts/threads-beat-flat-lists/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Carla Commenter', body: 'Who will answer me from elsewhere?' }),
    }).then((response) => response.json());
    commentId = comment.id;
    sources.vars.comment = comment.url;
    const sent = [
      ['/reply.html', `${site.url}${POST}`],
      ['/like.html', `${site.url}${POST}`],
      ['/reply-to-comment.html', comment.url],
      ['/hostile.html', `${site.url}${POST}`],
    ];
    const locations: string[] = [];
    for (const [path, target] of sent) {
      const response = await fetch(`${site.url}/api/webmention`, {
        method: 'POST',
        body: new URLSearchParams({ source: sources.url(path!), target: target! }),
      });
      assert.equal(response.status, 201);
      locations.push(response.headers.get('location')!);
    }
    // the server's own verifier picks them up; wait, bounded, until none is queued
    await waitUntil(
      async () => {
        const states = await Promise.all(locations.map((location) => fetch(location).then((response) => response.json())));
        return states.every((state) => state.status !== 'queued');
      },
      { tries: 100 },
    );
    await site.server.pages?.idle();
  });
  afterAll(async () => {
    await browser?.close();
    await sources?.close();
    await site?.close();
  });

  async function check(page: Page): Promise<void> {
    const reply = page.locator('li.thread-item', { hasText: 'Great post!' });
    assert.equal(await reply.count(), 1, 'the reply from another site is in the thread');
    assert.match((await reply.locator('.via').textContent()) ?? '', /via 127\.0\.0\.1/);
    assert.equal(await reply.locator('.via a').getAttribute('href'), sources.url('/reply.html'));
    assert.equal(await reply.locator('img.u-photo').first().getAttribute('src'), sources.url('/me.png'));
    const likes = page.locator('.reactions [data-kind="like"]');
    assert.match((await likes.locator('.reaction-count').textContent()) ?? '', /1 like/);
    assert.equal(await likes.locator('.p-like.h-cite a.u-url').getAttribute('href'), sources.url('/like.html'));
    assert.equal(await page.locator('li.thread-item', { hasText: 'Lee Liker' }).count(), 0, 'a like is not a thread item');
    const nested = page.locator(`#comment-${commentId} > article > ol.thread > li`, {
      hasText: 'Replying to the comment, from elsewhere.',
    });
    assert.equal(await nested.count(), 1, 'the reply to a comment sits under that comment');
    assert.equal(await page.locator('li.thread-item', { hasText: 'Hostile text stays.' }).count(), 1);
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned ?? false), false, 'no hostile script ran');
    assert.equal(
      await page
        .locator('#conversation script, #conversation iframe, #conversation style, #conversation [onclick], #conversation [onerror]')
        .count(),
      0,
    );
  }

  it('shows them in the right places on the rebuilt static page, without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${site.url}${POST}`);
    await check(page);
    await context.close();
  });

  it('shows them in the right places with JavaScript, and no dialog opens', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(`${site.url}${POST}`);
    await page.locator('#conversation[data-state="live"]').waitFor();
    await check(page);
    assert.deepEqual(dialogs, []);
    await context.close();
  });

  it('advertises the endpoint in the page and in an HTTP Link header', async () => {
    const response = await fetch(`${site.url}${POST}`);
    const endpoint = `${site.url}/api/webmention`;
    assert.match(response.headers.get('link') ?? '', new RegExp(`<${endpoint}>; rel="webmention"`));
    assert.match(await response.text(), new RegExp(`<link rel="webmention" href="${endpoint}"`));
  });
});
