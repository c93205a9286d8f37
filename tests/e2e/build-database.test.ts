/**
 * What a build does with its database: bakes every conversation in when it reads it, fails when
 * the database answers with an error, and falls back (one line in the log) only when it cannot
 * reach the database at all.
 */
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { openDb } from '../../api/db/client.ts';
import { insertComment } from '../../api/db/interactions.ts';
import { buildProject, createSiteProject, slugOf } from '../../bench/site-project.ts';
import { createTestDatabase, type TestDatabase } from '../_database.ts';
import { freePort } from '../_loopback.ts';

const SITE_URL = 'http://127.0.0.1:4321';

describe('a site build and its database', () => {
  const roots: string[] = [];
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
    for (const database of databases) await database.close();
  });
  const project = (posts: number) => {
    const root = createSiteProject(posts);
    roots.push(root);
    return root;
  };
  const database = async (kind?: 'sqld') => {
    const created = await createTestDatabase({ prefix: 'parley-build-db-', ...(kind ? { kind } : {}) });
    databases.push(created);
    return created;
  };
  const page = (out: string, slug: string) => readFileSync(path.join(out, 'posts', slug, 'index.html'), 'utf8');

  it('bakes every post’s conversation into its page, in the order it happened', async () => {
    const root = project(3);
    const db = await database();
    const env = { ...db.env, SITE_URL };
    await buildProject(root, env, path.join(root, 'first'));
    const client = await openDb({ url: db.url, authToken: db.authToken });
    try {
      for (let n = 1; n <= 3; n += 1) {
        for (const name of ['Ada', 'Grace', 'Edsger']) {
          const text = `${name} on post ${n}`;
          await insertComment(client, {
            postSlug: slugOf(n),
            parentId: null,
            authorName: name,
            authorUrl: null,
            authorEmail: null,
            html: `<p>${text}</p>`,
            text,
          });
        }
      }
    } finally {
      client.close();
    }
    const out = path.join(root, 'second');
    const build = await buildProject(root, env, out);
    assert.doesNotMatch(build.output, /WARNING/);
    for (let n = 1; n <= 3; n += 1) {
      const html = page(out, slugOf(n));
      const said = [...html.matchAll(/<p>((?:Ada|Grace|Edsger) on post \d+)<\/p>/g)].map((match) => match[1]);
      assert.deepEqual(said, [`Ada on post ${n}`, `Grace on post ${n}`, `Edsger on post ${n}`], `post ${n}`);
    }
  });

  it('fails when the database answers with an error, here a libSQL server refusing the token', async () => {
    const root = project(1);
    const db = await database('sqld');
    const env = { ...db.env, DATABASE_AUTH_TOKEN: 'not-a-valid-token', SITE_URL };
    await assert.rejects(buildProject(root, env, path.join(root, 'out')), (error: Error) => {
      assert.match(error.message, /build exited with 1/);
      assert.match(error.message, /401/);
      return true;
    });
  });

  it('ships pages for the script to fill in when the database cannot be reached, and says so in one line', async () => {
    const root = project(2);
    const closed = await freePort();
    const out = path.join(root, 'out');
    const build = await buildProject(root, { DATABASE_URL: `http://127.0.0.1:${closed}`, SITE_URL }, out);
    const warnings = build.output.split('\n').filter((line) => /WARNING/.test(line));
    assert.equal(warnings.length, 1, build.output);
    assert.match(warnings[0] ?? '', new RegExp(`database http://127\\.0\\.0\\.1:${closed} is unreachable`));
    assert.match(warnings[0] ?? '', /building without conversations/);
    assert.match(page(out, slugOf(1)), /data-state="pending"/);
  });
});
