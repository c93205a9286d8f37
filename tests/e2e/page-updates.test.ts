/**
 * A published answer reaches the static page without a build: only its post's page is rewritten,
 * with exactly the bytes a full build writes, on every instance on the database, and an instance
 * that was down catches up when it starts.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { loadConfig } from '../../api/core/config.ts';
import { openDb } from '../../api/db/client.ts';
import { setStatus } from '../../api/db/moderation.ts';
import { type RunningServer, startServer } from '../../api/node/server.ts';
import { buildProject, createSiteProject, slugOf } from '../../bench/site-project.ts';
import { createTestDatabase, type TestDatabase } from '../_database.ts';
import { freePort } from '../_loopback.ts';
import { waitUntil } from '../_wait.ts';
import { browserSkipReason, launchChromium } from './_browser.ts';

const SECTION = /<section id="conversation"[\s\S]*?<\/section>/;

/** Every HTML file of a site folder with a hash of its bytes. */
function pageHashes(dir: string): Map<string, string> {
  const hashes = new Map<string, string>();
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const file = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith('.html'))
        hashes.set(path.relative(dir, file), createHash('sha256').update(readFileSync(file)).digest('hex'));
    }
  };
  walk(dir);
  return hashes;
}

describe('pages updated from the database, not rebuilt', () => {
  let root: string;
  let database: TestDatabase;
  let siteUrl: string;
  let port: number;
  let env: Record<string, string>;
  const servers: RunningServer[] = [];
  const slug = slugOf(1);

  const start = async (name: string, serverPort = 0) => {
    const server = await startServer({
      config: loadConfig({ ...env, PORT: String(serverPort) }),
      projectDir: root,
      distDir: path.join(root, 'dist'),
      instanceDir: path.join(root, 'instances', name),
      buildIfStale: false,
      env: { ...process.env, ...env },
      log: () => undefined,
    });
    servers.push(server);
    return server;
  };
  const served = (name: string, file = `posts/${slug}/index.html`) => {
    const dir = readdirSync(path.join(root, 'instances', name)).find((entry) => entry.startsWith('site-')) ?? '';
    return readFileSync(path.join(root, 'instances', name, dir, file), 'utf8');
  };
  const comment = async (server: RunningServer, body: string, parent?: number) => {
    const response = await fetch(`${server.url}/api/posts/${slug}/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Ada', body, ...(parent ? { parent } : {}) }),
    });
    assert.equal(response.status, 201);
    return (await response.json()) as { id: number };
  };

  beforeAll(async () => {
    root = createSiteProject(3);
    database = await createTestDatabase({ prefix: 'parley-pages-' });
    port = await freePort();
    siteUrl = `http://127.0.0.1:${port}`;
    env = { ...database.env, SITE_URL: siteUrl };
    await buildProject(root, env, path.join(root, 'dist'));
  });
  afterAll(async () => {
    for (const server of servers) await server.close();
    await database?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('rewrites only the page of the post that changed, in place, when a comment is published', async () => {
    const a = await start('a', port);
    const before = pageHashes(path.join(root, 'instances', 'a', readdirSync(path.join(root, 'instances', 'a'))[0] ?? ''));
    const first = await comment(a, 'The first word, baked in without a build');
    await comment(a, 'An answer to the first word', first.id);
    await a.pages?.idle();
    const html = served('a');
    assert.match(html, /The first word, baked in without a build/);
    assert.match(html, /An answer to the first word/);
    assert.match((await (await fetch(`${a.url}/posts/${slug}/`)).text()) ?? '', /An answer to the first word/, 'served over HTTP');
    const after = pageHashes(path.join(root, 'instances', 'a', readdirSync(path.join(root, 'instances', 'a'))[0] ?? ''));
    const changed = [...after].filter(([file, hash]) => before.get(file) !== hash).map(([file]) => file);
    assert.deepEqual(changed, [`posts/${slug}/index.html`], 'no other page was written');
  });

  it('takes a change made elsewhere on the database (a removal from the CLI or another instance)', async () => {
    const db = await openDb({ url: database.url, authToken: database.authToken });
    try {
      const row = await db.execute({ sql: "SELECT id FROM interactions WHERE content_text LIKE 'An answer%'", args: [] });
      await setStatus(db, slug, Number(row.rows[0]?.id), 'removed');
    } finally {
      db.close();
    }
    await waitUntil(() => !served('a').includes('An answer to the first word'), { tries: 100 });
    assert.doesNotMatch(served('a'), /An answer to the first word/);
    assert.match(served('a'), /The first word/);
  });

  it('brings a second instance up to date on start, and keeps it current', async () => {
    await start('b');
    assert.match(served('b'), /The first word, baked in without a build/, 'caught up on start');
    assert.doesNotMatch(served('b'), /An answer to the first word/);
    const [a] = servers as [RunningServer];
    await comment(a, 'Said to one instance, served by both');
    await waitUntil(() => served('b').includes('Said to one instance'), { tries: 100 });
    assert.match(served('b'), /Said to one instance, served by both/);
  });

  it('lets a reader of a current page load nothing but a bodiless 304', { skip: browserSkipReason() !== null }, async () => {
    const [a] = servers as [RunningServer];
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const asked: number[] = [];
      page.on('response', (response) => {
        if (response.url().includes('/conversation')) asked.push(response.status());
      });
      await page.goto(`${a.url}/posts/${slug}/`);
      await page.locator('#conversation[data-state="live"]').waitFor();
      assert.deepEqual(asked, [304], 'one version check, nothing newer');
      await comment(a, 'Posted while the reader was away');
      await a.pages?.idle();
      asked.length = 0;
      await page.reload();
      await page.locator('#conversation[data-state="live"]').waitFor();
      assert.deepEqual(asked, [304], 'the page was already current when reloaded');
      assert.match((await page.locator('#conversation').textContent()) ?? '', /Posted while the reader was away/);
    } finally {
      await browser.close();
    }
  });

  it('writes the very bytes a full build writes for the same conversation', async () => {
    const full = path.join(root, 'full');
    await buildProject(root, env, full);
    const built = readFileSync(path.join(full, 'posts', slug, 'index.html'), 'utf8');
    for (const name of ['a', 'b']) {
      assert.equal(served(name).match(SECTION)?.[0], built.match(SECTION)?.[0], `${name}: the conversation section`);
      assert.equal(served(name), built, `${name}: the whole page`);
    }
  });
});
