import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { createProgress, describeResult, formatReport, formatTotals } from '../../api/cli/send-report.ts';
import type { DeliveredSend } from '../../api/webmention/outbox.ts';

const result = (target: string, extra: Partial<DeliveredSend> = {}): DeliveredSend => ({
  target,
  outcome: 'sent',
  endpoint: 'https://x.example/wm',
  status: 202,
  detail: '',
  attempts: 2,
  reason: 'new',
  ...extra,
});

function writer(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, out: { isTTY, write: (text: string) => chunks.push(text) } };
}

describe('sending progress and report', () => {
  it('keeps one live count on a terminal and clears it at the end', () => {
    const { chunks, out } = writer(true);
    const progress = createProgress(out, 2);
    progress.done(result('https://a.example/'), 'https://blog.example/p/');
    progress.done(result('https://b.example/'), 'https://blog.example/p/');
    progress.finish();
    assert.deepEqual(chunks, ['sending 0/2', '\r\x1b[2Ksending 1/2', '\r\x1b[2Ksending 2/2', '\r\x1b[2K']);
    assert.ok(!chunks.join('').includes('\n'), 'no new lines: the count stays on one line');
  });

  it('writes a plain line per target elsewhere', () => {
    const { chunks, out } = writer(false);
    const progress = createProgress(out, 2);
    progress.done(result('https://a.example/'), 'https://blog.example/p/');
    progress.done(result('https://b.example/', { outcome: 'no_endpoint', endpoint: null, status: null }), 'https://blog.example/p/');
    progress.finish();
    assert.deepEqual(chunks, [
      '[1/2] https://blog.example/p/ -> https://a.example/: sent (202)\n',
      '[2/2] https://blog.example/p/ -> https://b.example/: no endpoint\n',
    ]);
  });

  it('says what happened and, when it matters, why the target was notified', () => {
    assert.equal(describeResult(result('t', { outcome: 'rejected', status: 400, detail: 'no link' })), 'rejected (400: no link)');
    assert.equal(describeResult(result('t', { outcome: 'rejected', status: null, detail: 'refused' })), 'rejected: refused');
    assert.equal(
      describeResult(result('t', { outcome: 'failed', status: null, detail: 'timeout', reason: 'retry' })),
      'failed, retried next run: timeout [retry]',
    );
    assert.equal(describeResult(result('t', { reason: 'removed' })), 'sent (202) [link removed]');
    assert.equal(describeResult(result('t', { reason: 'gone' })), 'sent (202) [post gone]');
    assert.equal(describeResult(result('t', { outcome: 'discovered', status: null })), 'would send');
  });

  it('ends with an aligned table per post and the totals', () => {
    const report = formatReport(
      new Map([
        [
          'https://blog.example/a/',
          [
            result('https://long-name.example/post'),
            result('https://b.example/', { outcome: 'no_endpoint', endpoint: null, status: null }),
          ],
        ],
        ['https://blog.example/empty/', []],
      ]),
    );
    assert.equal(
      report,
      [
        'https://blog.example/a/',
        '  target                          endpoint              result',
        '  https://long-name.example/post  https://x.example/wm  sent (202)',
        '  https://b.example/              -                     no endpoint',
      ].join('\n'),
    );
    assert.equal(formatTotals([result('a'), result('b', { outcome: 'rejected' }), result('c')]), '2 sent, 1 rejected');
    assert.equal(formatTotals([]), 'nothing sent');
  });
});
