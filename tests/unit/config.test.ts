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
