/**
 * Webmention figures: receiving (POST /api/webmention, queued and answered 201) against a raw
 * insert, and verifying queued webmentions from a local source server against merely fetching
 * the same pages.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../api/core/config.ts';
import { enqueueWebmention } from '../api/db/webmentions.ts';
import { createGuardedFetch } from '../api/node/net.ts';
import { drainQueue, verifierDeps } from '../api/webmention/process.ts';
import { startSourceServer } from '../tests/api/_sources.ts';
import { startApiProcess, startProcess, stopChild } from '../tests/reliability/_processes.ts';
import { alternate } from './read-write.ts';
import { type Row, row } from './report.ts';
import { benchPost, seedDatabase } from './seed.ts';

const BASELINE = fileURLToPath(new URL('./baseline-process.ts', import.meta.url));

export interface WebmentionOptions {
  seconds: number;
  rounds: number;
  connections: number;
  verifications: number;
  log: (line: string) => void;
}

async function receive(dir: string, options: WebmentionOptions): Promise<Row[]> {
  const post = benchPost('bench');
  const parleyUrl = `file:${path.join(dir, 'receive.db')}`;
  const baselineUrl = `file:${path.join(dir, 'receive-baseline.db')}`;
  (await seedDatabase(parleyUrl, [post], 0)).close();
  (await seedDatabase(baselineUrl, [post], 0)).close();
  writeFileSync(path.join(dir, 'empty.json'), '{}');
  // the server's own verifier runs as in production; sources on a closed port are refused at once
  const api = await startApiProcess({ DATABASE_URL: parleyUrl }, { TRUST_PROXY: '1' });
  const baseline = await startProcess(BASELINE, {
    DATABASE_URL: baselineUrl,
    PARLEY_BENCH_BODY: path.join(dir, 'empty.json'),
    PARLEY_BENCH_SLUG: 'bench',
  });
  try {
    options.log('webmentions: receive against a raw insert');
    const common = {
      connections: options.connections,
      seconds: options.seconds,
      maxRequests: 2_000_000,
      sourceBase: 'http://127.0.0.1:9',
      target: post.url,
    };
    const [insert, received] = await alternate(
      [
        { ...common, kind: 'comment', url: `${String(baseline.first.url)}/insert` },
        { ...common, kind: 'webmention', url: `${api.url}/api/webmention` },
      ],
      options.rounds,
    );
    return [
      row('Webmention receive: POST /api/webmention', received!.rps, 'req/s', insert!.rps),
      row('Webmention receive: p99 latency', received!.p99, 'ms', insert!.p99),
    ];
  } finally {
    await stopChild(baseline.child);
    await api.stop();
  }
}

async function verify(dir: string, options: WebmentionOptions): Promise<Row[]> {
  const post = benchPost('bench');
  const url = `file:${path.join(dir, 'verify.db')}`;
  const db = await seedDatabase(url, [post], 0);
  const sources = await startSourceServer({ target: post.url });
  try {
    const count = options.verifications;
    for (let n = 0; n < count; n += 1) {
      await enqueueWebmention(db, { source: sources.url(`/many/${n}`), target: post.url, postSlug: post.slug, token: `bench-${n}` });
    }
    const fetchPage = createGuardedFetch({ allowPrivateNetwork: true });
    options.log(`webmentions: verifying ${count} from a local source server`);
    let started = performance.now();
    for (let n = 0; n < count; n += 1) await (await fetchPage(sources.url(`/many/fetch-${n}`))).text();
    const fetchSeconds = (performance.now() - started) / 1000;
    const config = loadConfig({ DATABASE_URL: url, PARLEY_ALLOW_PRIVATE_NETWORK: '1' });
    const deps = verifierDeps(config, { db, fetch: fetchPage, owner: 'bench' });
    started = performance.now();
    const done = await drainQueue(deps, count);
    const verifySeconds = (performance.now() - started) / 1000;
    const accepted = done.filter((result) => result.status === 'accepted').length;
    if (accepted !== count) throw new Error(`only ${accepted} of ${count} webmentions were accepted`);
    return [row('Webmention verify: fetch, parse, store (one worker)', count / verifySeconds, 'per s', count / fetchSeconds)];
  } finally {
    await sources.close();
    db.close();
  }
}

export async function benchWebmentions(options: WebmentionOptions): Promise<Row[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'parley-bench-wm-'));
  try {
    return [...(await receive(dir, options)), ...(await verify(dir, options))];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
