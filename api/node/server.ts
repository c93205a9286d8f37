import { randomUUID } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import path from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono } from 'hono';
import { compress } from 'hono/compress';
import { type AppDeps, createApp } from '../app.ts';
import type { Config } from '../core/config.ts';
import { apiPaths, apiUrl } from '../core/urls.ts';
import type { Db } from '../db/client.ts';
import { replyPagesChanged } from '../db/reply-webmentions.ts';
import { backgroundJobs, JOB_BUDGET_MS, type JobName, prepareJobs } from '../jobs.ts';
import { createAdminApp } from '../routes/admin/index.tsx';
import { ensureAdminToken } from '../services/admin-auth.ts';
import { readSitePage } from '../webmention/replies.ts';
import { applyManifest, describeSync } from './build-sync.ts';
import { gonePosts } from './gone-posts.ts';
import { snapshotBuild } from './instance-site.ts';
import { type JobLoop, startJobLoop } from './job-loop.ts';
import { readManifest } from './manifest-file.ts';
import { createGuardedFetch } from './net.ts';
import { openMigratedDbWhenUp } from './open-db.ts';
import { buildIfStale } from './site-build.ts';
import { type SiteUpdater, startSiteUpdater } from './site-updater.ts';
import { createSmtpTransport } from './smtp-transport.ts';
import { createStaticSite } from './static-site.ts';

export interface ServerOptions {
  config: Config;
  projectDir: string;
  /** The site's build folder, served at the root; null serves the API alone (the dev server has the site). */
  distDir: string | null;
  env: NodeJS.ProcessEnv;
  /** Build the site first when it is missing or older than its sources (default true). */
  buildIfStale?: boolean;
  /**
   * This instance's own folder: the copy of the site it serves and its background builds
   * (default .parley/instances/<PARLEY_INSTANCE or host-port> in the project).
   */
  instanceDir?: string;
  /** Rewrite a post's page when its conversation changes (default true). */
  updatePages?: boolean;
  log?: (line: string) => void;
}

export interface RunningServer {
  url: string;
  db: Db;
  /** Keeps the served pages current with the database; null without a site. */
  pages: SiteUpdater | null;
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

  const { db, applied } = await openMigratedDbWhenUp(config, {
    waitMs: config.databaseWaitSeconds * 1000,
    onWait: (reason) =>
      log(`waiting up to ${config.databaseWaitSeconds} s for the database at ${config.databaseUrl.split('?')[0]} (${reason})…`),
  });
  if (applied.length) log(`database ${config.databaseUrl}: applied ${applied.join(', ')}`);

  if (distDir && options.buildIfStale !== false) {
    await buildIfStale({ projectDir, distDir, siteUrl: config.siteUrl, mail: config.mail !== null, env, log });
  }
  // a build that could not reach the database left the posts unsynced: catch up from its manifest
  const manifest = distDir ? readManifest(distDir) : null;
  if (manifest) {
    const synced = await applyManifest(db, manifest);
    if (synced.newerBuild || synced.gone.length) log(describeSync(synced));
  }

  const instanceDir =
    options.instanceDir ?? path.join(projectDir, '.parley', 'instances', config.instance ?? `${hostname()}-${config.port || process.pid}`);
  const siteDir = distDir && existsSync(distDir) ? snapshotBuild(distDir, instanceDir) : null;
  const site = siteDir ? createStaticSite(siteDir) : null;
  const jobs: Partial<Record<JobName, JobLoop>> = {};
  // a published answer reaches this instance's pages in the time of one page write, not a build
  const pages =
    siteDir && options.updatePages !== false
      ? await startSiteUpdater({
          db,
          siteDir,
          log,
          // replies wait until their page holds them: it may now
          onPatched: () => {
            void replyPagesChanged(db)
              .catch(() => undefined)
              .then(() => jobs.replies?.kick());
          },
        })
      : null;

  const guardedFetch = createGuardedFetch({ allowPrivateNetwork: config.allowPrivateNetwork });
  const mailTransport = config.mail ? createSmtpTransport(config.mail) : undefined;
  // before the first request, so no publication of this instance's goes unannounced
  await prepareJobs(db, config, { mailTransport });
  const onPublished = (slug: string) => {
    pages?.changed(slug);
    jobs.webhooks?.kick();
    jobs.mail?.kick();
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
  const owner = `node-${process.pid}-${randomUUID()}`;
  const runtime = { db, fetch: guardedFetch, owner, onPublished, readPage, pageWaitMs: 30_000, mailTransport };
  for (const job of backgroundJobs(config, runtime)) {
    jobs[job.name] = startJobLoop(() => job.run(Date.now() + JOB_BUDGET_MS), { pollMs: job.pollMs, log });
  }

  return {
    url,
    db,
    pages,
    jobs,
    close: async () => {
      await pages?.stop();
      await Promise.all(Object.values(jobs).map((loop) => loop.stop()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
      db.close();
      // its copy of the site is remade on the next start; nothing else lives there
      if (site) rmSync(instanceDir, { recursive: true, force: true });
    },
  };
}
