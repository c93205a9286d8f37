import { loadConfig } from '../core/config.ts';
import { describeDuration, type PostSummary } from '../core/summary.ts';
import { openMigratedDb } from '../node/open-db.ts';
import { postView, siteView } from '../services/author-view.ts';
import { createServices } from '../services/create.ts';
import { table } from './table.ts';

function ago(iso: string | null, now: Date): string {
  return iso ? `${describeDuration(now.getTime() - Date.parse(iso))} ago` : '-';
}

function full(title: string, summary: PostSummary | undefined, now: Date): string {
  if (!summary) return `${title}\n  no conversation yet`;
  const domains = Object.entries(summary.replies.byDomain)
    .map(([domain, count]) => `${domain} ${count}`)
    .join(', ');
  const lines = [
    title,
    `  people taking part   ${summary.people} (${summary.returningPeople} returning from other posts)`,
    `  replies              ${summary.replies.comments} comments, ${summary.replies.webmentions} webmentions${domains ? ` (${domains})` : ''}`,
    `  reactions            ${summary.reactions.like} likes, ${summary.reactions.repost} reposts, ${summary.reactions.bookmark} bookmarks`,
    `  threads              ${summary.threads}, the deepest ${summary.deepestThread} levels`,
    `  median first answer  ${summary.medianFirstAnswerMs === null ? 'no answers yet' : describeDuration(summary.medianFirstAnswerMs)}`,
    `  last activity        ${ago(summary.lastActivity, now)}`,
    `  waiting for you      ${summary.waiting.length || 'nobody'}`,
    ...summary.waiting.map(
      (thread) => `    ${thread.author.name}, for ${describeDuration(now.getTime() - Date.parse(thread.since))}: “${thread.excerpt}”`,
    ),
  ];
  return lines.join('\n');
}

/** `parley summary [slug]`: every post in a table, or one post in full. */
export async function summaryCommand(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log('Usage: parley summary [slug]\n\nWho is talking, what is waiting for you, per post; with a slug, that post in full.');
    return 0;
  }
  const config = loadConfig(process.env);
  const { db } = await openMigratedDb(config);
  try {
    const services = createServices({ db, config });
    const now = new Date();
    const slug = args.find((arg) => !arg.startsWith('-'));
    if (slug) {
      const view = await postView(services, slug);
      console.log(full(view.post.title, view.summary, now));
      return 0;
    }
    const view = await siteView(services);
    const rows = view.posts.map(({ post, summary, held }) => [
      post.slug,
      String(summary?.people ?? 0),
      String(summary?.waiting.length ?? 0),
      String((summary?.replies.comments ?? 0) + (summary?.replies.webmentions ?? 0)),
      String(Object.values(summary?.reactions ?? {}).reduce((sum, count) => sum + count, 0)),
      String(held),
      ago(summary?.lastActivity ?? null, now),
    ]);
    console.log(table(['post', 'people', 'waiting', 'replies', 'reactions', 'held', 'last activity'], rows));
    if (view.waiting.length) {
      console.log(`\n${view.waiting.length} waiting for you, oldest first:`);
      for (const thread of view.waiting)
        console.log(`  ${thread.postSlug}: ${thread.author.name}, for ${describeDuration(now.getTime() - Date.parse(thread.since))}`);
    }
    return 0;
  } finally {
    db.close();
  }
}
