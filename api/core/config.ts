/**
 * The API's configuration, normalised once from the environment. Pure: the entries hand in
 * process.env (Node) or the worker's env bindings. Every error names the variable.
 */
import { ConfigError, type Env, flag, httpUrlOrNull, integer, minLength, oneOf } from './config-env.ts';
import { type MailConfig, mailConfig } from './mail-config.ts';

export type { MailAddress, MailConfig } from './mail-config.ts';
export { ConfigError };

export interface RateLimit {
  max: number;
  windowSeconds: number;
}

export interface Config {
  databaseUrl: string;
  databaseAuthToken: string | undefined;
  /** Seconds a starting server waits for a database server that does not answer yet. */
  databaseWaitSeconds: number;
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
  /**
   * This instance's name, unique among the instances sharing a project folder: its own state
   * (the copy of the site it serves) lives under .parley/instances/<name>. Unset: host and port.
   */
  instance: string | undefined;
  /** The author's secret for /admin; when unset the Node server generates one and keeps its hash. */
  adminToken: string | undefined;
  /** The secret part of the private activity feed's URL; generated and kept when unset. */
  feedToken: string | undefined;
  webhook: { url: string | null; secret: string | undefined };
  /** A static host's deploy hook, POSTed after new published interactions, at most once per interval. */
  deployHook: { url: string | null; intervalSeconds: number };
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

function webhookConfig(env: Env): Config['webhook'] {
  const url = httpUrlOrNull(env, 'PARLEY_WEBHOOK_URL');
  const secret = minLength(env, 'PARLEY_WEBHOOK_SECRET', 16);
  if (url && !secret)
    throw new ConfigError('PARLEY_WEBHOOK_SECRET', 'is required when PARLEY_WEBHOOK_URL is set: receivers check the signature with it');
  return { url, secret };
}

function instanceName(env: Env): string | undefined {
  const raw = env.PARLEY_INSTANCE;
  if (raw === undefined || raw === '') return undefined;
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(raw)) {
    throw new ConfigError(
      'PARLEY_INSTANCE',
      `must be 1 to 64 letters, digits, dots, dashes or underscores (it names a folder), got "${raw}"`,
    );
  }
  return raw;
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
    databaseWaitSeconds: integer(env, 'PARLEY_DATABASE_WAIT', 30, 0, 3_600),
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
    instance: instanceName(env),
    moderation: oneOf(env, 'PARLEY_MODERATION', ['post', 'pre'], 'post'),
    adminToken: minLength(env, 'PARLEY_ADMIN_TOKEN', 16),
    feedToken: minLength(env, 'PARLEY_FEED_TOKEN', 16),
    webhook: webhookConfig(env),
    deployHook: {
      url: httpUrlOrNull(env, 'PARLEY_DEPLOY_HOOK_URL'),
      intervalSeconds: integer(env, 'PARLEY_DEPLOY_HOOK_INTERVAL', 60, 0, 86_400),
    },
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
