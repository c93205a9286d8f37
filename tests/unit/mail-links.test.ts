import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { type MailLink, readMailLink, signMailLink } from '../../api/core/mail-links.ts';

const SECRET = 'a-secret-for-links';
const EXPIRES = new Date('2030-01-01T00:00:00Z');

describe('mail links', () => {
  const links: MailLink[] = [
    { action: 'confirm', subscriber: 7 },
    { action: 'stop-thread', subscriber: 7, thread: 42 },
    { action: 'stop-all', subscriber: 7 },
  ];
  for (const link of links) {
    it(`reads back a signed ${link.action} link`, async () => {
      const read = await readMailLink(SECRET, await signMailLink(SECRET, link, EXPIRES));
      assert.deepEqual(read?.link, link);
      assert.equal(read?.expiresAt.getTime(), EXPIRES.getTime());
      assert.equal(read?.signature, read?.expected);
    });
  }

  it('tells a changed action, subscriber, thread, expiry or secret by its signature', async () => {
    const token = await signMailLink(SECRET, { action: 'stop-thread', subscriber: 7, thread: 42 }, EXPIRES);
    const [, , , expires, signature] = token.split('.');
    for (const forged of [
      `a.7.0.${expires}.${signature}`,
      `t.8.42.${expires}.${signature}`,
      `t.7.43.${expires}.${signature}`,
      `t.7.42.${Number(expires) + 1}.${signature}`,
    ]) {
      const read = await readMailLink(SECRET, forged);
      assert.notEqual(read?.signature, read?.expected, forged);
    }
    const other = await readMailLink('another-secret', token);
    assert.notEqual(other?.signature, other?.expected);
  });

  it('is not fooled by shapes that are not tokens', async () => {
    for (const junk of ['', 'c.0.0.1.x', 'c.1.0.1', 'z.1.0.1.00000000000000000000000000000000', `c.1.0.1.${'g'.repeat(32)}`]) {
      assert.equal(await readMailLink(SECRET, junk), null, junk);
    }
  });
});
