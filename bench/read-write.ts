/**
 * Read and write figures: Parley's conversation route against a constant body of the same bytes,
 * and its comment route against a raw insert, each in its own process on 127.0.0.1, with the load
 * from a third process. Rounds alternate between the two so drift hits both alike.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startApiProcess, startProcess, stopChild } from '../tests/reliability/_processes.ts';
import { type LoadResult, type LoadSpec, load, median } from './load.ts';
import { type Row, row } from './report.ts';
import { benchPost, seedDatabase } from './seed.ts';

const BASELINE = fileURLToPath(new URL('./baseline-process.ts', import.meta.url));

export interface ReadWriteOptions {
  seconds: number;
  rounds: number;
  connections: number;
  log: (line: string) => void;
}

/** Medians over rounds of each load, run in turn: a1 b1 a2 b2 … */
export async function alternate(specs: LoadSpec[], rounds: number): Promise<LoadResult[]> {
  const results: LoadResult[][] = specs.map(() => []);
  for (const spec of specs) await load({ ...spec, seconds: 1, maxRequests: 20_000 }); // warm up
  for (let round = 0; round < rounds; round += 1) {
    for (const [index, spec] of specs.entries()) results[index]!.push(await load(spec));
  }
  return results.map((list) => ({
    ...list[0]!,
    rps: median(list.map((result) => result.rps)),
    p50: median(list.map((result) => result.p50)),
    p99: median(list.map((result) => result.p99)),
  }));
}

export async function benchReadWrite(options: ReadWriteOptions): Promise<Row[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'parley-bench-rw-'));
  const parleyUrl = `file:${path.join(dir, 'parley.db')}`;
  const baselineUrl = `file:${path.join(dir, 'baseline.db')}`;
  const posts = [benchPost('bench'), benchPost('bench-write', 1)];
  (await seedDatabase(parleyUrl, posts, 100)).close();
  (await seedDatabase(baselineUrl, posts, 100)).close();
  const api = await startApiProcess({ DATABASE_URL: parleyUrl }, { TRUST_PROXY: '1' });
  let baseline: Awaited<ReturnType<typeof startProcess>> | undefined;
  try {
    const conversationUrl = `${api.url}/api/posts/bench/conversation`;
    const body = Buffer.from(await (await fetch(conversationUrl)).arrayBuffer());
    writeFileSync(path.join(dir, 'body.json'), body);
    baseline = await startProcess(BASELINE, {
      DATABASE_URL: baselineUrl,
      PARLEY_BENCH_BODY: path.join(dir, 'body.json'),
      PARLEY_BENCH_SLUG: 'bench-write',
    });
    const baseUrl = String(baseline.first.url);
    const common = { connections: options.connections, seconds: options.seconds, maxRequests: 2_000_000 };

    options.log(
      `read: conversation of 100 interactions (${body.byteLength.toLocaleString('en')} bytes) against a constant body of the same bytes`,
    );
    const [bare, read] = await alternate(
      [
        { ...common, kind: 'get', url: `${baseUrl}/constant` },
        { ...common, kind: 'get', url: conversationUrl },
      ],
      options.rounds,
    );
    options.log('write: POST comment against a raw insert');
    const [insert, write] = await alternate(
      [
        { ...common, kind: 'comment', url: `${baseUrl}/insert` },
        { ...common, kind: 'comment', url: `${api.url}/api/posts/bench-write/comments` },
      ],
      options.rounds,
    );
    return [
      row('Read: GET conversation (100 interactions)', read!.rps, 'req/s', bare!.rps, { min: 0.5 }),
      row('Read: p50 latency', read!.p50, 'ms', bare!.p50),
      row('Read: p99 latency', read!.p99, 'ms', bare!.p99),
      row('Write: POST comment', write!.rps, 'req/s', insert!.rps, { min: 0.5 }),
      row('Write: p99 latency', write!.p99, 'ms', insert!.p99),
    ];
  } finally {
    if (baseline) await stopChild(baseline.child);
    await api.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
