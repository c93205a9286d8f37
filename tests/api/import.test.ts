import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { setSetting } from '../../api/db/settings.ts';
import { keepWebhooksOn } from '../../api/db/webhooks.ts';
import { fixturePath, parley } from './_cli.ts';
import { countRows, postJson, SITE, startTestServer, type TestServer } from './_setup.ts';

interface Item {
  id: number;
  kind: string;
  origin: string;
  author: { name: string; url: string | null; isOwner: boolean };
  content: { html: string; text: string };
  url: string;
  published: string;
  children: Item[];
}

async function conversation(t: TestServer, slug: string): Promise<{ items: Item[]; reactions: Item[] }> {
  const response = await fetch(`${t.base}/posts/${slug}/conversation`);
  assert.equal(response.status, 200);
  return response.json();
}

const byName = (items: Item[], name: string) => items.find((item) => item.author.name === name);
const versions = async (t: TestServer) =>
  Object.fromEntries(
    (await t.db.execute('SELECT slug, version FROM posts ORDER BY slug')).rows.map((row) => [String(row.slug), Number(row.version)]),
  );

describe('parley import wordpress, then webmention-io', () => {
  let t: TestServer;
  let env: Record<string, string>;
  let nativeId = 0;
  const wordpress = [
    'import',
    'wordpress',
    fixturePath('wordpress.xml'),
    '--map',
    fixturePath('map.csv'),
    '--owner',
    'maya@old.example.org',
  ];

  beforeAll(async () => {
    t = await startTestServer();
    env = { ...t.databaseEnv, SITE_URL: SITE };
    await setSetting(t.db, 'owner', JSON.stringify({ name: 'Maya Writer', url: `${SITE}/`, photo: null }));
    await keepWebhooksOn(t.db, new Date(Date.now() + 600_000));
    nativeId = (await (await postJson(`${t.base}/posts/hello-world/comments`, { name: 'Nia', body: 'Written here, on Parley.' })).json())
      .id;
  });
  afterAll(() => t.close());

  it('a dry run reads everything, says what it would do and stores nothing', async () => {
    const before = await versions(t);
    const run = await parley([...wordpress, '--dry-run'], env);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Dry run: nothing was stored\. Import from WordPress \(old\.example\.org\)/);
    assert.match(run.stdout, /would add\s+11 \(9 published, 1 held for your approval, 1 spam\)/);
    assert.equal(await countRows(t.db, 'SELECT count(*) AS n FROM interactions'), 1);
    assert.deepEqual(await versions(t), before);
  });

  it('imports comments threaded, with their dates, as owner answers where they were the author’s, and reports the rest', async () => {
    const before = await versions(t);
    const deliveries = await countRows(t.db, 'SELECT count(*) AS n FROM webhook_deliveries');
    const run = await parley(wordpress, env);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /added\s+11 \(9 published, 1 held for your approval, 1 spam\)/);
    assert.match(run.stdout, /owner answers 1/);
    assert.match(run.stdout, /1 {2}in the WordPress trash/);
    assert.match(run.stdout, /Pages without a Parley post[^\n]*\n\s+1 {2}https:\/\/old\.example\.org\/2013\/01\/long-gone\//);
    assert.match(run.stdout, /2 post\(s\) changed/);

    const { items, reactions } = await conversation(t, 'hello-world');
    assert.equal(reactions.length, 0);
    const ada = byName(items, 'Ada Lovelace')!;
    assert.equal(ada.published, '2014-05-02T09:15:00.000Z', 'the original date');
    assert.match(ada.content.html, /<strong>great<\/strong>/);
    const answer = ada.children[0]!;
    assert.deepEqual(answer.author, { name: 'Maya Writer', url: `${SITE}/`, photo: null, isOwner: true });
    assert.equal(answer.kind, 'reply');
    assert.equal(answer.children[0]?.author.name, 'Zoë Ça-va');
    assert.equal(byName(items, 'Carol')?.children[0]?.author.name, 'Bob', 'a reply listed before its parent still lands under it');
    const pingback = items.find((item) => item.kind === 'mention')!;
    assert.equal(pingback.author.name, "Someone's blog » On hello worlds");
    assert.equal(pingback.url, 'https://someone.example/2014/05/on-hello-worlds/');
    const mallory = byName(items, 'Mallory')!;
    assert.doesNotMatch(mallory.content.html, /<script|onerror|onclick|javascript:"|href="javascript|<iframe|<img/);
    assert.equal(mallory.author.url, null, 'a javascript: website is dropped');
    assert.ok(!byName(items, 'Grace Hopper') && !byName(items, 'Cheap Pills'), 'held and spam comments are not shown');
    assert.equal(
      await countRows(t.db, "SELECT count(*) AS n FROM interactions WHERE status = 'pending' AND author_name = 'Grace Hopper'"),
      1,
    );

    const second = await conversation(t, 'second-post');
    assert.deepEqual(
      second.items.map((item) => [item.author.name, item.kind]),
      [
        ['Ada Lovelace', 'comment'],
        ['A Linking Site', 'mention'],
      ],
      'mapped by the CSV file from ?p=12',
    );
    const after = await versions(t);
    assert.deepEqual(
      after,
      { 'hello-world': before['hello-world']! + 1, 'second-post': before['second-post']! + 1 },
      'one bump per post and batch',
    );
    assert.equal(await countRows(t.db, 'SELECT count(*) AS n FROM webhook_deliveries'), deliveries, 'no webhook for imported items');
  });

  it('a second run adds nothing', async () => {
    const count = await countRows(t.db, 'SELECT count(*) AS n FROM interactions');
    const before = await versions(t);
    const run = await parley(wordpress, env);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /added\s+0\n/);
    assert.match(run.stdout, /already here\s+11/);
    assert.equal(await countRows(t.db, 'SELECT count(*) AS n FROM interactions'), count);
    assert.deepEqual(await versions(t), before);
  });

  it('approving an imported held comment sends no webhook either; a new comment still does', async () => {
    const deliveries = await countRows(t.db, 'SELECT count(*) AS n FROM webhook_deliveries');
    await t.db.execute("UPDATE interactions SET status = 'published' WHERE author_name = 'Grace Hopper'");
    assert.equal(await countRows(t.db, 'SELECT count(*) AS n FROM webhook_deliveries'), deliveries);
    await postJson(`${t.base}/posts/hello-world/comments`, { name: 'Oz', body: 'Fresh' });
    assert.equal(await countRows(t.db, 'SELECT count(*) AS n FROM webhook_deliveries'), deliveries + 1);
  });

  it('imports webmention.io’s feed: replies threaded under the comment they answer, reactions as faces', async () => {
    const run = await parley(['import', 'webmention-io', fixturePath('webmention-io.jf2.json')], env);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /added\s+7 \(7 published\)/);
    assert.match(run.stdout, /1 {2}a private webmention/);
    const { items, reactions } = await conversation(t, 'hello-world');
    assert.deepEqual(reactions.map((item) => item.kind).sort(), ['bookmark', 'like', 'repost']);
    const ada = byName(items, 'Ada Lovelace')!;
    const emile = ada.children.find((item) => item.author.name === 'Émile Zola');
    assert.ok(emile, 'a reply to old.example.org/…#comment-101 is under the imported comment 101');
    assert.doesNotMatch(emile.content.html, /<script|href="javascript/);
    assert.ok(
      byName(items, 'Nia')?.children.some((item) => item.author.name === 'Ada Lovelace' && item.origin === 'webmention'),
      `a reply to ${SITE}/posts/hello-world/#comment-${nativeId} is under that comment`,
    );
    const long = byName(items, 'Long Writer')!;
    assert.match(long.content.html, /Read the rest on long\.example/);
    const grace = items.find((item) => item.author.name === 'Grace Hopper' && item.origin === 'webmention');
    assert.equal(grace?.published, '2021-03-01T09:00:00.000Z');
    const again = await parley(['import', 'webmention-io', fixturePath('webmention-io.jf2.json')], env);
    assert.match(again.stdout, /already here\s+7/);
  });

  it('imports webmention.io’s API answer onto a mapped post', async () => {
    const run = await parley(['import', 'webmention-io', fixturePath('webmention-io-api.json'), '--map', fixturePath('map.csv')], env);
    assert.equal(run.code, 0, run.stderr);
    const { items, reactions } = await conversation(t, 'second-post');
    assert.match(byName(items, 'Lee')?.content.html ?? '', /Bonjour from <b>my<\/b>|Bonjour from &lt;b&gt;/);
    assert.deepEqual(
      reactions.map((item) => item.author.name),
      ['Kim'],
    );
  });
});

