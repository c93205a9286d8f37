/**
 * Scaling: the read and write figures with 1, 2 and 4 API processes on one database file, behind a
 * round-robin balancer on 127.0.0.1, each beside the figure for one process measured the same way.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type ApiProcess, startApiProcess } from '../tests/reliability/_processes.ts';
import { load } from './load.ts';
import { type Row, row } from './report.ts';
import { startRoundRobin } from './round-robin.ts';
import { benchPost, seedDatabase } from './seed.ts';

export interface ScalingOptions {
  counts: number[];
  seconds: number;
  connections: number;
  log: (line: string) => void;
}

export async function benchScaling(options: ScalingOptions): Promise<Row[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'parley-bench-scale-'));
  const url = `file:${path.join(dir, 'parley.db')}`;
  (await seedDatabase(url, [benchPost('bench'), benchPost('bench-write', 1)], 100)).close();
  const measured: { processes: number; read: number; write: number }[] = [];
  try {
    for (const count of options.counts) {
      const apis: ApiProcess[] = [];
      try {
        for (let n = 0; n < count; n += 1) apis.push(await startApiProcess({ DATABASE_URL: url }, { TRUST_PROXY: '1' }));
        const balancer = await startRoundRobin(apis.map((api) => api.url));
        try {
          options.log(`scaling: ${count} API process${count > 1 ? 'es' : ''}`);
          const common = { connections: options.connections, seconds: options.seconds, maxRequests: 2_000_000 };
          await load({ ...common, seconds: 1, kind: 'get', url: `${balancer.url}/api/posts/bench/conversation` });
          const read = await load({ ...common, kind: 'get', url: `${balancer.url}/api/posts/bench/conversation` });
          const write = await load({ ...common, kind: 'comment', url: `${balancer.url}/api/posts/bench-write/comments` });
          measured.push({ processes: count, read: read.rps, write: write.rps });
        } finally {
          await balancer.close();
        }
      } finally {
        await Promise.all(apis.map((api) => api.stop()));
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const one = measured[0]!;
  return measured.flatMap((m) => [
    row(`Scaling: read, ${m.processes} process${m.processes > 1 ? 'es' : ''} (vs 1)`, m.read, 'req/s', one.read),
    row(`Scaling: write, ${m.processes} process${m.processes > 1 ? 'es' : ''} (vs 1)`, m.write, 'req/s', one.write),
  ]);
}
