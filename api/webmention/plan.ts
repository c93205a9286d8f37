import { sha256Hex } from '../core/crypto.ts';
import type { SendOutcome } from './send.ts';

/** What was last sent for one (source, target) pair. */
export interface PreviousSend {
  target: string;
  /** Hash of the source's links when it was sent; null when sent by hand (one target). */
  linksHash: string | null;
  /** Whether the source linked the target then; a removed link is notified once, then false. */
  linked: boolean;
  outcome: SendOutcome;
}

/**
 * Why a target is notified: a new pair, the source's links changed, the last try failed and may
 * pass now, the link was removed, the source is gone, or someone asked for exactly this pair.
 */
export type SendReason = 'new' | 'changed' | 'retry' | 'removed' | 'gone' | 'forced';

export interface PlannedSend {
  target: string;
  reason: SendReason;
}

/** A source's links now, or `gone` when it answers 410 (deleted, or back to a draft). */
export type SourceState = { links: readonly string[]; hash: string } | 'gone';

/** The hash kept for a gone source, so a post that comes back counts as changed. */
export const GONE_HASH = 'gone';

/** A stable hash of a set of links: order and repeats do not change it. */
export async function linksHash(links: readonly string[]): Promise<string> {
  return sha256Hex([...new Set(links)].sort().join('\n'));
}

/**
 * Which targets to notify, per W3C Webmention 3.1.4 (updates and deletes): every link of a new
 * or changed source, and once more every link it no longer has, so receivers can update; every
 * target a gone source still linked. An unchanged source sends nothing, except retries of
 * passing failures.
 */
export function planSends(state: SourceState, previous: readonly PreviousSend[]): PlannedSend[] {
  const before = new Map(previous.map((row) => [row.target, row]));
  if (state === 'gone') return previous.filter((row) => row.linked).map((row) => ({ target: row.target, reason: 'gone' }));
  const plan: PlannedSend[] = [];
  const current = new Set(state.links);
  for (const target of current) {
    const row = before.get(target);
    if (!row) plan.push({ target, reason: 'new' });
    else if (row.linksHash !== state.hash || !row.linked) plan.push({ target, reason: 'changed' });
    else if (row.outcome === 'failed') plan.push({ target, reason: 'retry' });
  }
  for (const row of previous) {
    if (!current.has(row.target) && row.linked) plan.push({ target: row.target, reason: 'removed' });
  }
  return plan;
}
