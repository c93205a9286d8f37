import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { buildProject, createSiteProject } from '../../bench/site-project.ts';
import { createTestDatabase, type TestDatabase } from '../_database.ts';

/** Builds a throwaway copy of the site with generated posts: the real content/ is never touched. */
describe('writing posts', () => {
  const roots: string[] = [];
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
    for (const database of databases) await database.close();
  });
  const env = async () => {
    const database = await createTestDatabase({ prefix: 'parley-content-' });
    databases.push(database);
    return { ...database.env, SITE_URL: 'http://127.0.0.1:4321' };
  };

  it('paginates the post list past 20 posts, newest first', async () => {
    const root = createSiteProject(25);
    roots.push(root);
    const out = path.join(root, 'out');
    await buildProject(root, await env(), out);
    const home = readFileSync(path.join(out, 'index.html'), 'utf8');
    const second = readFileSync(path.join(out, 'page/2/index.html'), 'utf8');
    const slugs = (html: string) => [...html.matchAll(/href="\/posts\/(post-\d+)\/"/g)].map((match) => match[1]);
    assert.equal(new Set(slugs(home)).size, 20);
    assert.equal(new Set(slugs(second)).size, 5);
    assert.match(second, /href="\/"/, 'page 2 links back to the first page');
    assert.ok(!existsSync(path.join(out, 'page/1/index.html')), 'page 1 is the home page');
    assert.ok(!existsSync(path.join(out, 'page/3/index.html')));
  });

  it('fails the build with a message naming the file and the field', async () => {
    const root = createSiteProject(2);
    roots.push(root);
    writeFileSync(
      path.join(root, 'content/posts/broken-post.mdx'),
      '---\ntitle: ""\ndescription: Broken on purpose.\npublished: someday\n---\n\nText.\n',
    );
    await assert.rejects(buildProject(root, await env(), path.join(root, 'out')), (error: Error) => {
      assert.match(error.message, /broken-post/);
      assert.match(error.message, /title/);
      assert.match(error.message, /published/);
      return true;
    });
  });
});
