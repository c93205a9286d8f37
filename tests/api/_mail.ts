/**
 * Runs Parley's mail sender in the test process, against a real SMTP server, on a clock the test
 * moves forward (digest windows and retries are minutes apart).
 */
import { mailLinkSecret } from '../../api/db/mail-settings.ts';
import { type MailJobDeps, sendDueMail } from '../../api/mail/send.ts';
import { createSmtpTransport } from '../../api/node/smtp-transport.ts';
import type { TestServer } from './_setup.ts';

export interface TestSender {
  /** One run of the sender; returns its log lines. */
  run(): Promise<string[]>;
  /** Moves the sender's clock forward. */
  advance(ms: number): void;
  now(): Date;
}

export function testSender(t: TestServer, overrides: Partial<MailJobDeps> = {}): TestSender {
  const mail = t.config.mail;
  if (!mail) throw new Error('the test server has no PARLEY_SMTP_URL');
  let offset = 0;
  const now = () => new Date(Date.now() + offset);
  const deps: MailJobDeps = {
    db: t.db,
    config: { ...t.config, mail },
    now,
    linkSecret: () => mailLinkSecret(t.db),
    transport: createSmtpTransport(mail),
    owner: 'test-sender',
    ...overrides,
  };
  return {
    run: () => sendDueMail(deps),
    advance: (ms) => {
      offset += ms;
    },
    now,
  };
}
