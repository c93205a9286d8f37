import { discoverEndpoint } from './discover.ts';
import { DEFAULT_POLICY, FetchError, type FetchedPage, type FetchPolicy, guardedFetch } from './guarded-fetch.ts';
import { createHostLimiter, type HostLimiter, mapBounded } from './limiter.ts';

/**
 * - sent: the endpoint answered 2xx.
 * - no_endpoint: the target names no endpoint; a normal outcome.
 * - rejected: the endpoint refused (4xx, or a destination the guards refuse); final.
 * - unreachable: the target cannot be read for a lasting reason (private address, too large…).
 * - failed: 5xx or network errors, still failing after the retries; worth another run.
 * - discovered: a dry run found the endpoint and sent nothing.
 */
export type SendOutcome = 'sent' | 'no_endpoint' | 'rejected' | 'unreachable' | 'failed' | 'discovered';

export interface SendResult {
  target: string;
  outcome: SendOutcome;
  endpoint: string | null;
  /** The endpoint's HTTP status when it answered. */
  status: number | null;
  /** The endpoint's answer (an excerpt) or what went wrong, for people. */
  detail: string;
  /** Requests made for this target, retries included. */
  attempts: number;
}

export interface RetryPolicy {
  /** Tries per request, the first included. */
  attempts: number;
  /** Wait before the first retry; each later wait is four times longer. */
  baseMs: number;
}

export interface SendOptions {
  /** A fetch that refuses private addresses at connect time (api/node/net.ts in Node). */
  fetch: typeof fetch;
  policy?: FetchPolicy;
  retry?: RetryPolicy;
  /** Targets handled at once. */
  concurrency?: number;
  /** Requests at once to any one host, endpoints included. */
  perHost?: number;
  /** Enforces perHost; by default within this call only (createSharedHostLimiter: across processes). */
  limit?: HostLimiter;
  /** Discover endpoints, POST nothing. */
  dryRun?: boolean;
  onResult?: (result: SendResult) => void;
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseMs: 1000 };

/** A try that may be repeated: a final value, or a passing failure. */
type Attempt<T> = { ok: T } | { transient: string };

interface Context {
  options: Required<Omit<SendOptions, 'onResult' | 'limit'>>;
  limit: HostLimiter;
}

const EXCERPT_CHARS = 200;

/** The first words of an answer, tags dropped: enough to tell why an endpoint refused. */
export function excerpt(page: Pick<FetchedPage, 'body' | 'headers'>): string {
  const text = page.body
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const cut = text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}…` : text;
  const location = page.headers.get('location');
  return [location ? `status at ${location}` : '', cut].filter(Boolean).join('; ');
}

async function withRetries<T>(ctx: Context, run: () => Promise<Attempt<T>>, counter: { attempts: number }): Promise<Attempt<T>> {
  const { attempts, baseMs } = ctx.options.retry;
  let last: Attempt<T> = { transient: 'not tried' };
  for (let attempt = 0; attempt < Math.max(1, attempts); attempt += 1) {
    if (attempt > 0) await ctx.options.sleep(baseMs * 4 ** (attempt - 1));
    counter.attempts += 1;
    last = await run();
    if ('ok' in last) return last;
  }
  return last;
}

function transientOr<T>(error: unknown, lasting: (message: string) => T): Attempt<T> {
  const message = error instanceof Error ? error.message : String(error);
  return error instanceof FetchError && !error.retryable ? { ok: lasting(message) } : { transient: message };
}

/** Reads the target page: it or a lasting reason it cannot be read. */
async function readTarget(ctx: Context, target: string): Promise<Attempt<FetchedPage | { unreachable: string }>> {
  try {
    const page = await ctx.limit(target, () => guardedFetch(target, ctx.options.policy, ctx.options.fetch));
    if (page.status >= 500) return { transient: `the target answered ${page.status}` };
    return { ok: page };
  } catch (error) {
    return transientOr(error, (message) => ({ unreachable: message }));
  }
}

type Delivery = { outcome: 'sent' | 'rejected'; status: number | null; detail: string };

/** POSTs source and target, form-encoded, to the endpoint (3.1.3). */
async function notify(ctx: Context, endpoint: string, source: string, target: string): Promise<Attempt<Delivery>> {
  try {
    const answer = await ctx.limit(endpoint, () =>
      guardedFetch(endpoint, ctx.options.policy, ctx.options.fetch, {
        method: 'POST',
        body: new URLSearchParams({ source, target }),
        accept: '*/*',
      }),
    );
    const detail = excerpt(answer);
    if (answer.status >= 500) return { transient: `the endpoint answered ${answer.status}${detail ? `: ${detail}` : ''}` };
    const outcome = answer.status >= 200 && answer.status < 300 ? 'sent' : 'rejected';
    return { ok: { outcome, status: answer.status, detail } };
  } catch (error) {
    return transientOr(error, (message): Delivery => ({ outcome: 'rejected', status: null, detail: message }));
  }
}

async function sendOne(ctx: Context, source: string, target: string): Promise<SendResult> {
  const counter = { attempts: 0 };
  const read = await withRetries(ctx, () => readTarget(ctx, target), counter);
  const base = { target, endpoint: null, status: null };
  if (!('ok' in read)) return { ...base, outcome: 'failed', detail: read.transient, attempts: counter.attempts };
  if ('unreachable' in read.ok) return { ...base, outcome: 'unreachable', detail: read.ok.unreachable, attempts: counter.attempts };
  const endpoint = discoverEndpoint(read.ok);
  if (!endpoint) return { ...base, outcome: 'no_endpoint', detail: 'the target names no Webmention endpoint', attempts: counter.attempts };
  if (ctx.options.dryRun) {
    const where = endpoint.via === 'header' ? 'the Link header' : `a <${endpoint.via}> element`;
    return { ...base, endpoint: endpoint.url, outcome: 'discovered', detail: `found in ${where}`, attempts: counter.attempts };
  }
  const sent = await withRetries(ctx, () => notify(ctx, endpoint.url, source, target), counter);
  if (!('ok' in sent)) return { ...base, endpoint: endpoint.url, outcome: 'failed', detail: sent.transient, attempts: counter.attempts };
  return { ...base, endpoint: endpoint.url, ...sent.ok, attempts: counter.attempts };
}

/**
 * Sends a Webmention from `source` to each target (W3C Webmention 3.1): discovers each target's
 * endpoint, POSTs to it, retries 5xx and network errors with backoff, and reports every target's
 * outcome. Knows nothing of builds or storage, so anything that publishes a page can call it.
 *
 * @example await sendWebmentions({ source: 'https://blog.example/posts/a/', targets: ['https://b.example/x'], fetch });
 */
export async function sendWebmentions(input: { source: string; targets: readonly string[] } & SendOptions): Promise<SendResult[]> {
  const { source, targets, onResult } = input;
  const options: Context['options'] = {
    fetch: input.fetch,
    policy: input.policy ?? DEFAULT_POLICY,
    retry: input.retry ?? DEFAULT_RETRY,
    concurrency: input.concurrency ?? 8,
    perHost: input.perHost ?? 2,
    dryRun: input.dryRun ?? false,
    sleep: input.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))),
  };
  const ctx: Context = { options, limit: input.limit ?? createHostLimiter(options.perHost) };
  const unique = [...new Set(targets)].filter((target) => target !== source);
  return mapBounded(unique, options.concurrency, async (target) => {
    const result = await sendOne(ctx, source, target);
    onResult?.(result);
    return result;
  });
}
