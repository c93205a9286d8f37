/**
 * Catch-up: from a comment's 201 to that comment being in the served HTML of its post, on a site
 * of many posts, for the instance that took it and for the others on the same database; the CPU
 * the instances spend per comment; and, beside it, what the old design paid: a full build of the
 * same site per burst (after waiting up to a minute for the rebuild interval).
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { type ApiProcess, startApiProcess } from '../tests/reliability/_processes.ts';
import { type Row, row } from './report.ts';
import { benchPost, SITE_URL, seedDatabase } from './seed.ts';
import { buildProject, createSiteProject, slugOf } from './site-project.ts';
import { percentile } from './stats.ts';

export interface CatchUpOptions {
  posts: number;
  comments: number;
  instances: number;
  log: (line: string) => void;
}

/** utime + stime of a process, in ms, from /proc (clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) * 10;
}

/** The file an API process serves for a post: its own copy of the build (see tests/reliability/_api-process.ts). */
function servedPage(dist: string, pid: number, slug: string): string {
  const instance = `${dist}-instance-${pid}`;
  const site = readdirSync(instance).find((name) => name.startsWith('site-')) ?? '';
  return path.join(instance, site, 'posts', slug, 'index.html');
}

export async function benchCatchUp(options: CatchUpOptions): Promise<Row[]> {
  const root = createSiteProject(options.posts);
  const apis: ApiProcess[] = [];
  try {
    const url = `file:${path.join(root, 'catch-up.db')}`;
    const posts = Array.from({ length: options.posts }, (_, index) => benchPost(slugOf(index + 1), index));
    options.log(`catch-up: seeding and building ${options.posts} posts`);
    (await seedDatabase(url, posts, 10)).close();
    const dist = path.join(root, 'dist');
    const build = await buildProject(root, { DATABASE_URL: url, SITE_URL }, dist);
    for (let n = 0; n < options.instances; n += 1) {
      apis.push(
        await startApiProcess(
          { DATABASE_URL: url },
          { PARLEY_DIST_DIR: dist, PARLEY_UPDATE_PAGES: '1', SITE_URL, PARLEY_COMMENT_RATE_MAX: '100000' },
        ),
      );
    }
    const pids = apis.map((api) => api.child.pid as number);
    const cpuBefore = pids.map(cpuMs);
    const own: number[] = [];
    const others: number[] = [];
    for (let n = 0; n < options.comments; n += 1) {
      const slug = slugOf(((n * 37) % options.posts) + 1);
      const marker = `catch-up-marker-${n}-${Date.now()}`;
      const taker = n % apis.length;
      const response = await fetch(`${(apis[taker] as ApiProcess).url}/api/posts/${slug}/comments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Bench', body: marker }),
      });
      if (response.status !== 201) throw new Error(`comment ${n} answered ${response.status}`);
      const acknowledged = performance.now();
      await Promise.all(
        pids.map(async (pid, index) => {
          const file = servedPage(dist, pid, slug);
          const deadline = acknowledged + 30_000;
          while (!(existsSync(file) && readFileSync(file, 'utf8').includes(marker))) {
            if (performance.now() > deadline) throw new Error(`instance ${index} never served comment ${n}`);
            await new Promise((resolve) => setTimeout(resolve, 5));
          }
          (index === taker ? own : others).push(performance.now() - acknowledged);
        }),
      );
    }
    const cpuPerComment = pids.map((pid, index) => cpuMs(pid) - (cpuBefore[index] ?? 0)).reduce((a, b) => a + b, 0) / options.comments;
    const all = [...own, ...others];
    options.log(`catch-up: p95 ${percentile(all, 95).toFixed(0)} ms over ${options.comments} comments × ${apis.length} instances`);
    const label = `${options.posts.toLocaleString('en')} posts, ${options.comments} comments`;
    return [
      row(`Catch-up: 201 to served HTML, instance that took it, p50 (${label})`, percentile(own, 50), 'ms', null),
      row('Catch-up: 201 to served HTML, instance that took it, p95', percentile(own, 95), 'ms', null, { max: 1_000 }),
      row(`Catch-up: 201 to served HTML, the ${apis.length - 1} other instances, p50`, percentile(others, 50), 'ms', null),
      row(`Catch-up: 201 to served HTML, the ${apis.length - 1} other instances, p95`, percentile(others, 95), 'ms', null, { max: 1_000 }),
      row(`Catch-up: CPU per comment, all ${apis.length} instances (comment, page writes, polls)`, cpuPerComment, 'ms', null),
      row('Catch-up, old design: one full rebuild of the same site, wall (plus up to 60 s of interval)', build.ms / 1000, 's', null),
      row('Catch-up, old design: CPU of that rebuild, per instance', build.cpuMs / 1000, 's', null),
    ];
  } finally {
    await Promise.all(apis.map((api) => api.stop()));
    rmSync(root, { recursive: true, force: true });
  }
}
