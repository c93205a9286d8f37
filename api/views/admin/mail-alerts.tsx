import type { AuthorDigest } from '../../db/mail-settings.ts';
import { Csrf } from './layout.tsx';

export interface MailAlertsData {
  /** Where alerts go; null when PARLEY_SMTP_URL or PARLEY_AUTHOR_EMAIL is missing. */
  authorEmail: string | null;
  digest: AuthorDigest;
  /** Outbox rows by status. */
  counts: Record<string, number>;
}

const CHOICES: [AuthorDigest, string][] = [
  ['immediately', 'Right away (a burst within a minute comes as one mail)'],
  ['hourly', 'At most one mail an hour'],
  ['daily', 'At most one mail a day'],
  ['never', 'Never'],
];

/** The author's choice of email alerts, and how the outbox is doing. */
export function MailAlerts({ data, csrf }: { data: MailAlertsData; csrf: string }) {
  const waiting = (data.counts.queued ?? 0) + (data.counts.sending ?? 0);
  const trouble = (data.counts.failed ?? 0) + (data.counts.unknown ?? 0);
  return (
    <section aria-labelledby="mail-title" class="dashboard-section">
      <h2 id="mail-title">Email alerts</h2>
      {data.authorEmail ? (
        <form method="post" action="/admin/settings/mail">
          <Csrf token={csrf} />
          <fieldset>
            <legend>Mail {data.authorEmail} about new interactions, who waits longest first:</legend>
            {CHOICES.map(([value, label]) => (
              <label class="choice">
                <input type="radio" name="digest" value={value} checked={data.digest === value} /> {label}
              </label>
            ))}
          </fieldset>
          <button type="submit">Save</button>
        </form>
      ) : (
        <p>Set PARLEY_SMTP_URL, PARLEY_MAIL_FROM and PARLEY_AUTHOR_EMAIL to be emailed about new interactions.</p>
      )}
      <p class="field-hint">
        Mail outbox: {waiting} waiting, {data.counts.sent ?? 0} sent in the last 30 days
        {trouble ? `, ${trouble} failed or maybe lost (see the server log)` : ''}.
      </p>
    </section>
  );
}
