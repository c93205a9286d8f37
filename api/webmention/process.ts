import type { Config } from '../core/config.ts';
import { personKey } from '../core/thread.ts';
import { listBlocks } from '../db/blocks.ts';
import type { Db } from '../db/client.ts';
import { findPublishedPost } from '../db/posts.ts';
import {
  acceptWebmention,
  claimWebmention,
  dropWebmention,
  findReplyParent,
  type QueuedWebmention,
  rejectWebmention,
  retryWebmention,
} from '../db/webmentions.ts';
import { DEFAULT_POLICY, FetchError, type FetchedPage, type FetchPolicy, guardedFetch } from './guarded-fetch.ts';
import { samePage } from './links.ts';
import { verifySource } from './verify.ts';

export interface VerifierDeps {
  db: Db;
  fetch: typeof fetch;
  policy: FetchPolicy;
  now: () => Date;
  /** Who holds a claim: unique per process, so leases tell workers apart. */
  owner: string;
  leaseMs: number;
  maxAttempts: number;
  /** First retry delay; each later one is four times longer. */
  retryBaseMs: number;
  /** Hold verified webmentions for the author's approval instead of publishing them. */
  holdForApproval: boolean;
  onPublished: (postSlug: string) => void;
}

export type ProcessResult = { id: number; status: 'accepted' | 'rejected' | 'deleted' | 'retry'; reason?: string };

/** Comment ids named by in-reply-to URLs that are permalinks of this post (…/#comment-12). */
function commentIds(urls: string[], postUrl: string): number[] {
  return urls
    .filter((url) => samePage(url, postUrl))
    .map((url) => /#comment-(\d+)$/.exec(url)?.[1])
    .filter((id): id is string => id !== undefined)
    .map(Number);
}

async function retryOrGiveUp(deps: VerifierDeps, row: QueuedWebmention, reason: string): Promise<ProcessResult> {
  if (row.attempts >= deps.maxAttempts) {
    const final = `gave up after ${row.attempts} attempts: ${reason}`;
    await rejectWebmention(deps.db, row, final, deps.now());
    return { id: row.id, status: 'rejected', reason: final };
  }
  const delay = deps.retryBaseMs * 4 ** (row.attempts - 1);
  await retryWebmention(deps.db, row, reason, new Date(deps.now().getTime() + delay), deps.now());
  return { id: row.id, status: 'retry', reason };
}

/** Verifies one claimed row: fetch the source, read it, and store what it says. */
export async function verifyRow(deps: VerifierDeps, row: QueuedWebmention): Promise<ProcessResult> {
  const post = await findPublishedPost(deps.db, row.postSlug);
  if (!post) {
    await rejectWebmention(deps.db, row, 'the target post is no longer published', deps.now());
    return { id: row.id, status: 'rejected', reason: 'the target post is no longer published' };
  }
  let page: FetchedPage;
  try {
    page = await guardedFetch(row.source, deps.policy, deps.fetch);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (error instanceof FetchError && !error.retryable) {
      await rejectWebmention(deps.db, row, reason, deps.now());
      return { id: row.id, status: 'rejected', reason };
    }
    return retryOrGiveUp(deps, row, reason);
  }
  const verdict = verifySource(page, row.target);
  switch (verdict.outcome) {
    case 'retry':
      return retryOrGiveUp(deps, row, verdict.reason);
    case 'rejected':
      await rejectWebmention(deps.db, row, verdict.reason, deps.now());
      return { id: row.id, status: 'rejected', reason: verdict.reason };
    case 'gone':
    case 'unlinked': {
      const status = await dropWebmention(deps.db, row, verdict.reason, deps.now());
      if (status === 'deleted') deps.onPublished(row.postSlug);
      return { id: row.id, status, reason: verdict.reason };
    }
    case 'accepted': {
      const { mention } = verdict;
      const parentId =
        mention.kind === 'reply' || mention.kind === 'mention'
          ? await findReplyParent(deps.db, row.postSlug, commentIds(mention.inReplyTo, post.url), mention.inReplyTo, row.source)
          : null;
      const blocks = await listBlocks(deps.db);
      const status = blocks.people.includes(personKey({ author: mention.author }))
        ? 'spam'
        : deps.holdForApproval
          ? 'pending'
          : 'published';
      await acceptWebmention(deps.db, row, { ...mention, parentId, status }, deps.now());
      if (status === 'published') deps.onPublished(row.postSlug);
      return { id: row.id, status: 'accepted' };
    }
  }
}

/**
 * Claims and verifies rows until none is due, `limit` is reached or `until` (epoch ms) has passed.
 * Returns what it did.
 */
export async function drainQueue(deps: VerifierDeps, limit = 50, until = Number.POSITIVE_INFINITY): Promise<ProcessResult[]> {
  const done: ProcessResult[] = [];
  while (done.length < limit && Date.now() < until) {
    const row = await claimWebmention(deps.db, deps.owner, deps.leaseMs, deps.now());
    if (!row) break;
    // an unexpected failure must not leave the row claimed and retried forever: count it as an attempt
    done.push(
      await verifyRow(deps, row).catch((error: unknown) =>
        retryOrGiveUp(deps, row, `verification failed: ${error instanceof Error ? error.message : String(error)}`),
      ),
    );
  }
  return done;
}

/** Verifier settings from the config; the runtime supplies the database, fetch and callbacks. */
export function verifierDeps(
  config: Config,
  runtime: { db: Db; fetch: typeof fetch; owner: string; onPublished?: (postSlug: string) => void; now?: () => Date },
): VerifierDeps {
  return {
    db: runtime.db,
    fetch: runtime.fetch,
    policy: { ...DEFAULT_POLICY, timeoutMs: config.webmention.fetchTimeoutMs, allowPrivateNetwork: config.allowPrivateNetwork },
    now: runtime.now ?? (() => new Date()),
    owner: runtime.owner,
    // well past the fetch timeout, so a live worker never loses its claim
    leaseMs: config.webmention.fetchTimeoutMs * 3 + 30_000,
    maxAttempts: config.webmention.maxAttempts,
    retryBaseMs: config.webmention.retryBaseMs,
    holdForApproval: config.webmention.holdForApproval,
    onPublished: runtime.onPublished ?? (() => undefined),
  };
}