describe('parley import disqus', () => {
  let t: TestServer;
  let env: Record<string, string>;
  beforeAll(async () => {
    t = await startTestServer();
    env = { ...t.databaseEnv, SITE_URL: SITE };
  });
  afterAll(() => t.close());

  it('imports threads, replies, deleted and spam posts, and reports pages it cannot place', async () => {
    const run = await parley(['import', 'disqus', fixturePath('disqus.xml'), '--owner', 'maya@old.example.org'], env);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Import from Disqus \(oldnotes\)/);
    assert.match(run.stdout, /added\s+9 \(7 published, 1 spam, 1 removed \(kept out of sight\)\)/);
    assert.match(run.stdout, /1 {2}a post whose thread is not in the file/);
    assert.match(run.stdout, /1 {2}https:\/\/blog\.example\.net\/about\//);

    const hello = await conversation(t, 'hello-world');
    assert.equal(hello.items.length, 1);
    const ada = hello.items[0]!;
    assert.equal(ada.author.name, 'Ada Lovelace');
    assert.match(
      ada.content.html,
      /<p>Finally a blog with <strong>comments<\/strong> that thread\.<\/p>\n<p>Second paragraph &amp; more\.<\/p>/,
    );
    assert.equal(ada.children[0]?.author.isOwner, true);
    assert.equal(ada.children[0]?.children[0]?.content.text, 'Привет из Москвы 🎉 — and *merci*.');

    const second = await conversation(t, 'second-post');
    const names = second.items.map((item) => item.author.name);
    assert.ok(!names.includes('Second Thoughts'), 'a deleted post stays out of sight');
    assert.ok(names.includes('Grace Hopper'), 'its reply stays, at the top level');
    assert.equal(byName(second.items, 'Carol')?.children[0]?.author.name, 'Bob');
    const mallory = byName(second.items, 'Mallory <script>')!;
    assert.match(mallory.content.html, /<a href="https:\/\/images\.example\/cat\.png" rel="nofollow ugc">a cat<\/a>/);
    assert.doesNotMatch(mallory.content.html, /<script|onclick|<style|javascript/);
  });
});

