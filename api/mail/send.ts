/**
 * The mail sender: one bounded run of the outbox, as a job the background loop (Node) calls again
 * and again. Each mail is sent at most once: a row is marked 'sending' in the database before the
 * message goes to the SMTP server, and a row found 'sending' after its lease ran out is never sent
 * again (see docs/notifications.md for what that guarantees and why).
 */
import { CONFIRM_LINK_DAYS } from '../core/mail-links.ts';
import {
  claimMailGroup,
  deferRecipient,
  finishMail,
  lastMailAt,
  type MailRow,
  markSending,
  markSent,
  purgeMail,
  retryMail,
  sweepAbandoned,
} from '../db/mail-outbox.ts';
import { authorDigest, DIGEST_WINDOW_MS, setSmtpDownUntil, smtpDownUntil } from '../db/mail-settings.ts';
import { purgeUnconfirmed } from '../db/subscribers.ts';
import { type ComposeDeps, composeMail } from './compose.ts';
import type { MailSession, MailTransport } from './transport.ts';

export interface MailJobDeps extends ComposeDeps {
  transport: MailTransport;
  /** Names this worker's leases. */
  owner: string;
  /** How long a claim holds; default six SMTP timeouts (connect, greeting, TLS, login, envelope, message). */
  leaseMs?: number;
  /** A run stops starting new mails after this long (default 20 s) or this many lines (default 50). */
  budgetMs?: number;
  maxLines?: number;
}

/** A mail the server keeps refusing, or cannot be reached for, is given up this long after it was queued. */
export const GIVE_UP_MS = 7 * 86_400_000;
/** Sent, failed and skipped rows are deleted this long after they were queued. */
export const KEEP_DONE_MS = 30 * 86_400_000;
const MAX_RETRY_MS = 3_600_000;
const PURGE_EVERY_MS = 3_600_000;
const lastPurge = new WeakMap<object, number>();

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));
const idsOf = (rows: { id: number }[]) => rows.map((row) => row.id);

async function purgeWhenDue(deps: MailJobDeps, now: Date): Promise<void> {
  if (now.getTime() - (lastPurge.get(deps.db) ?? 0) < PURGE_EVERY_MS) return;
  lastPurge.set(deps.db, now.getTime());
  await purgeMail(deps.db, new Date(now.getTime() - KEEP_DONE_MS));
  await purgeUnconfirmed(deps.db, new Date(now.getTime() - (CONFIRM_LINK_DAYS + 1) * 86_400_000));
}

/** The digest window of a group: a reader's, or the author's choice; 0 for confirmations. */
async function windowOf(deps: MailJobDeps, head: MailRow): Promise<number> {
  if (head.kind === 'reply') return deps.config.mail.replyWindowMs;
  if (head.kind === 'author') return DIGEST_WINDOW_MS[await authorDigest(deps.db)];
  return 0;
}

/** When a group must wait for its recipient's window, or null when it may go now. */
async function waitUntil(deps: MailJobDeps, head: MailRow, now: Date): Promise<Date | null> {
  const windowMs = await windowOf(deps, head);
  if (windowMs <= 0) return null;
  const last = await lastMailAt(deps.db, head.recipient, head.kind);
  const next = last ? Date.parse(last) + windowMs : 0;
  return next > now.getTime() ? new Date(next) : null;
}

const tooOld = (rows: MailRow[], now: Date) => rows.some((row) => now.getTime() - Date.parse(row.createdAt) > GIVE_UP_MS);

function retryAt(deps: MailJobDeps, rows: MailRow[], now: Date): Date {
  const attempts = Math.max(...rows.map((row) => row.attempts));
  return new Date(now.getTime() + Math.min(deps.config.mail.retryBaseMs * 2 ** attempts, MAX_RETRY_MS));
}

/**
 * Sends what is due, for at most `budgetMs`: returns one line per thing done, for the log. A
 * server that cannot be reached ends the run, and no run tries it again before the retry time.
 *
 * @example const lines = await sendDueMail({ db, config, now: () => new Date(), linkSecret, transport, owner: 'node-1' });
 */
