/**
 * Storing imported items: statements for one batch (run in one write transaction by the caller),
 * and the lookups an import needs. Every imported row carries import_source and import_id, the
 * identity that makes a rerun add nothing and that keeps it out of every outbox (migration 0010).
 */
import type { InStatement, InValue } from '@libsql/client';
import type { PreparedRow } from '../import/prepare.ts';
import type { ImportKey, ImportPost, ParentRef } from '../import/records.ts';
import type { Db } from './client.ts';

/** The keys among `keys` already stored, as `source\0id` strings. */
export async function existingKeys(db: Db, keys: ImportKey[]): Promise<Set<string>> {
  const found = new Set<string>();
  const bySource = new Map<string, string[]>();
  for (const key of keys) bySource.set(key.source, [...(bySource.get(key.source) ?? []), key.id]);
  for (const [source, ids] of bySource) {
    for (let start = 0; start < ids.length; start += 500) {
      const chunk = ids.slice(start, start + 500);
      const { rows } = await db.execute({
        sql: `SELECT import_id FROM interactions WHERE import_source = ? AND import_id IN (${chunk.map(() => '?').join(', ')})`,
        args: [source, ...chunk],
      });
      for (const row of rows) found.add(`${source}\u0000${String(row.import_id)}`);
    }
  }
  return found;
}

/** The parent a reference names on the same post (imported by key, or one of this site's ids). */
function parentSql(slug: string, parent: ParentRef | null): { sql: string; args: InValue[] } {
  if (!parent || (parent.keys.length === 0 && parent.ids.length === 0)) return { sql: 'NULL', args: [] };
  const conditions = [
    ...parent.keys.map(() => '(import_source = ? AND import_id = ?)'),
    ...(parent.ids.length ? [`id IN (${parent.ids.map(() => '?').join(', ')})`] : []),
  ];
  return {
    sql: `(SELECT id FROM interactions WHERE post_slug = ? AND kind NOT IN ('like', 'repost', 'bookmark')
            AND (${conditions.join(' OR ')}) ORDER BY id LIMIT 1)`,
    args: [slug, ...parent.keys.flatMap((key) => [key.source, key.id]), ...parent.ids],
  };
}

/**
 * Inserts one prepared row unless its identity (or, for a webmention, its source page on that
 * post) is already stored. The parent is looked up inside the transaction, so a parent stored
 * earlier in the same batch is found. With `keepId`, the row keeps its id unless that id is taken.
 * RETURNING gives the new id and parent, or no row when nothing was inserted.
 */
export function importStatement(row: PreparedRow, keepId: boolean): InStatement {
  const parent = parentSql(row.slug, row.parent);
  const id =
    keepId && row.id !== null
      ? { sql: 'CASE WHEN EXISTS (SELECT 1 FROM interactions WHERE id = ?) THEN NULL ELSE ? END', args: [row.id, row.id] }
      : { sql: 'NULL', args: [] };
  return {
    sql: `INSERT INTO interactions (id, post_slug, kind, origin, parent_id, author_name, author_url, author_photo, author_email,
            is_owner, content_html, content_text, url, source_url, published, updated, received, status, import_source, import_id)
          SELECT ${id.sql}, ?, CASE WHEN ? AND p.id IS NOT NULL THEN 'reply' ELSE ? END, ?, p.id, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
          FROM (SELECT ${parent.sql} AS id) AS p WHERE true
          ON CONFLICT DO NOTHING RETURNING id, parent_id`,
    args: [
      ...id.args,
      row.slug,
      row.deriveKind ? 1 : 0,
      row.kind,
      row.origin,
      row.author.name,
      row.author.url,
      row.author.photo,
      row.author.email,
      row.author.isOwner ? 1 : 0,
      row.html,
      row.text,
      row.url,
      row.sourceUrl,
      row.published,
      row.updated,
      row.received,
      row.status,
      row.key.source,
      row.key.id,
      // the parent's lookup sits in the FROM clause, after every value of the select list
      ...parent.args,
    ],
  };
}

/** Every changed post's conversation version moves once per batch, so caches and servers follow. */
export function bumpVersions(slugs: Iterable<string>): InStatement | null {
  const list = [...slugs];
  if (!list.length) return null;
  return { sql: `UPDATE posts SET version = version + 1 WHERE slug IN (${list.map(() => '?').join(', ')})`, args: list };
}

/** A post from a Parley export, added only when the database does not know it (the build's list wins). */
export function importPostStatement(post: ImportPost['post'], now: Date): InStatement {
  return {
    sql: `INSERT INTO posts (slug, url, title, published, updated, status, synced_at) VALUES (?, ?, ?, ?, ?, ?, ?)
          ON CONFLICT (slug) DO NOTHING`,
    args: [post.slug, post.url, post.title, post.published, post.updated, post.status, now.toISOString()],
  };
}

export function importBlockStatement(block: { kind: string; value: string; created: string }): InStatement {
  return { sql: 'INSERT OR IGNORE INTO blocks (kind, value, created_at) VALUES (?, ?, ?)', args: [block.kind, block.value, block.created] };
}

/** A setting from an export is kept only where this site has none of its own. */
export function importSettingStatement(key: string, value: string): InStatement {
  return { sql: 'INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)', args: [key, value] };
}

export async function countInteractions(db: Db): Promise<number> {
  const { rows } = await db.execute('SELECT count(*) AS n FROM interactions');
  return Number(rows[0]?.n ?? 0);
}

/** Every post the database knows, gone ones too (their conversations are kept). */
export async function listPostUrls(db: Db): Promise<{ slug: string; url: string }[]> {
  const { rows } = await db.execute('SELECT slug, url FROM posts ORDER BY slug');
  return rows.map((row) => ({ slug: String(row.slug), url: String(row.url) }));
}
