import assert from 'node:assert/strict';
import { afterAll, afterEach, beforeAll, describe, it } from 'vitest';
import { smtpError, startSmtpServer, type TestSmtp } from '../_smtp.ts';
import { type TestSender, testSender } from '../api/_mail.ts';
import { countRows, postJson, startTestServer, type TestServer } from '../api/_setup.ts';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The SMTP server down, slow, refusing, or silent after taking the message: nothing is lost
 * (sent once the server is back) and nothing is sent twice. The sender runs in this process on a
 * clock the test moves, against a real SMTP server on 127.0.0.1.
 */
describe('mail delivery when the SMTP server misbehaves', () => {
  let smtp: TestSmtp;
  let t: TestServer;
  let sender: TestSender;
  let n = 0;

  beforeAll(async () => {
    const dir = (await import('node:fs')).mkdtempSync(`${(await import('node:os')).tmpdir()}/parley-smtp-`);
    smtp = await startSmtpServer(dir);
    // one mail per answer (no digest window), and a 2 s timeout so "slow" is quick to show
    t = await startTestServer({ ...smtp.env, PARLEY_SMTP_TIMEOUT: '2', PARLEY_MAIL_REPLY_WINDOW: '0', PARLEY_MAIL_RETRY_SECONDS: '1' });
    sender = testSender(t);
  });
  afterEach(() => {
    for (const key of Object.keys(smtp.behave)) delete smtp.behave[key as keyof typeof smtp.behave];
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  /** A confirmed reader with a comment, and a function that answers it. */
  async function reader(): Promise<{ address: string; answer: (text: string) => Promise<void> }> {
    n += 1;
    const address = `reader${n}@example.org`;
    const comment = await (
      await postJson(`${t.base}/posts/hello-world/comments`, { name: `R${n}`, body: 'Hi', email: address, notify: true })
    ).json();
    await t.db.execute({ sql: "DELETE FROM mail_outbox WHERE kind = 'confirm'" });
    await t.db.execute({ sql: 'UPDATE subscribers SET confirmed_at = ? WHERE email = ?', args: [new Date().toISOString(), address] });
    return {
      address,
      answer: async (text) => {
        const response = await postJson(`${t.base}/posts/hello-world/comments`, { name: 'Otto', body: text, parent: comment.id });
        assert.equal(response.status, 201);
      },
    };
  }
  const received = (address: string, text: string) => smtp.to(address).filter((mail) => mail.text.includes(text)).length;
  const later = async () => {
    sender.advance(3_600_000);
    return sender.run();
  };

  it('down: keeps the mail, answers readers at once, and sends it once the server is back', async () => {
    const r = await reader();
    await smtp.stop();
    const started = Date.now();
    await r.answer('While the server was down');
    assert.ok(Date.now() - started < 2_000, 'the answer is stored without waiting for mail');
    const lines = await sender.run();
    assert.match(lines[0] ?? '', /will retry .*cannot reach the SMTP server/);
    assert.equal(await countRows(t.db, "SELECT count(*) AS n FROM mail_outbox WHERE status = 'queued'"), 1);
    const other = await reader();
    await other.answer('Also while down');
    assert.deepEqual(await sender.run(), [], 'nobody tries the server again before the retry time, not even for new mail');
    await smtp.start();
    assert.match((await later())[0] ?? '', /sent/);
    assert.equal(received(r.address, 'While the server was down'), 1);
    assert.equal(received(other.address, 'Also while down'), 1);
    await later();
    assert.equal(received(r.address, 'While the server was down'), 1, 'and only once');
  });

  it('slow: a greeting later than the timeout is retried; a slow one within it is simply waited for', async () => {
    const r = await reader();
    smtp.behave.onConnect = () => sleep(3_000);
    await r.answer('Slow server');
    assert.match((await sender.run())[0] ?? '', /will retry/);
    assert.equal(received(r.address, 'Slow server'), 0);
    smtp.behave.onConnect = () => sleep(500);
    const run = later();
    // a reader is answered while the sender waits on the slow server
    const started = Date.now();
    assert.equal((await postJson(`${t.base}/posts/hello-world/comments`, { name: 'Zed', body: 'Meanwhile' })).status, 201);
    assert.ok(Date.now() - started < 2_000);
    assert.match((await run)[0] ?? '', /sent/);
    smtp.behave.onConnect = undefined;
    assert.equal(received(r.address, 'Slow server'), 1);
  });

  it('refusing: 421 at connect and 451 to MAIL FROM are retried until taken; a 550 recipient is given up', async () => {
    const r = await reader();
    let connects = 0;
    let mails = 0;
    smtp.behave.onConnect = () => {
      if (connects++ === 0) throw smtpError(421, 'Too busy, come back later');
    };
    smtp.behave.onMailFrom = () => {
      if (mails++ < 2) throw smtpError(451, 'Try again later');
    };
    await r.answer('Refused at first');
    assert.match((await sender.run())[0] ?? '', /will retry .*421|will retry .*busy/i);
    assert.match((await later())[0] ?? '', /will retry .*451/);
    assert.match((await later())[0] ?? '', /will retry .*451/);
    assert.match((await later())[0] ?? '', /sent/);
    assert.equal(received(r.address, 'Refused at first'), 1);
    smtp.behave.onConnect = undefined;
    smtp.behave.onMailFrom = undefined;

    const gone = await reader();
    smtp.behave.onRcptTo = (address) => {
      if (address === gone.address) throw smtpError(550, 'No such mailbox');
    };
    await gone.answer('To nobody');
    assert.match((await later())[0] ?? '', /failed .*550/);
    assert.deepEqual(await later(), [], 'a permanent refusal is not retried');
    smtp.behave.onRcptTo = undefined;
  });

  it('silent after the whole message: marked unknown and never sent again', async () => {
    const r = await reader();
    // the server takes the message but answers only after the client gave up waiting
    smtp.behave.onData = () => sleep(3_500);
    await r.answer('Maybe delivered');
    assert.match((await later())[0] ?? '', /unknown, not sent again/);
    smtp.behave.onData = undefined;
    // the server files it once its late answer is out
    await sleep(3_000);
    await later();
    await later();
    assert.equal(received(r.address, 'Maybe delivered'), 1, 'the server had it: one copy, not two');
    assert.equal(await countRows(t.db, "SELECT count(*) AS n FROM mail_outbox WHERE status = 'unknown'"), 1);
  });
});
