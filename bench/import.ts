/**
 * The import figures: `parley import wordpress` of a generated export (100 comments per post,
 * threads three deep, pingbacks, spam), items stored per second against a dry run of the same
 * file (read, convert, check, store nothing), and peak memory against the import of a file a
 * tenth the size (a streaming import stays flat); then `parley export` of the result and
 * `parley import parley` of that file into an empty database.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { syncPosts } from '../api/db/posts.ts';
import { openMigratedDb } from '../api/node/open-db.ts';
import { expectedCounts, generatedSlug, writeWxr } from '../tests/fixtures/import/generate-wxr.ts';
import { projectDir } from '../tests/reliability/_processes.ts';
import { runMeasured } from './measure.ts';
import { type Row, row } from './report.ts';
import { SITE_URL } from './seed.ts';

export interface ImportBenchOptions {
  comments: number;
  log: (line: string) => void;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

export async function benchImport(options: ImportBenchOptions): Promise<Row[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'parley-bench-import-'));
  try {
    const shape = { posts: Math.max(1, Math.round(options.comments / 100)), commentsPerPost: 100 };
    const count = expectedCounts(shape).comments;
    const wxr = path.join(dir, 'export.xml');
    options.log(`import: writing a WordPress export of ${count.toLocaleString('en')} comments`);
    const size = await writeWxr(wxr, shape);
    const databases = { wordpress: path.join(dir, 'wordpress.db'), small: path.join(dir, 'small.db'), parley: path.join(dir, 'parley.db') };
    for (const file of [databases.wordpress, databases.small]) {
      const { db } = await openMigratedDb({ databaseUrl: `file:${file}`, databaseAuthToken: undefined });
      await syncPosts(
        db,
        Array.from({ length: shape.posts }, (_, index) => {
          const slug = generatedSlug(index + 1);
          return { slug, url: `${SITE_URL}/posts/${slug}/`, title: slug, published: '2026-01-01T00:00:00.000Z', updated: null };
        }),
      );
      db.close();
    }
    const parley = (args: string[], database: string) =>
      runMeasured([process.execPath, path.join(projectDir, 'bin/parley.js'), ...args], {
        cwd: projectDir,
        env: { ...process.env, DATABASE_URL: `file:${database}`, SITE_URL: SITE_URL },
        timeoutMs: 1_800_000,
      });

    // the same import of a file a tenth the size: memory that streams stays flat as the file grows
    const smallShape = { posts: Math.max(1, Math.round(shape.posts / 10)), commentsPerPost: 100 };
    const small = path.join(dir, 'small.xml');
    await writeWxr(small, smallShape);
    const smallRun = await parley(['import', 'wordpress', small], databases.small);
    options.log('import: dry run');
    const dry = await parley(['import', 'wordpress', wxr, '--dry-run'], databases.wordpress);
    options.log(`import: dry run in ${(dry.ms / 1000).toFixed(1)} s; importing`);
    const imported = await parley(['import', 'wordpress', wxr], databases.wordpress);
    if (!new RegExp(`added\\s+${count.toLocaleString('en')} `).test(imported.output))
      throw new Error(`import did not add ${count}:\n${imported.output}`);
    options.log(`import: ${(imported.ms / 1000).toFixed(1)} s, peak ${imported.peakMiB.toFixed(0)} MiB; exporting`);
    const file = path.join(dir, 'parley.json');
    const exported = await parley(['export', file], databases.wordpress);
    const exportSize = statSync(file).size;
    options.log(`import: exported in ${(exported.ms / 1000).toFixed(1)} s; importing the export`);
    const reimported = await parley(['import', 'parley', file], databases.parley);
    const perSecond = (run: { ms: number }) => count / (run.ms / 1000);
    return [
      row(
        `Import: WordPress export, ${count.toLocaleString('en')} comments (${mb(size)}), vs a dry run`,
        perSecond(imported),
        'items/s',
        perSecond(dry),
      ),
      row(
        `Import: peak memory (WordPress export), vs ${(smallShape.posts * 100).toLocaleString('en')} comments`,
        imported.peakMiB,
        'MiB',
        smallRun.peakMiB,
      ),
      row(`Export: ${count.toLocaleString('en')} interactions (${mb(exportSize)})`, exported.ms / 1000, 's', null),
      row('Export: peak memory', exported.peakMiB, 'MiB', null),
      row('Import: the Parley export into an empty database', perSecond(reimported), 'items/s', null),
      row('Import: peak memory (Parley export)', reimported.peakMiB, 'MiB', null),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
