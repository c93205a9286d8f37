import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Db } from '../../api/db/client.ts';
import { syncPosts } from '../../api/db/posts.ts';
import { openMigratedDb } from '../../api/node/open-db.ts';
import { createTestDatabase, type TestDatabase } from '../_database.ts';
import { waitUntil } from '../_wait.ts';
import { expectedCounts, generatedSlug, writeWxr } from '../fixtures/import/generate-wxr.ts';
import { assertIntegrity } from './_database.ts';
import { projectDir, stopChild } from './_processes.ts';
import { size } from './_writers.ts';

const SITE = 'http://127.0.0.1:4321';
const SHAPE = { posts: 100, commentsPerPost: size(300, 1000) };
const BATCH = 100;

async function count(db: Db): Promise<number> {
  return Number((await db.execute('SELECT count(*) AS n FROM interactions')).rows[0]?.n);
}

function importProcess(
  file: string,
  env: Record<string, string>,
): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(
    process.execPath,
    [path.join(projectDir, 'bin/parley.js'), 'import', 'wordpress', file, '--batch-size', String(BATCH)],
    {
      cwd: projectDir,
      env: { ...process.env, ...env, SITE_URL: SITE },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

describe('an import killed with SIGKILL halfway', () => {
  let database: TestDatabase;
  let db: Db;
  let file = '';
  beforeAll(async () => {
    database = await createTestDatabase({ prefix: 'parley-import-crash-' });
    ({ db } = await openMigratedDb({ databaseUrl: database.url, databaseAuthToken: database.authToken }));
    const posts = Array.from({ length: SHAPE.posts }, (_, index) => {
      const slug = generatedSlug(index + 1);
      return { slug, url: `${SITE}/posts/${slug}/`, title: slug, published: '2026-01-01T00:00:00.000Z', updated: null };
    });
    await syncPosts(db, posts);
    file = path.join(database.dir, 'big.xml');
    await writeWxr(file, SHAPE);
  });
  afterAll(async () => {
    db?.close();
    await database?.close();
  });

  it('keeps whole batches only, and a rerun completes it with every thread in place', async () => {
    const expected = expectedCounts(SHAPE);
    const first = importProcess(file, database.env);
    // kill once a few batches are in: mid-file, a batch possibly under way
    await waitUntil(async () => (await count(db)) >= BATCH * 5 || first.child.exitCode !== null, { tries: 3000, everyMs: 10 });
    await stopChild(first.child, 'SIGKILL');
    await first.exited;
    const atCrash = await count(db);
    assert.ok(atCrash > 0 && atCrash < expected.comments, `killed halfway: ${atCrash} of ${expected.comments} stored\n${first.output()}`);
    assert.equal(atCrash % BATCH, 0, 'a batch is stored whole or not at all');

    const second = importProcess(file, database.env);
    assert.equal(await second.exited, 0, second.output());
    assert.match(second.output(), new RegExp(`already here\\s+${atCrash.toLocaleString('en')}\\n`));
    assert.equal(await count(db), expected.comments);
    const replies = Number((await db.execute('SELECT count(*) AS n FROM interactions WHERE parent_id IS NOT NULL')).rows[0]?.n);
    assert.equal(replies, expected.replies, 'every reply is under its parent, across the crash');
    const identities = Number((await db.execute('SELECT count(DISTINCT import_id) AS n FROM interactions')).rows[0]?.n);
    assert.equal(identities, expected.comments, 'nothing is stored twice');
    if (database.kind === 'file') await assertIntegrity(db);
  });
});
