import type { DeliveredSend } from '../webmention/outbox.ts';
import { table } from './table.ts';

export interface Output {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface Progress {
  done(result: DeliveredSend, source: string): void;
  /** Clears the live line before the report is printed. */
  finish(): void;
}

function shortResult(result: DeliveredSend): string {
  switch (result.outcome) {
    case 'sent':
      return `sent (${result.status})`;
    case 'no_endpoint':
      return 'no endpoint';
    case 'rejected':
      return result.status === null
        ? `rejected: ${result.detail}`
        : `rejected (${result.status}${result.detail ? `: ${result.detail}` : ''})`;
    case 'unreachable':
      return `unreachable: ${result.detail}`;
    case 'failed':
      return `failed, retried next run: ${result.detail}`;
    case 'discovered':
      return 'would send';
  }
}

const WHY: Partial<Record<DeliveredSend['reason'], string>> = { removed: 'link removed', gone: 'post gone', retry: 'retry' };

/** The result column: what happened, and why the target was notified when that is not obvious. */
export function describeResult(result: DeliveredSend): string {
  const why = WHY[result.reason];
  return why ? `${shortResult(result)} [${why}]` : shortResult(result);
}

/**
 * Progress while sending: on a terminal one live line (`sending 12/40`), else one plain line per
 * finished target, which reads well in CI logs.
 */
export function createProgress(out: Output, total: number): Progress {
  let count = 0;
  const live = out.isTTY === true;
  if (live && total > 0) out.write(`sending 0/${total}`);
  return {
    done(result, source) {
      count += 1;
      if (live) out.write(`\r\x1b[2Ksending ${count}/${total}`);
      else out.write(`[${count}/${total}] ${source} -> ${result.target}: ${describeResult(result)}\n`);
    },
    finish() {
      if (live && total > 0) out.write('\r\x1b[2K');
    },
  };
}

/** One table per post: target, endpoint, result. */
export function formatReport(bySource: Map<string, DeliveredSend[]>): string {
  const blocks: string[] = [];
  for (const [source, results] of bySource) {
    if (!results.length) continue;
    const rows = results.map((result) => [result.target, result.endpoint ?? '-', describeResult(result)]);
    blocks.push(`${source}\n${table(['target', 'endpoint', 'result'], rows, { indent: '  ', rule: false })}`);
  }
  return blocks.join('\n\n');
}

/** One line counting the outcomes, e.g. `3 sent, 1 without an endpoint, 1 rejected`. */
export function formatTotals(results: DeliveredSend[]): string {
  const count = (outcome: DeliveredSend['outcome']) => results.filter((result) => result.outcome === outcome).length;
  const parts: [number, string][] = [
    [count('sent'), 'sent'],
    [count('discovered'), 'would be sent (dry run)'],
    [count('no_endpoint'), 'without an endpoint'],
    [count('rejected'), 'rejected'],
    [count('unreachable'), 'unreachable'],
    [count('failed'), 'failed (retried next run)'],
  ];
  return (
    parts
      .filter(([n]) => n > 0)
      .map(([n, label]) => `${n} ${label}`)
      .join(', ') || 'nothing sent'
  );
}
