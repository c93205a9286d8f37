import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { findRegion, patchRegion, renderConversationRegion } from '../core/conversation-region.ts';
import { buildConversation } from '../core/thread.ts';
import { postPath } from '../core/urls.ts';
import type { Db } from '../db/client.ts';
import { readConversationAt } from '../db/interactions.ts';
import { postsChangedAfter } from '../db/posts.ts';

export interface SiteUpdaterOptions {
  db: Db;
  /** The folder this instance serves (its own copy of the build). */
  siteDir: string;
  /** How often to ask the database what other instances changed. */
  pollMs?: number;
  log?: (line: string) => void;
  /** Told after a post's page was rewritten (what waits for a page to hold something can look again). */
  onPatched?: (slug: string) => void;
}

export interface SiteUpdater {
  /** A post's conversation changed here: its page is rewritten at once. */
  changed(slug: string): void;
  /** Rewrites this post's page now if the database is newer; resolves once it is current. */
  refresh(slug: string): Promise<void>;
  /** Resolves once no page is waiting to be rewritten. */
  idle(): Promise<void>;
  /** Pages rewritten since the start, for the log and the tests. */
  patched(): number;
  stop(): Promise<void>;
}

/**
 * Keeps the pages this instance serves current with the database, one post at a time: when a
 * conversation changes, only that post's page is rewritten, its conversation region rendered by
 * the same function the build uses, and written whole (temp file, then rename), so a reader never
 * gets half a page and the bytes are those a full build would write.
 *
 * Every instance does this for its own copy, from the versions in the database: a change made by
 * another instance (or the verifier, /admin, the CLI) is seen by the next poll (an indexed read of
 * what changed since the last one), and on start every page older than its post's version is
 * brought up to date, so an instance that was down catches up. No leader, no messages.
 *
 * @example const updater = await startSiteUpdater({ db, siteDir }); updater.changed('hello-world');
 */
export async function startSiteUpdater(options: SiteUpdaterOptions): Promise<SiteUpdater> {
  const { db, siteDir } = options;
  const log = options.log ?? (() => undefined);
  const pollMs = options.pollMs ?? 250;
  /** Posts to check, with the version the database said they were at when known. */
  const queue = new Map<string, number | undefined>();
  const waiting = new Map<string, (() => void)[]>();
  let lastSeq = -1;
  let patches = 0;
  let running: Promise<void> | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const pageFile = (slug: string) => path.join(siteDir, decodeURIComponent(postPath(slug)), 'index.html');

  /** Rewrites one page when the database holds a newer version than the page. */
  const update = async (slug: string, known: number | undefined) => {
    const file = pageFile(slug);
    if (!existsSync(file)) return; // a post this build has no page for: the next build makes it
    const html = readFileSync(file, 'utf8');
    const region = findRegion(html);
    if (!region) return;
    // the common case on start: the page is as new as the version the poll reported
    if (known !== undefined && region.version !== null && region.version >= known && region.state !== 'pending') return;
    const current = await readConversationAt(db, slug);
    if (!current) return;
    if (region.version !== null && region.version >= current.version && region.state !== 'pending') return;
    const conversation = buildConversation(current.post, current.interactions);
    const next = patchRegion(html, region, renderConversationRegion(conversation, current.version, region.ctx));
    const temp = `${file}.tmp-${process.pid}`;
    writeFileSync(temp, next);
    renameSync(temp, file);
    patches += 1;
    options.onPatched?.(slug);
  };

  const drain = async () => {
    while (queue.size && !stopped) {
      const [slug, known] = queue.entries().next().value as [string, number | undefined];
      queue.delete(slug);
      try {
        await update(slug, known);
      } catch (error) {
        log(`could not update the page of ${slug}: ${error instanceof Error ? error.message : String(error)}`);
      }
      for (const resolve of waiting.get(slug)?.splice(0) ?? []) resolve();
    }
  };
  const kick = () => {
    running ??= drain().finally(() => {
      running = null;
      if (queue.size && !stopped) kick();
    });
  };
  const enqueue = (slug: string, known?: number) => {
    // a later report of a lower version must not hide a change made here since
    queue.set(slug, queue.has(slug) ? undefined : known);
    kick();
  };

  const poll = async () => {
    for (;;) {
      const changes = await postsChangedAfter(db, lastSeq);
      for (const change of changes) {
        enqueue(change.slug, change.version);
        lastSeq = Math.max(lastSeq, change.changeSeq);
      }
      if (changes.length < 1000) return;
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      poll()
        .catch((error) => log(`could not check for conversation changes: ${error instanceof Error ? error.message : String(error)}`))
        .finally(schedule);
    }, pollMs);
    timer.unref();
  };

  // catch up: every published post is checked once against its page
  const started = Date.now();
  await poll();
  while (running !== null) await running;
  if (patches) log(`brought ${patches} page${patches === 1 ? '' : 's'} up to date with the database in ${Date.now() - started} ms`);
  schedule();

  return {
    changed: (slug) => enqueue(slug),
    refresh: (slug) =>
      new Promise<void>((resolve) => {
        const list = waiting.get(slug) ?? [];
        list.push(resolve);
        waiting.set(slug, list);
        enqueue(slug);
      }),
    idle: async () => {
      while (running !== null) await running;
    },
    patched: () => patches,
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      while (running !== null) await running;
      for (const list of waiting.values()) for (const resolve of list.splice(0)) resolve();
    },
  };
}
