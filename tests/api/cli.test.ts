import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { createClient } from '@libsql/client';

const run = promisify(execFile);
const bin = path.resolve('bin/parley.js');
const dir = mkdtempSync(path.join(tmpdir(), 'parley-cli-'));
const env = { ...process.env, DATABASE_URL: `file:${path.join(dir, 'nested', 'parley.db')}` };

describe('the parley command', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints help listing its commands', async () => {
    const { stdout } = await run(process.execPath, [bin, '--help']);
    assert.match(stdout, /Usage: parley <command>/);
    assert.match(stdout, /migrate/);
    assert.match(stdout, /backup/);
  });

  it('exits 2 on an unknown command', async () => {
    await assert.rejects(run(process.execPath, [bin, 'frobnicate']), (error: { code: number; stderr: string }) => error.code === 2 && /unknown command/.test(error.stderr));
  });

  it('migrates a new database, creating its folder, and says so; a second run changes nothing', async () => {
    const first = await run(process.execPath, [bin, 'migrate'], { env });
    assert.match(first.stdout, /applied 0001_init.sql/);
    const second = await run(process.execPath, [bin, 'migrate'], { env });
    assert.match(second.stdout, /up to date/);
    const db = createClient({ url: env.DATABASE_URL });
    const tables = await db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
    assert.ok(tables.rows.some((row) => row.name === 'interactions'));
    db.close();
  });

  it('backs the database up to a file that opens on its own', async () => {
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
