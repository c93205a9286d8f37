import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { linkIn, type Received, startSmtpServer, type TestSmtp } from '../_smtp.ts';
import { type TestSender, testSender } from './_mail.ts';
import { countRows, postForm, postJson, startTestServer, type TestServer } from './_setup.ts';

const READER = 'rita@example.org';
const WINDOW_MS = 600_000;

describe('reply notifications by email', () => {
  let dir: string;
  let smtp: TestSmtp;
  let t: TestServer;
  let sender: TestSender;
  let ritaComment = 0;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'parley-mail-'));
    smtp = await startSmtpServer(dir);
    t = await startTestServer({ ...smtp.env, PARLEY_SMTP_TIMEOUT: '5' });
    sender = testSender(t);
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const comments = (slug = 'hello-world') => `${t.base}/posts/${slug}/comments`;
  const answer = async (parent: number, fields: Record<string, unknown> = {}) => {
    const response = await postJson(comments(), { name: 'Otto', body: 'An *answer* from Otto.', parent, ...fields });
    assert.equal(response.status, 201);
    return (await response.json()) as { id: number };
  };
  const mailTo = (address: string): Received[] => smtp.to(address);
  const pathOf = (url: string) => new URL(url).pathname;

  it('offers the box on the API’s own form, and refuses it without an email', async () => {
    const form = await (await fetch(`${comments()}/new?parent=`)).text();
    assert.match(form, /<input type="checkbox" id="comment-notify" name="notify" value="1"/);
    assert.match(form, /Email me when someone answers/);
    const response = await postJson(comments(), { name: 'Nia', body: 'Tell me', notify: true });
    assert.equal(response.status, 422);
    assert.match((await response.json()).error.fields.email, /email/);
  });

  it('sends one confirmation over STARTTLS with a login, and nothing else to an unconfirmed address', async () => {
    const response = await postForm(comments(), { name: 'Rita', body: 'Do tell me.', email: 'Rita@Example.org', notify: '1' });
    assert.equal(response.status, 303);
    const location = response.headers.get('location') ?? '';
    assert.match(location, /\?notify=1$/);
    const page = await (await fetch(`${t.origin}${location}`, { headers: { accept: 'text/html' } })).text();
    assert.match(page, /we have sent it a link to confirm/);
    ritaComment = Number(/comments\/(\d+)/.exec(location)?.[1]);

    // an answer before the address is confirmed tells nobody
    await answer(ritaComment);
    const lines = await sender.run();
    assert.deepEqual(
      lines.map((line) => line.replace(/\d+/g, 'N')),
      ['mail N (confirm): sent'],
    );
    const [confirm] = mailTo(READER);
    assert.ok(confirm, 'the confirmation arrived');
    assert.equal(confirm.secure, true, 'the session was upgraded with STARTTLS');
    assert.equal(confirm.user, 'parley', 'and logged in');
    assert.match(confirm.subject, /Confirm/);
    assert.equal(confirm.header('auto-submitted'), 'auto-generated');
    assert.equal(await countRows(t.db, "SELECT count(*) AS n FROM mail_outbox WHERE kind = 'reply'"), 0);

    // asking again does not send a second confirmation
    await postJson(comments(), { name: 'Rita', body: 'Again', email: READER, notify: true });
    assert.deepEqual(await sender.run(), []);
    assert.equal(mailTo(READER).length, 1);
  });

  it('confirms on a button press, not on opening the link', async () => {
    const [confirm] = mailTo(READER);
    const link = linkIn(confirm!, /http:\S+\/notifications\/confirm\/\S+/);
    const opened = await fetch(`${t.origin}${pathOf(link)}`);
    assert.equal(opened.status, 200);
    assert.match(await opened.text(), /<form method="post"/);
    assert.equal(
      await countRows(t.db, 'SELECT count(*) AS n FROM subscribers WHERE confirmed_at IS NOT NULL'),
      0,
      'a scanner opening it confirms nothing',
    );
    const pressed = await fetch(`${t.origin}${pathOf(link)}`, { method: 'POST' });
    assert.equal(pressed.status, 200);
    assert.match(await pressed.text(), /Confirmed/);
  });

  it('mails each answer with its text, a link to it, and one-click unsubscribe headers', async () => {
    const otto = await answer(ritaComment);
    assert.deepEqual(
      (await sender.run()).map((line) => line.replace(/\d+/g, 'N')),
      ['mail N (reply): sent'],
    );
    const mail = mailTo(READER).at(-1)!;
    assert.match(mail.subject, /Otto answered you on “Hello, world”/);
    assert.match(mail.text, /An \*answer\* from Otto\./, 'the answer as written');
    assert.match(mail.text, /> Do tell me\./, 'quotes what was answered');
    assert.ok(mail.text.includes(`${t.config.siteUrl}/posts/hello-world/#comment-${otto.id}`), 'links to the answer');
    assert.match(mail.html, /<em>answer<\/em>/);
    const unsubscribe = String(mail.header('list-unsubscribe'));
    assert.match(unsubscribe, /^<http:\S+\/notifications\/stop\/a\.\S+>$/);
    assert.equal(mail.header('list-unsubscribe-post'), 'List-Unsubscribe=One-Click');
    assert.ok(!mail.text.includes('Otto@') && !JSON.stringify(mail.headers).includes('otto'), 'nobody else’s address');
  });

  it('gathers answers within the window into one digest', async () => {
    await answer(ritaComment, { body: 'Second thought.' });
    await answer(ritaComment, { body: 'Third thought.' });
    const before = mailTo(READER).length;
    assert.match((await sender.run())[0] ?? '', /waits for the digest/);
    assert.equal(mailTo(READER).length, before, 'no flood');
    sender.advance(WINDOW_MS + 1_000);
    assert.deepEqual(
      (await sender.run()).map((line) => line.replace(/\d+/g, 'N')),
      ['mail N,N (reply): sent'],
    );
    const digest = mailTo(READER).at(-1)!;
    assert.match(digest.subject, /2 answers to you/);
    assert.match(digest.text, /Second thought\.[\s\S]*Third thought\./);
  });

  it('never tells a reader of their own answer, of held or spam answers, or of one removed since', async () => {
    sender.advance(WINDOW_MS + 1_000);
    await answer(ritaComment, { name: 'Rita', email: READER, body: 'Answering myself.' });
    const held = await answer(ritaComment, { body: 'Soon removed.' });
    await t.db.execute({ sql: "UPDATE interactions SET status = 'removed' WHERE id = ?", args: [held.id] });
    const lines = await sender.run();
    assert.deepEqual(
      lines.map((line) => line.replace(/\d+/g, 'N')),
      ['mail N: skipped (nothing to tell any more)'],
    );
    assert.ok(!mailTo(READER).some((mail) => /Answering myself|Soon removed/.test(mail.text)));
  });

  it('stops one thread from the mail’s link, then everything, and forgets the address', async () => {
    const mail = mailTo(READER).at(-1)!;
    const stopThread = linkIn(mail, /http:\S+\/notifications\/stop\/t\.\S+/);
    const stopped = await fetch(`${t.origin}${pathOf(stopThread)}`);
    assert.equal(stopped.status, 200);
    assert.match(await stopped.text(), /no more mail about this thread/);
    assert.equal(await countRows(t.db, 'SELECT count(*) AS n FROM subscriptions WHERE interaction_id = ?', [ritaComment]), 0);
    sender.advance(WINDOW_MS + 1_000);
    const count = mailTo(READER).length;
    await answer(ritaComment, { body: 'Nobody hears this.' });
    await sender.run();
    assert.equal(mailTo(READER).length, count, 'the next answer sends nothing');

    // a second thread of hers still mails, until the one-click POST of List-Unsubscribe
    const other = await (await postJson(comments('second-post'), { name: 'Rita', body: 'Another', email: READER, notify: true })).json();
    await postJson(comments('second-post'), { name: 'Otto', body: 'Over here.', parent: other.id });
    await sender.run();
    const last = mailTo(READER).at(-1)!;
    assert.match(last.text, /Over here\./);
    const all = String(last.header('list-unsubscribe')).slice(1, -1);
    const oneClick = await fetch(`${t.origin}${pathOf(all)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    assert.equal(oneClick.status, 200);
    assert.equal(await countRows(t.db, 'SELECT count(*) AS n FROM subscribers WHERE email = ?', [READER]), 0, 'the address is gone');
    assert.equal(await countRows(t.db, 'SELECT count(*) AS n FROM subscriptions'), 0);
  });

  it('refuses forged and expired links', async () => {
    const forged = await fetch(`${t.base}/notifications/stop/a.1.0.9999999999.${'0'.repeat(32)}`);
    assert.equal(forged.status, 404);
    const garbage = await fetch(`${t.base}/notifications/confirm/nope`);
    assert.equal(garbage.status, 404);
    // a fresh address, whose confirmation is opened four days later
    await postJson(comments(), { name: 'Lee', body: 'Me too', email: 'lee@example.org', notify: true });
    await sender.run();
    const link = linkIn(mailTo('lee@example.org')[0]!, /http:\S+\/notifications\/confirm\/\S+/);
    const token = pathOf(link).split('/').pop() ?? '';
    const [, , , expires] = token.split('.');
    assert.ok(Number(expires) * 1000 - Date.now() > 2.9 * 86_400_000, 'valid for three days');
    const tampered = token.replace(/\.(\d+)\./, (_, id) => `.${Number(id) + 1}.`);
    assert.equal((await fetch(`${t.base}/notifications/confirm/${tampered}`)).status, 404);
  });

  it('stores an imported answer without telling anyone', async () => {
    await postJson(comments(), { name: 'Kai', body: 'Hi', email: 'kai@example.org', notify: true });
    await t.db.execute("UPDATE subscribers SET confirmed_at = '2026-01-01T00:00:00.000Z' WHERE email = 'kai@example.org'");
    const kai = await t.db.execute("SELECT id FROM interactions WHERE author_name = 'Kai'");
    const before = await countRows(t.db, 'SELECT count(*) AS n FROM mail_outbox');
    await t.db.execute({
      sql: `INSERT INTO interactions (post_slug, kind, origin, parent_id, author_name, content_html, content_text, published, received, import_source, import_id)
            VALUES ('hello-world', 'reply', 'comment', ?, 'Imported', '<p>old</p>', 'old', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z', 'wordpress', '17')`,
      args: [Number(kai.rows[0]?.id)],
    });
    assert.equal(await countRows(t.db, 'SELECT count(*) AS n FROM mail_outbox'), before);
  });
});

describe('without PARLEY_SMTP_URL', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it('offers no box and refuses the field by name', async () => {
    const form = await (await fetch(`${t.base}/posts/hello-world/comments/new`)).text();
    assert.ok(!form.includes('name="notify"'));
    const response = await postJson(`${t.base}/posts/hello-world/comments`, {
      name: 'Nia',
      body: 'Tell me',
      email: 'n@example.org',
      notify: true,
    });
    assert.equal(response.status, 422);
    assert.match((await response.json()).error.fields.notify, /does not send email/);
  });
});
