import type { Db } from '../db/client.ts';
import { type OutgoingWebmention, outgoingFrom, recordOutgoing } from '../db/outgoing.ts';
import { GONE_HASH, type PlannedSend, planSends, type SendReason, type SourceState } from './plan.ts';
import { type SendOptions, type SendResult, sendWebmentions } from './send.ts';
import { createSharedHostLimiter } from './shared-limiter.ts';

/** What one source has to send, decided from its links now and what was sent before. */
export interface SourcePlan {
  source: string;
  /** The hash stored with each send; null for sends by hand, which keep the stored one. */
  hash: string | null;
  sends: PlannedSend[];
  previous: Map<string, OutgoingWebmention>;
}

export interface DeliveredSend extends SendResult {
  reason: SendReason;
}

export interface OutboxDeps {
  db: Db;
  send: Omit<SendOptions, 'onResult'>;
  now?: () => Date;
}

/** Plans a source from its current links (or `gone`) against the stored state. */
export async function planSource(db: Db, source: string, state: SourceState): Promise<SourcePlan> {
  const previous = await outgoingFrom(db, source);
  return {
    source,
    hash: state === 'gone' ? GONE_HASH : state.hash,
    sends: planSends(state, previous),
    previous: new Map(previous.map((row) => [row.target, row])),
  };
}

/** Plans exactly these targets, whatever was sent before. */
export async function planForced(db: Db, source: string, targets: readonly string[]): Promise<SourcePlan> {
  const previous = await outgoingFrom(db, source);
  return {
    source,
    hash: null,
    sends: [...new Set(targets)].map((target) => ({ target, reason: 'forced' })),
    previous: new Map(previous.map((row) => [row.target, row])),
  };
}

/** Whether the pair still counts as linked after this send: a farewell is kept until it lands. */
function linkedAfter(reason: SendReason, result: SendResult, previous: OutgoingWebmention | undefined): boolean {
  if (reason === 'removed' || reason === 'gone') return result.outcome === 'failed';
  if (reason === 'forced') return previous?.linked ?? true;
  return true;
}

/**
 * Writes rows as they come, one transaction at a time: rows that arrive while a write is under
 * way go together in the next one, so a slow disk never holds up sending and nothing waits long.
 */
function groupWriter(write: (rows: OutgoingRow[]) => Promise<void>) {
  const pending: OutgoingRow[] = [];
  let running: Promise<void> | null = null;
  const drain = async () => {
    while (pending.length) await write(pending.splice(0));
  };
  return {
    add(row: OutgoingRow) {
      pending.push(row);
      running ??= drain().finally(() => {
        running = null;
      });
    },
    async done() {
      while (running !== null) await running;
      await drain();
    },
  };
}

type OutgoingRow = Omit<OutgoingWebmention, 'sentAt'>;

/**
 * Sends what a plan says and stores each outcome as soon as it is known, so a run that stops
 * half way resumes about where it stopped. A dry run stores nothing.
 */
export async function deliverPlan(
  deps: OutboxDeps,
  plan: SourcePlan,
  onResult?: (result: DeliveredSend) => void,
): Promise<DeliveredSend[]> {
  const reasons = new Map(plan.sends.map((send) => [send.target, send.reason]));
  const now = deps.now ?? (() => new Date());
  const writer = groupWriter((rows) => recordOutgoing(deps.db, rows, now()));
  // every process sending from this database shares the per-host limit
  const shared = createSharedHostLimiter({ db: deps.db, perHost: deps.send.perHost ?? 2 });
  const sending = sendWebmentions({
    limit: shared.limit,
    ...deps.send,
    source: plan.source,
    targets: plan.sends.map((send) => send.target),
    onResult: (result) => {
      const reason = reasons.get(result.target) ?? 'forced';
      onResult?.({ ...result, reason });
      const outcome = result.outcome;
      if (deps.send.dryRun || outcome === 'discovered') return;
      writer.add({
        source: plan.source,
        target: result.target,
        linksHash: plan.hash,
        linked: linkedAfter(reason, result, plan.previous.get(result.target)),
        endpoint: result.endpoint,
        outcome,
        httpStatus: result.status,
        response: result.detail,
        attempts: result.attempts,
      });
    },
  });
  let results: SendResult[];
  try {
    results = await sending;
  } finally {
    await Promise.all([writer.done(), shared.finish()]);
  }
  return results.map((result) => ({ ...result, reason: reasons.get(result.target) ?? 'forced' }));
}
