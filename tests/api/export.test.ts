import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createClient } from '@libsql/client';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { addBlock } from '../../api/db/blocks.ts';
import { syncPosts } from '../../api/db/posts.ts';
import { setSetting } from '../../api/db/settings.ts';
import { exportedBlock, exportedInteraction, exportedPerson, exportedPost, exportHeader } from '../../api/import/export-schema.ts';
import { openMigratedDb } from '../../api/node/open-db.ts';
import { createServices } from '../../api/services/create.ts';
import { answer, moderate } from '../../api/services/moderation.ts';
import { createTestDatabase, type TestDatabase } from '../_database.ts';
import { fixturePath, parley } from './_cli.ts';
import { countRows, POSTS, postJson, SITE, startTestServer, type TestServer } from './_setup.ts';

const OWNER = { name: 'Maya Writer', url: `${SITE}/`, photo: 'https://img.example/maya.jpg' };

describe('parley export and parley import parley', () => {
  let a: TestServer;
  let b: TestDatabase;
  let c: TestDatabase;
  let envA: Record<string, string>;
  let first = '';

  beforeAll(async () => {
    a = await startTestServer();
    envA = { ...a.databaseEnv, SITE_URL: SITE };
    b = await createTestDatabase({ prefix: 'parley-export-b-' });
    c = await createTestDatabase({ prefix: 'parley-export-c-' });
    // a lived-in site: its own comments, an owner answer, a held and a spam item, a block, imports
    await setSetting(a.db, 'owner', JSON.stringify(OWNER));
    const services = createServices({ db: a.db, config: a.config });
    const root = await (
      await postJson(`${a.base}/posts/hello-world/comments`, {
        name: 'Ada',
        body: 'Does this *thread*? <b>no html</b> & “quotes”',
        url: 'https://ada.example/',
        email: 'ada@example.com',
      })
    ).json();
    const reply = await (
      await postJson(`${a.base}/posts/hello-world/comments`, { name: 'Bo', body: 'It does.', parent: root.id, email: 'bo@example.org' })
    ).json();
    await answer(services, 'hello-world', reply.id, 'Yes, all the way down 🐢');
    const spam = await (
      await postJson(`${a.base}/posts/second-post/comments`, { name: 'Spammer', body: 'Buy now', url: 'https://spam.example/' })
    ).json();
    await moderate(services, 'second-post', spam.id, 'spam');
    await addBlock(a.db, 'domain', 'spam.example', new Date('2026-05-01T00:00:00.000Z'));
    for (const args of [
      ['import', 'wordpress', fixturePath('wordpress.xml'), '--map', fixturePath('map.csv'), '--owner', 'maya@old.example.org'],
      ['import', 'webmention-io', fixturePath('webmention-io.jf2.json')],
      ['import', 'disqus', fixturePath('disqus.xml')],
    ]) {
      const run = await parley(args, envA);
      assert.equal(run.code, 0, run.stderr);
    }
    // a post that left the site keeps its conversation
    await syncPosts(a.db, POSTS.slice(0, 1));
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await c?.close();
  });

  it('writes every post, interaction, person and block, in the documented schema, without secrets', async () => {
    const file = path.join(a.dir, 'export.json');
    const run = await parley(['export', file], envA);
    assert.equal(run.code, 0, run.stderr);
    const count = await countRows(a.db, 'SELECT count(*) AS n FROM interactions');
    assert.match(run.stdout, new RegExp(`exported ${count} interactions on 2 posts, \\d+ people and 1 blocks to `));
    first = readFileSync(file, 'utf8');
    const data = JSON.parse(first);
    exportHeader.parse(data);
    assert.deepEqual(data.site, { url: SITE });
    assert.deepEqual(data.settings, { owner: OWNER });
    assert.deepEqual(data.subscriptions, []);
    assert.deepEqual(
      data.posts.map((post: unknown) => exportedPost.parse(post)).map((post: { slug: string; status: string }) => [post.slug, post.status]),
      [
        ['hello-world', 'published'],
        ['second-post', 'gone'],
      ],
    );
    assert.deepEqual(
      data.blocks.map((block: unknown) => exportedBlock.parse(block)),
      [{ kind: 'domain', value: 'spam.example', created: '2026-05-01T00:00:00.000Z' }],
    );
    const interactions = data.interactions.map((item: unknown) => exportedInteraction.parse(item));
    assert.equal(interactions.length, count);
    const ada = interactions.find((item: { author: { name: string } }) => item.author.name === 'Ada');
    assert.equal(ada.author.email, 'ada@example.com', 'the file is the owner’s: emails included');
    assert.equal(ada.url, `${SITE}/posts/hello-world/#comment-${ada.id}`);
    assert.deepEqual(
      interactions.filter((item: { imported?: unknown }) => item.imported).length,
      await countRows(a.db, 'SELECT count(*) AS n FROM interactions WHERE import_source IS NOT NULL'),
    );
    assert.ok(interactions.some((item: { status: string }) => item.status === 'spam'));
    assert.ok(interactions.some((item: { status: string }) => item.status === 'pending'));
    for (const person of data.people) exportedPerson.parse(person);
    assert.ok(data.people.some((person: { key: string; posts: number }) => person.key === 'url:ada.example' && person.posts === 2));
    for (const secret of ['client_hash_secret', 'admin_token_hash', 'feed_token', 'webhook_enabled', 'import_parley_ids']) {
      assert.ok(!first.includes(secret), `${secret} stays behind`);
    }
    assert.equal(first.split('\n').length > count, true, 'one element per line');
  });

  it('round-trips exactly: import into an empty database, export again, the same bytes', async () => {
    const envB = { ...b.env, SITE_URL: SITE };
    const file = path.join(a.dir, 'export.json');
    const run = await parley(['import', 'parley', file], envB);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Ids were kept/);
    assert.match(run.stdout, /also\s+2 posts, 1 blocks, 1 settings/);
    const again = path.join(b.dir, 'again.json');
    const exported = await parley(['export', again], envB);
    assert.equal(exported.code, 0, exported.stderr);
    assert.equal(readFileSync(again, 'utf8'), first);

    const rerun = await parley(['import', 'parley', file], envB);
    assert.match(rerun.stdout, /added\s+0\n/);
    const third = path.join(b.dir, 'third.json');
    await parley(['export', third], envB);
    assert.equal(readFileSync(third, 'utf8'), first, 'a rerun changes nothing');
  });

  it('refuses to overwrite a file, and writes nothing half-done', async () => {
    const run = await parley(['export', path.join(a.dir, 'export.json')], envA);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /already exists/);
  });

  it('into a database that has interactions: new ids, every thread kept, dates and statuses kept', async () => {
    const { db } = await openMigratedDb({ databaseUrl: c.url, databaseAuthToken: c.authToken });
    await syncPosts(db, POSTS);
    await db.execute({
      sql: `INSERT INTO interactions (post_slug, kind, origin, author_name, content_html, content_text, published, received)
            VALUES ('hello-world', 'comment', 'comment', 'Already here', '<p>Hi</p>', 'Hi', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`,
    });
    db.close();
    const run = await parley(['import', 'parley', path.join(a.dir, 'export.json')], { ...c.env, SITE_URL: SITE });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /imported items got new ids/);
    const exported = JSON.parse(first) as {
      interactions: { id: number; parent: number | null; imported?: { source: string; id: string }; status: string; published: string }[];
    };
    const keyOf = (item: (typeof exported.interactions)[number]) =>
      item.imported ? `${item.imported.source}:${item.imported.id}` : `parley:${SITE}#${item.id}`;
    const byId = new Map(exported.interactions.map((item) => [item.id, item]));
    const client = createClient({ url: c.url, authToken: c.authToken });
    const { rows } =
      await client.execute(`SELECT i.import_source, i.import_id, i.status, i.published, p.import_source AS ps, p.import_id AS pi
      FROM interactions i LEFT JOIN interactions p ON p.id = i.parent_id WHERE i.import_source IS NOT NULL`);
    client.close();
    const stored = new Map(rows.map((row) => [`${row.import_source}:${row.import_id}`, row]));
    assert.equal(stored.size, exported.interactions.length);
    for (const item of exported.interactions) {
      const row = stored.get(keyOf(item));
      assert.ok(row, keyOf(item));
      assert.equal(row.status, item.status);
      assert.equal(row.published, item.published);
      const parent = item.parent === null ? null : byId.get(item.parent);
      assert.equal(row.ps === null ? null : `${row.ps}:${row.pi}`, parent ? keyOf(parent) : null, `the parent of ${keyOf(item)}`);
    }
  });
});
