import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { type Listening, listenOnLoopback } from '../_loopback.ts';
import { waitUntil } from '../_wait.ts';
import { startTestSite, type TestSite } from '../e2e/_site.ts';

const TOKEN = 'owner-reply-token-0123456789';
const POST = '/posts/why-comments-left-home/';

describe('answering a webmention from /admin', () => {
  let site: TestSite;
  let remote = '';
  let listening: Listening | undefined;
  const received: URLSearchParams[] = [];
  // the other site: a note answering our post, with its own webmention endpoint
  const other = createServer((request, response) => {
    if (request.method === 'POST' && request.url === '/webmention') {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        received.push(new URLSearchParams(body));
        response.writeHead(202).end();
      });
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end(`<!doctype html><link rel="webmention" href="/webmention">
      <article class="h-entry"><a class="u-in-reply-to" href="${site.url}${POST}">your post</a>
      <a class="p-author h-card" href="${remote}/">Nia Neighbour</a><p class="e-content">Where did they go?</p></article>`);
  });

  beforeAll(async () => {
    listening = await listenOnLoopback(other);
    remote = listening.base;
    site = await startTestSite({ PARLEY_ALLOW_PRIVATE_NETWORK: '1', PARLEY_ADMIN_TOKEN: TOKEN });
  });
  afterAll(async () => {
    await site?.close();
    await listening?.close();
  });

  it('stores the answer under the webmention and sends a Webmention from its permalink to the source', async () => {
    const sent = await fetch(`${site.url}/api/webmention`, {
      method: 'POST',
      body: new URLSearchParams({ source: `${remote}/note`, target: `${site.url}${POST}` }),
    });
    assert.equal(sent.status, 201);
    let state = { status: 'queued' };
    await waitUntil(
      async () => {
        state = await (await fetch(sent.headers.get('location')!)).json();
        return state.status !== 'queued';
      },
      { tries: 100 },
    );
    assert.equal(state.status, 'accepted');

    const login = await fetch(`${site.url}/admin/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: site.url },
      body: new URLSearchParams({ token: TOKEN }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const page = await (await fetch(`${site.url}/admin/posts/why-comments-left-home`, { headers: { cookie } })).text();
    const csrf = /name="_csrf" value="([0-9a-f]+)"/.exec(page)?.[1] ?? '';
    const itemId = /id="item-(\d+)"/.exec(page)?.[1];
    const answered = await fetch(`${site.url}/admin/posts/why-comments-left-home/items/${itemId}/answer`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, origin: site.url },
      body: new URLSearchParams({ _csrf: csrf, body: 'They are coming back, Nia.' }),
    });
    assert.equal(answered.status, 303);

    await waitUntil(() => received.length > 0, { tries: 150 });
    assert.equal(received.length, 1, 'the other site heard about the answer');
    const source = received[0]!.get('source') ?? '';
    assert.match(source, new RegExp(`^${site.url}${POST}#comment-\\d+$`));
    assert.equal(received[0]!.get('target'), `${remote}/note`);
    const published = await (await fetch(source)).text();
    assert.match(published, /They are coming back, Nia\./, 'the page the receiver fetches already holds the answer');
  });
});
