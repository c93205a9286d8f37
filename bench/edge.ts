/**
 * The edge entry: the size of the worker bundle as deployed (minified, the budget is 200 KiB
 * gzip), and its cold start in workerd (miniflare, no Node compatibility): from starting the
 * runtime to ready, then the first request, which checks the schema against a local sqld.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Miniflare } from 'miniflare';
import { openMigratedDb } from '../api/node/open-db.ts';
import { bundleWorker } from '../api/node/worker-bundle.ts';
import { createTestDatabase } from '../tests/_database.ts';
import { projectDir } from '../tests/reliability/_processes.ts';
import { type Row, row } from './report.ts';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

export async function benchEdge(options: { runs: number; log: (line: string) => void }): Promise<Row[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'parley-bench-edge-'));
  const database = await createTestDatabase({ kind: 'sqld', prefix: 'parley-bench-edge-db-' });
  try {
    const bundle = await bundleWorker({ projectDir, outDir: dir });
    const plain = await bundleWorker({ projectDir, outDir: path.join(dir, 'plain'), minify: false });
    (await openMigratedDb({ databaseUrl: database.url, databaseAuthToken: database.authToken })).db.close();
    const ready: number[] = [];
    const first: number[] = [];
    for (let run = 0; run < options.runs; run += 1) {
      const started = performance.now();
      const mf = new Miniflare({
        modules: true,
        scriptPath: bundle.file,
        modulesRoot: path.dirname(bundle.file),
        compatibilityDate: '2026-07-01',
        compatibilityFlags: [],
        cf: false,
        bindings: { ...database.env, SITE_URL: 'https://blog.example' },
      });
      try {
        await mf.ready;
        ready.push(performance.now() - started);
        const asked = performance.now();
        const response = await mf.dispatchFetch('http://localhost/api/health');
        await response.text();
        if (response.status !== 200) throw new Error(`the worker answered ${response.status} to /api/health`);
        first.push(performance.now() - asked);
      } finally {
        await mf.dispose();
      }
    }
    options.log(`edge: bundle ${(bundle.gzipBytes / 1024).toFixed(1)} KiB gzip; ready ${ready.map(Math.round).join(', ')} ms`);
    return [
      row('Edge: worker bundle (minified)', bundle.bytes / 1024, 'KiB raw', null),
      row('Edge: worker bundle gzip', bundle.gzipBytes / 1024, 'KiB gzip', null, { max: 200 }),
      row('Edge: worker bundle unminified, gzip', plain.gzipBytes / 1024, 'KiB gzip', null),
      row(`Edge: cold start in workerd, to ready (median of ${options.runs})`, median(ready), 'ms', null),
      row('Edge: first request after a cold start (health, sqld)', median(first), 'ms', null),
    ];
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
