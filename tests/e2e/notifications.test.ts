import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { linkIn, startSmtpServer, type TestSmtp } from '../_smtp.ts';
import { waitUntil } from '../_wait.ts';
import { browserSkipReason, launchChromium } from './_browser.ts';
import { startTestSite, type TestSite } from './_site.ts';

const skip = browserSkipReason();
const TOKEN = 'e2e-mail-admin-token-0123';
const SLUG = 'writing-posts-that-invite-answers';
const READER = 'rita@example.org';
const AUTHOR = 'robin@example.org';

describe('a reader is emailed when the author answers', { skip: skip !== null }, () => {
  let dir: string;
  let smtp: TestSmtp;
  let site: TestSite;
  let browser: Browser;
  let reader: Page;
  let author: Page;
  let commentId = 0;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'parley-e2e-mail-'));
    smtp = await startSmtpServer(dir);
    // no digest window: a mail wrongly queued after unsubscribing would go out at once, not wait
    site = await startTestSite({ ...smtp.env, PARLEY_ADMIN_TOKEN: TOKEN, PARLEY_AUTHOR_EMAIL: AUTHOR, PARLEY_MAIL_REPLY_WINDOW: '0' });
    browser = await launchChromium();
    reader = await (await browser.newContext()).newPage();
    author = await (await browser.newContext()).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await smtp?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const mailArrives = async (to: string, count: number) => {
    await waitUntil(() => smtp.to(to).length >= count, { tries: 200 });
    assert.equal(smtp.to(to).length, count, `${count} mail(s) to ${to}`);
    return smtp.to(to).at(-1)!;
  };

  async function answerAsAuthor(text: string): Promise<void> {
    await author.goto(`${site.url}/admin/posts/${SLUG}`);
    // the item's own answer form comes first; the answers nested under it have theirs
    const form = author.locator(`#item-${commentId} details.answer`).first();
    await form.locator('summary').click();
    await form.locator('textarea[name="body"]').fill(text);
    await Promise.all([author.waitForURL(/done=/), form.locator('button[type="submit"]').click()]);
  }

  it('comments with the box ticked and is told to look for a confirmation', async () => {
    await reader.goto(`${site.url}/posts/${SLUG}/`);
    await reader.locator('#conversation[data-state="live"]').waitFor();
    await reader.fill('#comment-name', 'Rita Reader');
    await reader.fill('#comment-email', READER);
    await reader.fill('#comment-body', 'Will you tell me when you answer?');
    await reader.check('#comment-notify');
    await reader.click('#comment-form button[type="submit"]');
    await reader.locator('.form-status', { hasText: 'link to confirm' }).waitFor();
    commentId = Number(await reader.locator('li.thread-item.is-new').first().getAttribute('data-id'));
    assert.ok(commentId > 0);
  });

  it('confirms from the mail the SMTP server received', async () => {
    const mail = await mailArrives(READER, 1);
    assert.equal(mail.secure, true, 'sent over STARTTLS');
    await reader.goto(linkIn(mail, /http:\S+\/notifications\/confirm\/\S+/));
    await reader.click('button[type="submit"]');
    await reader.locator('h1', { hasText: 'Your address is confirmed' }).waitFor();
  });

  it('gets the author’s answer by mail, with a working unsubscribe link', async () => {
    await author.goto(`${site.url}/admin/login`);
    await author.fill('#token', TOKEN);
    await Promise.all([author.waitForURL(`${site.url}/admin`), author.click('button[type="submit"]')]);
    await answerAsAuthor('Yes: *this* is me answering.');
    const mail = await mailArrives(READER, 2);
    assert.match(mail.subject, /answered you/);
    assert.match(mail.text, /Yes: \*this\* is me answering\./);
    assert.match(mail.text, new RegExp(`Read it and answer: ${site.url}/posts/${SLUG}/#comment-\\d+`));
    assert.match(String(mail.header('list-unsubscribe')), /^<http:\S+\/notifications\/stop\/a\.\S+>$/);
    await reader.goto(linkIn(mail, /http:\S+\/notifications\/stop\/t\.\S+/));
    await reader.locator('h1', { hasText: 'No more mail about this thread' }).waitFor();
  });

  it('sends nothing for the next answer', async () => {
    await answerAsAuthor('A second answer nobody is mailed about.');
    // a new reader asks after it: once their confirmation has gone, so would any mail queued before it
    const response = await fetch(`${site.url}/api/posts/${SLUG}/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Witness', body: 'After the second answer', email: 'witness@example.org', notify: true }),
    });
    assert.equal(response.status, 201);
    await mailArrives('witness@example.org', 1);
    assert.equal(smtp.to(READER).length, 2, 'no mail after unsubscribing');
    const queued = await site.server.db.execute("SELECT count(*) AS n FROM mail_outbox WHERE kind = 'reply'");
    assert.equal(Number(queued.rows[0]?.n), 0, 'and nothing of hers kept: the address and its rows are gone');
  });

  it('works without JavaScript too', async () => {
    const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    await page.goto(`${site.url}/posts/${SLUG}/`);
    await page.fill('#comment-name', 'Nadia');
    await page.fill('#comment-email', 'nadia@example.org');
    await page.fill('#comment-body', 'No script here.');
    await page.check('#comment-notify');
    await Promise.all([page.waitForURL(/comments\/\d+\?notify=1$/), page.click('#comment-form button[type="submit"]')]);
    assert.match((await page.locator('.notice-success').textContent()) ?? '', /link to confirm/);
    await mailArrives('nadia@example.org', 1);
  });
});
