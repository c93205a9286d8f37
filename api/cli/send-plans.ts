import { isForbiddenHost } from '../core/addresses.ts';
import type { Db } from '../db/client.ts';
import { goneSourcesToNotify } from '../db/outgoing.ts';
import { readBuiltPosts } from '../node/built-posts.ts';
import { entryLinks } from '../webmention/entry-links.ts';
import { type FetchedPage, type FetchPolicy, guardedFetch } from '../webmention/guarded-fetch.ts';
import { planForced, planSource, type SourcePlan } from '../webmention/outbox.ts';
import { linksHash } from '../webmention/plan.ts';

export interface PlanContext {
  db: Db;
  fetch: typeof fetch;
  policy: FetchPolicy;
  siteUrl: string;
}

/** A reason the command cannot run, with the exit code it ends with. */
export class SendCommandError extends Error {
  constructor(
    readonly code: 'usage' | 'no_build' | 'private_site' | 'source_unreadable',
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message);
    this.name = 'SendCommandError';
  }
}

export interface Plans {
  plans: SourcePlan[];
  /** Things worth saying that are not failures (a post without a page…). */
  notes: string[];
  /** Sources looked at, sending or not. */
  sources: number;
}

/**
 * What a build has to send: every published post's h-entry links, and a farewell to the former
 * targets of posts the database knows as gone (deleted or drafted) that the build no longer has.
 */
export async function plansFromBuild(ctx: PlanContext, distDir: string): Promise<Plans> {
  const built = readBuiltPosts(distDir);
  if (!built) throw new SendCommandError('no_build', `no build in ${distDir} (no parley-posts.json): run npm run build first`, 1);
  const site = new URL(built.manifest.siteUrl);
  if (!ctx.policy.allowPrivateNetwork && isForbiddenHost(site)) {
    throw new SendCommandError(
      'private_site',
      `the build's SITE_URL is ${built.manifest.siteUrl}, which other sites cannot reach: build with SITE_URL set to the public address of the blog`,
      2,
    );
  }
  const plans: SourcePlan[] = [];
  const notes: string[] = [];
  for (const post of built.posts) {
    if (post.html === null) {
      notes.push(`${post.url}: the build has no page for this post; skipped`);
      continue;
    }
    const links = entryLinks(post.html, post.url, [built.manifest.siteUrl]);
    plans.push(await planSource(ctx.db, post.url, { links, hash: await linksHash(links) }));
  }
  const published = new Set(built.posts.map((post) => post.url));
  for (const source of await goneSourcesToNotify(ctx.db)) {
    if (!published.has(source)) plans.push(await planSource(ctx.db, source, 'gone'));
  }
  return { plans, notes, sources: plans.length };
}

/**
 * What one page has to send. With targets, exactly those; without, the links of the page's
 * h-entry, read from the page itself, with the same update rules as a build (a page that
 * answers 404 or 410 is gone).
 */
export async function plansFromSource(ctx: PlanContext, source: string, targets: string[]): Promise<Plans> {
  if (targets.length) return { plans: [await planForced(ctx.db, source, targets)], notes: [], sources: 1 };
  let page: FetchedPage;
  try {
    page = await guardedFetch(source, ctx.policy, ctx.fetch);
  } catch (error) {
    throw new SendCommandError('source_unreadable', `cannot read ${source}: ${error instanceof Error ? error.message : String(error)}`, 1);
  }
  if (page.status === 404 || page.status === 410)
    return {
      plans: [await planSource(ctx.db, source, 'gone')],
      notes: [`${source} answered ${page.status}: notifying its former targets`],
      sources: 1,
    };
  if (page.status < 200 || page.status >= 300)
    throw new SendCommandError('source_unreadable', `cannot read ${source}: it answered ${page.status}`, 1);
  const links = entryLinks(page.body, page.url, [ctx.siteUrl, source]);
  return { plans: [await planSource(ctx.db, source, { links, hash: await linksHash(links) })], notes: [], sources: 1 };
}
