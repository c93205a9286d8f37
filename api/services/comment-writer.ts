import type { Db } from '../db/client.ts';
import { type LimitedInsert, limitedCommentInsert, type NewComment } from '../db/interactions.ts';
import type { RateLimitHit } from '../db/rate-limits.ts';
import { perKey, perTurn } from './per-turn.ts';

export interface PendingComment {
  comment: NewComment;
  hit: RateLimitHit;
  now: Date;
}

export interface CommentWriter {
  /** Counts the hit and stores the comment when within the limit; resolves once committed. */
  write(pending: PendingComment): Promise<LimitedInsert>;
}

async function commitOne(db: Db, pending: PendingComment): Promise<LimitedInsert> {
  const insert = limitedCommentInsert(pending.comment, pending.hit, pending.now);
  return insert.read(await db.batch(insert.statements, 'write'));
}

/**
 * Group commit: the comments ready in one turn of the event loop are counted and stored in one
 * write transaction, so they share one sync to disk, and each is answered only after that commit.
 * When a group fails, each of its comments is tried alone, so one bad comment fails no other.
 * One writer per database client.
 *
 * @example const { id } = await commentWriterFor(db).write({ comment, hit, now });
 */
export const commentWriterFor = perKey((db: Db): CommentWriter => {
  const write = perTurn(
    async (group: PendingComment[]): Promise<PromiseSettledResult<LimitedInsert>[]> => {
      if (group.length > 1) {
        const inserts = group.map((pending) => limitedCommentInsert(pending.comment, pending.hit, pending.now));
        try {
          const results = await db.batch(
            inserts.flatMap((insert) => insert.statements),
            'write',
          );
          let offset = 0;
          return inserts.map((insert) => {
            const own = results.slice(offset, offset + insert.statements.length);
            offset += insert.statements.length;
            return { status: 'fulfilled', value: insert.read(own) };
          });
        } catch {
          // fall through: alone, each comment gets its own answer
        }
      }
      const settled: PromiseSettledResult<LimitedInsert>[] = [];
      for (const pending of group) settled.push(...(await Promise.allSettled([commitOne(db, pending)])));
      return settled;
    },
    { max: 100 },
  );
  return { write };
});
