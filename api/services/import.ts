/**
 * Runs an import: events from a format reader in, rows out, one write transaction per batch
 * (the rows, and one version bump per changed post). A crash loses at most the batch under way,
 * and a rerun skips everything already stored (each row's identity is unique), so it completes
 * the import. Nothing here sends a webhook, a notification or a webmention: imported rows carry
 * import_source, which every outbox trigger skips.
 */
import type { InStatement } from '@libsql/client';
import { listBlocks } from '../db/blocks.ts';
import type { Db } from '../db/client.ts';
import {
  bumpVersions,
  countInteractions,
  existingKeys,
  importBlockStatement,
  importPostStatement,
  importSettingStatement,
  importStatement,
  listPostUrls,
} from '../db/imports.ts';
import { getSetting, setSetting } from '../db/settings.ts';
import { createPostMatcher, type PostMapOptions } from '../import/post-map.ts';
import { type OwnerIdentity, type PrepareContext, type PreparedRow, prepareItem } from '../import/prepare.ts';
import { type ImportEvent, type ImportItem, type ImportSource, keyString } from '../import/records.ts';
import { emptyReport, type ImportReport } from './import-report.ts';

export interface ImportOptions {
  db: Db;
  source: ImportSource;
  events: AsyncIterable<ImportEvent>;
  map?: PostMapOptions;
  /** The author's old emails and websites: their comments become owner answers. */
  ownerIds?: string[];
  /** Domains refused by configuration (PARLEY_BLOCKED_DOMAINS), besides the blocks table. */
  blockedDomains?: string[];
  dryRun?: boolean;
  /** Items per transaction (default 500). */
  batchSize?: number;
  now?: () => Date;
  /** Called after each batch with the report so far (progress). */
  onBatch?: (report: ImportReport) => void;
}

type Pending = { row: PreparedRow } | { statement: InStatement; count: 'postsAdded' | 'blocksAdded' | 'settingsAdded' };

async function ownerIdentity(db: Db): Promise<OwnerIdentity | null> {
  const stored = await getSetting(db, 'owner');
  return stored ? (JSON.parse(stored) as OwnerIdentity) : null;
}

/**
 * @example const report = await runImport({ db, source: 'wordpress', events: readWordPress(chunks) });
 */
export async function runImport(options: ImportOptions): Promise<ImportReport> {
  const { db, dryRun = false } = options;
  const batchSize = options.batchSize ?? 500;
  const now = options.now ?? (() => new Date());
  const report = emptyReport(options.source, dryRun);
  const blocks = await listBlocks(db);
  const posts = await listPostUrls(db);
  report.postsKnown = posts.length;
  const context: PrepareContext = {
    match: createPostMatcher(posts, options.map),
    ownerIds: options.ownerIds ?? [],
    owner: await ownerIdentity(db),
    blocks: { domains: [...blocks.domains, ...(options.blockedDomains ?? [])], people: blocks.people },
  };
  let keepIds = false;
  let pending: Pending[] = [];
  // keys read so far, and items waiting for a parent that comes later in the file
  const seen = new Set<string>();
  const waiting = new Map<string, ImportItem[]>();

  const flush = async () => {
    if (!pending.length) return;
    const batch = pending;
    pending = [];
    const rows = batch.flatMap((entry) => ('row' in entry ? [entry.row] : []));
    const stored = await existingKeys(
      db,
      rows.map((row) => row.key),
    );
    const fresh = rows.filter((row) => !stored.has(keyString(row.key)));
    report.existing += rows.length - fresh.length;
    const others = batch.flatMap((entry) => ('statement' in entry ? [entry] : []));
    const added = (row: PreparedRow) => {
      report.added[row.status] += 1;
      if (row.author.isOwner) report.owner += 1;
    };
    if (dryRun) {
      for (const row of fresh) added(row);
      for (const other of others) report[other.count] += 1;
    } else {
      const inserts = fresh.map((row) => importStatement(row, keepIds));
      const bump = bumpVersions(new Set(fresh.map((row) => row.slug)));
      const results = await db.batch([...others.map((other) => other.statement), ...inserts, ...(bump ? [bump] : [])], 'write');
      others.forEach((other, index) => {
        if (results[index]?.rowsAffected) report[other.count] += 1;
      });
      fresh.forEach((row, index) => {
        const inserted = results[others.length + index]?.rows[0];
        if (!inserted) {
          report.duplicates += 1;
          return;
        }
        added(row);
        report.posts.add(row.slug);
        if (row.parent && inserted.parent_id == null) report.topLevel += 1;
      });
    }
    report.batches += 1;
    options.onBatch?.(report);
  };

  const push = async (entry: Pending) => {
    pending.push(entry);
    if (pending.length >= batchSize) await flush();
  };

  const take = async (item: ImportItem) => {
    report.read += 1;
    const key = keyString(item.key);
    seen.add(key);
    const prepared = prepareItem(item, context);
    if ('row' in prepared) await push({ row: prepared.row });
    else report.skip(prepared.skip, prepared.missingPost);
    const children = waiting.get(key);
    if (children) {
      waiting.delete(key);
      for (const child of children) await take(child);
    }
  };

  for await (const event of options.events) {
    switch (event.type) {
      case 'origin':
        report.site = event.site;
        if (options.source === 'parley') keepIds = await decideIds(db, event.site, dryRun);
        report.keptIds = options.source === 'parley' ? keepIds : null;
        break;
      case 'skip':
        report.skip(event.reason);
        break;
      case 'post':
        context.match.add(event.post);
        await push({ statement: importPostStatement(event.post, now()), count: 'postsAdded' });
        break;
      case 'block':
        await push({ statement: importBlockStatement(event.block), count: 'blocksAdded' });
        break;
      case 'setting':
        await push({ statement: importSettingStatement(event.key, event.value), count: 'settingsAdded' });
        break;
      case 'item': {
        const parentKey = event.waitsFor ? keyString(event.waitsFor) : null;
        if (parentKey && !seen.has(parentKey)) waiting.set(parentKey, [...(waiting.get(parentKey) ?? []), event]);
        else await take(event);
      }
    }
  }
  // replies whose parent never came: stored under it if an earlier import has it, else at the top
  for (const children of waiting.values()) for (const child of children) await take(child);
  await flush();
  return report;
}

/**
 * A Parley export keeps its ids (and so every #comment-N permalink) when it goes into a database
 * with no interactions; into one that has some, items get new ids. The choice is kept per
 * exporting site, so a rerun after a crash decides the same way.
 */
async function decideIds(db: Db, site: string, dryRun: boolean): Promise<boolean> {
  const key = `import_parley_ids:${site}`;
  const stored = await getSetting(db, key);
  if (stored) return stored === 'kept';
  const keep = (await countInteractions(db)) === 0;
  if (!dryRun) await setSetting(db, key, keep ? 'kept' : 'renumbered');
  return keep;
}
