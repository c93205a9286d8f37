/**
 * Bench: sending Webmentions to 500 targets on local servers, the way `parley webmentions send`
 * does it after a build (plan against the database, discover, POST, store each outcome). Prints
 * nothing when imported; `node --import tsx bench/send.ts` prints its result.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createGuardedFetch } from '../api/node/net.ts';
import { openMigratedDb } from '../api/node/open-db.ts';
import { DEFAULT_POLICY } from '../api/webmention/guarded-fetch.ts';
import { deliverPlan, planSource } from '../api/webmention/outbox.ts';
import { linksHash } from '../api/webmention/plan.ts';
import { type Listening, listenOnLoopback } from '../tests/_loopback.ts';
import { type Row, row } from './report.ts';

const TARGETS = 500;

/** A site whose every page advertises /wm in its Link header; /wm accepts with 202. */
async function startSite(): Promise<Listening & { received: () => number }> {
  let received = 0;
  const server = createServer((request, response) => {
    if (request.method === 'POST') {
      request.resume();
      request.on('end', () => {
        received += 1;
        response.writeHead(202, { 'content-type': 'text/plain' }).end('accepted');
      });
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', link: '</wm>; rel="webmention"' });
    response.end('<!doctype html><title>A page</title><article class="h-entry"><p class="e-content">A page.</p></article>');
  });
  return { ...(await listenOnLoopback(server)), received: () => received };
}

/** Seconds to send from one source to 500 targets spread over `hosts` local servers. */
async function timeSend(hosts: number): Promise<number> {
  const sites = await Promise.all(Array.from({ length: hosts }, startSite));
  const dir = mkdtempSync(path.join(tmpdir(), 'parley-bench-send-'));
  const { db } = await openMigratedDb({ databaseUrl: `file:${path.join(dir, 'parley.db')}`, databaseAuthToken: undefined });
  try {
    const links = Array.from({ length: TARGETS }, (_, i) => `${sites[i % hosts]!.base}/posts/${i}`);
    const send = { fetch: createGuardedFetch({ allowPrivateNetwork: true }), policy: { ...DEFAULT_POLICY, allowPrivateNetwork: true } };
    // a short untimed run first: the figure is the steady cost, not the start of the process
    const warm = links.slice(0, 20).map((link) => `${link}/warm`);
    await deliverPlan(
      { db, send },
      await planSource(db, 'https://blog.example/posts/warm-up/', { links: warm, hash: await linksHash(warm) }),
    );
    let done = 0;
    const started = performance.now();
    const plan = await planSource(db, 'https://blog.example/posts/bench/', { links, hash: await linksHash(links) });
    const results = await deliverPlan({ db, send }, plan, () => {
      done += 1;
      if (done % 100 === 0) process.stderr.write(`  webmention send (${hosts} host(s)): ${done}/${TARGETS}\n`);
    });
    const seconds = (performance.now() - started) / 1000;
    const received = sites.reduce((sum, site) => sum + site.received(), 0);
    if (results.some((result) => result.outcome !== 'sent') || received !== TARGETS + warm.length) {
      throw new Error(`webmention send bench: ${received - warm.length} of ${TARGETS} received`);
    }
    return seconds;
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
    for (const site of sites) {
      await site.close();
    }
  }
}

/**
 * The ceiling: the same exchanges (GET the page, POST to its endpoint) made with a bare fetch, two
 * at a time as the sender allows per host, with no discovery, guards or storage.
 */
async function timeBare(): Promise<number> {
  const site = await startSite();
  try {
    const links = Array.from({ length: TARGETS + 20 }, (_, i) => `${site.base}/posts/${i}`);
    const exchange = async (link: string) => {
      await (await fetch(link)).text();
      await (
        await fetch(`${site.base}/wm`, { method: 'POST', body: new URLSearchParams({ source: 'https://blog.example/', target: link }) })
      ).text();
    };
    for (const link of links.slice(TARGETS)) await exchange(link); // warm up, untimed
    const started = performance.now();
    let next = 0;
    const worker = async () => {
      while (next < TARGETS) await exchange(links[next++]!);
    };
    await Promise.all([worker(), worker()]);
    return (performance.now() - started) / 1000;
  } finally {
    await site.close();
  }
}

/**
 * The bench harness calls this. One host is the slow case (two requests at a time to it), beside
 * its bare ceiling; fifty hosts show how far the bounded concurrency (eight targets at once) goes.
 */
export async function benchSend(): Promise<Row[]> {
  const bare = await timeBare();
  const oneHost = await timeSend(1);
  const manyHosts = await timeSend(50);
  // on loopback nothing hides the sender's own work (parsing, guards, storage): keep it within 3x
  return [
    row(`webmention send: ${TARGETS} targets`, oneHost, 's', bare, { max: 3 }),
    row(`webmention send: ${TARGETS} targets on 50 hosts`, manyHosts, 's', null),
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await benchSend(), null, 2));
}
