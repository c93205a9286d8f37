import type { InStatement, ResultSet } from '@libsql/client';
import type { Interaction, InteractionKind, InteractionStatus, Origin } from '../core/types.ts';
import { commentPermalink } from '../core/urls.ts';
import type { Db } from './client.ts';
import type { RateDecision, RateLimitHit } from './rate-limits.ts';
import { queueReplyWebmentions } from './reply-webmentions.ts';

/** A comment ready to store: validated and rendered to safe HTML by the caller. */
export interface NewComment {
  postSlug: string;
  parentId: number | null;
  authorName: string;
  authorUrl: string | null;
  authorEmail: string | null;
  isOwner?: boolean;
  html: string;
  text: string;
  status?: InteractionStatus;
  /** Pages to send a Webmention to from this comment's permalink once it is on its page. */
  notify?: readonly string[];
  /** The commenter asked to be emailed answers (a trigger subscribes the address, see migration 0011). */
  notifyReplies?: boolean;
}

const SELECT = `SELECT i.*, p.url AS post_url FROM interactions i JOIN posts p ON p.slug = i.post_slug`;

export function toInteraction(row: Record<string, unknown>): Interaction {
  const id = Number(row.id);
  const origin = String(row.origin) as Origin;
  return {
    id,
    postSlug: String(row.post_slug),
    kind: String(row.kind) as InteractionKind,
    origin,
    parentId: row.parent_id == null ? null : Number(row.parent_id),
    author: {
      name: String(row.author_name),
      url: row.author_url == null ? null : String(row.author_url),
      photo: row.author_photo == null ? null : String(row.author_photo),
      isOwner: Number(row.is_owner) === 1,
    },
    content: { html: String(row.content_html), text: String(row.content_text) },
    url: row.url == null ? commentPermalink(String(row.post_url), id) : String(row.url),
    published: String(row.published),
    updated: row.updated == null ? null : String(row.updated),
    received: String(row.received),
    sourceUrl: row.source_url == null ? null : String(row.source_url),
    status: String(row.status) as InteractionStatus,
    ...(row.import_source == null ? {} : { imported: true }),
  };
}

const INSERT_COLUMNS = `INSERT INTO interactions (post_slug, kind, origin, parent_id, author_name, author_url,
  author_email, is_owner, content_html, content_text, url, published, received, status, notify_replies)`;

function insertValues(comment: NewComment, at: string): (string | number | null)[] {
  return [
    comment.postSlug,
    comment.parentId === null ? 'comment' : 'reply',
    comment.parentId,
    comment.authorName,
    comment.authorUrl,
    comment.authorEmail,
    comment.isOwner ? 1 : 0,
    comment.html,
    comment.text,
    at,
    at,
    comment.status ?? 'published',
    comment.notifyReplies && comment.authorEmail ? 1 : 0,
  ];
}

/**
 * The version bump a new comment brings: none for a held comment, which changes nothing readers
 * see (no cache, page or deploy hook should move for it); its approval bumps the version then.
 */
function bumpUnlessHeld(comment: NewComment, conditions: { sql: string; args: (string | number)[] }[]): InStatement[] {
  if (comment.status === 'pending') return [];
  const where = conditions.map((condition) => ` AND ${condition.sql}`).join('');
  return [
    {
      sql: `UPDATE posts SET version = version + 1 WHERE slug = ?${where}`,
      args: [comment.postSlug, ...conditions.flatMap((condition) => condition.args)],
    },
  ];
}

/**
 * Stores a comment, queues its Webmentions, and bumps its post's conversation version in one
 * write transaction, so the comment is durable, and every cache keyed on the version is stale,
 * before anyone is told.
 */
