import type { PostRecord } from '../core/types.ts';
import type { Db } from './client.ts';

export interface StoredPost extends PostRecord {
  status: 'published' | 'gone';
  version: number;
}

export interface SyncResult {
  published: number;
  gone: string[];
}

/**
 * Makes the posts table match the list the build published: new and changed posts are upserted,
 * posts missing from the list are marked gone (their conversation is kept). One write transaction.
 */
export async function syncPosts(db: Db, posts: PostRecord[], now = new Date()): Promise<SyncResult> {
  const at = now.toISOString();
  const before = await db.execute("SELECT slug FROM posts WHERE status = 'published'");
  const listed = new Set(posts.map((post) => post.slug));
  const gone = before.rows.map((row) => String(row.slug)).filter((slug) => !listed.has(slug));
  await db.batch(
    [
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
    ],
    'write',
  );
  return { published: posts.length, gone };
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
