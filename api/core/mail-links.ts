/**
 * The links in notification mails: confirm an address, stop one thread, stop everything. Each is
 * signed (HMAC-SHA256 with a secret kept in the database) and carries its own expiry, so it cannot
 * be guessed or altered, needs no login and no stored token, and stops working after a while.
 */
import { hmacSha256Hex } from './crypto.ts';

export type MailLink =
  | { action: 'confirm'; subscriber: number }
  | { action: 'stop-thread'; subscriber: number; thread: number }
  | { action: 'stop-all'; subscriber: number };

/** How long a confirmation link works. The subscribe trigger of migration 0011 queues one per address per this long. */
export const CONFIRM_LINK_DAYS = 3;
/** How long an unsubscribe link works; every mail brings fresh ones. */
export const STOP_LINK_DAYS = 90;

const CODES = { confirm: 'c', 'stop-thread': 't', 'stop-all': 'a' } as const;
const ACTIONS: Record<string, MailLink['action']> = { c: 'confirm', t: 'stop-thread', a: 'stop-all' };
const TOKEN = /^([cta])\.([1-9]\d{0,15})\.(0|[1-9]\d{0,15})\.([1-9]\d{0,11})\.([0-9a-f]{32})$/;

function body(link: MailLink, expiresAt: Date): string {
  const thread = link.action === 'stop-thread' ? link.thread : 0;
  return `${CODES[link.action]}.${link.subscriber}.${thread}.${Math.floor(expiresAt.getTime() / 1000)}`;
}

/** A token for the link: action, subscriber, thread, expiry and 128 bits of signature. */
export async function signMailLink(secret: string, link: MailLink, expiresAt: Date): Promise<string> {
  const text = body(link, expiresAt);
  return `${text}.${(await hmacSha256Hex(secret, `mail-link:${text}`)).slice(0, 32)}`;
}

export interface ReadToken {
  link: MailLink;
  expiresAt: Date;
  /** The signature the token carries and the one it should carry: compare them in constant time. */
  signature: string;
  expected: string;
}

/** Takes a token apart; null when it is not one (the signature is for the caller to compare). */
export async function readMailLink(secret: string, token: string): Promise<ReadToken | null> {
  const match = TOKEN.exec(token);
  if (!match) return null;
  const [, code, subscriber, thread, expires, signature] = match;
  const action = ACTIONS[code ?? ''];
  if (!action) return null;
  const id = Number(subscriber);
  const link: MailLink =
    action === 'stop-thread'
      ? { action, subscriber: id, thread: Number(thread) }
      : action === 'confirm'
        ? { action, subscriber: id }
        : { action, subscriber: id };
  const expiresAt = new Date(Number(expires) * 1000);
  const expected = (await hmacSha256Hex(secret, `mail-link:${body(link, expiresAt)}`)).slice(0, 32);
  return { link, expiresAt, signature: signature ?? '', expected };
}
