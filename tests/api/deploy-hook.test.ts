/**
 * PARLEY_DEPLOY_HOOK_URL: a static host is asked to rebuild after new published interactions, at
 * most once per interval, coordinated through the database so several instances call it once.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { loadConfig } from '../../api/core/config.ts';
import { insertComment } from '../../api/db/interactions.ts';
import { setStatus } from '../../api/db/moderation.ts';
import { readPageChanges } from '../../api/db/page-changes.ts';
import { syncPosts } from '../../api/db/posts.ts';
import { startServer } from '../../api/node/server.ts';
import { callDeployHook, type DeployHookDeps } from '../../api/webhooks/deploy-hook.ts';
import { createTestDatabase } from '../_database.ts';
import { type Listening, listenOnLoopback } from '../_loopback.ts';
import { waitUntil } from '../_wait.ts';
import { projectDir } from '../e2e/_site.ts';
import { POSTS, postJson, SITE, startTestServer, type TestServer } from './_setup.ts';

describe('the deploy hook', () => {
  let t: TestServer;
  const calls: { method: string }[] = [];
  let status = 200;
  const receiver = createServer((request, response) => {
    calls.push({ method: request.method ?? '' });
    request.resume();
    request.on('end', () => response.writeHead(status).end('{"job":{"id":"1"}}'));
  });
  let hook: Listening;
  let clock = Date.now();
  const deps = (): DeployHookDeps => ({ db: t.db, url: `${hook.base}/build`, intervalMs: 300_000, now: () => new Date(clock) });
  const comment = async (body: string) =>
    assert.equal((await postJson(`${t.base}/posts/hello-world/comments`, { name: 'Dee', body })).status, 201);

  beforeAll(async () => {
    hook = await listenOnLoopback(receiver);
    t = await startTestServer();
  });
  afterAll(async () => {
    await t.close();
    await hook.close();
  });

  it('is not called while the pages have not changed', async () => {
    assert.equal(await callDeployHook(deps()), null);
    assert.equal(calls.length, 0);
  });

  it('is POSTed once after new published comments, then not again within the interval', async () => {
    await comment('First');
    await comment('Second');
    // two instances on the same database at the same moment: one call
    const lines = await Promise.all([callDeployHook(deps()), callDeployHook(deps())]);
    assert.deepEqual(
      lines.filter((line) => line !== null),
      ['deploy hook: called (200) for 2 page changes'],
    );
    assert.deepEqual(
      calls.map((call) => call.method),
      ['POST'],
    );
    await comment('Third');
    clock += 299_000;
    assert.equal(await callDeployHook(deps()), null, 'still within the interval');
    clock += 2_000;
    assert.match((await callDeployHook(deps())) ?? '', /^deploy hook: called \(200\)/);
    assert.equal(calls.length, 2);
    assert.equal(await callDeployHook({ ...deps(), now: () => new Date(clock + 600_000) }), null, 'nothing new since');
  });

  it('counts only what readers see: a held comment changes no page, its approval does', async () => {
    const before = await readPageChanges(t.db);
    const held = await insertComment(t.db, {
      postSlug: 'hello-world',
      parentId: null,
      authorName: 'Held',
      authorUrl: null,
      authorEmail: null,
      html: '<p>x</p>',
      text: 'x',
      status: 'pending',
    });
    assert.equal((await readPageChanges(t.db)).changes, before.changes);
    await setStatus(t.db, 'hello-world', held.id, 'published');
    assert.ok((await readPageChanges(t.db)).changes > before.changes);
  });

  it('keeps a failed call to try again, after at least a minute', async () => {
    clock += 600_000;
    status = 500;
    assert.equal(await callDeployHook(deps()), 'deploy hook: failed (the deploy hook answered 500); will try again');
    assert.equal((await readPageChanges(t.db)).lastError, 'the deploy hook answered 500');
    status = 200;
    const eager = { ...deps(), intervalMs: 0 };
    assert.equal(await callDeployHook(eager), null, 'not at once, even with no interval');
    clock += 61_000;
    assert.match((await callDeployHook(eager)) ?? '', /called \(200\)/);
    const state = await readPageChanges(t.db);
    assert.equal(state.deployed, state.changes);
    assert.equal(state.lastError, null);
  });

  it('is called by the Node server after a published comment', async () => {
    calls.length = 0;
    const database = await createTestDatabase({ prefix: 'parley-hook-' });
    const config = loadConfig({ SITE_URL: SITE, ...database.env, PARLEY_DEPLOY_HOOK_URL: `${hook.base}/build`, PORT: '0' });
    const server = await startServer({ config, projectDir, distDir: null, env: {}, log: () => undefined });
    try {
      await syncPosts(server.db, POSTS);
      const posted = await postJson(`${server.url}/api/posts/hello-world/comments`, { name: 'Ned', body: 'Rebuild, please' });
      assert.equal(posted.status, 201);
      await waitUntil(() => calls.length > 0, { tries: 100 });
      assert.equal(calls.length, 1);
    } finally {
      await server.close();
      await database.close();
    }
  });
});
