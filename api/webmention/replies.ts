import { commentAnchor } from '../core/urls.ts';
import type { Db } from '../db/client.ts';
import { findInteractionById } from '../db/interactions.ts';
import { claimReplyWebmention, finishReplyWebmention, NOT_ON_PAGE, type ReplyWebmention } from '../db/reply-webmentions.ts';
import { DEFAULT_POLICY, type FetchPolicy, guardedFetch } from './guarded-fetch.ts';
import { deliverPlan, planForced } from './outbox.ts';
import type { SendOptions } from './send.ts';

export interface ReplySenderDeps {
  db: Db;
  send: Omit<SendOptions, 'onResult'>;
  /** One of this site's pages as readers get it now, or null when it cannot be read. */
  readPage: (url: string) => Promise<string | null>;
  /** Who holds a claim: unique per process or isolate. */
  owner: string;
  now: () => Date;
  leaseMs: number;
  /** First wait before looking again; each later one is twice as long, at most an hour. */
  retryBaseMs: number;
  /** How long a reply may wait for its page (and a failing endpoint be retried) before giving up. */
  giveUpMs: number;
}

const MAX_WAIT_MS = 60 * 60 * 1000;

/**
 * Reads a page of this site as readers get it, over the network. Only URLs under SITE_URL: the
 * operator named that address, so it may be a private one (a site on a LAN, a test on loopback);
 * the timeout and size caps of every outside fetch still hold.
 */
export function readSitePage(fetcher: typeof fetch, siteUrl: string, timeoutMs: number): (url: string) => Promise<string | null> {
  const policy: FetchPolicy = { ...DEFAULT_POLICY, timeoutMs, allowPrivateNetwork: true };
  return async (url) => {
    if (!url.startsWith(`${siteUrl}/`)) return null;
    try {
      const page = await guardedFetch(url, policy, fetcher);
      return page.status === 200 ? page.body : null;
    } catch {
      return null;
    }
  };
}

async function later(deps: ReplySenderDeps, row: ReplyWebmention, reason: string): Promise<string> {
  const waited = deps.now().getTime() - new Date(row.createdAt).getTime();
  if (waited >= deps.giveUpMs) {
    const error = `gave up after ${Math.round(waited / 3_600_000)} h: ${reason}`;
    await finishReplyWebmention(deps.db, row.id, { status: 'failed', error });
    return `reply webmention ${row.id} to ${row.target}: failed (${error})`;
  }
  const wait = Math.min(MAX_WAIT_MS, deps.retryBaseMs * 2 ** Math.max(0, row.attempts - 1));
  await finishReplyWebmention(deps.db, row.id, { status: 'queued', error: reason, retryAt: new Date(deps.now().getTime() + wait) });
  return `reply webmention ${row.id} to ${row.target}: waiting (${reason})`;
}

/**
 * Sends the next due Webmention about a reply: from the reply's permalink to the page it answers,
 * but only once the reply is on its public page, since that page is what the receiver fetches to
 * check the link. Until then, and while the endpoint fails, it waits and looks again.
 */
export async function sendNextReply(deps: ReplySenderDeps): Promise<string | null> {
  const row = await claimReplyWebmention(deps.db, deps.owner, deps.leaseMs, deps.now());
  if (!row) return null;
  const reply = await findInteractionById(deps.db, row.interactionId);
  if (reply?.status !== 'published') {
    await finishReplyWebmention(deps.db, row.id, { status: 'failed', error: 'the reply is no longer published' });
    return `reply webmention ${row.id} to ${row.target}: dropped (the reply is no longer published)`;
  }
  const page = await deps.readPage(reply.url.split('#')[0] ?? reply.url);
  if (!page?.includes(`id="${commentAnchor(reply.id)}"`)) return later(deps, row, NOT_ON_PAGE);
  const [result] = await deliverPlan({ db: deps.db, send: deps.send, now: deps.now }, await planForced(deps.db, reply.url, [row.target]));
  if (!result) return later(deps, row, 'nothing was sent');
  const via = result.endpoint ? ` via ${result.endpoint}` : '';
  if (result.outcome === 'sent') {
    await finishReplyWebmention(deps.db, row.id, { status: 'sent' });
    return `reply webmention ${row.id}: sent ${reply.url} → ${row.target}${via}`;
  }
  if (result.outcome === 'failed') return later(deps, row, result.detail);
  await finishReplyWebmention(deps.db, row.id, { status: 'failed', error: `${result.outcome}: ${result.detail}` });
  return `reply webmention ${row.id} to ${row.target}: ${result.outcome}${via} (${result.detail})`;
}

/** Sends due reply Webmentions until none is due, `limit` is reached or `until` (epoch ms) has passed. */
export async function drainReplies(deps: ReplySenderDeps, limit = 25, until = Number.POSITIVE_INFINITY): Promise<string[]> {
  const lines: string[] = [];
  while (lines.length < limit && Date.now() < until) {
    const line = await sendNextReply(deps);
    if (line === null) break;
    lines.push(line);
  }
  return lines;
}
