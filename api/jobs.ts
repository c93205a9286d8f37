/**
 * Every background job, in one list: the Node server runs each in its own loop, the edge entry
 * runs them all on its scheduled trigger. Each run is bounded in time: it takes no new work after
 * its budget, so one busy queue never holds up the others or outlives its invocation.
 */
import type { Config } from './core/config.ts';
import type { Db } from './db/client.ts';
import { AUTHOR_ALERTS_ON_MS, keepAuthorAlertsOn, mailLinkSecret } from './db/mail-settings.ts';
import { deleteExpiredRateLimits } from './db/rate-limits.ts';
import { keepWebhooksOn } from './db/webhooks.ts';
import { sendDueMail } from './mail/send.ts';
import type { MailTransport } from './mail/transport.ts';
import { WEBHOOKS_ON_MS, webhookJob } from './webhooks/deliver.ts';
import { callDeployHook } from './webhooks/deploy-hook.ts';
import { DEFAULT_POLICY, type FetchPolicy } from './webmention/guarded-fetch.ts';
import { drainQueue, verifierDeps } from './webmention/process.ts';
import { drainReplies } from './webmention/replies.ts';

export type JobName = 'webmentions' | 'webhooks' | 'replies' | 'deploy-hook' | 'mail' | 'purge';

export interface Job {
  name: JobName;
  /** How often the Node server looks for work that other instances queued, between kicks. */
  pollMs: number;
  /** Does what is due, taking no new work after `until` (epoch ms); one line per thing done. */
  run(until: number): Promise<string[]>;
}

export interface JobRuntime {
  db: Db;
  /** Reaches other sites: refuses private addresses as far as the runtime can. */
  fetch: typeof fetch;
  /** Unique per process or isolate: leases tell workers apart by it. */
  owner: string;
  now?: () => Date;
  /** Told when a verified webmention changed a post's conversation. */
  onPublished?: (postSlug: string) => void;
  /** One of this site's pages as readers get it now (replies are sent once they are on it). */
  readPage: (url: string) => Promise<string | null>;
  /** First wait for a reply that is not on its page yet; it doubles each time. */
  pageWaitMs: number;
  /** Sends mail (SMTP, Node only): without one, mail is queued here and sent by an instance that has it. */
  mailTransport?: MailTransport;
}

/** Longest a run takes new work; the work in hand then finishes (one fetch timeout at most). */
export const JOB_BUDGET_MS = 20_000;

/** How long a reply may wait for its page before its Webmention is given up. */
const REPLY_GIVE_UP_MS = 2 * 24 * 60 * 60 * 1000;

function fetchPolicy(config: Config): FetchPolicy {
  return { ...DEFAULT_POLICY, timeoutMs: config.webmention.fetchTimeoutMs, allowPrivateNetwork: config.allowPrivateNetwork };
}

/**
 * The jobs this configuration needs. Webhooks and the deploy hook go to addresses the operator
 * configured, so they use the runtime's plain fetch; everything aimed at other sites uses
 * `runtime.fetch`.
 */
export function backgroundJobs(config: Config, runtime: JobRuntime): Job[] {
  const { db } = runtime;
  const now = runtime.now ?? (() => new Date());
  const jobs: Job[] = [];
  const verifier = verifierDeps(config, { db, fetch: runtime.fetch, owner: runtime.owner, now, onPublished: runtime.onPublished });
  jobs.push({
    name: 'webmentions',
    pollMs: 2_000,
    run: async (until) =>
      (await drainQueue(verifier, 25, until)).map(
        (result) => `webmention ${result.id}: ${result.status}${result.reason ? ` (${result.reason})` : ''}`,
      ),
  });
  const { url: webhookUrl, secret: webhookSecret } = config.webhook;
  if (webhookUrl && webhookSecret) {
    const deps = {
      db,
      fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, init),
      url: webhookUrl,
      secret: webhookSecret,
    };
    // each run also keeps the outbox filling while this instance (or isolate) delivers
    const run = webhookJob({ ...deps, owner: runtime.owner, now });
    jobs.push({ name: 'webhooks', pollMs: 2_000, run });
  }
  const policy = fetchPolicy(config);
  const replies = {
    db,
    send: { fetch: runtime.fetch, policy },
    readPage: runtime.readPage,
    owner: runtime.owner,
    now,
    leaseMs: policy.timeoutMs * 6 + 30_000,
    retryBaseMs: runtime.pageWaitMs,
    giveUpMs: REPLY_GIVE_UP_MS,
  };
  jobs.push({ name: 'replies', pollMs: 2_000, run: (until) => drainReplies(replies, 25, until) });
  const hookUrl = config.deployHook.url;
  if (hookUrl) {
    const hook = { db, url: hookUrl, intervalMs: config.deployHook.intervalSeconds * 1000, now };
    jobs.push({ name: 'deploy-hook', pollMs: 5_000, run: async () => [await callDeployHook(hook)].filter((line) => line !== null) });
  }
  const mail = config.mail;
  if (mail && runtime.mailTransport) {
    const deps = {
      db,
      config: { ...config, mail },
      now,
      linkSecret: () => mailLinkSecret(db),
      transport: runtime.mailTransport,
      owner: runtime.owner,
    };
    jobs.push({
      name: 'mail',
      pollMs: 2_000,
      run: async (until) => {
        // this instance can mail the author: alerts stay on while it runs (see keepAuthorAlertsOn)
        if (mail.authorEmail) await keepAuthorAlertsOn(db, new Date(now().getTime() + AUTHOR_ALERTS_ON_MS));
        return sendDueMail({ ...deps, budgetMs: Math.max(0, until - now().getTime()) });
      },
    });
  }
  jobs.push({
    name: 'purge',
    pollMs: 60 * 60 * 1000,
    run: async () => {
      const purged = await deleteExpiredRateLimits(db, now());
      return purged ? [`purged ${purged} expired rate-limit windows`] : [];
    },
  });
  return jobs;
}

/**
 * What the jobs need before the first request: an instance that delivers webhooks turns the
 * outbox on, one that can mail the author turns author alerts on (both only ever forward in time,
 * so an instance without them cannot turn them off for the others).
 */
export async function prepareJobs(
  db: Db,
  config: Config,
  runtime: { mailTransport?: MailTransport } = {},
  now = new Date(),
): Promise<void> {
  if (config.webhook.url) await keepWebhooksOn(db, new Date(now.getTime() + WEBHOOKS_ON_MS));
  if (config.mail?.authorEmail && runtime.mailTransport) await keepAuthorAlertsOn(db, new Date(now.getTime() + AUTHOR_ALERTS_ON_MS));
}

/**
 * Runs every job once, side by side, each within the budget: the edge's scheduled trigger. A job
 * that throws is reported and does not stop the others.
 */
export async function runJobsOnce(jobs: Job[], budgetMs = JOB_BUDGET_MS): Promise<string[]> {
  const until = Date.now() + budgetMs;
  const settled = await Promise.allSettled(jobs.map((job) => job.run(until)));
  return settled.flatMap((outcome, index) => {
    const name = jobs[index]?.name ?? 'job';
    if (outcome.status === 'fulfilled') return outcome.value;
    const reason = outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason);
    return [`${name} failed: ${reason}`];
  });
}
