/**
 * `npm run bench`: every figure beside its ceiling, measured in this run on this machine. Prints a
 * table and writes bench/results.json. `-- --soak` also runs the reliability tests at full size;
 * `-- --only=read,build` picks sections (read, webmentions, scaling, build, catch-up, page, send, edge,
 * import, notify); `-- --quick` runs every section briefly, to check the harness rather than to measure.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchBuild } from './build.ts';
import { benchCatchUp } from './catch-up.ts';
import { benchEdge } from './edge.ts';
import { benchImport } from './import.ts';
import { benchNotifications } from './notifications.ts';
import { benchPageWeight } from './page-weight.ts';
import { benchReadWrite } from './read-write.ts';
import { type Row, table, writeResults } from './report.ts';
import { benchScaling } from './scaling.ts';
import { benchSend } from './send.ts';
import { benchWebmentions } from './webmentions.ts';

const args = process.argv.slice(2);
const soak = args.includes('--soak');
const only = args
  .find((arg) => arg.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const wanted = (name: string) => !only || only.includes(name);
const log = (line: string) => console.log(`[bench] ${line}`);
const quick = args.includes('--quick');
const seconds = quick ? 1 : soak ? 10 : 5;
const rounds = quick ? 1 : 3;

const sections: [string, () => Promise<Row[]>][] = [
  ['read', () => benchReadWrite({ seconds, rounds, connections: 50, log })],
  [
    'webmentions',
    () => benchWebmentions({ seconds, rounds: quick ? 1 : 2, connections: 50, verifications: quick ? 50 : soak ? 2_000 : 300, log }),
  ],
  ['scaling', () => benchScaling({ counts: [1, 2, 4], seconds, connections: 50, log })],
  ['build', () => benchBuild({ posts: quick ? 50 : 1_000, interactions: 50, runs: quick ? 1 : soak ? 10 : 5, log })],
  ['catch-up', () => benchCatchUp({ posts: quick ? 50 : 1_000, comments: quick ? 5 : 50, instances: 3, log })],
  ['page', () => benchPageWeight({ interactions: 300, log })],
  ['send', () => benchSend()],
  ['edge', () => benchEdge({ runs: quick ? 1 : 5, log })],
  ['import', () => benchImport({ comments: quick ? 10_000 : 100_000, log })],
  ['notify', () => benchNotifications({ seconds, rounds, connections: 50, log })],
];

log(`node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'})`);
const rows: Row[] = [];
for (const [name, run] of sections) {
  if (!wanted(name)) continue;
  const started = performance.now();
  rows.push(...(await run()));
  log(`${name} done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}
writeResults(new URL('./results.json', import.meta.url), rows);
console.log(`\n${table(rows)}\n`);
const missed = rows.filter((entry) => entry.met === false);
if (missed.length) console.log(`Missed: ${missed.map((entry) => entry.figure).join('; ')}`);

if (soak) {
  const vitest = path.join(path.dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
  log('soak: the reliability tests at full size');
  const result = spawnSync(
    process.execPath,
    [vitest, 'run', '--project', 'reliability', '--project', 'e2e', 'tests/reliability', 'tests/e2e/xss.test.ts'],
    {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      env: { ...process.env, PARLEY_SOAK: '1' },
      stdio: 'inherit',
      timeout: 60 * 60 * 1000,
    },
  );
  process.exitCode = result.status ?? 1;
}