export async function insertComment(db: Db, comment: NewComment, now = new Date()): Promise<Interaction> {
  const at = now.toISOString();
  const [inserted] = await db.batch(
    [
      {
        sql: `${INSERT_COLUMNS} VALUES (?, ?, 'comment', ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?) RETURNING id`,
        args: insertValues(comment, at),
      },
      ...queueReplyWebmentions(comment.notify ?? [], now),
      ...bumpUnlessHeld(comment, []),
    ],
    'write',
  );
  const id = Number(inserted?.rows[0]?.id);
  const stored = await findInteraction(db, comment.postSlug, id);
  if (!stored) throw new Error(`comment ${id} vanished after insert`);
  return stored;
}

/** The outcome of a rate-limited insert: the new comment's id, or null when the limit refused it. */
export interface LimitedInsert {
  id: number | null;
  limit: RateDecision;
}

/**
 * The statements that count a rate-limit hit and, when it is within the limit, store the comment
 * and bump its post's version; run them in one write transaction, alone or with other comments'
 * (one commit, one sync to disk, for all of them). A refused comment leaves only its count behind.
 */
export function limitedCommentInsert(
  comment: NewComment,
  hit: RateLimitHit,
  now = new Date(),
): { statements: InStatement[]; read(results: ResultSet[]): LimitedInsert } {
  const at = now.toISOString();
  const within = hit.withinLimit;
  const statements: InStatement[] = [
    ...hit.statements,
    {
      sql: `${INSERT_COLUMNS} SELECT ?, ?, 'comment', ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ? WHERE ${within.sql} RETURNING id`,
      args: [...insertValues(comment, at), ...within.args],
    },
    ...queueReplyWebmentions(comment.notify ?? [], now),
    ...bumpUnlessHeld(comment, [within]),
  ];
  return {
    statements,
    read(results) {
      const inserted = results[hit.statements.length]?.rows[0];
      return { id: inserted ? Number(inserted.id) : null, limit: hit.decide(Number(results[0]?.rows[0]?.hits ?? 1)) };
    },
  };
}

/** The interaction a comment became once stored with `id`, without reading it back. */
export function storedComment(comment: NewComment, id: number, postUrl: string, now: Date): Interaction {
  const at = now.toISOString();
  return toInteraction({
    id,
    post_slug: comment.postSlug,
    kind: comment.parentId === null ? 'comment' : 'reply',
    origin: 'comment',
    parent_id: comment.parentId,
    author_name: comment.authorName,
    author_url: comment.authorUrl,
    author_photo: null,
    is_owner: comment.isOwner ? 1 : 0,
    content_html: comment.html,
    content_text: comment.text,
    url: null,
    published: at,
    updated: null,
    received: at,
    source_url: null,
    status: comment.status ?? 'published',
    post_url: postUrl,
  });
}

/** One interaction of a post, whatever its status. */
export async function findInteraction(db: Db, postSlug: string, id: number): Promise<Interaction | null> {
  const result = await db.execute({ sql: `${SELECT} WHERE i.post_slug = ? AND i.id = ?`, args: [postSlug, id] });
  const row = result.rows[0];
  return row ? toInteraction(row) : null;
}

/** One interaction by id alone, whatever its post and status. */
export async function findInteractionById(db: Db, id: number): Promise<Interaction | null> {
  const result = await db.execute({ sql: `${SELECT} WHERE i.id = ?`, args: [id] });
  const row = result.rows[0];
  return row ? toInteraction(row) : null;
}

/** Interactions by id, whatever their post and status. */
export async function findInteractionsById(db: Db, ids: number[]): Promise<Map<number, Interaction>> {
  if (!ids.length) return new Map();
  const result = await db.execute({ sql: `${SELECT} WHERE i.id IN (${ids.map(() => '?').join(', ')})`, args: ids });
  return new Map(result.rows.map((row) => [Number(row.id), toInteraction(row)]));
}

/** The root of the thread an interaction is in: itself, or the first of its ancestors. */
export async function threadRootOf(db: Db, id: number): Promise<number> {
  const result = await db.execute({
    sql: `WITH RECURSIVE up(id, parent_id) AS (
            SELECT id, parent_id FROM interactions WHERE id = ?
            UNION ALL SELECT i.id, i.parent_id FROM interactions i JOIN up ON i.id = up.parent_id)
          SELECT id FROM up WHERE parent_id IS NULL`,
    args: [id],
  });
  return Number(result.rows[0]?.id ?? id);
}

