import type { Db } from './client.ts';

/** Final outcomes worth keeping; a dry run's `discovered` is never stored. */
export type StoredOutcome = 'sent' | 'no_endpoint' | 'rejected' | 'unreachable' | 'failed';

/** The last Webmention sent for one (source, target) pair. */
export interface OutgoingWebmention {
  source: string;
  target: string;
  /** Hash of the source's links when sent; null when sent by hand for one target. */
  linksHash: string | null;
  linked: boolean;
  endpoint: string | null;
  outcome: StoredOutcome;
  httpStatus: number | null;
  response: string;
  attempts: number;
  sentAt: string;
}

function toRow(row: Record<string, unknown>): OutgoingWebmention {
  return {
    source: String(row.source),
    target: String(row.target),
    linksHash: row.links_hash == null ? null : String(row.links_hash),
    linked: Number(row.linked) === 1,
    endpoint: row.endpoint == null ? null : String(row.endpoint),
    outcome: String(row.outcome) as StoredOutcome,
    httpStatus: row.http_status == null ? null : Number(row.http_status),
    response: String(row.response ?? ''),
    attempts: Number(row.attempts),
    sentAt: String(row.sent_at),
  };
}

export async function outgoingFrom(db: Db, source: string): Promise<OutgoingWebmention[]> {
  const result = await db.execute({ sql: 'SELECT * FROM outgoing_webmentions WHERE source = ? ORDER BY target', args: [source] });
  return result.rows.map(toRow);
}

/**
 * Stores the outcomes of sends, each replacing its pair's previous one, in one transaction. A
 * null links hash keeps the stored hash, so sending one target by hand does not hide a later
 * change of the whole post.
 */
export async function recordOutgoing(db: Db, rows: Omit<OutgoingWebmention, 'sentAt'>[], now = new Date()): Promise<void> {
  if (!rows.length) return;
  await db.batch(
    rows.map((row) => ({
      sql: `INSERT INTO outgoing_webmentions (source, target, links_hash, linked, endpoint, outcome, http_status, response, attempts, sent_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (source, target) DO UPDATE SET
              links_hash = COALESCE(excluded.links_hash, outgoing_webmentions.links_hash),
              linked = excluded.linked, endpoint = excluded.endpoint, outcome = excluded.outcome,
              http_status = excluded.http_status, response = excluded.response,
              attempts = excluded.attempts, sent_at = excluded.sent_at`,
      args: [
        row.source,
        row.target,
        row.linksHash,
        row.linked ? 1 : 0,
        row.endpoint,
        row.outcome,
        row.httpStatus,
        row.response,
        row.attempts,
        now.toISOString(),
      ],
    })),
    'write',
  );
}

/** URLs of gone posts (deleted or drafted) whose former targets have not all heard of it yet. */
export async function goneSourcesToNotify(db: Db): Promise<string[]> {
  const result = await db.execute(
    `SELECT url FROM posts WHERE status = 'gone'
       AND EXISTS (SELECT 1 FROM outgoing_webmentions WHERE source = posts.url AND linked = 1)
     ORDER BY url`,
  );
  return result.rows.map((row) => String(row.url));
}
