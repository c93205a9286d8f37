import { createReadStream, readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parse as parseCsv } from 'csv-parse/sync';
import { loadConfig } from '../core/config.ts';
import { readDisqus } from '../import/disqus.ts';
import { readParleyExport } from '../import/parley-file.ts';
import type { PostMapOptions } from '../import/post-map.ts';
import { type ImportEvent, ImportFormatError, type ImportSource } from '../import/records.ts';
import { readWebmentionIo } from '../import/webmention-io.ts';
import { readWordPress } from '../import/wordpress.ts';
import { openMigratedDb } from '../node/open-db.ts';
import { runImport } from '../services/import.ts';
import { emptyReport } from '../services/import-report.ts';
import { createImportProgress, formatImportSummary } from './import-summary.ts';

const USAGE = `Usage: parley import <format> FILE [options]

Brings comments and webmentions from another system into Parley, keeping their dates, threads
and statuses. Running it again adds nothing new; a run that stopped halfway is completed.
Nothing imported sends a webhook, a notification or a webmention.

Formats:
  wordpress      A WordPress export (Tools → Export, WXR): comments, pingbacks and trackbacks
  disqus         A Disqus export (XML): threads, posts, replies, deleted and spam posts
  webmention-io  webmention.io's JF2 feed (/api/mentions.jf2) or API answer (/api/mentions)
  parley         A file written by parley export

Options:
  --map FILE.csv     Old page URL to Parley slug, one pair per line (old_url,slug)
  --rule REGEX       Finds the slug in an old URL: its first group, or the group named slug,
                     e.g. --rule '/\\d{4}/\\d{2}/([^/]+)/?$'
  --owner ADDRESS    Your old email or website: your comments become your answers (repeatable)
  --dry-run          Read and check everything, store nothing
  --batch-size N     Items per transaction (default 500)
  -h, --help         Show this help

Posts are matched by the map, the rule, the same address, the old slug, then the last part of the
old URL. Items on pages Parley has no post for are listed at the end, not imported.`;

const FORMATS: Record<string, ImportSource> = {
  wordpress: 'wordpress',
  disqus: 'disqus',
  'webmention-io': 'webmention.io',
  parley: 'parley',
};

class UsageError extends Error {}

/** old_url,slug pairs; a first line that is not a URL is a header. */
function readMap(file: string): [string, string][] {
  const rows = parseCsv(readFileSync(file, 'utf8'), { skip_empty_lines: true, trim: true, relax_column_count: true }) as string[][];
  const pairs = rows.filter((row) => row.length >= 2 && row[0] && row[1]).map((row) => [row[0], row[1]] as [string, string]);
  if (pairs[0] && !/^https?:\/\//i.test(pairs[0][0])) pairs.shift();
  if (!pairs.length) throw new UsageError(`--map ${file}: no old_url,slug lines found`);
  return pairs;
}

function readRule(source: string): RegExp {
  try {
    return new RegExp(source);
  } catch (error) {
    throw new UsageError(`--rule: not a regular expression: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The file as text chunks, counting the bytes read for the progress bar. */
async function* chunksOf(file: string, progress: { bytes: number; tick(): void }): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: 256 * 1024 })) {
      yield decoder.decode(chunk as Buffer, { stream: true });
      // counted once the chunk is read through, so the bar and the counts agree
      progress.bytes += (chunk as Buffer).length;
      progress.tick();
    }
    const rest = decoder.decode();
    if (rest) yield rest;
  } catch (error) {
    if (error instanceof TypeError) throw new ImportFormatError('the file is not UTF-8 text');
    throw error;
  }
}

async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      map: { type: 'string' },
      rule: { type: 'string' },
      owner: { type: 'string', multiple: true, default: [] },
      'dry-run': { type: 'boolean', default: false },
      'batch-size': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const [format, file, ...extra] = positionals;
  if (!format || !file || extra.length) throw new UsageError(format ? 'give one FILE to import' : 'give a format and a FILE');
  const source = FORMATS[format];
  if (!source) throw new UsageError(`unknown format "${format}": wordpress, disqus, webmention-io or parley`);
  if (source === 'parley' && (values.map || values.rule || values.owner?.length))
    throw new UsageError('--map, --rule and --owner do not apply to a Parley export: it names its posts and its owner');
  const batchSize = values['batch-size'] === undefined ? 500 : Number(values['batch-size']);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000)
    throw new UsageError('--batch-size must be a whole number from 1 to 10000');
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new UsageError(`cannot read ${file}`);
  }
  const map: PostMapOptions = {
    ...(values.map ? { table: readMap(values.map) } : {}),
    ...(values.rule ? { rule: readRule(values.rule) } : {}),
  };

  const config = loadConfig(process.env);
  const { db } = await openMigratedDb(config);
  try {
    const started = Date.now();
    const bar = createImportProgress(process.stdout, size, started);
    const read = { bytes: 0, tick: () => bar.update(read.bytes, report) };
    const chunks = chunksOf(file, read);
    const readers: Record<ImportSource, () => AsyncIterable<ImportEvent>> = {
      wordpress: () => readWordPress(chunks),
      disqus: () => readDisqus(chunks),
      'webmention.io': () => readWebmentionIo(chunks, { siteUrl: config.siteUrl }),
      parley: () => readParleyExport(chunks),
    };
    let report = emptyReport(source, values['dry-run'] ?? false);
    try {
      report = await runImport({
        db,
        source,
        events: readers[source](),
        map,
        ownerIds: values.owner ?? [],
        blockedDomains: config.webmention.blockedDomains,
        dryRun: values['dry-run'] ?? false,
        batchSize,
        onBatch: (current) => {
          report = current;
          bar.update(read.bytes, current);
        },
      });
    } finally {
      bar.finish();
    }
    console.log(formatImportSummary(report, file, (Date.now() - started) / 1000));
    return 0;
  } finally {
    db.close();
  }
}

/** `parley import <format> FILE`: see USAGE. */
export async function importCommand(args: string[]): Promise<number> {
  try {
    return await run(args);
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      process.stderr.write(`parley import: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    if (error instanceof ImportFormatError) {
      process.stderr.write(
        `parley import: ${error.message}\nEverything stored before this point is kept; run the import again once the file is fixed.\n`,
      );
      return 1;
    }
    throw error;
  }
}
