import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { loadConfig } from '../../api/core/config.ts';
import type { Db } from '../../api/db/client.ts';
import { enqueueWebmention } from '../../api/db/webmentions.ts';
import { createGuardedFetch } from '../../api/node/net.ts';
import { drainQueue, verifierDeps } from '../../api/webmention/process.ts';
import { type Listening, listenOnLoopback } from '../_loopback.ts';
import { createDatabase, POST, type ReliabilityDatabase } from './_database.ts';
import { startProcess, stopChild } from './_processes.ts';
import { size } from './_writers.ts';

const COUNT = size(40, 300);
const KILL_ON = 12;
const LEASE_MS = 1_500;
const VERIFIER = fileURLToPath(new URL('./_verifier-process.ts', import.meta.url));

describe('a webmention verifier killed mid-verification', () => {
  let database: ReliabilityDatabase;
  let db: Db;
  let sources: Server;
  let base: string;
  let listening: Listening;
  const hits = new Map<string, number>();
  let onRequest: (count: number) => void = () => undefined;

  beforeAll(async () => {
    database = await createDatabase();
    ({ db } = database);
    let requests = 0;
    sources = createServer((request, response) => {
      const path = request.url ?? '/';
      hits.set(path, (hits.get(path) ?? 0) + 1);
      requests += 1;
      onRequest(requests);
      // slow enough that a kill lands while a page is being fetched
      setTimeout(() => {
        response.writeHead(200, { 'content-type': 'text/html' });
        response.end(
          `<div class="h-entry"><a class="u-in-reply-to" href="${POST.url}">re</a><p class="p-author h-card">Source ${path}</p><div class="e-content">Answer from ${path}</div></div>`,
        );
      }, 40);
    });
    listening = await listenOnLoopback(sources);
    base = listening.base;
  });
  afterAll(async () => {
    await listening.close();
    await database.close();
  });

  it(`leaves nothing stuck: each of ${COUNT} queued webmentions ends accepted exactly once`, async () => {
    for (let n = 0; n < COUNT; n += 1) {
      await enqueueWebmention(db, { source: `${base}/page/${n}`, target: POST.url, postSlug: POST.slug, token: `crash-${n}` });
    }
    const env = { ...database.env, PARLEY_ALLOW_PRIVATE_NETWORK: '1', LEASE_MS: String(LEASE_MS) };
    const doomed = await startProcess(VERIFIER, env);
    const killed = new Promise<void>((resolve) => {
      onRequest = (count) => {
        if (count !== KILL_ON) return;
        doomed.child.kill('SIGKILL');
        resolve();
      };
    });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      killed,
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('the verifier never reached the kill point')), 30_000))),
    ]);
    clearTimeout(timer);
    await stopChild(doomed.child);
    onRequest = () => undefined;

    const leased = await db.execute("SELECT count(*) AS n FROM webmentions WHERE status = 'queued' AND lease_owner IS NOT NULL");
    assert.equal(Number(leased.rows[0]?.n), 1, 'the row being verified is left claimed by the dead worker');

    const config = loadConfig({ ...database.env, PARLEY_ALLOW_PRIVATE_NETWORK: '1' });
    const deps = {
      ...verifierDeps(config, { db, fetch: createGuardedFetch({ allowPrivateNetwork: true }), owner: 'survivor' }),
      leaseMs: LEASE_MS,
    };
    const deadline = Date.now() + 60_000;
    for (;;) {
      await drainQueue(deps, 50);
      const left = await db.execute("SELECT count(*) AS n FROM webmentions WHERE status = 'queued'");
      if (Number(left.rows[0]?.n) === 0) break;
      assert.ok(Date.now() < deadline, 'the queue drained once the dead worker’s lease ran out');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    const statuses = await db.execute(
      'SELECT status, count(*) AS n, sum(lease_owner IS NOT NULL) AS leased FROM webmentions GROUP BY status',
    );
    assert.deepEqual(
      statuses.rows.map((row) => [row.status, Number(row.n), Number(row.leased)]),
      [['accepted', COUNT, 0]],
    );
    const stored = await db.execute(
      "SELECT count(*) AS n, count(DISTINCT source_url) AS sources FROM interactions WHERE origin = 'webmention'",
    );
    assert.deepEqual([Number(stored.rows[0]?.n), Number(stored.rows[0]?.sources)], [COUNT, COUNT], 'one interaction per source');
    const fetchedTwice = [...hits.values()].filter((count) => count > 1).length;
    assert.ok(fetchedTwice <= 1, `only the page being fetched at the kill is fetched again (${fetchedTwice})`);
    const linked = await db.execute(
      "SELECT count(*) AS n FROM webmentions w JOIN interactions i ON i.id = w.interaction_id WHERE w.status = 'accepted'",
    );
    assert.equal(Number(linked.rows[0]?.n), COUNT, 'each accepted row names its interaction');
  });
});
