/**
 * The build figure: `astro build` of generated posts with their conversations, against the same
 * build whose database holds the posts but no interactions (the conversation left out). One
 * warm-up of each, then alternating pairs; each pair gives a ratio, of CPU time (user + system,
 * the steadier measure on a shared machine) and of wall time, reported as a mean with its 95%
 * confidence interval so a difference inside the noise reads as one.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { median } from './load.ts';
import { type Row, row } from './report.ts';
import { benchPost, SITE_URL, seedDatabase } from './seed.ts';
import { type BuildRun, buildProject, createSiteProject, slugOf } from './site-project.ts';
import { formatInterval, meanInterval } from './stats.ts';

export interface BuildOptions {
  posts: number;
  interactions: number;
  /** Alternating pairs measured after the warm-up. */
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
    const build = async (url: string, name: string) => {
      const run = await buildProject(root, { DATABASE_URL: url, SITE_URL }, path.join(root, name));
      rmSync(path.join(root, name), { recursive: true, force: true });
      return run;
    };
    options.log('build: warm-up');
    await build(withUrl, 'warm-with');
    await build(withoutUrl, 'warm-without');
    const withRuns: BuildRun[] = [];
    const withoutRuns: BuildRun[] = [];
    for (let run = 0; run < options.runs; run += 1) {
      // alternate which goes first, so a drift in the machine's speed cancels out
      const order = run % 2 ? (['without', 'with'] as const) : (['with', 'without'] as const);
      for (const which of order) {
        if (which === 'with') withRuns.push(await build(withUrl, `with-${run}`));
        else withoutRuns.push(await build(withoutUrl, `without-${run}`));
      }
      const w = withRuns.at(-1) as BuildRun;
      const o = withoutRuns.at(-1) as BuildRun;
      options.log(
        `build: pair ${run + 1}: with ${(w.ms / 1000).toFixed(1)} s wall / ${(w.cpuMs / 1000).toFixed(1)} s CPU, without ${(o.ms / 1000).toFixed(1)} s / ${(o.cpuMs / 1000).toFixed(1)} s`,
      );
    }
    const cpu = meanInterval(withRuns.map((r, index) => r.cpuMs / (withoutRuns[index] as BuildRun).cpuMs));
    const wall = meanInterval(withRuns.map((r, index) => r.ms / (withoutRuns[index] as BuildRun).ms));
    options.log(
      `build: CPU ratio ${cpu.mean.toFixed(3)} (${formatInterval(cpu)}); wall ratio ${wall.mean.toFixed(3)} (${formatInterval(wall)})`,
    );
    const label = `${options.posts.toLocaleString('en')} posts × ${options.interactions} interactions`;
    const cpuRow = row(`Build CPU: ${label} (mean of ${options.runs} pairs, ${formatInterval(cpu)})`, 0, 's', null, { max: 1.05 });
    const wallRow = row(`Build wall: ${label} (mean of ${options.runs} pairs, ${formatInterval(wall)})`, 0, 's', null);
    const withCpu = median(withRuns.map((r) => r.cpuMs)) / 1000;
    const withoutCpu = median(withoutRuns.map((r) => r.cpuMs)) / 1000;
    return [
      // the value and baseline are medians; the ratio and its interval are the mean of the pairs' ratios
      { ...cpuRow, value: withCpu, baseline: withoutCpu, ratio: cpu.mean, met: cpu.mean <= 1.05 },
      {
        ...wallRow,
        value: median(withRuns.map((r) => r.ms)) / 1000,
        baseline: median(withoutRuns.map((r) => r.ms)) / 1000,
        ratio: wall.mean,
      },
      row('Build: peak memory', Math.max(...withRuns.map((r) => r.peakMiB)), 'MiB', Math.max(...withoutRuns.map((r) => r.peakMiB))),
    ];
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
