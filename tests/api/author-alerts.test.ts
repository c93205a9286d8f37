import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { insertComment } from '../../api/db/interactions.ts';
import { keepAuthorAlertsOn } from '../../api/db/mail-settings.ts';
import { startSmtpServer, type TestSmtp } from '../_smtp.ts';
import { type TestSender, testSender } from './_mail.ts';
import { countRows, postJson, SITE, startTestServer, type TestServer } from './_setup.ts';

const AUTHOR = 'robin@example.org';
const TOKEN = 'author-alerts-token-0123';

describe('email alerts for the author', () => {
  let dir: string;
  let smtp: TestSmtp;
  let t: TestServer;
  let sender: TestSender;
  let cookie = '';

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'parley-alerts-'));
    smtp = await startSmtpServer(dir);
    t = await startTestServer({ ...smtp.env, PARLEY_AUTHOR_EMAIL: AUTHOR, PARLEY_ADMIN_TOKEN: TOKEN });
    // what the Node server does on start
    await keepAuthorAlertsOn(t.db, new Date(Date.now() + 600_000));
    sender = testSender(t);
    const login = await fetch(`${t.origin}/admin/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: SITE },
      body: new URLSearchParams({ token: TOKEN }),
    });
    cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const comment = (name: string, body: string) =>
    postJson(`${t.base}/posts/hello-world/comments`, { name, body, email: `${name}@example.org` });
  const admin = async (path: string, fields?: Record<string, string>): Promise<Response> => {
    const headers = { accept: 'text/html', origin: SITE, cookie };
    if (!fields) return fetch(`${t.origin}/admin${path}`, { headers, redirect: 'manual' });
    const csrf: string = /name="_csrf" value="([0-9a-f]+)"/.exec(await (await admin('')).text())?.[1] ?? '';
    return fetch(`${t.origin}/admin${path}`, {
      method: 'POST',
      headers,
      redirect: 'manual',
      body: new URLSearchParams({ _csrf: csrf, ...fields }),
    });
  };

  it('mails each new interaction, with who waits longest first, and no reader’s address', async () => {
    await comment('Rita', 'First question?');
    assert.deepEqual(
      (await sender.run()).map((line) => line.replace(/\d+/g, 'N')),
      ['mail N (author): sent'],
    );
    await comment('Sam', 'Second question?');
    // "immediately" still gathers a burst: within a minute of the last alert, the next one waits
    assert.match((await sender.run())[0] ?? '', /waits for the digest/);
    sender.advance(61_000);
    await sender.run();
    const [first, second] = smtp.to(AUTHOR);
    assert.match(first!.subject, /^Rita commented on “Hello, world” · Rita has waited/);
    assert.match(second!.text, /Waiting for your answer, longest first:\n- Rita, [^\n]+\n- Sam,/);
    assert.match(second!.text, /Sam commented on “Hello, world”\nSecond question\?/);
    assert.match(second!.text, /\/admin\/posts\/hello-world#item-\d+/);
    assert.ok(!second!.text.includes('@example.org'), 'reader addresses stay in the database');
  });

  it('never alerts the author about their own answers', async () => {
    const before = await countRows(t.db, 'SELECT count(*) AS n FROM mail_outbox');
    await insertComment(t.db, {
      postSlug: 'hello-world',
      parentId: 1,
      authorName: 'Robin',
      authorUrl: null,
      authorEmail: null,
      isOwner: true,
      html: '<p>Hi</p>',
      text: 'Hi',
    });
    assert.equal(await countRows(t.db, 'SELECT count(*) AS n FROM mail_outbox'), before);
  });

  it('lets the author choose hourly in /admin: the rest of the hour comes as one digest', async () => {
    const page = await (await admin('')).text();
    assert.match(page, /Mail robin@example.org about new interactions/);
    const saved = await admin('/settings/mail', { digest: 'hourly' });
    assert.equal(saved.status, 303);
    assert.match((await (await admin('')).text()).replace(/\s+/g, ' '), /value="hourly" checked/);
    sender.advance(3_600_000);
    await comment('Tom', 'Third');
    await sender.run();
    assert.equal(smtp.to(AUTHOR).length, 3, 'the first of the hour goes at once');
    await comment('Uma', 'Fourth');
    await comment('Vic', 'Fifth');
    assert.match((await sender.run())[0] ?? '', /waits for the digest/);
    sender.advance(3_600_000 + 1_000);
    await sender.run();
    const digest = smtp.to(AUTHOR).at(-1)!;
    assert.equal(smtp.to(AUTHOR).length, 4);
    assert.match(digest.subject, /^2 new on 127\.0\.0\.1:4321/);
  });

  it('sends nothing once the author chooses never, and refuses an unknown choice', async () => {
    assert.equal((await admin('/settings/mail', { digest: 'weekly' })).status, 422);
    await admin('/settings/mail', { digest: 'never' });
    const before = await countRows(t.db, 'SELECT count(*) AS n FROM mail_outbox');
    await comment('Wes', 'Sixth');
    assert.equal(await countRows(t.db, 'SELECT count(*) AS n FROM mail_outbox'), before);
  });
});
