import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { insertComment } from '../../api/db/interactions.ts';
import { startSmtpServer, type TestSmtp } from '../_smtp.ts';
import { waitUntil } from '../_wait.ts';
import { createDatabase, POST, type ReliabilityDatabase } from './_database.ts';
import { startProcess, stopChild } from './_processes.ts';

const SENDER = fileURLToPath(new URL('./_mail-process.ts', import.meta.url));
const READERS = 8;
const LEASE_MS = 2_000;

/**
 * The sending process is killed twice: once after handing a mail to the SMTP server and before
 * hearing its answer, once while connecting. Every answer reaches its reader exactly once: the
 * interrupted mail (which the server had) is not sent again, and the mails of the process that
 * died while connecting are sent by the next one once its lease runs out.
 */
describe('a mail sender killed mid-send', () => {
  let database: ReliabilityDatabase;
  let smtp: TestSmtp;
  let env: Record<string, string>;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    database = await createDatabase();
    smtp = await startSmtpServer(database.dir);
    env = {
      ...database.env,
      ...smtp.env,
      SITE_URL: 'http://127.0.0.1:4321',
      PARLEY_SMTP_TIMEOUT: '5',
      PARLEY_MAIL_REPLY_WINDOW: '0',
      LEASE_MS: String(LEASE_MS),
    };
    for (let n = 1; n <= READERS; n += 1) {
      await insertComment(database.db, {
        postSlug: POST.slug,
        parentId: null,
        authorName: `Reader ${n}`,
        authorUrl: null,
        authorEmail: `reader${n}@example.org`,
        html: '<p>Tell me</p>',
        text: 'Tell me',
        notifyReplies: true,
      });
    }
    await database.db.execute("DELETE FROM mail_outbox WHERE kind = 'confirm'");
    await database.db.execute("UPDATE subscribers SET confirmed_at = '2026-05-01T10:00:00.000Z'");
  });
  afterAll(async () => {
    for (const child of children) await stopChild(child, 'SIGKILL');
    await smtp.stop();
    await database.close();
  });

  const outputs: (() => string)[] = [];
  async function sender(): Promise<ChildProcess> {
    const { child, output } = await startProcess(SENDER, env);
    children.push(child);
    outputs.push(output);
    return child;
  }
  const kill = async (child: ChildProcess) => {
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  };
  const statuses = async () =>
    Object.fromEntries(
      (await database.db.execute('SELECT status, count(*) AS n FROM mail_outbox GROUP BY status')).rows.map((row) => [
        String(row.status),
        Number(row.n),
      ]),
    );

  it('sends every answer once, and never the interrupted one twice', async () => {
    const first = await sender();
    let received = 0;
    const killedAtData = new Promise<void>((resolve) => {
      smtp.behave.onData = async () => {
        received += 1;
        if (received !== 3) return;
        // the server holds the whole message; the sender dies before hearing 250
        await kill(first);
        resolve();
      };
    });
    const readers = await database.db.execute("SELECT id FROM interactions WHERE author_name LIKE 'Reader %' ORDER BY id");
    for (const row of readers.rows) {
      await insertComment(database.db, {
        postSlug: POST.slug,
        parentId: Number(row.id),
        authorName: 'Otto',
        authorUrl: null,
        authorEmail: null,
        html: `<p>Answer to ${row.id}</p>`,
        text: `Answer to ${row.id}`,
      });
    }
    await killedAtData;
    smtp.behave.onData = undefined;
    assert.deepEqual(await statuses(), { sent: 2, sending: 1, queued: READERS - 3 }, 'the third mail is left sending');

    // the next sender dies while it connects: its claim is left to run out
    let connected: () => void = () => undefined;
    const connecting = new Promise<void>((resolve) => (connected = resolve));
    smtp.behave.onConnect = () => {
      connected();
      return new Promise((resolve) => setTimeout(resolve, 60_000));
    };
    const second = await sender();
    await connecting;
    await kill(second);
    smtp.behave.onConnect = undefined;

    await sender();
    await waitUntil(async () => Object.keys(await statuses()).every((status) => status === 'sent' || status === 'unknown'), { tries: 300 });
    assert.deepEqual(await statuses(), { sent: READERS - 1, unknown: 1 }, outputs.map((output) => output()).join('\n---\n'));
    for (const row of readers.rows) {
      const copies = smtp.messages.filter((mail) => mail.text.includes(`Answer to ${row.id}\n`));
      assert.equal(copies.length, 1, `the answer to ${row.id} arrived once`);
    }
    assert.equal(smtp.messages.length, READERS);
  });
});
