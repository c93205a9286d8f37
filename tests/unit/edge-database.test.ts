import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { edgeDatabaseUrl } from '../../api/edge/database.ts';

describe('the edge database URL', () => {
  const cases: [string, string][] = [
    ['libsql://blog-me.turso.io', 'libsql://blog-me.turso.io'],
    ['https://blog-me.turso.io', 'https://blog-me.turso.io'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
    ['wss://blog-me.turso.io', 'https://blog-me.turso.io'],
    ['ws://127.0.0.1:8080', 'http://127.0.0.1:8080'],
  ];
  for (const [url, expected] of cases) {
    it(`speaks HTTP for ${url}`, () => assert.equal(edgeDatabaseUrl(url), expected));
  }

  it('refuses a file, naming the variable', () => {
    assert.throws(
      () => edgeDatabaseUrl('file:data/parley.db'),
      (error: Error) => error.message.startsWith('DATABASE_URL:'),
    );
  });
});
