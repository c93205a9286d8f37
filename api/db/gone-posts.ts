import type { Db } from './client.ts';

/** Whether the slug names a post the site published once and no longer does (deleted or drafted). */
export async function isGonePost(db: Db, slug: string): Promise<boolean> {
  const result = await db.execute({ sql: "SELECT 1 FROM posts WHERE slug = ? AND status = 'gone'", args: [slug] });
  return result.rows.length > 0;
}
