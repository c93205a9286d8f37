import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { loadConfig } from '../../api/core/config.ts';

describe('loadConfig', () => {
  const cases: { env: Record<string, string>; expect: Record<string, unknown> }[] = [
    {
      env: {},
      expect: {
        databaseUrl: 'file:data/parley.db',
        host: '127.0.0.1',
        port: 4321,
        siteUrl: 'http://127.0.0.1:4321',
        apiBase: '/api',
        trustProxy: false,
      },
    },
    { env: { PORT: '8080', HOST: '0.0.0.0' }, expect: { port: 8080, siteUrl: 'http://0.0.0.0:8080' } },
    { env: { SITE_URL: 'https://blog.example/' }, expect: { siteUrl: 'https://blog.example' } },
    {
      env: { DATABASE_URL: 'libsql://db.example.turso.io', DATABASE_AUTH_TOKEN: 'tok' },
      expect: { databaseUrl: 'libsql://db.example.turso.io', databaseAuthToken: 'tok' },
    },
    { env: { TRUST_PROXY: '1' }, expect: { trustProxy: true } },
    {
      env: { PARLEY_COMMENT_RATE_MAX: '3', PARLEY_COMMENT_RATE_WINDOW: '10' },
      expect: { commentRateLimit: { max: 3, windowSeconds: 10 } },
    },
    { env: { PUBLIC_API_BASE: 'https://api.blog.example/api/' }, expect: { apiBase: 'https://api.blog.example/api' } },
    { env: {}, expect: { instance: undefined, databaseWaitSeconds: 30 } },
    { env: { PARLEY_DATABASE_WAIT: '0' }, expect: { databaseWaitSeconds: 0 } },
    { env: { PARLEY_INSTANCE: 'web-2.eu' }, expect: { instance: 'web-2.eu' } },
    { env: {}, expect: { deployHook: { url: null, intervalSeconds: 60 } } },
    {
      env: { PARLEY_DEPLOY_HOOK_URL: 'https://api.netlify.com/build_hooks/abc' },
      expect: { deployHook: { url: 'https://api.netlify.com/build_hooks/abc', intervalSeconds: 60 } },
    },
  ];
  for (const { env, expect } of cases) {
    it(`reads ${JSON.stringify(env)}`, () => {
      const config = loadConfig(env);
      for (const [key, value] of Object.entries(expect)) assert.deepEqual(config[key as keyof typeof config], value, key);
    });
  }

  const bad: [Record<string, string>, string][] = [
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ SITE_URL: 'ftp://blog.example' }, 'SITE_URL'],
    [{ SITE_URL: 'not a url' }, 'SITE_URL'],
    [{ DATABASE_URL: 'postgres://x' }, 'DATABASE_URL'],
    [{ TRUST_PROXY: 'maybe' }, 'TRUST_PROXY'],
    [{ PARLEY_COMMENT_RATE_MAX: '0' }, 'PARLEY_COMMENT_RATE_MAX'],
    [{ PARLEY_INSTANCE: '../other' }, 'PARLEY_INSTANCE'],
    [{ PARLEY_DEPLOY_HOOK_URL: 'hooks.example/build' }, 'PARLEY_DEPLOY_HOOK_URL'],
    [{ PARLEY_DEPLOY_HOOK_INTERVAL: 'often' }, 'PARLEY_DEPLOY_HOOK_INTERVAL'],
  ];
  for (const [env, variable] of bad) {
    it(`refuses ${JSON.stringify(env)} naming ${variable}`, () => {
      assert.throws(
        () => loadConfig(env),
        (error: Error) => error.message.startsWith(`${variable}:`),
      );
    });
  }
});

describe('loadConfig: mail', () => {
  const smtp = { PARLEY_SMTP_URL: 'smtp://me%40blog.example:p%3Ass@mail.example.org', PARLEY_MAIL_FROM: 'Blog <blog@blog.example>' };
  const cases: [Record<string, string>, unknown][] = [
    [{}, null],
    [
      smtp,
      {
        smtp: {
          host: 'mail.example.org',
          port: 587,
          secure: false,
          user: 'me@blog.example',
          pass: 'p:ss',
          requireTls: true,
          caFile: null,
          timeoutMs: 30_000,
        },
        from: { name: 'Blog', address: 'blog@blog.example' },
        authorEmail: null,
        replyWindowMs: 600_000,
        retryBaseMs: 60_000,
      },
    ],
  ];
  for (const [env, expected] of cases) {
    it(`reads ${JSON.stringify(env)}`, () => assert.deepEqual(loadConfig(env).mail, expected));
  }

  const read: [Record<string, string>, (mail: NonNullable<ReturnType<typeof loadConfig>['mail']>) => unknown, unknown][] = [
    [
      { PARLEY_SMTP_URL: 'smtps://mail.example.org', PARLEY_MAIL_FROM: 'a@b.example' },
      (m) => [m.smtp.port, m.smtp.secure, m.smtp.requireTls],
      [465, true, false],
    ],
    [
      { PARLEY_SMTP_URL: 'smtp://127.0.0.1:2525', PARLEY_MAIL_FROM: 'a@b.example' },
      (m) => [m.smtp.port, m.smtp.requireTls, m.from.name],
      [2525, false, null],
    ],
    [
      { ...smtp, PARLEY_SMTP_CA_FILE: '/etc/ca.pem', PARLEY_AUTHOR_EMAIL: 'Robin <robin@blog.example>' },
      (m) => [m.smtp.caFile, m.authorEmail],
      ['/etc/ca.pem', 'robin@blog.example'],
    ],
    [
      { ...smtp, PARLEY_MAIL_REPLY_WINDOW: '0', PARLEY_MAIL_RETRY_SECONDS: '5', PARLEY_SMTP_TIMEOUT: '2' },
      (m) => [m.replyWindowMs, m.retryBaseMs, m.smtp.timeoutMs],
      [0, 5_000, 2_000],
    ],
  ];
  for (const [env, pick, expected] of read) {
    it(`reads ${JSON.stringify(env)}`, () => assert.deepEqual(pick(loadConfig(env).mail!), expected));
  }

  const bad: [Record<string, string>, string][] = [
    [{ PARLEY_SMTP_URL: 'http://mail.example.org', PARLEY_MAIL_FROM: 'a@b.example' }, 'PARLEY_SMTP_URL'],
    [{ PARLEY_SMTP_URL: 'smtp://mail.example.org' }, 'PARLEY_MAIL_FROM'],
    [{ ...smtp, PARLEY_MAIL_FROM: 'not an address' }, 'PARLEY_MAIL_FROM'],
    [{ ...smtp, PARLEY_AUTHOR_EMAIL: 'robin' }, 'PARLEY_AUTHOR_EMAIL'],
    [{ PARLEY_AUTHOR_EMAIL: 'robin@blog.example' }, 'PARLEY_AUTHOR_EMAIL'],
    [{ ...smtp, PARLEY_SMTP_TIMEOUT: '0' }, 'PARLEY_SMTP_TIMEOUT'],
    [{ ...smtp, PARLEY_MAIL_REPLY_WINDOW: 'soon' }, 'PARLEY_MAIL_REPLY_WINDOW'],
  ];
  for (const [env, variable] of bad) {
    it(`refuses ${JSON.stringify(env)} naming ${variable}`, () => {
      assert.throws(
        () => loadConfig(env),
        (error: Error) => error.message.startsWith(`${variable}:`),
      );
    });
  }
});
