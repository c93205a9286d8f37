/**
 * The ceilings the benchmark divides by, in the same process setup as Parley's API (Node, Hono,
 * @hono/node-server, compression middleware): a route that returns a constant body, and a route
 * that does only the raw insert of a comment, on a database opened exactly as Parley opens it.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { compress } from 'hono/compress';
import { openDb } from '../api/db/client.ts';

const body = new Uint8Array(readFileSync(process.env.PARLEY_BENCH_BODY ?? ''));
const db = await openDb({ url: process.env.DATABASE_URL ?? '' });
const slug = process.env.PARLEY_BENCH_SLUG ?? 'bench';

const app = new Hono();
app.use('*', compress());
app.get('/constant', (c) => c.body(body, 200, { 'Content-Type': 'application/json' }));
app.post('/insert', async (c) => {
  const fields = (await c.req.json()) as { name: string; body: string };
  const at = new Date().toISOString();
  const result = await db.execute({
    sql: `INSERT INTO interactions (post_slug, kind, origin, author_name, content_html, content_text, published, received)
          VALUES (?, 'comment', 'comment', ?, ?, ?, ?, ?) RETURNING id`,
    args: [slug, fields.name, fields.body, fields.body, at, at],
  });
  return c.json({ id: Number(result.rows[0]?.id) }, 201);
});

const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => {
  console.log(JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
