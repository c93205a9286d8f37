import { hmacSha256Hex } from '../core/crypto.ts';
import { toConversationItem } from '../core/thread.ts';
import type { Db } from '../db/client.ts';
import { findInteraction } from '../db/interactions.ts';
import { claimDelivery, type Delivery, finishDelivery, keepWebhooksOn } from '../db/webhooks.ts';

export interface WebhookDeps {
  db: Db;
  fetch: typeof fetch;
  url: string;
  secret: string;
  owner: string;
  now: () => Date;
  maxAttempts?: number;
  retryBaseMs?: number;
  timeoutMs?: number;
}

/** The JSON a webhook receives: the event, the post, and the interaction as readers see it. */
async function payload(deps: WebhookDeps, delivery: Delivery): Promise<string | null> {
  const row = await deps.db.execute({ sql: 'SELECT post_slug FROM interactions WHERE id = ?', args: [delivery.interactionId] });
  const slug = row.rows[0]?.post_slug;
  if (slug == null) return null;
  const interaction = await findInteraction(deps.db, String(slug), delivery.interactionId);
  if (!interaction) return null;
  const post = await deps.db.execute({ sql: 'SELECT slug, url, title FROM posts WHERE slug = ?', args: [interaction.postSlug] });
  return JSON.stringify({
    event: delivery.event,
    delivery: delivery.id,
    post: post.rows[0] ? { slug: String(post.rows[0].slug), url: String(post.rows[0].url), title: String(post.rows[0].title) } : null,
    interaction: { ...toConversationItem(interaction), status: interaction.status, received: interaction.received },
  });
}

/** Delivers one due webhook: POST, signed with HMAC-SHA256; a 2xx is done, anything else retried with backoff. */
export async function deliverNext(deps: WebhookDeps): Promise<string | null> {
  const delivery = await claimDelivery(deps.db, deps.owner, (deps.timeoutMs ?? 10_000) * 3, deps.now());
  if (!delivery) return null;
  const body = await payload(deps, delivery);
  if (body === null) {
    await finishDelivery(deps.db, delivery.id, { status: 'failed', error: 'the interaction no longer exists' });
    return `webhook ${delivery.id}: failed (interaction gone)`;
  }
  let error: string;
  try {
    const response = await deps.fetch(deps.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(deps.timeoutMs ?? 10_000),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Parley webhook',
        'x-parley-event': delivery.event,
        'x-parley-delivery': String(delivery.id),
        'x-parley-signature': `sha256=${await hmacSha256Hex(deps.secret, body)}`,
      },
      body,
    });
    await response.body?.cancel().catch(() => undefined);
    if (response.ok) {
      await finishDelivery(deps.db, delivery.id, { status: 'delivered' });
      return `webhook ${delivery.id}: delivered`;
    }
    error = `the webhook answered ${response.status}`;
  } catch (failure) {
    error = failure instanceof Error ? failure.message : String(failure);
  }
  if (delivery.attempts >= (deps.maxAttempts ?? 8)) {
    await finishDelivery(deps.db, delivery.id, { status: 'failed', error: `gave up after ${delivery.attempts} attempts: ${error}` });
    return `webhook ${delivery.id}: failed (${error})`;
  }
  const retryAt = new Date(deps.now().getTime() + (deps.retryBaseMs ?? 30_000) * 4 ** (delivery.attempts - 1));
  await finishDelivery(deps.db, delivery.id, { status: 'queued', error, retryAt });
  return `webhook ${delivery.id}: will retry (${error})`;
}

/** Delivers due webhooks until none is due, `limit` is reached or `until` (epoch ms) has passed. */
export async function drainWebhooks(deps: WebhookDeps, limit = 25, until = Number.POSITIVE_INFINITY): Promise<string[]> {
  const lines: string[] = [];
  while (lines.length < limit && Date.now() < until) {
    const line = await deliverNext(deps);
    if (line === null) break;
    lines.push(line);
  }
  return lines;
}

/** How far ahead an instance that delivers webhooks keeps the outbox on; it renews a tenth as often. */
export const WEBHOOKS_ON_MS = 10 * 60_000;

/**
 * One instance's webhook job: says it delivers (keepWebhooksOn, renewed well before it lapses),
 * then drains what is due. When the last instance with a webhook URL stops, the outbox stops
 * filling within WEBHOOKS_ON_MS; what was queued stays for the next one.
 *
 * @example const run = webhookJob(deps); await run(Date.now() + 20_000);
 */
export function webhookJob(deps: WebhookDeps): (until?: number) => Promise<string[]> {
  let renewedAt = Number.NEGATIVE_INFINITY;
  return async function runWebhookJob(until = Number.POSITIVE_INFINITY) {
    const now = deps.now().getTime();
    if (now - renewedAt >= WEBHOOKS_ON_MS / 10) {
      await keepWebhooksOn(deps.db, new Date(now + WEBHOOKS_ON_MS));
      renewedAt = now;
    }
    return drainWebhooks(deps, 25, until);
  };
}
