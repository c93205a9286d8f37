/**
 * Scaling: the read and write figures with 1, 2 and 4 API processes behind a round-robin balancer
 * on 127.0.0.1, on one database file and on one libSQL server (sqld, JWT-authenticated as Turso
 * is), in the same run; each figure beside one process on the same database measured the same way.
 */
import { createTestDatabase, type TestDatabaseKind } from '../tests/_database.ts';
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
  kinds?: TestDatabaseKind[];
}

interface Measured {
  kind: TestDatabaseKind;
  processes: number;
  read: number;
  write: number;
}

async function measure(kind: TestDatabaseKind, options: ScalingOptions): Promise<Measured[]> {
  const database = await createTestDatabase({ kind, prefix: 'parley-bench-scale-' });
  const measured: Measured[] = [];
  try {
    (await seedDatabase(database.url, [benchPost('bench'), benchPost('bench-write', 1)], 100, database.authToken)).close();
    for (const count of options.counts) {
      const apis: ApiProcess[] = [];
      try {
        for (let n = 0; n < count; n += 1) apis.push(await startApiProcess(database.env, { TRUST_PROXY: '1' }));
        const balancer = await startRoundRobin(apis.map((api) => api.url));
        try {
          options.log(`scaling: ${count} API process${count > 1 ? 'es' : ''} on ${kind}`);
          const common = { connections: options.connections, seconds: options.seconds, maxRequests: 2_000_000 };
          await load({ ...common, seconds: 1, kind: 'get', url: `${balancer.url}/api/posts/bench/conversation` });
          const read = await load({ ...common, kind: 'get', url: `${balancer.url}/api/posts/bench/conversation` });
          const write = await load({ ...common, kind: 'comment', url: `${balancer.url}/api/posts/bench-write/comments` });
          measured.push({ kind, processes: count, read: read.rps, write: write.rps });
        } finally {
          await balancer.close();
        }
      } finally {
        await Promise.all(apis.map((api) => api.stop()));
      }
    }
  } finally {
    await database.close();
  }
  return measured;
}

export async function benchScaling(options: ScalingOptions): Promise<Row[]> {
  const rows: Row[] = [];
  const byKind = new Map<TestDatabaseKind, Measured[]>();
  for (const kind of options.kinds ?? ['file', 'sqld']) byKind.set(kind, await measure(kind, options));
  const file = byKind.get('file');
  for (const [kind, measured] of byKind) {
    const one = measured[0];
    if (!one) continue;
    const processes = (m: Measured) => `${m.processes} process${m.processes > 1 ? 'es' : ''}`;
    for (const m of measured) {
      rows.push(row(`Scaling on ${kind}: read, ${processes(m)} (vs 1)`, m.read, 'req/s', one.read));
      rows.push(row(`Scaling on ${kind}: write, ${processes(m)} (vs 1)`, m.write, 'req/s', one.write));
    }
    if (kind !== 'file' && file) {
      for (const m of measured) {
        const onFile = file.find((f) => f.processes === m.processes);
        if (!onFile) continue;
        rows.push(row(`Scaling: read on ${kind} vs file, ${processes(m)}`, m.read, 'req/s', onFile.read));
        rows.push(row(`Scaling: write on ${kind} vs file, ${processes(m)}`, m.write, 'req/s', onFile.write));
      }
    }
  }
  return rows;
}
