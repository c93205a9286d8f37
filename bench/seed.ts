/** Databases for the benchmark: migrated, with posts and generated conversations. */
import type { PostRecord } from '../api/core/types.ts';
import type { Db } from '../api/db/client.ts';
import { syncPosts } from '../api/db/posts.ts';
import { openMigratedDb } from '../api/node/open-db.ts';

export const SITE_URL = 'http://127.0.0.1:4321';

export function benchPost(slug: string, n = 0): PostRecord {
  const day = String((n % 28) + 1).padStart(2, '0');
  return { slug, url: `${SITE_URL}/posts/${slug}/`, title: `Post ${slug}`, published: `2026-01-${day}T10:00:00.000Z`, updated: null };
}

/** A conversation like a lively post's: threads three deep, a few likes, people who come back. */
export function interactionRows(slug: string, count: number, firstId: number) {
  const rows: { sql: string; args: (string | number | null)[] }[] = [];
  for (let n = 0; n < count; n += 1) {
    const id = firstId + n;
    const like = n % 10 === 9;
    const parent = like || n < 3 || n % 3 === 0 ? null : firstId + Math.floor(n / 2);
    const person = n % 17;
    const at = new Date(Date.UTC(2026, 0, 1, 12, n)).toISOString();
    const text = `Reply ${n} from person ${person}: threads beat flat lists because people answer each other, and this one says so at some length.`;
    rows.push({
      sql: `INSERT INTO interactions (id, post_slug, kind, origin, parent_id, author_name, author_url, content_html, content_text, url, source_url, published, received, status)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'published')`,
      args: [
        id,
        slug,
        like ? 'like' : parent === null ? 'comment' : 'reply',
        like ? 'webmention' : 'comment',
        parent,
        `Person ${person}`,
        `https://person-${person}.example/`,
        like ? '' : `<p>${text.replace('threads', '<em>threads</em>')}</p>`,
        like ? '' : text,
        like ? `https://person-${person}.example/likes/${id}` : null,
        like ? `https://person-${person}.example/likes/${id}` : null,
        at,
        at,
      ],
    });
  }
  rows.push({ sql: 'UPDATE posts SET version = version + 1 WHERE slug = ?', args: [slug] });
  return rows;
}

/** Opens (creating and migrating) a database with `posts` and `perPost` interactions on each. */
export async function seedDatabase(url: string, posts: PostRecord[], perPost: number, authToken?: string): Promise<Db> {
  const { db } = await openMigratedDb({ databaseUrl: url, databaseAuthToken: authToken });
  await syncPosts(db, posts);
  let nextId = 1;
  for (const post of posts) {
    if (perPost) await db.batch(interactionRows(post.slug, perPost, nextId), 'write');
    nextId += perPost;
  }
  return db;
}
