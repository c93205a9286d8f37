/** What `parley export` reads: every table a person takes with them, in a stable order. */
import type { Db } from './client.ts';

export type Row = Record<string, unknown>;

export async function exportPosts(db: Db): Promise<Row[]> {
  const { rows } = await db.execute('SELECT slug, url, title, published, updated, status FROM posts ORDER BY slug');
  return rows;
}

export async function exportBlocks(db: Db): Promise<Row[]> {
  const { rows } = await db.execute('SELECT kind, value, created_at FROM blocks ORDER BY kind, value');
  return rows;
}

/**
 * Every interaction in id order, a page at a time (keyed on the id, so each page is one indexed
 * read), with its post's URL for the permalinks of comments.
 *
 * @example for await (const row of exportInteractions(db)) …
 */
export async function* exportInteractions(db: Db, pageSize = 1000): AsyncGenerator<Row> {
  let after = 0;
  for (;;) {
    const { rows } = await db.execute({
      sql: `SELECT i.*, p.url AS post_url FROM interactions i JOIN posts p ON p.slug = i.post_slug
            WHERE i.id > ? ORDER BY i.id LIMIT ?`,
      args: [after, pageSize],
    });
    yield* rows;
    if (rows.length < pageSize) return;
    after = Number(rows.at(-1)?.id);
  }
}
