import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { linksHash, type PreviousSend, planSends, type SourceState } from '../../api/webmention/plan.ts';

const A = 'https://a.example/post';
const B = 'https://b.example/post';
const C = 'https://c.example/post';

const sent = (target: string, linksHash: string, extra: Partial<PreviousSend> = {}): PreviousSend => ({
  target,
  linksHash,
  linked: true,
  outcome: 'sent',
  ...extra,
});

describe('which targets a source notifies', () => {
  const now: SourceState = { links: [A, B], hash: 'h2' };
  const cases: [string, SourceState, PreviousSend[], [string, string][]][] = [
    [
      'a new source: every link',
      now,
      [],
      [
        [A, 'new'],
        [B, 'new'],
      ],
    ],
    ['an unchanged source: nothing', now, [sent(A, 'h2'), sent(B, 'h2', { outcome: 'no_endpoint' })], []],
    [
      'an unchanged source whose endpoint refused: nothing',
      now,
      [sent(A, 'h2', { outcome: 'rejected' }), sent(B, 'h2', { outcome: 'unreachable' })],
      [],
    ],
    [
      'an unchanged source with a passing failure: that one again',
      now,
      [sent(A, 'h2'), sent(B, 'h2', { outcome: 'failed' })],
      [[B, 'retry']],
    ],
    [
      'a changed source: every link, old and new',
      now,
      [sent(A, 'h1')],
      [
        [A, 'changed'],
        [B, 'new'],
      ],
    ],
    [
      'a removed link: once more',
      now,
      [sent(A, 'h1'), sent(B, 'h1'), sent(C, 'h1')],
      [
        [A, 'changed'],
        [B, 'changed'],
        [C, 'removed'],
      ],
    ],
    ['a removed link already notified: not again', now, [sent(A, 'h2'), sent(B, 'h2'), sent(C, 'h2', { linked: false })], []],
    [
      'a removed link whose farewell failed: again',
      now,
      [sent(A, 'h2'), sent(B, 'h2'), sent(C, 'h2', { outcome: 'failed' })],
      [[C, 'removed']],
    ],
    ['a link that comes back', now, [sent(A, 'h2'), sent(B, 'h2', { linked: false })], [[B, 'changed']]],
    [
      'a link sent by hand, then the whole post',
      now,
      [{ target: A, linksHash: null, linked: true, outcome: 'sent' }],
      [
        [A, 'changed'],
        [B, 'new'],
      ],
    ],
    [
      'a gone source: every target it still linked',
      'gone',
      [sent(A, 'h2'), sent(B, 'h2', { linked: false }), sent(C, 'h2', { outcome: 'rejected' })],
      [
        [A, 'gone'],
        [C, 'gone'],
      ],
    ],
    ['a gone source already notified: nothing', 'gone', [sent(A, 'gone', { linked: false })], []],
  ];
  for (const [label, state, previous, expected] of cases) {
    it(label, () => {
      assert.deepEqual(
        planSends(state, previous).map((send) => [send.target, send.reason]),
        expected,
      );
    });
  }
});

describe("the hash of a source's links", () => {
  it('ignores order and repeats, and changes with the set', async () => {
    assert.equal(await linksHash([A, B]), await linksHash([B, A, B]));
    assert.notEqual(await linksHash([A, B]), await linksHash([A]));
    assert.notEqual(await linksHash([]), await linksHash([A]));
    assert.match(await linksHash([A]), /^[0-9a-f]{64}$/);
  });
});
