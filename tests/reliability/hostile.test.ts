import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Db } from '../../api/db/client.ts';
import { createDatabase, POST, type ReliabilityDatabase } from './_database.ts';
import { type HostileRequest, hostileCorpus, RAW_REQUESTS } from './_hostile-corpus.ts';
import { type ApiProcess, startApiProcess } from './_processes.ts';
import { size } from './_writers.ts';

const SITE = 'http://127.0.0.1:4321';

/** A tiny built site, so the static routes are part of the target. */
function fakeSite(dir: string): string {
  const dist = path.join(dir, 'dist');
  mkdirSync(path.join(dist, 'posts', POST.slug), { recursive: true });
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Home</title>');
  writeFileSync(path.join(dist, '404.html'), '<!doctype html><title>Not found</title>');
  writeFileSync(path.join(dist, 'posts', POST.slug, 'index.html'), '<!doctype html><title>Under load</title>');
  writeFileSync(path.join(dist, 'parley-posts.json'), JSON.stringify({ builtAt: new Date().toISOString(), siteUrl: SITE, posts: [POST] }));
  return dist;
}

/** Sends raw bytes and returns the status of the answer, or null when the server just closed. */
function sendRaw(url: string, bytes: string): Promise<number | null> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1');
    let answer = '';
    socket.setTimeout(10_000, () => {
      socket.destroy();
      reject(new Error('no answer within 10 s'));
    });
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(/^HTTP\/1\.[01] (\d{3})/.exec(answer) ? Number(/^HTTP\/1\.[01] (\d{3})/.exec(answer)![1]) : null));
    socket.end(Buffer.from(bytes, 'latin1'));
  });
}

describe('hostile input to every public route', () => {
  let database: ReliabilityDatabase;
  let db: Db;
  let api: ApiProcess;
  beforeAll(async () => {
    database = await createDatabase();
    ({ db } = database);
    api = await startApiProcess(database.env, {
      PARLEY_DIST_DIR: fakeSite(database.dir),
      SITE_URL: SITE,
      PARLEY_COMMENT_RATE_MAX: '1000000',
    });
  });
  afterAll(async () => {
    await api.stop();
    await database.close();
  });

  /** The answer's status; node:http rather than fetch, which hides an early 413 when the server stops reading. */
  const send = (request: HostileRequest) =>
    new Promise<number>((resolve, reject) => {
      const outgoing = httpRequest(
        `${api.url}${request.path}`,
        { method: request.method, headers: request.headers, timeout: 10_000 },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      outgoing.on('timeout', () => outgoing.destroy(new Error(`${request.name}: no answer within 10 s`)));
      outgoing.on('error', reject);
      outgoing.end(request.body);
    });

  /** Good requests in a loop while hostile ones run: each must be answered, quickly. */
  const keepServing = () => {
    let running = true;
    const slowest: number[] = [];
    const loop = (async () => {
      for (let n = 0; running && n < 5_000; n += 1) {
        const started = performance.now();
        const response = await fetch(`${api.url}/api/posts/${POST.slug}/conversation`);
        assert.equal(response.status, 200);
        await response.arrayBuffer();
        slowest.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    return async () => {
      running = false;
      await loop;
      return Math.max(0, ...slowest);
    };
  };

  it('answers every malformed request 4xx, never 5xx, and keeps serving others meanwhile', async () => {
    const corpus = hostileCorpus(SITE);
    const stop = keepServing();
    const wrong: string[] = [];
    try {
      for (let start = 0; start < corpus.length; start += 8) {
        const batch = corpus.slice(start, start + 8);
        // a server may answer an oversized body early and close while it is still being sent: ask again alone
        const statuses = await Promise.all(batch.map((request) => send(request).catch(() => send(request))));
        statuses.forEach((status, index) => {
          if (status < 400 || status > 499) wrong.push(`${status} for ${batch[index]!.name}`);
        });
      }
    } finally {
      await stop();
    }
    const slowest = await stop();
    assert.deepEqual(wrong, [], `${corpus.length} requests`);
    assert.ok(slowest < 2_000, `a reader waited ${slowest.toFixed(0)} ms`);
    const stored = await db.execute('SELECT count(*) AS n FROM interactions');
    assert.equal(Number(stored.rows[0]?.n), 0, 'nothing malformed was stored');
  });

  it('never answers 5xx to requests broken below HTTP', async () => {
    for (const request of RAW_REQUESTS) {
      const status = await sendRaw(api.url, request.bytes);
      assert.ok(status === null || status < 500, `${request.name}: ${status}`);
    }
    assert.equal((await fetch(`${api.url}/api/health`)).status, 200);
  });

  it('keeps serving while slow clients trickle their headers and bodies', async () => {
    const count = size(60, 400);
    const sockets: Socket[] = [];
    const { port } = new URL(api.url);
    for (let n = 0; n < count; n += 1) {
      const socket = connect(Number(port), '127.0.0.1');
      socket.on('error', () => undefined);
      sockets.push(socket);
      socket.write(
        n % 2
          ? `POST /api/posts/${POST.slug}/comments HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n{"name":"`
          : 'GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ',
      );
    }
    const stop = keepServing();
    const until = Date.now() + size(3_000, 20_000);
    while (Date.now() < until) {
      for (const socket of sockets) if (!socket.destroyed) socket.write('a');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const slowest = await stop();
    for (const socket of sockets) socket.destroy();
    assert.ok(slowest < 2_000, `a reader waited ${slowest.toFixed(0)} ms behind ${count} slow clients`);
    assert.equal((await fetch(`${api.url}/api/health`)).status, 200);
  });
});
