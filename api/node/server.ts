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
import { applyAuthorAlerts, mailLinkSecret } from '../db/mail-settings.ts';
import { setWebhookEnabled } from '../db/webhooks.ts';
import { sendDueMail } from '../mail/send.ts';
import { createAdminApp } from '../routes/admin/index.tsx';
import { ensureAdminToken } from '../services/admin-auth.ts';
import { drainWebhooks } from '../webhooks/deliver.ts';
import { verifierDeps } from '../webmention/process.ts';
import { applyManifest } from './build-sync.ts';
import { gonePosts } from './gone-posts.ts';
import { type JobLoop, startJobLoop } from './job-loop.ts';
import { readManifest } from './manifest-file.ts';
import { createGuardedFetch } from './net.ts';
import { openMigratedDb } from './open-db.ts';
import { createOwnerReplySender } from './owner-replies.ts';
import { createRebuilder, type Rebuilder } from './rebuild.ts';
import { buildSite, staleReason } from './site-build.ts';
import { createSmtpTransport } from './smtp-transport.ts';
import { createStaticSite } from './static-site.ts';
import { startVerifier, type Verifier } from './verifier.ts';

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
  verifier: Verifier;
  webhooks: JobLoop | null;
  /** The mail sender, when PARLEY_SMTP_URL is set. */
  mail: JobLoop | null;
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

  const reason = options.buildIfStale === false || !distDir ? null : staleReason(projectDir, distDir, config.siteUrl, config.mail !== null);
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
  const rebuilder =
    options.rebuild === false || !site
      ? null
      : createRebuilder({ projectDir, buildsDir, env, intervalMs: config.rebuildInterval * 1000, onBuilt: site.swap, log });

  const guardedFetch = createGuardedFetch({ allowPrivateNetwork: config.allowPrivateNetwork });
  const verifier = startVerifier(
    verifierDeps(config, {
      db,
      fetch: guardedFetch,
      owner: `node-${process.pid}-${randomUUID()}`,
      onPublished: () => rebuilder?.request(),
    }),
    { log },
  );
  await setWebhookEnabled(db, config.webhook.url !== null);
  const { url: webhookUrl, secret: webhookSecret } = config.webhook;
  const webhooks =
    webhookUrl && webhookSecret
      ? startJobLoop(
          () => drainWebhooks({ db, fetch, url: webhookUrl, secret: webhookSecret, owner: `node-${process.pid}`, now: () => new Date() }),
          { log },
        )
      : null;
  await applyAuthorAlerts(db, config.mail?.authorEmail != null);
  const mailConfig = config.mail;
  const mailJob = mailConfig && {
    db,
    config: { ...config, mail: mailConfig },
    now: () => new Date(),
    linkSecret: () => mailLinkSecret(db),
    transport: createSmtpTransport(mailConfig),
    owner: `node-${process.pid}-${randomUUID()}`,
  };
  const mail = mailJob ? startJobLoop(() => sendDueMail(mailJob), { log }) : null;
  const appDeps: AppDeps = {
    db,
    config,
    peerAddress: (c) => getConnInfo(c).remote.address,
    onPublished: () => {
      rebuilder?.request();
      webhooks?.kick();
      mail?.kick();
    },
    onQueued: () => verifier.kick(),
    onOwnerReply: createOwnerReplySender({ db, config, fetch: guardedFetch, rebuilder, log }),
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

  return {
    url,
    db,
    rebuilder,
    verifier,
    webhooks,
    mail,
    close: async () => {
      rebuilder?.stop();
      await verifier.stop();
      await webhooks?.stop();
      await mail?.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      db.close();
    },
  };
}
