/**
 * What the format readers hand the import: one event per thing found in a file, already in
 * Parley's terms. Pure types; the readers (wordpress.ts, disqus.ts, webmention-io.ts,
 * parley-file.ts) yield them and api/services/import.ts stores them.
 */
import type { InteractionKind, InteractionStatus, Origin } from '../core/types.ts';

/** The systems Parley imports from; stored as interactions.import_source. */
export type ImportSource = 'wordpress' | 'disqus' | 'webmention.io' | 'parley';

/** A stable identity of an imported item: its system and its id there (unique in the database). */
export interface ImportKey {
  source: ImportSource;
  id: string;
}

/** Where an item belongs: the old addresses and slugs that may name a Parley post. */
export interface PostHint {
  /** The old page's URL (WordPress link, Disqus thread link, webmention target). */
  url: string | null;
  /** Slugs the old system knew the post by (WordPress post_name), tried after the URL. */
  slugs: string[];
}

/**
 * What an item answers: imported items by identity, or this site's comments by id. Both empty
 * when the item had a parent the file does not hold: it starts a thread of its own.
 */
export interface ParentRef {
  keys: ImportKey[];
  /** Ids of this site's own comments (a webmention answering https://this.site/post/#comment-12). */
  ids: number[];
}

/** HTML as the old system stored it, to be turned into safe content by the import. */
export type RawContent =
  | { format: 'comment-html'; value: string }
  | { format: 'webmention'; html: string | null; text: string | null; url: string }
  | { format: 'stored'; html: string; text: string };

/** One comment, pingback or webmention found in a file. */
export interface ImportItem {
  type: 'item';
  key: ImportKey;
  post: PostHint;
  /** Exact slug (a Parley export names its posts): no mapping is tried. */
  slug?: string;
  parent: ParentRef | null;
  /**
   * The key of a parent expected later in the same file: the item waits until that key has been
   * read, so a parent is always stored before its reply.
   */
  waitsFor?: ImportKey;
  /** For `comment` the import decides comment or reply from the parent it finds. */
  kind: InteractionKind;
  origin: Origin;
  author: { name: string; url: string | null; email: string | null; photo: string | null; isOwner: boolean };
  content: RawContent;
  /** ISO 8601, UTC. */
  published: string;
  updated: string | null;
  received: string;
  status: InteractionStatus;
  /** The webmention's source page (unique per post), or the interaction's URL for webmentions. */
  sourceUrl: string | null;
  url: string | null;
  /** Keep this id when the database allows (a Parley export into an empty database). */
  id?: number;
  /** From a Parley export: kind, status and owner are taken as they are, nothing is inferred. */
  exact?: boolean;
}

/** Something the file holds that is deliberately not imported, with the reason shown in the summary. */
export interface ImportSkip {
  type: 'skip';
  reason: string;
}

/** A post, block or setting from a Parley export. */
export interface ImportPost {
  type: 'post';
  post: { slug: string; url: string; title: string; published: string; updated: string | null; status: 'published' | 'gone' };
}
export interface ImportBlock {
  type: 'block';
  block: { kind: 'domain' | 'person'; value: string; created: string };
}
export interface ImportSetting {
  type: 'setting';
  key: string;
  value: string;
}

/** The site a file comes from, as soon as the reader knows it (a WordPress blog, a Parley site). */
export interface ImportOrigin {
  type: 'origin';
  site: string;
}

export type ImportEvent = ImportOrigin | ImportItem | ImportSkip | ImportPost | ImportBlock | ImportSetting;

/** A file that is not what the command was told it is, or is broken: the import stops with this. */
export class ImportFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportFormatError';
  }
}

export function keyString(key: ImportKey): string {
  return `${key.source}\u0000${key.id}`;
}
