/**
 * What email notifications cost the comment write path: the same API process answering the same
 * replies with mail off, and with mail on (every reply asks to be emailed answers and answers a
 * confirmed subscriber, so every trigger fills the outbox; author alerts on). With mail on, once
 * with the SMTP server unreachable, so the sender holds the mail and only the write path is
 * measured, and once with the sender mailing an SMTP server on 127.0.0.1 meanwhile, in the same
 * process on the same two cores. Rounds alternate between the three.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { freePort } from '../tests/_loopback.ts';
import { startApiProcess } from '../tests/reliability/_processes.ts';
import { alternate } from './read-write.ts';
import { type Row, row } from './report.ts';
import { benchPost, seedDatabase } from './seed.ts';

export interface NotificationsOptions {
  seconds: number;
  rounds: number;
  connections: number;
  log: (line: string) => void;
}

/** An SMTP server that takes everything and counts it, as a relay on the same machine would. */
async function smtpSink(): Promise<{ port: number; received: () => number; close(): Promise<void> }> {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData: (stream, _session, callback) => {
      stream.resume();
      stream.once('end', () => {
        received += 1;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    received: () => received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export async function benchNotifications(options: NotificationsOptions): Promise<Row[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'parley-bench-mail-'));
  const urls = {
    off: `file:${path.join(dir, 'off.db')}`,
    held: `file:${path.join(dir, 'held.db')}`,
    on: `file:${path.join(dir, 'on.db')}`,
  };
  const post = benchPost('bench-write', 1);
  let parent = 0;
  for (const url of Object.values(urls)) {
    const db = await seedDatabase(url, [post], 20);
    parent = Number((await db.execute("SELECT min(id) AS id FROM interactions WHERE kind = 'comment'")).rows[0]?.id);
    if (url !== urls.off) {
      // the comment answered belongs to a confirmed subscriber: every answer queues a mail
      await db.execute(
        "INSERT INTO subscribers (email, created_at, confirmed_at) VALUES ('first@example.org', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
      );
      await db.execute({
        sql: "INSERT INTO subscriptions (interaction_id, subscriber_id, created_at) VALUES (?, 1, '2026-01-01T00:00:00Z')",
        args: [parent],
      });
    }
    db.close();
  }
  const sink = await smtpSink();
  const off = await startApiProcess({ DATABASE_URL: urls.off }, { TRUST_PROXY: '1' });
  const mail = (port: number) => ({
    TRUST_PROXY: '1',
    PARLEY_SMTP_URL: `smtp://127.0.0.1:${port}`,
    PARLEY_MAIL_FROM: 'blog@example.org',
    PARLEY_AUTHOR_EMAIL: 'author@example.org',
  });
  // nothing listens there: the sender fails to connect and holds every due mail for a minute
  const held = await startApiProcess({ DATABASE_URL: urls.held }, mail(await freePort()));
  const on = await startApiProcess({ DATABASE_URL: urls.on }, mail(sink.port));
  try {
    const common = { connections: options.connections, seconds: options.seconds, maxRequests: 2_000_000, kind: 'reply' as const, parent };
    options.log(
      'notifications: POST replies with mail on (subscription, confirmation, answer and author rows), held and sending, against mail off',
    );
    const [plain, queued, sending] = await alternate(
      [
        { ...common, url: `${off.url}/api/posts/bench-write/comments` },
        { ...common, url: `${held.url}/api/posts/bench-write/comments`, notify: true },
        { ...common, url: `${on.url}/api/posts/bench-write/comments`, notify: true },
      ],
      options.rounds,
    );
    return [
      row('Notifications: POST reply, outbox filled (vs mail off)', queued!.rps, 'req/s', plain!.rps, { min: 0.9 }),
      row('Notifications: p99 latency, outbox filled (vs mail off)', queued!.p99, 'ms', plain!.p99),
      row('Notifications: POST reply while mailing (vs mail off)', sending!.rps, 'req/s', plain!.rps),
      row('Notifications: p99 latency while mailing (vs mail off)', sending!.p99, 'ms', plain!.p99),
      row('Notifications: mails sent during the load', sink.received(), 'mails', null),
    ];
  } finally {
    await on.stop();
    await held.stop();
    await off.stop();
    await sink.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
