import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createClient } from '@libsql/client';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../_database.ts';

const run = promisify(execFile);
const bin = path.resolve('bin/parley.js');
const dir = mkdtempSync(path.join(tmpdir(), 'parley-cli-'));
// a file on purpose: creating the folder and VACUUM INTO are what only an embedded file does
const fileEnv = { ...process.env, DATABASE_URL: `file:${path.join(dir, 'nested', 'parley.db')}` };

describe('the parley command', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase({ prefix: 'parley-cli-db-' });
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await database?.close();
  });

  it('prints help listing its commands', async () => {
    const { stdout } = await run(process.execPath, [bin, '--help']);
    assert.match(stdout, /Usage: parley <command>/);
    assert.match(stdout, /migrate/);
    assert.match(stdout, /backup/);
  });

  it('exits 2 on an unknown command', async () => {
    await assert.rejects(
      run(process.execPath, [bin, 'frobnicate']),
      (error: { code: number; stderr: string }) => error.code === 2 && /unknown command/.test(error.stderr),
    );
  });

  it('migrates a new database and says so; a second run changes nothing', async () => {
    const env = { ...process.env, ...database.env };
    const first = await run(process.execPath, [bin, 'migrate'], { env });
    assert.match(first.stdout, /applied 0001_init.sql/);
    const second = await run(process.execPath, [bin, 'migrate'], { env });
    assert.match(second.stdout, /up to date/);
    const db = createClient({ url: database.url, authToken: database.authToken });
    const tables = await db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
    assert.ok(tables.rows.some((row) => row.name === 'interactions'));
    db.close();
  });

  it('creates the folder of a new database file', async () => {
    const { stdout } = await run(process.execPath, [bin, 'migrate'], { env: fileEnv });
    assert.match(stdout, /applied 0001_init.sql/);
  });

  it('backs the database up to a file that opens on its own', async () => {
    const env = fileEnv;
    const target = path.join(dir, 'backup.db');
    const { stdout } = await run(process.execPath, [bin, 'backup', target], { env });
    assert.match(stdout, /backed up/);
    const copy = createClient({ url: `file:${target}` });
    const check = await copy.execute('PRAGMA integrity_check');
    assert.equal(check.rows[0]?.integrity_check, 'ok');
    copy.close();
    await assert.rejects(run(process.execPath, [bin, 'backup', target], { env }), /already exists/);
  });
});

describe('parley summary and parley activity', () => {
  it('print the conversation per post, one post in full, and what happened', async () => {
    const { startTestServer, postJson } = await import('./_setup.ts');
    const t = await startTestServer();
    try {
      const root = await (await postJson(`${t.base}/posts/hello-world/comments`, { name: 'Ada', body: 'Is anyone there?' })).json();
      await postJson(`${t.base}/posts/hello-world/comments`, { name: 'Bo', body: 'I am', parent: root.id });
      const cliEnv = { ...process.env, ...t.databaseEnv };
      const table = await run(process.execPath, [bin, 'summary'], { env: cliEnv });
      assert.match(table.stdout, /post\s+people\s+waiting\s+replies/);
      assert.match(table.stdout, /hello-world\s+2\s+1\s+2\s+0\s+0/);
      assert.match(table.stdout, /1 waiting for you, oldest first:\n {2}hello-world: Ada, for less than a minute/);
      const one = await run(process.execPath, [bin, 'summary', 'hello-world'], { env: cliEnv });
      assert.match(one.stdout, /people taking part {3}2/);
      assert.match(one.stdout, /Ada, for less than a minute: “Is anyone there\?”/);
      const activity = await run(process.execPath, [bin, 'activity', '--since', '1h'], { env: cliEnv });
      assert.match(activity.stdout, /hello-world\s+comment\s+Ada/);
      assert.match(activity.stdout, /2 since 1h ago/);
      await assert.rejects(run(process.execPath, [bin, 'activity', '--since', 'last tuesday'], { env: cliEnv }), /--since must look like/);
    } finally {
      await t.close();
    }
  });
});
