/**
 * Build-time read of every conversation. All pages share one query: the first page to ask runs
 * it, the others await the same promise. When the database cannot be reached at all the build
 * still succeeds, says so in one line, and pages ship an empty conversation marked for the client
 * script to fill in. A database that answers with an error fails the build: shipping empty
 * threads from a misconfigured or broken database would hide every comment from readers and crawlers.
 */
import { loadConfig } from '../../api/core/config.ts';
import { buildConversation } from '../../api/core/thread.ts';
import type { Conversation, PostRef } from '../../api/core/types.ts';
import { openDb } from '../../api/db/client.ts';
import { listPublishedByPost, type PublishedBatch, parseBatch } from '../../api/db/interactions.ts';
import { isUnreachable, noteUnreachable, unreachableThisBuild } from '../../api/db/unreachable.ts';

type ByPost = Map<string, PublishedBatch>;

let shared: Promise<ByPost | null> | undefined;

async function readAll(): Promise<ByPost | null> {
  const config = loadConfig(process.env);
  if (unreachableThisBuild()) return null;
  try {
    const db = await openDb({ url: config.databaseUrl, authToken: config.databaseAuthToken });
    try {
      return await listPublishedByPost(db);
    } finally {
      db.close();
    }
  } catch (error) {
    if (!isUnreachable(error)) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`cannot read the conversations from ${config.databaseUrl.split('?')[0]}: ${reason}`, { cause: error });
    }
    noteUnreachable(config.databaseUrl, error);
    return null;
  }
}

/**
 * The conversation of one post as of this build, with the version it was read at, or null when
 * the database was unreachable.
 */
export async function conversationAtBuild(post: PostRef): Promise<{ conversation: Conversation; version: number } | null> {
  // the dev server re-reads on every page so new comments show on reload
  if (import.meta.env.DEV) shared = undefined;
  shared ??= readAll();
  const byPost = await shared;
  if (!byPost) return null;
  const batch = byPost.get(post.slug);
  // a post the database does not list yet (synced after this build) has no version: the server patches it on start
  if (!batch) return { conversation: buildConversation(post, []), version: -1 };
  return { conversation: buildConversation(post, parseBatch(batch)), version: batch.version };
}
