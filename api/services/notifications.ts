import { timingSafeEqual } from 'hono/utils/buffer';
import { type MailLink, readMailLink, STOP_LINK_DAYS, signMailLink } from '../core/mail-links.ts';
import { mailLinkSecret } from '../db/mail-settings.ts';
import { confirmSubscriber, findSubscriber, stopAll, stopThread } from '../db/subscribers.ts';
import type { Services } from './context.ts';

export type LinkAnswer =
  | { status: 'invalid' }
  | { status: 'expired'; link: MailLink }
  /** The link is good and nothing was done yet (a confirmation waits for its button). */
  | { status: 'ready'; link: MailLink }
  /** Done; `stopAllToken` lets a page offer to stop everything after one thread. */
  | { status: 'done'; link: MailLink; stopAllToken: string | null };

/** Checks a mail link: its signature in constant time, then its expiry. */
async function check(services: Services, token: string): Promise<{ status: 'invalid' } | { status: 'expired' | 'ok'; link: MailLink }> {
  const read = await readMailLink(await mailLinkSecret(services.db), token);
  if (!read || !(await timingSafeEqual(read.signature, read.expected))) return { status: 'invalid' };
  return { status: read.expiresAt.getTime() < services.now().getTime() ? 'expired' : 'ok', link: read.link };
}

/**
 * Follows a link from a notification mail. `act` false only looks (the confirmation page shows a
 * button first, so a mail scanner that opens links cannot subscribe anyone). A link to an address
 * that is gone (unsubscribed, never confirmed) is invalid.
 */
export async function followMailLink(services: Services, token: string, act: boolean): Promise<LinkAnswer> {
  const checked = await check(services, token);
  if (checked.status === 'invalid') return checked;
  const { link } = checked;
  if (!(await findSubscriber(services.db, link.subscriber))) {
    // stopping twice is fine; confirming an address that is gone is not
    return link.action === 'confirm' ? { status: 'invalid' } : { status: 'done', link, stopAllToken: null };
  }
  if (checked.status === 'expired') return { status: 'expired', link };
  if (!act) return { status: 'ready', link };
  let stopAllToken: string | null = null;
  if (link.action === 'confirm') {
    await confirmSubscriber(services.db, link.subscriber, services.now());
  } else if (link.action === 'stop-all') {
    await stopAll(services.db, link.subscriber);
  } else {
    await stopThread(services.db, link.subscriber, link.thread);
    if (await findSubscriber(services.db, link.subscriber)) {
      const expires = new Date(services.now().getTime() + STOP_LINK_DAYS * 86_400_000);
      stopAllToken = await signMailLink(await mailLinkSecret(services.db), { action: 'stop-all', subscriber: link.subscriber }, expires);
    }
  }
  return { status: 'done', link, stopAllToken };
}
