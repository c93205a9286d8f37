/**
 * The build figure: `astro build` of generated posts with their conversations, against the same
 * build whose database holds the posts but no interactions (the conversation left out). Runs
 * alternate, one warm-up first; the ratio is of medians.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { median } from './load.ts';
import { type Row, row } from './report.ts';
import { benchPost, SITE_URL, seedDatabase } from './seed.ts';
import { type BuildRun, buildProject, createSiteProject, slugOf } from './site-project.ts';

export interface BuildOptions {
  posts: number;
  interactions: number;
  runs: number;
  log: (line: string) => void;
}

export async function benchBuild(options: BuildOptions): Promise<Row[]> {
  const root = createSiteProject(options.posts);
  try {
    const posts = Array.from({ length: options.posts }, (_, index) => benchPost(slugOf(index + 1), index));
    const withUrl = `file:${path.join(root, 'with.db')}`;
    const withoutUrl = `file:${path.join(root, 'without.db')}`;
    options.log(`build: seeding ${options.posts} posts × ${options.interactions} interactions`);
    (await seedDatabase(withUrl, posts, options.interactions)).close();
    (await seedDatabase(withoutUrl, posts, 0)).close();
    const build = (url: string, name: string) => buildProject(root, { DATABASE_URL: url, SITE_URL }, path.join(root, name));
    options.log('build: warm-up');
    await build(withUrl, 'warm');
    const withRuns: BuildRun[] = [];
    const withoutRuns: BuildRun[] = [];
    for (let run = 0; run < options.runs; run += 1) {
      withRuns.push(await build(withUrl, `with-${run}`));
      withoutRuns.push(await build(withoutUrl, `without-${run}`));
      options.log(
        `build: run ${run + 1}: ${(withRuns.at(-1)!.ms / 1000).toFixed(1)} s with, ${(withoutRuns.at(-1)!.ms / 1000).toFixed(1)} s without`,
      );
    }
    const label = `${options.posts.toLocaleString('en')} posts × ${options.interactions}`;
    return [
      row(
        `Build: ${label} interactions (median of ${options.runs})`,
        median(withRuns.map((r) => r.ms)) / 1000,
        's',
        median(withoutRuns.map((r) => r.ms)) / 1000,
        { max: 1.1 },
      ),
      row('Build: peak memory', Math.max(...withRuns.map((r) => r.peakMiB)), 'MiB', Math.max(...withoutRuns.map((r) => r.peakMiB))),
    ];
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
