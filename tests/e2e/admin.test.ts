import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { browserSkipReason, launchChromium } from './_browser.ts';
import { startTestSite, type TestSite } from './_site.ts';

const skip = browserSkipReason();
const TOKEN = 'e2e-admin-token-0123456789';
const SLUG = 'writing-posts-that-invite-answers';

describe('the author answers and moderates from /admin', { skip: skip !== null }, () => {
  let site: TestSite;
  let browser: Browser;
  let author: BrowserContext;
  let page: Page;
  let commentId = 0;

  beforeAll(async () => {
    site = await startTestSite({ PARLEY_ADMIN_TOKEN: TOKEN, PARLEY_MODERATION: 'pre' });
    browser = await launchChromium();
    author = await browser.newContext();
    page = await author.newPage();
    const comment = await fetch(`${site.url}/api/posts/${SLUG}/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Rita Reader', body: 'What made you start writing this way?' }),
    }).then((response) => response.json());
    commentId = comment.id;
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  async function publicPage(): Promise<Page> {
    const reader = await (await browser.newContext()).newPage();
    await reader.goto(`${site.url}/posts/${SLUG}/`);
    await reader.locator('#conversation[data-state="live"]').waitFor();
    return reader;
  }

  it('logs in with the token', async () => {
    await page.goto(`${site.url}/admin`);
    assert.match(page.url(), /\/admin\/login/);
    await page.fill('#token', TOKEN);
    await Promise.all([page.waitForURL(`${site.url}/admin`), page.click('button[type="submit"]')]);
    assert.equal(await page.locator('h1').textContent(), 'Conversations');
  });

  it('approves a held comment, which then appears publicly', async () => {
    let reader = await publicPage();
    assert.equal(await reader.locator(`#comment-${commentId}`).count(), 0, 'held: not public yet');
    await reader.context().close();
    await page.goto(`${site.url}/admin/posts/${SLUG}`);
    const held = page.locator('#held-title + ol', { hasText: 'Rita Reader' });
    assert.equal(await held.count(), 1, 'listed under "Held for your approval"');
    await Promise.all([page.waitForURL(/done=/), held.locator('button.action-approve').click()]);
    reader = await publicPage();
    await reader.locator(`#comment-${commentId}`).waitFor();
    await reader.context().close();
  });

  it('sees the reader waiting, answers, and the thread leaves "waiting for you"', async () => {
    await page.goto(`${site.url}/admin`);
    const waiting = page.locator('.waiting-list li', { hasText: 'Rita Reader' });
    assert.equal(await waiting.count(), 1);
    await waiting.locator('a').click();
    const item = page.locator(`#item-${commentId}`);
    await item.locator('details.answer summary').click();
    await item.locator('textarea[name="body"]').fill('Mostly by reading the *replies* I got.');
    await Promise.all([page.waitForURL(/done=/), item.locator('details.answer button[type="submit"]').click()]);
    assert.match((await page.locator('.notice-success').textContent()) ?? '', /answer is published/);
    await page.goto(`${site.url}/admin`);
    assert.equal(await page.locator('.waiting-list li', { hasText: 'Rita Reader' }).count(), 0);
    assert.match((await page.locator('#waiting-title + *').textContent()) ?? '', /Nobody is waiting/);
  });

  it("shows the answer under the reader's words on the public page, with the author badge", async () => {
    const reader = await publicPage();
    const answer = reader.locator(`#comment-${commentId} > article > ol.thread > li`).first();
    await answer.waitFor();
    assert.match((await answer.locator('.comment-body').textContent()) ?? '', /Mostly by reading the replies I got\./);
    assert.equal(await answer.locator('.badge').textContent(), 'Author');
    assert.equal(await answer.locator('.p-author .p-name').textContent(), 'Robin Vale');
    await reader.context().close();
  });

  it('logs out, and the session is over', async () => {
    await page.goto(`${site.url}/admin`);
    await Promise.all([page.waitForURL(/\/admin\/login/), page.click('text=Log out')]);
    await page.goto(`${site.url}/admin`);
    assert.match(page.url(), /\/admin\/login/);
  });
});
