import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { buildEnv } from '../../api/node/site-build.ts';

describe('the environment of a site build', () => {
  it('is always a production build, whatever mode flags the caller had set', () => {
    const env = buildEnv({ NODE_ENV: 'test', DEV: '1', PROD: '', MODE: 'test', SSR: '1', BASE_URL: '/', SITE_URL: 'https://blog.example' });
    assert.equal(env.NODE_ENV, 'production');
    for (const flag of ['DEV', 'PROD', 'MODE', 'SSR', 'BASE_URL']) assert.equal(env[flag], undefined, flag);
    assert.equal(env.SITE_URL, 'https://blog.example');
  });
});
