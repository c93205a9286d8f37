/**
 * Two `npm start` instances from one project folder on one database, as a two-process setup on
 * one machine runs them: one builds the site, and neither deletes the site the other serves.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createSiteProject, slugOf } from '../../bench/site-project.ts';
import { createTestDatabase, type TestDatabase } from '../_database.ts';
import { freePort } from '../_loopback.ts';
import { waitUntil } from '../_wait.ts';
import { stopChild } from '../reliability/_processes.ts';

interface Instance {
  url: string;
  child: ChildProcess;
  output: () => string;
}

describe('two instances started from one folder', () => {
  let root: string;
  let database: TestDatabase;
  const instances: Instance[] = [];

  const start = async (name: string): Promise<Instance> => {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'api/node.ts')], {
      cwd: root,
      env: {
        ...process.env,
        ...database.env,
        PORT: String(port),
        SITE_URL: 'http://127.0.0.1:4321',

        PARLEY_INSTANCE: name,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const instance = { url: `http://127.0.0.1:${port}`, child, output: () => output };
    instances.push(instance);
    await waitUntil(() => output.includes('Parley is running at') || child.exitCode !== null, { tries: 1_200, everyMs: 100 });
    assert.match(output, /Parley is running at/, `${name} started:\n${output}`);
    return instance;
  };
  const text = async (url: string) => {
    const response = await fetch(url);
    return { status: response.status, body: await response.text() };
  };

  beforeAll(async () => {
    root = createSiteProject(2);
    database = await createTestDatabase({ prefix: 'parley-folders-' });
  });
  afterAll(async () => {
    for (const instance of instances) await stopChild(instance.child);
    await database?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('builds the site once when both start at the same moment', async () => {
    const [a, b] = await Promise.all([start('a'), start('b')]);
    const builds = [a, b].map((instance) => (instance.output().match(/site built in/g) ?? []).length);
    assert.deepEqual(builds.sort(), [0, 1], `one instance built, the other used its build:\n${a.output()}\n---\n${b.output()}`);
    for (const instance of [a, b]) assert.equal((await text(`${instance.url}/`)).status, 200);
  });

  it('keeps serving its rebuilt site when the other instance restarts', async () => {
    const [a, b] = instances as [Instance, Instance];
    const page = `${a.url}/posts/${slugOf(1)}/`;
    const posted = await fetch(`${a.url}/api/posts/${slugOf(1)}/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Ada', body: 'Baked into the page by a background rebuild' }),
    });
    assert.equal(posted.status, 201);
    await waitUntil(async () => (await text(page)).body.includes('Baked into the page'), { tries: 600, everyMs: 100 });
    assert.match((await text(page)).body, /Baked into the page/);

    await stopChild(b.child);
    const again = await start('b');
    assert.equal((await text(`${again.url}/`)).status, 200);
    const after = await text(page);
    assert.equal(after.status, 200, 'the first instance still serves its site');
    assert.match(after.body, /Baked into the page/);
    assert.equal((await text(`${a.url}/`)).status, 200);
  });
});
