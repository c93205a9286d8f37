/**
 * `parley webmentions send` end to end: the real site is built (twice) from a copy of the project
 * with posts that link to the receivers on 127.0.0.1, then the command is run as a user runs it.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { mf2 } from 'microformats-parser';
import { afterAll, beforeAll, beforeEach, describe, it } from 'vitest';
import { loadConfig } from '../../api/core/config.ts';
import { startServer } from '../../api/node/server.ts';
import { buildSite } from '../../api/node/site-build.ts';
import { createTestDatabase, type TestDatabase } from '../_database.ts';
import { projectDir } from '../e2e/_site.ts';
import { type Receivers, startReceivers } from './_receivers.ts';

const SITE = 'http://127.0.0.1:4399';
const bin = path.join(projectDir, 'bin/parley.js');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe('parley webmentions send', () => {
  let r: Receivers;
  let database: TestDatabase;
  let dir: string;
  let project: string;
  let dist: string;
  let env: Record<string, string>;

  const cli = (args: string[], extraEnv: Record<string, string> = {}): Promise<Run> =>
    new Promise((resolve) => {
      execFile(
        process.execPath,
        [bin, 'webmentions', 'send', ...args],
        { env: { ...process.env, ...env, ...extraEnv }, cwd: project },
        (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stdout, stderr }),
      );
    });
  const post = (slug: string, frontmatter: string, body: string) =>
    writeFileSync(
      path.join(project, 'content/posts', `${slug}.mdx`),
      `---\ntitle: ${slug}\ndescription: A test post.\npublished: 2026-08-01\n${frontmatter}---\n\n${body}\n`,
    );
  const build = () => buildSite({ projectDir: project, outDir: dist, env: { ...process.env, ...env } });
  const sent = (from: string) =>
    r.posts
      .filter((entry) => entry.source === `${SITE}/posts/${from}/`)
      .map((entry) => `${entry.path} ${entry.target.replace(r.base, '')}`)
      .sort();

  beforeAll(async () => {
    r = await startReceivers();
    database = await createTestDatabase({ prefix: 'parley-send-cli-' });
    dir = database.dir;
    project = path.join(dir, 'project');
    dist = path.join(dir, 'dist');
    for (const entry of ['src', 'public', 'api', 'astro.config.mjs', 'package.json', 'tsconfig.json'])
      cpSync(path.join(projectDir, entry), path.join(project, entry), { recursive: true });
    symlinkSync(path.join(projectDir, 'node_modules'), path.join(project, 'node_modules'), 'dir');
    mkdirSync(path.join(project, 'content/posts'), { recursive: true });
    env = {
      SITE_URL: SITE,
      ...database.env,
      PARLEY_ALLOW_PRIVATE_NETWORK: '1',
      PARLEY_FETCH_TIMEOUT: '3',
    };
    post(
      'answering',
      `replyTo: ${r.url('/status/202')}\n`,
      `I agree with [this post](${r.url('/page/one')}), less with [that one](${r.url('/status/400')}); [this page](${r.url('/no-endpoint')}) takes no Webmentions. My [other post](/posts/liking/) stays home, and so does [this](${SITE}/about/).`,
    );
    post('liking', `likeOf: ${r.url('/page/liked')}\n`, `Also worth reading: [two](${r.url('/page/two')}).`);
    post('drafted', '', `A link to [three](${r.url('/page/three')}).`);
    await build();
  });
  afterAll(async () => {
    await r?.close();
    await database?.close();
  });
  beforeEach(() => r.reset());

  it('shows "In reply to" and "Liked" with the microformats receivers read', () => {
    const answering = readFileSync(path.join(dist, 'posts/answering/index.html'), 'utf8');
    const entry = mf2(answering, { baseUrl: `${SITE}/posts/answering/` }).items.find((item) => item.type?.includes('h-entry'));
    assert.deepEqual(entry?.properties['in-reply-to'], [r.url('/status/202')]);
    assert.match(
      answering,
      /<p class="entry-context"[^>]*>\s*In reply to <a class="u-in-reply-to" href="http:\/\/127\.0\.0\.1:\d+\/status\/202"/,
    );
    const liking = readFileSync(path.join(dist, 'posts/liking/index.html'), 'utf8');
    const like = mf2(liking, { baseUrl: `${SITE}/posts/liking/` }).items.find((item) => item.type?.includes('h-entry'));
    assert.deepEqual(like?.properties['like-of'], [r.url('/page/liked')]);
    assert.match(liking, /Liked <a class="u-like-of"/);
  });

  it('sends nothing and stores nothing on a dry run', async () => {
    const run = await cli(['--dist', dist, '--dry-run']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /would send/);
    assert.equal(r.posts.length, 0);
  });

  it('notifies every linked site with an endpoint once, says what happened, and exits 1 for a refusal', async () => {
    const run = await cli(['--dist', dist]);
    assert.equal(run.code, 1, `${run.stdout}\n${run.stderr}`);
    assert.deepEqual(sent('answering'), [`/endpoint/202 /status/202`, `/endpoint/400 /status/400`, `/wm /page/one`]);
    assert.deepEqual(sent('liking'), ['/wm /page/liked', '/wm /page/two']);
    assert.deepEqual(sent('drafted'), ['/wm /page/three']);
    assert.equal(r.posts.length, 6, 'nothing else: not the site itself');
    assert.match(run.stdout, /^\[7\/7\] /m, 'a plain progress line per target off a terminal');
    // a table per post: target, endpoint, result
    assert.match(run.stdout, new RegExp(`${SITE}/posts/answering/\\n\\s+target\\s+endpoint\\s+result`));
    assert.match(run.stdout, /\/status\/400\s+\S+\/endpoint\/400\s+rejected \(400: .*source does not link to target/);
    assert.match(run.stdout, /\/no-endpoint\s+-\s+no endpoint/);
    assert.match(run.stdout, /5 sent, 1 without an endpoint, 1 rejected/);
  });

  it('sends nothing new on a second run', async () => {
    const run = await cli(['--dist', dist]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /nothing to send/);
    assert.equal(r.posts.length, 0);
  });

  it('after a rebuild, tells a removed link and the targets of a drafted post, once', async () => {
    post(
      'answering',
      `replyTo: ${r.url('/status/202')}\n`,
      `Less convinced by [that one](${r.url('/status/400')}); [this page](${r.url('/no-endpoint')}) takes no Webmentions.`,
    );
    post('drafted', 'draft: true\n', `A link to [three](${r.url('/page/three')}).`);
    await build();
    const run = await cli(['--dist', dist]);
    assert.equal(run.code, 1, 'the 400 is sent again with the changed post, and refused again');
    assert.deepEqual(sent('answering'), [`/endpoint/202 /status/202`, `/endpoint/400 /status/400`, `/wm /page/one`]);
    assert.deepEqual(sent('liking'), [], 'an unchanged post sends nothing');
    assert.deepEqual(sent('drafted'), ['/wm /page/three'], 'the drafted post says it is gone');
    assert.match(run.stdout, /\/page\/one\s+\S+\/wm\s+sent \(202\) \[link removed\]/);
    assert.match(run.stdout, /\/page\/three\s+\S+\/wm\s+sent \(202\) \[post gone\]/);

    r.reset();
    const again = await cli(['--dist', dist]);
    assert.equal(again.code, 0);
    assert.equal(r.posts.length, 0);
  });

  it('answers 410 Gone for the drafted post, which is what its former targets find', async () => {
    const config = loadConfig({ ...env, PORT: '0' });
    const server = await startServer({
      config,
      projectDir: project,
      distDir: dist,
      env: { ...process.env, ...env },
      buildIfStale: false,
      updatePages: false,
      log: () => undefined,
    });
    try {
      const gone = await fetch(`${server.url}/posts/drafted/`);
      assert.equal(gone.status, 410);
      assert.match(await gone.text(), /This post is gone/);
      assert.equal((await fetch(`${server.url}/posts/drafted`)).status, 410);
      assert.equal((await fetch(`${server.url}/posts/answering/`)).status, 200);
      assert.equal((await fetch(`${server.url}/posts/never-written/`)).status, 404);
    } finally {
      await server.close();
    }
  });

  describe('for one page (--source)', () => {
    let home: Receivers;
    beforeAll(async () => {
      home = await startReceivers();
    });
    afterAll(async () => {
      await home.close();
    });

    it('sends the links of its h-entry, then only changes, then farewells when it is gone', async () => {
      // the page lives on its own origin: links back to that origin are the site itself
      const source = home.url('/source/post');
      home.source = { links: [r.url('/page/s1'), r.url('/page/s2'), home.url('/page/own')], gone: false };
      const first = await cli(['--source', source]);
      assert.equal(first.code, 0, first.stderr);
      assert.deepEqual(r.posts.map((entry) => entry.target).sort(), [r.url('/page/s1'), r.url('/page/s2')]);
      r.reset();
      assert.match((await cli(['--source', source])).stdout, /nothing to send/);

      home.source.links = [r.url('/page/s1')];
      await cli(['--source', source]);
      assert.deepEqual(r.posts.map((entry) => entry.target).sort(), [r.url('/page/s1'), r.url('/page/s2')], 'the removed link hears of it');
      r.reset();
      home.source.gone = true;
      const farewell = await cli(['--source', source]);
      assert.match(farewell.stdout, /answered 410/);
      assert.deepEqual(
        r.posts.map((entry) => entry.target),
        [r.url('/page/s1')],
      );
      assert.equal(home.posts.length, 0, 'nothing sent to the site itself');
    });

    it('sends exactly one target with --target, whatever was sent before', async () => {
      const run = await cli(['--source', home.url('/source/post'), '--target', r.url('/page/s1')]);
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(
        r.posts.map((entry) => [entry.path, entry.target]),
        [['/wm', r.url('/page/s1')]],
      );
    });
  });

  describe('refuses to run', () => {
    it('on a build for a private address, unless private addresses are allowed', async () => {
      const run = await cli(['--dist', dist], { PARLEY_ALLOW_PRIVATE_NETWORK: '0' });
      assert.equal(run.code, 2);
      assert.match(run.stderr, /SITE_URL is http:\/\/127\.0\.0\.1:4399, which other sites cannot reach/);
      assert.equal(r.posts.length + r.gets.size, 0);
    });

    it('without a build, and with a bad option', async () => {
      const missing = await cli(['--dist', path.join(dir, 'nowhere')]);
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /no build in .*nowhere/);
      const bad = await cli(['--target', 'https://x.example/']);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /--target needs --source/);
      assert.equal((await cli(['--frobnicate'])).code, 2);
    });
  });
});
