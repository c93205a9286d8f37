import type { Interaction, InteractionStatus } from '../core/types.ts';
import type { Db } from './client.ts';
import { findInteraction, toInteraction } from './interactions.ts';

const WITH_POST_URL = 'SELECT i.*, p.url AS post_url FROM interactions i JOIN posts p ON p.slug = i.post_slug';

/** Sets an interaction's status and bumps its post's version, in one transaction. */
export async function setStatus(
  db: Db,
  postSlug: string,
  id: number,
  status: InteractionStatus,
  now = new Date(),
): Promise<Interaction | null> {
  await db.batch(
    [
      {
        sql: 'UPDATE interactions SET status = ?, updated = ? WHERE post_slug = ? AND id = ?',
        args: [status, now.toISOString(), postSlug, id],
      },
      { sql: 'UPDATE posts SET version = version + 1 WHERE slug = ?', args: [postSlug] },
    ],
    'write',
  );
  return findInteraction(db, postSlug, id);
}

/** Marks these interactions as spam and bumps their posts' versions, in one transaction. */
export async function markSpam(db: Db, ids: number[], now = new Date()): Promise<void> {
  if (!ids.length) return;
  const list = ids.map(() => '?').join(', ');
  await db.batch(
    [
      { sql: `UPDATE posts SET version = version + 1 WHERE slug IN (SELECT post_slug FROM interactions WHERE id IN (${list}))`, args: ids },
      {
        sql: `UPDATE interactions SET status = 'spam', updated = ? WHERE id IN (${list}) AND is_owner = 0`,
        args: [now.toISOString(), ...ids],
      },
    ],
    'write',
  );
}

/** Every interaction on the site whatever its status (for blocking and the author's summaries). */
export async function listEverything(db: Db): Promise<Interaction[]> {
  const { rows } = await db.execute(`${WITH_POST_URL} ORDER BY i.id`);
  return rows.map(toInteraction);
}

/** Every interaction of a post whatever its status, for the author's view. */
export async function listForAuthor(db: Db, postSlug: string): Promise<Interaction[]> {
  const { rows } = await db.execute({ sql: `${WITH_POST_URL} WHERE i.post_slug = ? ORDER BY i.id`, args: [postSlug] });
  return rows.map(toInteraction);
}

/** What happened across the site, newest first: everything but removed items. */
export async function listActivity(db: Db, options: { since?: string; limit: number }): Promise<Interaction[]> {
  const { rows } = await db.execute({
    sql: `${WITH_POST_URL} WHERE i.status != 'removed' AND i.received >= ? ORDER BY i.received DESC, i.id DESC LIMIT ?`,
    args: [options.since ?? '', options.limit],
  });
  return rows.map(toInteraction);
}
