import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono } from 'hono';
import { compress } from 'hono/compress';
import { type AppDeps, createApp } from '../app.ts';
import type { Config } from '../core/config.ts';
import { apiPaths, apiUrl } from '../core/urls.ts';
import type { Db } from '../db/client.ts';
import { countQueuedReplyWebmentions, replyPagesChanged } from '../db/reply-webmentions.ts';
import { backgroundJobs, JOB_BUDGET_MS, type JobName, prepareJobs } from '../jobs.ts';
import { createAdminApp } from '../routes/admin/index.tsx';
import { ensureAdminToken } from '../services/admin-auth.ts';
import { readSitePage } from '../webmention/replies.ts';
import { applyManifest } from './build-sync.ts';
import { gonePosts } from './gone-posts.ts';
import { type JobLoop, startJobLoop } from './job-loop.ts';
import { readManifest } from './manifest-file.ts';
import { createGuardedFetch } from './net.ts';
import { openMigratedDb } from './open-db.ts';
import { createRebuilder, type Rebuilder } from './rebuild.ts';
import { buildSite, staleReason } from './site-build.ts';
import { createStaticSite } from './static-site.ts';

export interface ServerOptions {
  config: Config;
  projectDir: string;
  /** The site's build folder, served at the root; null serves the API alone (the dev server has the site). */
  distDir: string | null;
  env: NodeJS.ProcessEnv;
  /** Build the site first when it is missing or older than its sources (default true). */
  buildIfStale?: boolean;
  /** Where background builds go (default .parley/builds in the project). */
  buildsDir?: string;
  /** Rebuild in the background after new published interactions (default true). */
  rebuild?: boolean;
  log?: (line: string) => void;
}

export interface RunningServer {
  url: string;
  db: Db;
  rebuilder: Rebuilder | null;
  /** The loop of each background job (api/jobs.ts). */
  jobs: Partial<Record<JobName, JobLoop>>;
  close(): Promise<void>;
}

/**
 * Everything `npm start` does: build the site when stale, migrate, sync the published posts, and
 * serve the site and the API (under /api) on one port.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { config, projectDir, distDir } = options;
  const log = options.log ?? ((line: string) => console.log(`[parley] ${line}`));
  const env = { ...options.env, SITE_URL: config.siteUrl, DATABASE_URL: config.databaseUrl };

  const { db, applied } = await openMigratedDb(config);
  if (applied.length) log(`database ${config.databaseUrl}: applied ${applied.join(', ')}`);

  const reason = options.buildIfStale === false || !distDir ? null : staleReason(projectDir, distDir, config.siteUrl);
  if (reason) {
    log(`building the site (${reason})…`);
    const started = Date.now();
    await buildSite({ projectDir, outDir: distDir as string, env, onLine: (line) => log(`  ${line}`) });
    log(`site built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  // a build that could not reach the database left the posts unsynced: catch up from its manifest
  const manifest = distDir ? readManifest(distDir) : null;
  if (manifest) await applyManifest(db, manifest);

  const site = distDir ? createStaticSite(distDir) : null;
  const buildsDir = options.buildsDir ?? path.join(projectDir, '.parley', 'builds');
  rmSync(buildsDir, { recursive: true, force: true });
  const jobs: Partial<Record<JobName, JobLoop>> = {};
  const rebuilder =
    options.rebuild === false || !site
      ? null
      : createRebuilder({
          projectDir,
          buildsDir,
          env,
          intervalMs: config.rebuildInterval * 1000,
          onBuilt: (outDir) => {
            site.swap(outDir);
            // replies wait until their page holds them: it may now
            void replyPagesChanged(db)
              .catch(() => undefined)
              .then(() => jobs.replies?.kick());
          },
          log,
        });
  // replies queued before a restart wait for a page that holds them: build one
  if (rebuilder && (await countQueuedReplyWebmentions(db)) > 0) rebuilder.request();

  const guardedFetch = createGuardedFetch({ allowPrivateNetwork: config.allowPrivateNetwork });
  await prepareJobs(db, config);
  const onPublished = () => {
    rebuilder?.request();
    jobs.webhooks?.kick();
    jobs['deploy-hook']?.kick();
  };
  const appDeps: AppDeps = {
    db,
    config,
    peerAddress: (c) => getConnInfo(c).remote.address,
    onPublished,
    onQueued: () => jobs.webmentions?.kick(),
    onRepliesQueued: () => jobs.replies?.kick(),
  };
  const api = createApp(appDeps);
  const token = await ensureAdminToken(db, config.adminToken);
  if (token)
    log(
      `your admin token, shown only this once: ${token}\n[parley] log in at ${config.siteUrl}/admin/login (set PARLEY_ADMIN_TOKEN to choose your own)`,
    );
  const root = new Hono();
  root.use('*', compress());
  root.route('/api', api);
  root.route('/admin', createAdminApp(appDeps));
  if (site) {
    // advertise the Webmention endpoint on every page, as the spec prefers (HTTP Link header first)
    const endpoint = new URL(apiUrl(config.apiBase, apiPaths.webmention()), `${config.siteUrl}/`).href;
    root.use('*', async (c, next) => {
      await next();
      if (c.res.headers.get('content-type')?.startsWith('text/html')) c.res.headers.append('Link', `<${endpoint}>; rel="webmention"`);
    });
    root.use('/posts/*', gonePosts({ db, siteUrl: config.siteUrl }));
    root.use('*', site.handler);
  }

  const server: ServerType = await new Promise((resolve) => {
    const started = serve({ fetch: root.fetch, hostname: config.host, port: config.port }, () => resolve(started));
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  log(`Parley is running at ${url} (site ${config.siteUrl}, database ${config.databaseUrl})`);

  // the served pages are read from this server itself; the API alone (npm run dev) reads them at SITE_URL
  const sitePage = readSitePage(fetch, config.siteUrl, config.webmention.fetchTimeoutMs);
  const readPage = async (pageUrl: string) => {
    if (!site || !pageUrl.startsWith(`${config.siteUrl}/`)) return sitePage(pageUrl);
    const response = await fetch(`${url}${pageUrl.slice(config.siteUrl.length)}`).catch(() => null);
    return response?.ok ? response.text() : null;
  };
  const runtime = { db, fetch: guardedFetch, owner: `node-${process.pid}-${randomUUID()}`, onPublished, readPage, pageWaitMs: 30_000 };
  for (const job of backgroundJobs(config, runtime)) {
    jobs[job.name] = startJobLoop(() => job.run(Date.now() + JOB_BUDGET_MS), { pollMs: job.pollMs, log });
  }

  return {
    url,
    db,
    rebuilder,
    jobs,
    close: async () => {
      rebuilder?.stop();
      await Promise.all(Object.values(jobs).map((loop) => loop.stop()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
      db.close();
    },
  };
}
