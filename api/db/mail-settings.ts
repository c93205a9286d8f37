import { randomSecret } from '../core/crypto.ts';
import type { Db } from './client.ts';
import { getSetting, settingOrCreate } from './settings.ts';

/** How often the author is mailed about new interactions, chosen in /admin. */
export type AuthorDigest = 'immediately' | 'hourly' | 'daily' | 'never';
export const AUTHOR_DIGESTS: readonly AuthorDigest[] = ['immediately', 'hourly', 'daily', 'never'];

/**
 * The least time between two author alerts: what comes in between waits for the next one.
 * "Immediately" still gathers a burst into one mail a minute, so a busy hour is not a flood.
 */
export const DIGEST_WINDOW_MS: Record<AuthorDigest, number> = { immediately: 60_000, hourly: 3_600_000, daily: 86_400_000, never: 0 };

export async function authorDigest(db: Db): Promise<AuthorDigest> {
  const value = await getSetting(db, 'mail_author_digest');
  return AUTHOR_DIGESTS.includes(value as AuthorDigest) ? (value as AuthorDigest) : 'immediately';
}

const UPSERT = 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value';

/** How far ahead an instance that can mail the author keeps author alerts on; renewed by its mail job. */
export const AUTHOR_ALERTS_ON_MS = 10 * 60_000;

/**
 * Keeps the author-alert trigger of migration 0011 on until `until`: called by each instance that
 * can mail the author (SMTP and PARLEY_AUTHOR_EMAIL set), and only ever moved forward, so an
 * instance without them cannot turn alerts off for the ones that have them. The author's choice
 * ("never" stops them) is read by the trigger itself.
 */
export async function keepAuthorAlertsOn(db: Db, until: Date): Promise<void> {
  await db.execute({
    sql: `INSERT INTO settings (key, value) VALUES ('mail_author_until', ?)
          ON CONFLICT (key) DO UPDATE SET value = max(value, excluded.value)`,
    args: [until.toISOString()],
  });
}

/** Stores the author's choice of how often to be mailed. */
export async function chooseAuthorDigest(db: Db, digest: AuthorDigest): Promise<void> {
  await db.execute({ sql: UPSERT, args: ['mail_author_digest', digest] });
}

/** The key that signs the links in mails, generated once and shared by every instance. */
export function mailLinkSecret(db: Db): Promise<string> {
  return settingOrCreate(db, 'mail_link_secret', randomSecret);
}

/** Until when the SMTP server is left alone after it could not be reached; shared by every instance. */
export async function smtpDownUntil(db: Db): Promise<Date | null> {
  const value = await getSetting(db, 'mail_smtp_down_until');
  return value ? new Date(value) : null;
}

export async function setSmtpDownUntil(db: Db, until: Date): Promise<void> {
  await db.execute({ sql: UPSERT, args: ['mail_smtp_down_until', until.toISOString()] });
}
