/** Email settings, normalised from the environment (PARLEY_SMTP_URL and the rest); see docs/notifications.md. */
import { ConfigError, type Env, integer } from './config-env.ts';

export interface MailAddress {
  name: string | null;
  address: string;
}

export interface MailConfig {
  smtp: {
    host: string;
    port: number;
    /** TLS from the first byte (smtps://); otherwise STARTTLS. */
    secure: boolean;
    user: string | null;
    pass: string | null;
    /** Refuse to go on without STARTTLS: true whenever credentials would cross the line. */
    requireTls: boolean;
    /** A PEM file of certificates to trust besides the system's (a private CA, a test's own). */
    caFile: string | null;
    timeoutMs: number;
  };
  from: MailAddress;
  /** Where the author's alerts go; null: no author alerts. */
  authorEmail: string | null;
  /** A reader gets at most one answer mail per window; answers in between come as one digest. */
  replyWindowMs: number;
  /** First retry delay of a mail the server did not take; doubled each time, at most an hour. */
  retryBaseMs: number;
}

const ADDRESS = /^[^\s@<>"]+@[^\s@<>"]+$/;

function mailAddress(name: string, raw: string): MailAddress {
  const named = /^\s*"?([^"<]*?)"?\s*<([^<>]+)>\s*$/.exec(raw);
  const address = (named ? named[2] : raw)?.trim() ?? '';
  if (!ADDRESS.test(address)) throw new ConfigError(name, `must be an email address like "Blog <blog@example.org>", got "${raw}"`);
  return { name: named?.[1]?.trim() || null, address };
}

export function mailConfig(env: Env): MailConfig | null {
  const raw = env.PARLEY_SMTP_URL;
  if (raw === undefined || raw === '') {
    for (const name of ['PARLEY_MAIL_FROM', 'PARLEY_AUTHOR_EMAIL']) {
      if (env[name]) throw new ConfigError(name, 'needs PARLEY_SMTP_URL: without an SMTP server no mail is sent');
    }
    return null;
  }
  const url = URL.canParse(raw) ? new URL(raw) : null;
  if (!url || !/^smtps?:$/.test(url.protocol) || !url.hostname) {
    throw new ConfigError(
      'PARLEY_SMTP_URL',
      'must look like smtp://user:password@mail.example.org:587 (or smtps:// for TLS from the start)',
    );
  }
  const from = env.PARLEY_MAIL_FROM;
  if (!from) throw new ConfigError('PARLEY_MAIL_FROM', 'is required with PARLEY_SMTP_URL: the address mail is sent from');
  const secure = url.protocol === 'smtps:';
  const user = url.username ? decodeURIComponent(url.username) : null;
  return {
    smtp: {
      host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: url.port ? Number(url.port) : secure ? 465 : 587,
      secure,
      user,
      pass: url.password ? decodeURIComponent(url.password) : null,
      requireTls: !secure && user !== null,
      caFile: env.PARLEY_SMTP_CA_FILE || null,
      timeoutMs: integer(env, 'PARLEY_SMTP_TIMEOUT', 30, 1, 300) * 1000,
    },
    from: mailAddress('PARLEY_MAIL_FROM', from),
    authorEmail: env.PARLEY_AUTHOR_EMAIL ? mailAddress('PARLEY_AUTHOR_EMAIL', env.PARLEY_AUTHOR_EMAIL).address : null,
    replyWindowMs: integer(env, 'PARLEY_MAIL_REPLY_WINDOW', 600, 0, 86_400) * 1000,
    retryBaseMs: integer(env, 'PARLEY_MAIL_RETRY_SECONDS', 60, 1, 86_400) * 1000,
  };
}
