import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { insertComment } from '../../api/db/interactions.ts';
import { startSmtpServer, type TestSmtp } from '../_smtp.ts';
import { type TestSender, testSender } from './_mail.ts';
import { countRows, startTestServer, type TestServer } from './_setup.ts';

describe('the mail outbox under a flood of answers to one reader', () => {
  let dir: string;
  let smtp: TestSmtp;
  let t: TestServer;
  let sender: TestSender;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'parley-outbox-'));
    smtp = await startSmtpServer(dir);
    t = await startTestServer(smtp.env);
    sender = testSender(t);
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const comment = (fields: { parentId: number | null; name: string; email?: string; notify?: boolean }) =>
    insertComment(t.db, {
      postSlug: 'hello-world',
      parentId: fields.parentId,
      authorName: fields.name,
      authorUrl: null,
      authorEmail: fields.email ?? null,
      html: `<p>${fields.name}</p>`,
      text: fields.name,
      notifyReplies: fields.notify ?? false,
    });

  it('holds every answer past the first for the digest in one run, more than a mail holds', async () => {
    const rita = await comment({ parentId: null, name: 'Rita', email: 'rita@example.org', notify: true });
    await t.db.execute("DELETE FROM mail_outbox WHERE kind = 'confirm'");
    await t.db.execute({ sql: 'UPDATE subscribers SET confirmed_at = ?', args: [new Date().toISOString()] });
    await comment({ parentId: rita.id, name: 'First answer' });
    assert.match((await sender.run()).join('\n'), /sent/);
    for (let n = 0; n < 60; n += 1) await comment({ parentId: rita.id, name: `Answer ${n}` });
    const lines = await sender.run();
    assert.equal(lines.length, 1, `one run, one line: ${lines.join('\n')}`);
    assert.match(lines[0] ?? '', /waits for the digest/);
    const due = await countRows(t.db, "SELECT count(*) AS n FROM mail_outbox WHERE status = 'queued' AND next_attempt_at <= ?", [
      sender.now().toISOString(),
    ]);
    assert.equal(due, 0, 'nothing is left due, so the next run has nothing to spin on');
    sender.advance(601_000);
    await sender.run();
    assert.equal(smtp.to('rita@example.org').length, 2);
    assert.match(smtp.to('rita@example.org').at(-1)!.subject, /^50 answers to you/, 'a digest holds at most 50');
    sender.advance(601_000);
    await sender.run();
    assert.match(smtp.to('rita@example.org').at(-1)!.subject, /^10 answers to you/, 'the rest a window later');
  });
});