describe('parley import: bad input', () => {
  let t: TestServer;
  let env: Record<string, string>;
  beforeAll(async () => {
    t = await startTestServer();
    env = { ...t.databaseEnv, SITE_URL: SITE };
  });
  afterAll(() => t.close());

  it('exits 2 with the usage for a wrong format or option, 1 for a broken file, and says when the site was never built', async () => {
    const unknown = await parley(['import', 'blogger', fixturePath('wordpress.xml')], env);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown format "blogger"/);
    const option = await parley(['import', 'parley', fixturePath('wordpress.xml'), '--owner', 'me@example.org'], env);
    assert.equal(option.code, 2);
    const broken = path.join(t.dir, 'broken.xml');
    writeFileSync(broken, '<?xml version="1.0"?><rss version="2.0"><channel><wp:wxr_version>1.2');
    const run = await parley(['import', 'wordpress', broken], env);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /not well-formed XML/);
    const { db } = t;
    await db.execute('DELETE FROM posts');
    const unbuilt = await parley(['import', 'wordpress', fixturePath('wordpress.xml')], env);
    assert.equal(unbuilt.code, 0, unbuilt.stderr);
    assert.match(unbuilt.stdout, /Parley knows no posts yet: build the site first \(npm run build\)/);
    const wrong = await parley(['import', 'disqus', fixturePath('wordpress.xml')], env);
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /not a Disqus export: the root is <rss>/);
    assert.equal(await countRows(t.db, 'SELECT count(*) AS n FROM interactions'), 0);
  });
});
