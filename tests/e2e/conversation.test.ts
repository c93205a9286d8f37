import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { browserSkipReason, launchChromium } from './_browser.ts';
import { startTestSite, type TestSite } from './_site.ts';

const skip = browserSkipReason();
const POST = '/posts/threads-beat-flat-lists/';

describe('a reader answers a post in the browser', { skip: skip !== null }, () => {
  let site: TestSite;
  let browser: Browser;
  const problems: string[] = [];

  beforeAll(async () => {
    site = await startTestSite();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  async function open(javaScriptEnabled: boolean): Promise<Page> {
    const context = await browser.newContext({ javaScriptEnabled });
    const page = await context.newPage();
    page.on('console', (message) => {
      // failed loads are reported with their URL below
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`console: ${message.text()}`);
    });
    page.on('response', (response) => {
      const expected = response.status() === 422 && response.request().method() === 'POST';
      if (response.status() >= 400 && !expected) problems.push(`${response.status()} ${response.url()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await page.goto(`${site.url}${POST}`);
    return page;
  }

  const ids: Record<string, number> = {};

  it('posts a comment inline with JavaScript on, and shows it without a reload', async () => {
    const page = await open(true);
    await page.fill('#comment-name', 'Ada Lovelace');
    await page.fill('#comment-url', 'https://ada.example/');
    await page.fill('#comment-body', 'Threads *are* how people talk.');
    await page.click('#comment-form button[type="submit"]');
    const item = page.locator('li.thread-item', { hasText: 'Threads are how people talk.' });
    await item.waitFor();
    ids.first = Number(await item.getAttribute('data-id'));
    assert.equal(await item.locator('em').textContent(), 'are');
    assert.equal(await page.inputValue('#comment-body'), '', 'the form is cleared after success');
    assert.equal(await page.inputValue('#comment-name'), 'Ada Lovelace', 'the name is kept for the next reply');
    assert.equal(await item.locator('.p-author .p-name').getAttribute('rel'), 'nofollow ugc');
    await page.context().close();
  });

  it('answers that comment with the reply button, threaded under it', async () => {
    const page = await open(true);
    await page.locator(`#comment-${ids.first} .reply-link`).first().click();
    // the form moved under the comment it answers
    assert.equal(await page.locator(`#comment-${ids.first} #comment-form`).count(), 1);
    assert.equal(await page.locator('[data-replying-name]').textContent(), 'Ada Lovelace');
    await page.fill('#comment-name', 'Grace Hopper');
    await page.fill('#comment-body', 'And replies belong under what they answer.');
    await page.click('#comment-form button[type="submit"]');
    const reply = page.locator(`#comment-${ids.first} ol.thread li.thread-item`, { hasText: 'replies belong under' });
    await reply.waitFor();
    ids.reply = Number(await reply.getAttribute('data-id'));
    assert.equal(await page.locator(`#comment-${ids.first} #comment-form`).count(), 0, 'the form went back home');
    await page.context().close();
  });

  it('shows a server error next to its field and keeps what was typed', async () => {
    const page = await open(true);
    await page.fill('#comment-name', 'Mallory');
    await page.fill('#comment-url', 'ftp://files.example/');
    await page.fill('#comment-body', 'Text I do not want to lose');
    await page.click('#comment-form button[type="submit"]');
    const error = page.locator('#comment-url-error');
    await error.waitFor({ state: 'visible' });
    assert.match((await error.textContent()) ?? '', /http/);
    assert.equal(await page.getAttribute('#comment-url', 'aria-invalid'), 'true');
    assert.equal(await page.inputValue('#comment-body'), 'Text I do not want to lose');
    await page.context().close();
  });

  it('posts a comment with JavaScript off and lands on a confirmation page', async () => {
    const page = await open(false);
    await page.fill('#comment-name', 'Tim');
    await page.fill('#comment-body', 'No script needed here.');
    await Promise.all([
      page.waitForURL(/\/api\/posts\/threads-beat-flat-lists\/comments\/\d+$/),
      page.click('#comment-form button[type="submit"]'),
    ]);
    assert.match((await page.locator('.notice-success').textContent()) ?? '', /published/);
    assert.equal(await page.locator('li.thread-item', { hasText: 'No script needed here.' }).count(), 1);
    ids.noscript = Number(page.url().split('/').pop());
    await page.click('text=Back to');
    assert.equal(new URL(page.url()).pathname, POST);
    await page.context().close();
  });

  it('shows all three threaded on the rebuilt static page, with JavaScript off', async () => {
    await site.server.pages?.idle();
    const page = await open(false);
    const first = page.locator(`#comment-${ids.first}`);
    assert.equal(await first.count(), 1, 'the static page caught up by itself');
    assert.equal(await first.locator(`#comment-${ids.reply}`).count(), 1, 'the reply is nested in its parent');
    assert.equal(await page.locator(`#conversation > ol.thread > #comment-${ids.noscript}`).count(), 1, 'the no-JS comment is a root');
    assert.match((await page.locator('[data-summary]').textContent()) ?? '', /3 people in conversation/);
    await page.context().close();
  });

  it('shows all three threaded with JavaScript on, as IndieWeb parsers would read them', async () => {
    const page = await open(true);
    await page.locator('#conversation[data-state="live"]').waitFor();
    const roots = await page
      .locator('#conversation > ol.thread > li')
      .evaluateAll((items) => items.map((item) => Number((item as HTMLElement).dataset.id)));
    assert.deepEqual(roots, [ids.first, ids.noscript]);
    assert.equal(await page.locator(`#comment-${ids.first} > article > ol.thread > #comment-${ids.reply}`).count(), 1);
    const markup = page.locator(`#comment-${ids.reply} > article`);
    assert.match((await markup.getAttribute('class')) ?? '', /p-comment h-entry/);
    assert.equal(await markup.locator(':scope > header .p-author.h-card').count(), 1);
    assert.equal(await markup.locator(':scope > header time.dt-published').count(), 1);
    assert.match((await markup.locator(':scope > header a.u-url').getAttribute('href')) ?? '', new RegExp(`#comment-${ids.reply}$`));
    assert.ok(!(await markup.locator(':scope > header time').textContent())?.match(/\d{4}/), 'dates read relative on screen');
    await page.context().close();
  });

  it('logged no console errors on any page', () => {
    assert.deepEqual(problems, []);
  });
});
