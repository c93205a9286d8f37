import { loadConfig } from '../core/config.ts';
import { openMigratedDb } from '../node/open-db.ts';
import { activitySince } from '../services/author-view.ts';
import { createServices } from '../services/create.ts';
import { table } from './table.ts';

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** "7d", "12h", "30m", "2w" → milliseconds; null when unreadable. */
export function parseSince(value: string): number | null {
  const match = /^(\d{1,5})([mhdw])$/.exec(value.trim());
  const unit = match ? UNITS[match[2] ?? ''] : undefined;
  return match && unit ? Number(match[1]) * unit : null;
}

/** `parley activity --since 7d`: what happened, oldest first. */
export async function activityCommand(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(
      'Usage: parley activity [--since 7d]\n\nLists comments, replies, reactions and mentions received since then (m, h, d or w).',
    );
    return 0;
  }
  const flag = args.indexOf('--since');
  const raw = flag >= 0 ? (args[flag + 1] ?? '') : (args.find((arg) => arg.startsWith('--since='))?.slice(8) ?? '7d');
  const span = parseSince(raw);
  if (span === null) {
    console.error(`parley activity: --since must look like 30m, 12h, 7d or 2w, got "${raw}"`);
    return 2;
  }
  const config = loadConfig(process.env);
  const { db } = await openMigratedDb(config);
  try {
    const items = await activitySince(createServices({ db, config }), new Date(Date.now() - span));
    if (!items.length) {
      console.log(`Nothing since ${raw} ago.`);
      return 0;
    }
    const rows = items.map((item) => [
      item.received.slice(0, 16).replace('T', ' '),
      item.postSlug,
      item.origin === 'webmention' ? `${item.kind} (webmention)` : item.kind,
      item.author.isOwner ? `${item.author.name} (you)` : item.author.name,
      item.status === 'published' ? '' : item.status,
      item.content.text.replace(/\s+/g, ' ').slice(0, 60),
    ]);
    console.log(table(['received (UTC)', 'post', 'what', 'who', 'status', 'text'], rows));
    console.log(`\n${items.length} since ${raw} ago.`);
    return 0;
  } finally {
    db.close();
  }
}
