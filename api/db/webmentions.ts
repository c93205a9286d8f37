import type { Mention } from '../core/classify.ts';
import type { InteractionStatus } from '../core/types.ts';
import type { Db } from './client.ts';
import { claimDue, RELEASE_LEASE } from './leases.ts';

export type WebmentionStatus = 'queued' | 'accepted' | 'rejected' | 'deleted';

export interface QueuedWebmention {
  id: number;
  token: string;
  source: string;
  target: string;
  postSlug: string;
  status: WebmentionStatus;
  reason: string | null;
  attempts: number;
  receivedAt: string;
  updatedAt: string;
}

function toRow(row: Record<string, unknown>): QueuedWebmention {
  return {
    id: Number(row.id),
    token: String(row.token),
    source: String(row.source),
    target: String(row.target),
    postSlug: String(row.post_slug),
    status: String(row.status) as WebmentionStatus,
    reason: row.reason == null ? null : String(row.reason),
    attempts: Number(row.attempts),
    receivedAt: String(row.received_at),
    updatedAt: String(row.updated_at),
  };
}

/**
 * Queues a (source, target) pair, or re-queues it when it was sent before: one row per pair. The
 * row is committed before the function returns, so a 201 always means it is durable.
 */
export async function enqueueWebmention(
  db: Db,
  mention: { source: string; target: string; postSlug: string; token: string },
  now = new Date(),
): Promise<QueuedWebmention> {
  const at = now.toISOString();
  const result = await db.execute({
    sql: `INSERT INTO webmentions (token, source, target, post_slug, status, next_attempt_at, received_at, updated_at)
          VALUES (?, ?, ?, ?, 'queued', ?, ?, ?)
          ON CONFLICT (source, target) DO UPDATE SET status = 'queued', reason = NULL, attempts = 0,
            post_slug = excluded.post_slug, next_attempt_at = excluded.next_attempt_at,
            received_at = excluded.received_at, updated_at = excluded.updated_at
          RETURNING *`,
    args: [mention.token, mention.source, mention.target, mention.postSlug, at, at, at],
  });
  return toRow(result.rows[0] as Record<string, unknown>);
}

export async function findWebmentionByToken(db: Db, token: string): Promise<QueuedWebmention | null> {
  const result = await db.execute({ sql: 'SELECT * FROM webmentions WHERE token = ?', args: [token] });
  const row = result.rows[0];
  return row ? toRow(row) : null;
}

/** Claims the next due webmention with a lease (see claimDue), oldest due first. */
export async function claimWebmention(db: Db, owner: string, leaseMs: number, now = new Date()): Promise<QueuedWebmention | null> {
  const row = await claimDue(db, 'webmentions', { owner, leaseMs, now, order: 'next_attempt_at, id' });
  return row ? toRow(row) : null;
}

/** Stores a verified mention as an interaction and marks its row accepted, in one transaction. */
export async function acceptWebmention(
  db: Db,
  row: QueuedWebmention,
  mention: Mention & { parentId: number | null; status: InteractionStatus },
  now = new Date(),
): Promise<void> {
  const at = now.toISOString();
  await db.batch(
    [
      {
        sql: `INSERT INTO interactions (post_slug, kind, origin, parent_id, author_name, author_url, author_photo,
                content_html, content_text, url, source_url, published, received, status)
              VALUES (?, ?, 'webmention', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
              ON CONFLICT (post_slug, source_url) WHERE source_url IS NOT NULL DO UPDATE SET
                kind = excluded.kind, parent_id = excluded.parent_id, author_name = excluded.author_name,
                author_url = excluded.author_url, author_photo = excluded.author_photo,
                content_html = excluded.content_html, content_text = excluded.content_text, url = excluded.url,
                published = excluded.published, updated = excluded.received,
                status = CASE WHEN interactions.status = 'spam' THEN 'spam' ELSE excluded.status END`,
        args: [
          row.postSlug,
          mention.kind,
          mention.parentId,
          mention.author.name,
          mention.author.url,
          mention.author.photo,
          mention.content.html,
          mention.content.text,
          mention.url,
          row.source,
          mention.published ?? at,
          at,
          mention.status,
        ],
      },
      {
        sql: `UPDATE webmentions SET status = 'accepted', reason = NULL, updated_at = ?, ${RELEASE_LEASE},
                interaction_id = (SELECT id FROM interactions WHERE post_slug = ? AND source_url = ?)
              WHERE id = ?`,
        args: [at, row.postSlug, row.source, row.id],
      },
      { sql: 'UPDATE posts SET version = version + 1 WHERE slug = ?', args: [row.postSlug] },
    ],
    'write',
  );
}

/**
 * The source is gone or no longer links here: its interaction leaves the page and the feeds
 * (status removed) and the row says deleted. Without an interaction there is nothing to delete,
 * and the row is rejected with the reason.
 */
export async function dropWebmention(db: Db, row: QueuedWebmention, reason: string, now = new Date()): Promise<'deleted' | 'rejected'> {
  const at = now.toISOString();
  const existing = await db.execute({
    sql: "SELECT id FROM interactions WHERE post_slug = ? AND source_url = ? AND status != 'removed'",
    args: [row.postSlug, row.source],
  });
  const status = existing.rows.length ? 'deleted' : 'rejected';
  await db.batch(
    [
      {
        sql: "UPDATE interactions SET status = 'removed', updated = ? WHERE post_slug = ? AND source_url = ?",
        args: [at, row.postSlug, row.source],
      },
      {
        sql: `UPDATE webmentions SET status = ?, reason = ?, updated_at = ?, ${RELEASE_LEASE} WHERE id = ?`,
        args: [status, reason, at, row.id],
      },
      { sql: 'UPDATE posts SET version = version + 1 WHERE slug = ?', args: [row.postSlug] },
    ],
    'write',
  );
  return status;
}

export async function rejectWebmention(db: Db, row: QueuedWebmention, reason: string, now = new Date()): Promise<void> {
  await db.execute({
    sql: `UPDATE webmentions SET status = 'rejected', reason = ?, updated_at = ?, ${RELEASE_LEASE} WHERE id = ?`,
    args: [reason, now.toISOString(), row.id],
  });
}

/** Puts the row back in the queue to be tried again at `retryAt`. */
export async function retryWebmention(db: Db, row: QueuedWebmention, reason: string, retryAt: Date, now = new Date()): Promise<void> {
  await db.execute({
    sql: `UPDATE webmentions SET reason = ?, next_attempt_at = ?, updated_at = ?, ${RELEASE_LEASE} WHERE id = ?`,
    args: [reason, retryAt.toISOString(), now.toISOString(), row.id],
  });
}

/** The interaction a reply answers: a comment permalink of this post, or an accepted reply's URL. */
export async function findReplyParent(
  db: Db,
  postSlug: string,
  commentIds: number[],
  urls: string[],
  except: string,
): Promise<number | null> {
  if (!commentIds.length && !urls.length) return null;
  const ids = commentIds.map(() => '?').join(', ') || 'NULL';
  const links = urls.map(() => '?').join(', ') || 'NULL';
  const result = await db.execute({
    sql: `SELECT id FROM interactions
          WHERE post_slug = ? AND status = 'published' AND kind IN ('comment', 'reply', 'mention')
            AND (source_url IS NULL OR source_url != ?)
            AND (id IN (${ids}) OR source_url IN (${links}) OR url IN (${links}))
          ORDER BY id LIMIT 1`,
    args: [postSlug, except, ...commentIds, ...urls, ...urls],
  });
  const row = result.rows[0];
  return row ? Number(row.id) : null;
}
