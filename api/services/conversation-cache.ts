import type { StoredPost } from '../db/posts.ts';
import { awaitShared } from './per-turn.ts';

/** A conversation serialized once: the bytes every reader of this version is sent. */
export interface SerializedConversation {
  slug: string;
  version: number;
  /** The ETag of exactly these bytes. */
  tag: string;
  body: Uint8Array<ArrayBuffer>;
}

export interface ConversationCache {
  /** The conversation of `post` at its version or newer, serialized by `load` at most once per version. */
  get(post: StoredPost, load: () => Promise<SerializedConversation>): Promise<SerializedConversation>;
  /** Bytes held, for tests and the benchmark. */
  size(): number;
}

export interface ConversationCacheOptions {
  /** Bodies kept, least recently read dropped first (default 16 MiB). */
  maxBytes?: number;
}

/**
 * Remembers serialized conversations keyed by (slug, version). Every change to a conversation
 * bumps its post's version in the same transaction, so an entry is never stale: a request that
 * read a newer version misses, loads, and replaces it. Concurrent misses of one version share one
 * load.
 *
 * @example const cache = createConversationCache({ maxBytes: 8 * 1024 * 1024 });
 */
export function createConversationCache(options: ConversationCacheOptions = {}): ConversationCache {
  const maxBytes = options.maxBytes ?? 16 * 1024 * 1024;
  const entries = new Map<string, SerializedConversation>();
  const loading = new Map<string, Promise<SerializedConversation>>();
  let bytes = 0;

  const forget = (slug: string) => {
    const old = entries.get(slug);
    if (!old) return;
    entries.delete(slug);
    bytes -= old.body.byteLength;
  };

  const keep = (entry: SerializedConversation) => {
    const current = entries.get(entry.slug);
    if (current && current.version >= entry.version) return;
    forget(entry.slug);
    if (entry.body.byteLength > maxBytes) return;
    entries.set(entry.slug, entry);
    bytes += entry.body.byteLength;
    for (const slug of entries.keys()) {
      if (bytes <= maxBytes) break;
      forget(slug);
    }
  };

  return {
    async get(post, load) {
      const hit = entries.get(post.slug);
      // a newer body than asked for is fine: its version was read after the request arrived too
      if (hit && hit.version >= post.version) {
        entries.delete(post.slug);
        entries.set(post.slug, hit);
        return hit;
      }
      const key = `${post.slug}\n${post.version}`;
      let pending = loading.get(key);
      if (!pending) {
        pending = load().finally(() => loading.delete(key));
        loading.set(key, pending);
        keep(await pending);
      }
      return awaitShared(pending);
    },
    size: () => bytes,
  };
}
