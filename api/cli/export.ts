import { createWriteStream, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { loadConfig } from '../core/config.ts';
import { countInteractions } from '../db/imports.ts';
import { openMigratedDb } from '../node/open-db.ts';
import { type ExportCounts, exportSite } from '../services/export.ts';

const USAGE = `Usage: parley export FILE.json [--force]

Writes everything you need to move elsewhere to one JSON file: posts, every interaction with its
thread, status and dates, the people taking part, blocks and the settings that are not secrets
(docs/export-schema.md). \`parley import parley FILE.json\` reads it back exactly.

The file holds commenters' email addresses: keep it private.

Options:
  --force     Replace FILE.json if it exists
  -h, --help  Show this help`;

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** \`parley export FILE.json\`: see USAGE. The file appears complete or not at all. */
export async function exportCommand(args: string[]): Promise<number> {
  let parsed: ReturnType<
    typeof parseArgs<{ options: { force: { type: 'boolean' }; help: { type: 'boolean'; short: 'h' } }; allowPositionals: true }>
  >;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    });
  } catch (error) {
    process.stderr.write(`parley export: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const [file, ...extra] = positionals;
  if (!file || extra.length) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  if (existsSync(file) && !values.force) {
    process.stderr.write(`parley export: ${file} already exists; choose a new name or add --force\n`);
    return 1;
  }
  const config = loadConfig(process.env);
  const { db } = await openMigratedDb(config);
  const partial = `${file}.partial`;
  try {
    const started = Date.now();
    const total = await countInteractions(db);
    const live = process.stdout.isTTY === true;
    const counts: ExportCounts = { posts: 0, interactions: 0, people: 0, blocks: 0 };
    const pieces = exportSite(
      db,
      {
        siteUrl: config.siteUrl,
        onProgress: (done) => {
          if (live) process.stdout.write(`\r\x1b[2Kexporting ${done.toLocaleString('en')}/${total.toLocaleString('en')} interactions`);
        },
      },
      counts,
    );
    await pipeline(Readable.from(pieces), createWriteStream(partial));
    renameSync(partial, file);
    if (live) process.stdout.write('\r\x1b[2K');
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `exported ${counts.interactions.toLocaleString('en')} interactions on ${counts.posts} posts, ${counts.people.toLocaleString('en')} people and ${counts.blocks} blocks to ${file} (${mib(statSync(file).size)}) in ${seconds} s`,
    );
    return 0;
  } finally {
    rmSync(partial, { force: true });
    db.close();
  }
}