/** The published interactions of one post, oldest first. */
export async function listPublished(db: Db, postSlug: string): Promise<Interaction[]> {
  const result = await db.execute({
    sql: `${SELECT} WHERE i.post_slug = ? AND i.status = 'published' ORDER BY i.id`,
    args: [postSlug],
  });
  return result.rows.map(toInteraction);
}

/** One post's published interactions as the build reads them: JSON, parsed when its page renders. */
export interface PublishedBatch {
  slug: string;
  url: string;
  /** The post's conversation version, read in the same statement as its interactions. */
  version: number;
  json: string;
}

/**
 * Every published interaction of every published post, grouped by post in SQL: still one query
 * for a whole build, but the client turns one row per post into objects instead of one per
 * interaction, and the build keeps compact strings instead of 50,000 live objects until each
 * page renders. Both dominated the build's cost at 50,000 interactions. Items are sorted when a
 * page parses its batch: ORDER BY inside an aggregate is SQLite 3.44 syntax that libSQL servers
 * (sqld, Turso) refuse, and without it the order within a group is not promised. Posts without
 * interactions are listed too (with an empty list): their version is what their page is as of.
 */
export async function listPublishedByPost(db: Db): Promise<Map<string, PublishedBatch>> {
  const result = await db.execute(`
    SELECT p.slug, p.url, p.version, json_group_array(CASE WHEN i.id IS NULL THEN NULL ELSE json_object(
      'id', i.id, 'kind', i.kind, 'origin', i.origin, 'parent_id', i.parent_id, 'author_name', i.author_name,
      'author_url', i.author_url, 'author_photo', i.author_photo, 'is_owner', i.is_owner,
      'content_html', i.content_html, 'content_text', i.content_text, 'url', i.url, 'published', i.published,
      'updated', i.updated, 'received', i.received, 'source_url', i.source_url) END) AS items
    FROM posts p LEFT JOIN interactions i ON i.post_slug = p.slug AND i.status = 'published'
    WHERE p.status = 'published'
    GROUP BY p.slug`);
  const byPost = new Map<string, PublishedBatch>();
  for (const row of result.rows) {
    byPost.set(String(row.slug), { slug: String(row.slug), url: String(row.url), version: Number(row.version), json: String(row.items) });
  }
  return byPost;
}

export function parseBatch(batch: PublishedBatch): Interaction[] {
  const base = { post_slug: batch.slug, post_url: batch.url, status: 'published' };
  const items = (JSON.parse(batch.json) as (Record<string, unknown> | null)[])
    .filter((item): item is Record<string, unknown> => item !== null)
    .sort((a, b) => Number(a.id) - Number(b.id));
  return items.map((item) => toInteraction({ ...item, ...base }));
}

/** A post's published conversation with the version it is as of, read together in one snapshot. */
export interface ConversationAt {
  post: { slug: string; url: string; title: string };
  version: number;
  interactions: Interaction[];
}

/** The published conversation of a published post and its version, consistent with each other; null for an unknown or gone post. */
export async function readConversationAt(db: Db, postSlug: string): Promise<ConversationAt | null> {
  const [post, items] = await db.batch(
    [
      { sql: "SELECT slug, url, title, version FROM posts WHERE slug = ? AND status = 'published'", args: [postSlug] },
      { sql: `${SELECT} WHERE i.post_slug = ? AND i.status = 'published' ORDER BY i.id`, args: [postSlug] },
    ],
    'read',
  );
  const row = post?.rows[0];
  if (!row) return null;
  return {
    post: { slug: String(row.slug), url: String(row.url), title: String(row.title) },
    version: Number(row.version),
    interactions: (items?.rows ?? []).map(toInteraction),
  };
}
