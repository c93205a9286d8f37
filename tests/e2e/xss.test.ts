/**
 * Known sanitizer bypasses, sent as comments and as webmention content and author fields, rendered
 * by the real page in Chromium, with and without the live script: no payload may run (each would
 * open a dialog or set window.__xss) and no event-handler attribute may survive.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { type Listening, listenOnLoopback } from '../_loopback.ts';
import { waitUntil } from '../_wait.ts';
import { PAGE_PAYLOADS as PAYLOADS, RUN } from '../fixtures/xss.ts';
import { browserSkipReason, launchChromium } from './_browser.ts';
import { startTestSite, type TestSite } from './_site.ts';

const skip = browserSkipReason();
const SLUG = 'threads-beat-flat-lists';
const POST = `/posts/${SLUG}/`;

/** A source site whose pages put each payload in the content, the author name, URL and photo. */
async function startPayloadSources(target: string): Promise<Listening> {
  const server = createServer((request, response) => {
    const n = Number(/\/p\/(\d+)/.exec(request.url ?? '')?.[1] ?? 0);
    const payload = PAYLOADS[n % PAYLOADS.length]!;
    const attribute = payload.replace(/"/g, '&quot;');
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end(`<div class="h-entry"><a class="u-in-reply-to" href="${target}">re</a>
      <div class="p-author h-card"><a class="p-name u-url" href="javascript:${RUN}">${payload}</a><img class="u-photo" src="x&quot; onerror=&quot;${RUN}" alt=""></div>
      <div class="e-content">${payload} <span data-x="${attribute}">payload ${n}</span></div></div>`);
  });
  return listenOnLoopback(server);
}

describe('sanitizer-bypass payloads on the real page', { skip: skip !== null }, () => {
  let site: TestSite;
  let browser: Browser;
  let sources: Listening;
  let acceptedWebmentions = 0;

  beforeAll(async () => {
    site = await startTestSite({ PARLEY_ALLOW_PRIVATE_NETWORK: '1', PARLEY_COMMENT_RATE_MAX: '1000' });
    sources = await startPayloadSources(`${site.url}${POST}`);
    browser = await launchChromium();
    for (const [n, payload] of PAYLOADS.entries()) {
      const response = await fetch(`${site.url}/api/posts/${SLUG}/comments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: payload.slice(0, 80), body: `${payload}\n\ncomment payload ${n}` }),
      });
      assert.equal(response.status, 201, `comment ${n}`);
      const sent = await fetch(`${site.url}/api/webmention`, {
        method: 'POST',
        body: new URLSearchParams({ source: `${sources.base}/p/${n}`, target: `${site.url}${POST}` }),
      });
      assert.equal(sent.status, 201, `webmention ${n}`);
    }
    const stillQueued = async () =>
      Number((await site.server.db.execute("SELECT count(*) AS n FROM webmentions WHERE status = 'queued'")).rows[0]?.n);
    await waitUntil(async () => (await stillQueued()) === 0, { tries: 600 });
    assert.equal(await stillQueued(), 0, 'every payload webmention was decided');
    const accepted = await site.server.db.execute("SELECT count(*) AS n FROM webmentions WHERE status = 'accepted'");
    acceptedWebmentions = Number(accepted.rows[0]?.n);
    await site.server.pages?.idle();
  });
  afterAll(async () => {
    await browser?.close();
    await sources?.close();
    await site?.close();
  });

  async function check(page: Page): Promise<void> {
    assert.equal(
      await page.locator('li.thread-item', { hasText: `comment payload ${PAYLOADS.length - 1}` }).count(),
      1,
      'the comments are on the page',
    );
    // a source page the parser cannot read is rejected, not shown; the rest are on the page too
    assert.ok(acceptedWebmentions >= PAYLOADS.length - 3, `${acceptedWebmentions} payload webmentions accepted`);
    assert.equal(
      await page.locator('li.thread-item:has(> article .via)').count(),
      acceptedWebmentions,
      'the webmentions are on the page too',
    );
    await page.waitForTimeout(300); // let handlers that need a tick (onload, ontoggle, autofocus) fire
    assert.equal(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss ?? 0), 0, 'no payload ran');
    const dangerous = await page.evaluate(() =>
      [...document.querySelectorAll('#conversation *')].flatMap((element) =>
        [...element.attributes]
          .filter(
            (attribute) =>
              /^on/i.test(attribute.name) ||
              /^\s*(javascript|data|vbscript):/i.test(attribute.value) ||
              attribute.name === 'srcdoc' ||
              attribute.name === 'formaction' ||
              attribute.name === 'style',
          )
          .map((attribute) => `${element.tagName.toLowerCase()} ${attribute.name}="${attribute.value.slice(0, 60)}"`),
      ),
    );
    assert.deepEqual(dangerous, [], 'no handler or script URL survives');
    const tags = await page
      .locator(
        '#conversation script, #conversation iframe, #conversation object, #conversation embed, #conversation svg, #conversation math, #conversation style, #conversation template, #conversation meta, #conversation base, #conversation details, #conversation input:not(#comment-form input)',
      )
      .count();
    assert.equal(tags, 0, 'no active element made it in');
  }

  for (const javaScriptEnabled of [false, true]) {
    it(`runs nothing on the ${javaScriptEnabled ? 'live' : 'static'} page`, async () => {
      const context = await browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      const dialogs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      await page.goto(`${site.url}${POST}`);
      if (javaScriptEnabled) await page.locator('#conversation[data-state="live"]').waitFor();
      await check(page);
      // hover and focus everything, so handlers that wait for a person get their chance
      for (const item of await page.locator('#conversation li.thread-item').all()) await item.hover().catch(() => undefined);
      await page.waitForTimeout(200);
      assert.deepEqual(dialogs, []);
      assert.equal(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss ?? 0), 0);
      await context.close();
    });
  }
});