export async function sendDueMail(deps: MailJobDeps): Promise<string[]> {
  const { db } = deps;
  const lines: string[] = [];
  const started = deps.now().getTime();
  const leaseMs = deps.leaseMs ?? deps.config.mail.smtp.timeoutMs * 6;
  const budgetMs = deps.budgetMs ?? 20_000;
  const maxLines = deps.maxLines ?? 50;
  for (const id of await sweepAbandoned(db, deps.now()))
    lines.push(`mail ${id}: unknown (the sender stopped after handing it to the server; not sent again)`);
  await purgeWhenDue(deps, deps.now());
  // the server was unreachable: nobody tries again before the retry time, whatever became due since
  const down = await smtpDownUntil(db);
  if (down && down > deps.now()) return lines;
  let session: MailSession | null = null;
  try {
    while (lines.length < maxLines && deps.now().getTime() - started < budgetMs) {
      // an embedded database answers without going back to the event loop: let requests in between mails
      await new Promise((resolve) => setTimeout(resolve, 0));
      const group = await claimMailGroup(db, deps.owner, leaseMs, deps.now());
      const [head] = group;
      if (!head) break;
      const label = `mail ${idsOf(group).join(',')} (${head.kind})`;
      const wait = await waitUntil(deps, head, deps.now());
      if (wait) {
        await deferRecipient(db, head, wait, deps.owner, deps.now());
        lines.push(`${label}: waits for the digest at ${wait.toISOString()}`);
        continue;
      }
      const composed = await composeMail(deps, group);
      const skipped = idsOf(group).filter((id) => !composed.ids.includes(id));
      if (skipped.length) {
        await finishMail(db, skipped, 'skipped', 'nothing to tell any more', deps.now());
        lines.push(`mail ${skipped.join(',')}: skipped (nothing to tell any more)`);
      }
      if (!composed.mail) continue;
      const rows = group.filter((row) => composed.ids.includes(row.id));
      const told = `mail ${composed.ids.join(',')} (${head.kind})`;
      if (!session) {
        try {
          session = await deps.transport.open();
        } catch (error) {
          const reason = `cannot reach the SMTP server: ${errorText(error)}`;
          if (tooOld(rows, deps.now())) {
            await finishMail(db, composed.ids, 'failed', reason, deps.now());
            lines.push(`${told}: failed (${reason})`);
            continue;
          }
          const at = retryAt(deps, rows, deps.now());
          await retryMail(db, composed.ids, reason, at);
          await setSmtpDownUntil(db, at);
          lines.push(`${told}: will retry at ${at.toISOString()} (${reason})`);
          break;
        }
      }
      if (!(await markSending(db, composed.ids, deps.owner, new Date(deps.now().getTime() + leaseMs)))) {
        lines.push(`${told}: left to another sender (the claim ran out)`);
        continue;
      }
      const outcome = await session.send(composed.mail);
      if (outcome.status === 'sent') {
        await markSent(db, composed.ids, deps.now());
        lines.push(`${told}: sent`);
        continue;
      }
      // after a refusal or a lost line the connection is not to be trusted: the next mail opens another
      await session.close().catch(() => undefined);
      session = null;
      if (outcome.status === 'unknown') {
        await finishMail(db, composed.ids, 'unknown', outcome.error, deps.now());
        lines.push(`${told}: unknown, not sent again (${outcome.error})`);
      } else if (outcome.permanent || tooOld(rows, deps.now())) {
        await finishMail(db, composed.ids, 'failed', outcome.error, deps.now());
        lines.push(`${told}: failed (${outcome.error})`);
      } else {
        const at = retryAt(deps, rows, deps.now());
        await retryMail(db, composed.ids, outcome.error, at);
        lines.push(`${told}: will retry at ${at.toISOString()} (${outcome.error})`);
      }
    }
  } finally {
    await session?.close().catch(() => undefined);
  }
  return lines;
}
