import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { isForbiddenHost, isPublicAddress } from '../../api/core/addresses.ts';

describe('the private network guard', () => {
  const forbidden = [
    'http://127.0.0.1/',
    'http://localhost/',
    'http://LOCALHOST./',
    'http://app.localhost/',
    'http://127.1/',
    'http://2130706433/',
    'http://0x7f000001/',
    'http://0177.0.0.1/',
    'http://[::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:10.0.0.1]/',
    'http://10.1.2.3/',
    'http://172.16.0.1/',
    'http://192.168.1.1/',
    'http://169.254.169.254/latest/meta-data/',
    'http://100.64.0.1/',
    'http://0.0.0.0/',
    'http://[fe80::1]/',
    'http://[fc00::1]/',
    'http://224.0.0.1/',
    'http://printer.local/',
  ];
  for (const url of forbidden) {
    it(`refuses ${url}`, () => assert.equal(isForbiddenHost(new URL(url)), true));
  }

  for (const url of ['https://example.org/', 'http://93.184.216.34/', 'http://[2606:4700::1111]/']) {
    it(`allows ${url}`, () => assert.equal(isForbiddenHost(new URL(url)), false));
  }

  it('judges resolved addresses the same way', () => {
    assert.equal(isPublicAddress('8.8.8.8'), true);
    assert.equal(isPublicAddress('127.0.0.53'), false);
    assert.equal(isPublicAddress('::ffff:192.168.0.1'), false);
    assert.equal(isPublicAddress('not an ip'), false);
  });
});
