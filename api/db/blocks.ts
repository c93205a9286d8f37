import type { Db } from './client.ts';

export type BlockKind = 'domain' | 'person';

export interface Blocks {
  domains: string[];
  people: string[];
}

export async function listBlocks(db: Db): Promise<Blocks> {
  const result = await db.execute('SELECT kind, value FROM blocks ORDER BY value');
  const blocks: Blocks = { domains: [], people: [] };
  for (const row of result.rows) (row.kind === 'domain' ? blocks.domains : blocks.people).push(String(row.value));
  return blocks;
}

export async function addBlock(db: Db, kind: BlockKind, value: string, now = new Date()): Promise<void> {
  await db.execute({
    sql: 'INSERT OR IGNORE INTO blocks (kind, value, created_at) VALUES (?, ?, ?)',
    args: [kind, value, now.toISOString()],
  });
}

export async function removeBlock(db: Db, kind: BlockKind, value: string): Promise<void> {
  await db.execute({ sql: 'DELETE FROM blocks WHERE kind = ? AND value = ?', args: [kind, value] });
}
