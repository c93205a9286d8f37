/**
 * The API's configuration, normalised once from the environment. Pure: the entries hand in
 * process.env (Node) or the worker's env bindings. Every error names the variable.
 */

export interface RateLimit {
  max: number;
  windowSeconds: number;
}

export interface Config {
  databaseUrl: string;
  databaseAuthToken: string | undefined;
  host: string;
  port: number;
  /** Absolute origin of the site, without a trailing slash. */
  siteUrl: string;
  /** Where the API is mounted relative to the site, or an absolute URL. */
  apiBase: string;
  /** Trust X-Forwarded-For for the client address (only behind a proxy you run). */
  trustProxy: boolean;
  commentRateLimit: RateLimit;
  /** Hashes client addresses for rate limits; generated and kept in the database when unset. */
  secret: string | undefined;
  allowPrivateNetwork: boolean;
  /** Minimum seconds between background rebuilds of the static site. */
  rebuildInterval: number;
  /** The author's secret for /admin; when unset the Node server generates one and keeps its hash. */
  adminToken: string | undefined;
  /** The secret part of the private activity feed's URL; generated and kept when unset. */
  feedToken: string | undefined;
  webhook: { url: string | null; secret: string | undefined };
  /** Email notifications; null when PARLEY_SMTP_URL is unset (nothing is sent, the form offers no mail). */
  mail: MailConfig | null;
  /** post: comments are published at once; pre: held for the author's approval. */
  moderation: 'post' | 'pre';
  webmention: {
    /** Source domains refused (their subdomains too). */
    blockedDomains: string[];
    /** Hold verified webmentions for the author's approval instead of publishing them. */
    holdForApproval: boolean;
    fetchTimeoutMs: number;
    maxAttempts: number;
    retryBaseMs: number;
  };
}

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

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function flag(env: Env, name: string): boolean {
  const raw = (env[name] ?? '').toLowerCase();
  if (['', '0', 'false', 'no', 'off'].includes(raw)) return false;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  throw new ConfigError(name, `must be 1 or 0, got "${env[name]}"`);
}

function oneOf<T extends string>(env: Env, name: string, choices: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if ((choices as readonly string[]).includes(raw)) return raw as T;
  throw new ConfigError(name, `must be one of ${choices.join(', ')}, got "${raw}"`);
}

function minLength(env: Env, name: string, min: number): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  if (raw.length < min) throw new ConfigError(name, `must be at least ${min} characters long`);
  return raw;
}

function httpUrlOrNull(env: Env, name: string): string | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  if (!URL.canParse(raw) || !/^https?:$/.test(new URL(raw).protocol)) throw new ConfigError(name, `must be an http(s) URL, got "${raw}"`);
  return raw;
}

function webhookConfig(env: Env): Config['webhook'] {
  const url = httpUrlOrNull(env, 'PARLEY_WEBHOOK_URL');
  const secret = minLength(env, 'PARLEY_WEBHOOK_SECRET', 16);
  if (url && !secret)
    throw new ConfigError('PARLEY_WEBHOOK_SECRET', 'is required when PARLEY_WEBHOOK_URL is set: receivers check the signature with it');
  return { url, secret };
}

const ADDRESS = /^[^\s@<>"]+@[^\s@<>"]+$/;

function mailAddress(name: string, raw: string): MailAddress {
  const named = /^\s*"?([^"<]*?)"?\s*<([^<>]+)>\s*$/.exec(raw);
  const address = (named ? named[2] : raw)?.trim() ?? '';
  if (!ADDRESS.test(address)) throw new ConfigError(name, `must be an email address like "Blog <blog@example.org>", got "${raw}"`);
  return { name: named?.[1]?.trim() || null, address };
}

function mailConfig(env: Env): MailConfig | null {
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

export function loadConfig(env: Env): Config {
  const host = env.HOST || '127.0.0.1';
  const port = integer(env, 'PORT', 4321, 0, 65535);
  const siteUrl = (env.SITE_URL || `http://${host.includes(':') ? `[${host}]` : host}:${port}`).replace(/\/+$/, '');
  if (!URL.canParse(siteUrl) || !/^https?:$/.test(new URL(siteUrl).protocol)) {
    throw new ConfigError('SITE_URL', `must be an http(s) URL, got "${siteUrl}"`);
  }
  const databaseUrl = env.DATABASE_URL || 'file:data/parley.db';
  if (!/^(file|libsql|https?|wss?):/.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL', `must start with file:, libsql:, https: or wss:, got "${databaseUrl}"`);
  }
  return {
    databaseUrl,
    databaseAuthToken: env.DATABASE_AUTH_TOKEN || undefined,
    host,
    port,
    siteUrl,
    apiBase: (env.PUBLIC_API_BASE || '/api').replace(/\/+$/, ''),
    trustProxy: flag(env, 'TRUST_PROXY'),
    commentRateLimit: {
      max: integer(env, 'PARLEY_COMMENT_RATE_MAX', 5, 1, 1_000_000),
      windowSeconds: integer(env, 'PARLEY_COMMENT_RATE_WINDOW', 60, 1, 86_400),
    },
    secret: env.PARLEY_SECRET || undefined,
    allowPrivateNetwork: flag(env, 'PARLEY_ALLOW_PRIVATE_NETWORK'),
    rebuildInterval: integer(env, 'PARLEY_REBUILD_INTERVAL', 60, 0, 86_400),
    moderation: oneOf(env, 'PARLEY_MODERATION', ['post', 'pre'], 'post'),
    adminToken: minLength(env, 'PARLEY_ADMIN_TOKEN', 16),
    feedToken: minLength(env, 'PARLEY_FEED_TOKEN', 16),
    webhook: webhookConfig(env),
    mail: mailConfig(env),
    webmention: {
      blockedDomains: (env.PARLEY_BLOCKED_DOMAINS ?? '')
        .split(',')
        .map((domain) =>
          domain
            .trim()
            .toLowerCase()
            .replace(/^\*?\./, ''),
        )
        .filter(Boolean),
      holdForApproval: oneOf(env, 'PARLEY_WEBMENTION_MODERATION', ['post', 'pre'], 'post') === 'pre',
      fetchTimeoutMs: integer(env, 'PARLEY_FETCH_TIMEOUT', 10, 1, 120) * 1000,
      maxAttempts: integer(env, 'PARLEY_WEBMENTION_ATTEMPTS', 5, 1, 20),
      retryBaseMs: integer(env, 'PARLEY_WEBMENTION_RETRY_SECONDS', 30, 0, 86_400) * 1000,
    },
  };
}
