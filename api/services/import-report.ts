import type { InteractionStatus } from '../core/types.ts';
import type { ImportSource } from '../import/records.ts';

/** What an import did, counted as it goes: the progress line and the closing summary read it. */
export interface ImportReport {
  source: ImportSource;
  /** The site the file came from, when the file names it. */
  site: string | null;
  dryRun: boolean;
  /** Items read from the file (comments, pingbacks, webmentions). */
  read: number;
  /** Items stored (or, in a dry run, that would be), by status. */
  added: Record<InteractionStatus, number>;
  /** Stored items that became the owner's answers. */
  owner: number;
  /** Items a previous run already stored. */
  existing: number;
  /** Webmentions whose source page already has a mention of that post. */
  duplicates: number;
  /** Replies whose parent was not found: they start a thread of their own. */
  topLevel: number;
  /** Reasons items were not imported, with how many each. */
  skipped: Map<string, number>;
  /** Pages whose post Parley does not have, with how many items each. */
  missingPosts: Map<string, number>;
  /** Posts whose conversation changed. */
  posts: Set<string>;
  /** A Parley export's posts, blocks and settings that were added. */
  postsAdded: number;
  blocksAdded: number;
  settingsAdded: number;
  /** How many posts the database knew when the import began (none: the site was never built). */
  postsKnown: number;
  /** A Parley export: whether its ids were kept. */
  keptIds: boolean | null;
  batches: number;
  skip(reason: string, missingPost?: string): void;
}

export function emptyReport(source: ImportSource, dryRun: boolean): ImportReport {
  const report: ImportReport = {
    source,
    site: null,
    dryRun,
    read: 0,
    added: { published: 0, pending: 0, spam: 0, removed: 0 },
    owner: 0,
    existing: 0,
    duplicates: 0,
    topLevel: 0,
    skipped: new Map(),
    missingPosts: new Map(),
    posts: new Set(),
    postsAdded: 0,
    blocksAdded: 0,
    settingsAdded: 0,
    postsKnown: 0,
    keptIds: null,
    batches: 0,
    skip(reason, missingPost) {
      report.skipped.set(reason, (report.skipped.get(reason) ?? 0) + 1);
      if (missingPost) report.missingPosts.set(missingPost, (report.missingPosts.get(missingPost) ?? 0) + 1);
    },
  };
  return report;
}

/** Everything stored (or that would be) by this run. */
export function addedTotal(report: ImportReport): number {
  return Object.values(report.added).reduce((sum, n) => sum + n, 0);
}
