import type { PostRecord } from '../core/types.ts';
import type { Db } from './client.ts';

export interface StoredPost extends PostRecord {
  status: 'published' | 'gone';
  version: number;
}

export interface SyncResult {
  published: number;
  gone: string[];
  /** Set when a newer build's list was already applied: this one changed nothing. */
  newerBuild?: string;
}

/** The build time of the post list last applied, kept so an older build cannot undo a newer one. */
const BUILT_AT = 'posts_built_at';

/**
 * Makes the posts table match the list the build published: new and changed posts are upserted,
 * posts missing from the list are marked gone (their conversation is kept). One write transaction.
 *
 * With `builtAt` (the manifest's build time), a list older than the last one applied changes
 * nothing: an instance still serving an older build, started after a newer build was synced, must
 * not mark the newer posts gone or put back old titles.
 */
export async function syncPosts(db: Db, posts: PostRecord[], now = new Date(), builtAt?: string): Promise<SyncResult> {
  const at = now.toISOString();
  const tx = await db.transaction('write');
  try {
    if (builtAt) {
      const stored = await tx.execute({ sql: 'SELECT value FROM settings WHERE key = ?', args: [BUILT_AT] });
      const newer = stored.rows[0] ? String(stored.rows[0].value) : null;
      if (newer && newer > builtAt) {
        await tx.rollback();
        return { published: 0, gone: [], newerBuild: newer };
      }
    }
    const before = await tx.execute("SELECT slug FROM posts WHERE status = 'published'");
    const listed = new Set(posts.map((post) => post.slug));
    const gone = before.rows.map((row) => String(row.slug)).filter((slug) => !listed.has(slug));
    await tx.batch([
      ...posts.map((post) => ({
        sql: `INSERT INTO posts (slug, url, title, published, updated, status, synced_at)
              VALUES (?, ?, ?, ?, ?, 'published', ?)
              ON CONFLICT (slug) DO UPDATE SET url = excluded.url, title = excluded.title,
                published = excluded.published, updated = excluded.updated,
                status = 'published', synced_at = excluded.synced_at`,
        args: [post.slug, post.url, post.title, post.published, post.updated, at],
      })),
      ...gone.map((slug) => ({
        sql: "UPDATE posts SET status = 'gone', version = version + 1, synced_at = ? WHERE slug = ?",
        args: [at, slug],
      })),
      ...(builtAt
        ? [
            {
              sql: 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
              args: [BUILT_AT, builtAt],
            },
          ]
        : []),
    ]);
    await tx.commit();
    return { published: posts.length, gone };
  } finally {
    tx.close();
  }
}

function toPost(row: Record<string, unknown>): StoredPost {
  return {
    slug: String(row.slug),
    url: String(row.url),
    title: String(row.title),
    published: String(row.published),
    updated: row.updated == null ? null : String(row.updated),
    status: row.status === 'gone' ? 'gone' : 'published',
    version: Number(row.version),
  };
}

/** The post with this slug when it is published, else null (unknown, draft or gone). */
export async function findPublishedPost(db: Db, slug: string): Promise<StoredPost | null> {
  const result = await db.execute({
    sql: "SELECT * FROM posts WHERE slug = ? AND status = 'published'",
    args: [slug],
  });
  const row = result.rows[0];
  return row ? toPost(row) : null;
}

export async function listPublishedPosts(db: Db): Promise<StoredPost[]> {
  const result = await db.execute("SELECT * FROM posts WHERE status = 'published' ORDER BY published DESC");
  return result.rows.map(toPost);
}

/** The published post at exactly this URL, if any. */
export async function findPublishedPostByUrl(db: Db, url: string): Promise<StoredPost | null> {
  const result = await db.execute({ sql: "SELECT * FROM posts WHERE url = ? AND status = 'published'", args: [url] });
  const row = result.rows[0];
  return row ? toPost(row) : null;
}

/** A post whose conversation changed, with the number of that change (see migration 0008). */
export interface PostChange {
  slug: string;
  version: number;
  changeSeq: number;
}

/** Published posts changed after change number `after`, oldest change first; `after` -1 lists them all. */
export async function postsChangedAfter(db: Db, after: number, limit = 1000): Promise<PostChange[]> {
  const result = await db.execute({
    sql: "SELECT slug, version, change_seq FROM posts WHERE status = 'published' AND change_seq > ? ORDER BY change_seq LIMIT ?",
    args: [after, limit],
  });
  return result.rows.map((row) => ({ slug: String(row.slug), version: Number(row.version), changeSeq: Number(row.change_seq) }));
}
