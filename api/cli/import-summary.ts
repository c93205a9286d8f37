import { addedTotal, type ImportReport } from '../services/import-report.ts';
import type { Output } from './send-report.ts';

const n = (value: number) => value.toLocaleString('en');

const NAMES: Record<ImportReport['source'], string> = {
  wordpress: 'WordPress',
  disqus: 'Disqus',
  'webmention.io': 'webmention.io',
  parley: 'a Parley export',
};

export interface ImportProgress {
  /** Redraws (at most ten times a second) from the bytes read so far and the report. */
  update(bytesRead: number, report: ImportReport): void;
  /** Clears the live line before the summary is printed. */
  finish(): void;
}

/**
 * A progress bar on a terminal (how much of the file is read, items, items per second), redrawn
 * in place as send-report.ts draws its line; elsewhere one line per tenth of the file, which
 * reads well in a log. Written by hand: one line of text does not need a dependency.
 */
export function createImportProgress(out: Output, totalBytes: number, started = Date.now()): ImportProgress {
  const live = out.isTTY === true;
  let lastDraw = 0;
  let lastTenth = 0;
  let drawn = false;
  return {
    update(bytesRead, report) {
      const share = totalBytes > 0 ? Math.min(1, bytesRead / totalBytes) : 1;
      const seconds = Math.max(0.001, (Date.now() - started) / 1000);
      const counts = `${n(report.read)} read, ${n(addedTotal(report))} ${report.dryRun ? 'to add' : 'added'}, ${n(Math.round(report.read / seconds))}/s`;
      if (live) {
        if (Date.now() - lastDraw < 100 && share < 1) return;
        lastDraw = Date.now();
        const width = 24;
        const full = Math.round(share * width);
        out.write(
          `\r\x1b[2Kimporting [${'#'.repeat(full)}${'.'.repeat(width - full)}] ${String(Math.floor(share * 100)).padStart(3)}%  ${counts}`,
        );
        drawn = true;
        return;
      }
      const tenth = Math.floor(share * 10);
      // a small file is done before a log line would tell anything
      if (tenth > lastTenth && totalBytes > 1024 * 1024) {
        lastTenth = tenth;
        out.write(`${tenth * 10}% of the file: ${counts}\n`);
      }
    },
    finish() {
      if (live && drawn) out.write('\r\x1b[2K');
    },
  };
}

/** What the import did, for people: what was added, held, skipped and why, and what to do next. */
export function formatImportSummary(report: ImportReport, file: string, seconds: number): string {
  const { added } = report;
  const total = addedTotal(report);
  const verb = report.dryRun ? 'would add' : 'added';
  const statuses = [
    [added.published, 'published'],
    [added.pending, 'held for your approval'],
    [added.spam, 'spam'],
    [added.removed, 'removed (kept out of sight)'],
  ]
    .filter(([count]) => Number(count) > 0)
    .map(([count, label]) => `${n(Number(count))} ${label}`)
    .join(', ');
  const skipped = [...report.skipped.values()].reduce((sum, count) => sum + count, 0);
  const rows: string[][] = [
    ['read', `${n(report.read)} items in ${seconds.toFixed(1)} s`],
    [verb, `${n(total)}${statuses ? ` (${statuses})` : ''}`],
    ['owner answers', n(report.owner)],
    [
      'already here',
      `${n(report.existing)}${report.duplicates ? `, and ${n(report.duplicates)} webmentions whose page was already here` : ''}`,
    ],
    ['skipped', n(skipped)],
  ];
  if (report.topLevel) rows.push(['top level', `${n(report.topLevel)} replies whose parent is not here start their own thread`]);
  if (report.postsAdded || report.blocksAdded || report.settingsAdded)
    rows.push(['also', `${n(report.postsAdded)} posts, ${n(report.blocksAdded)} blocks, ${n(report.settingsAdded)} settings`]);
  const lines = [
    `${report.dryRun ? 'Dry run: nothing was stored. ' : ''}Import from ${NAMES[report.source]}${report.site ? ` (${report.site})` : ''}, ${file}`,
    ...rows.map(([label, value]) => `  ${(label ?? '').padEnd(14)}${value}`),
  ];
  if (skipped) {
    lines.push('', 'Skipped:');
    for (const [reason, count] of [...report.skipped].sort((a, b) => b[1] - a[1])) lines.push(`  ${n(count).padStart(6)}  ${reason}`);
  }
  if (report.postsKnown === 0 && report.source !== 'parley')
    lines.push('', 'Parley knows no posts yet: build the site first (npm run build), then run the import again.');
  if (report.missingPosts.size) {
    const pages = [...report.missingPosts].sort((a, b) => b[1] - a[1]);
    lines.push('', `Pages without a Parley post (map them with --map FILE.csv or --rule REGEX, then run again):`);
    for (const [page, count] of pages.slice(0, 20)) lines.push(`  ${n(count).padStart(6)}  ${page}`);
    if (pages.length > 20) lines.push(`          and ${n(pages.length - 20)} more pages`);
  }
  if (report.keptIds !== null)
    lines.push(
      '',
      report.keptIds
        ? 'Ids were kept: comment permalinks (#comment-N) are the same as before.'
        : 'The database already had interactions: imported items got new ids, so their #comment-N permalinks changed.',
    );
  if (!report.dryRun && report.posts.size)
    lines.push(
      '',
      `${n(report.posts.size)} post(s) changed. A running Parley serves the new conversation at once (pages with JavaScript show it);`,
      'the next build (npm run build, or the server’s next background rebuild) bakes it into the HTML.',
    );
  return lines.join('\n');
}
