import { readFile } from 'node:fs/promises';
import type { AstroIntegration, AstroIntegrationLogger } from 'astro';
import { loadConfig } from '../core/config.ts';
import { type Manifest, parseManifest } from '../core/manifest.ts';
import type { Db } from '../db/client.ts';
import { type SyncResult, syncPosts } from '../db/posts.ts';
import { setSetting } from '../db/settings.ts';
import { openMigratedDb } from './open-db.ts';

/** Where the build writes the list of published posts, relative to the output folder. */
export const MANIFEST_FILE = 'parley-posts.json';

/** Makes an open database match a manifest: its published posts, and the site's author. */
export async function applyManifest(db: Db, manifest: Manifest): Promise<SyncResult> {
  if (manifest.author) await setSetting(db, 'owner', JSON.stringify(manifest.author));
  return syncPosts(db, manifest.posts);
}

/** Opens and migrates the configured database, then applies a manifest to it (the build's hooks). */
export async function syncManifest(manifest: Manifest, env = process.env): Promise<SyncResult> {
  const { db } = await openMigratedDb(loadConfig(env));
  try {
    return await applyManifest(db, manifest);
  } finally {
    db.close();
  }
}

function warnLoudly(logger: AstroIntegrationLogger, what: string, error: unknown): void {
  const reason = error instanceof Error ? error.message : String(error);
  logger.warn(`WARNING: ${what}: ${reason}`);
  logger.warn('The site is still built; start the API (npm start) to bring the database up to date.');
}

/**
 * Keeps the database in step with the build: migrates before pages are rendered (they read the
 * conversations) and, once the site is written, syncs the published posts so the API accepts
 * comments on exactly those. A database that cannot be reached never fails the build.
 */
export function parleyIntegration(): AstroIntegration {
  return {
    name: 'parley',
    hooks: {
      'astro:build:start': async ({ logger }) => {
        const config = loadConfig(process.env);
        try {
          const { db } = await openMigratedDb(config);
          db.close();
        } catch (error) {
          warnLoudly(logger, `cannot migrate ${config.databaseUrl}`, error);
        }
      },
      'astro:build:done': async ({ dir, logger }) => {
        try {
          const manifest = parseManifest(JSON.parse(await readFile(new URL(MANIFEST_FILE, dir), 'utf8')));
          const result = await syncManifest(manifest);
          logger.info(
            `synced ${result.published} published posts to the database${result.gone.length ? `; gone: ${result.gone.join(', ')}` : ''}`,
          );
        } catch (error) {
          warnLoudly(logger, 'cannot sync the published posts to the database', error);
        }
      },
      'astro:server:start': async ({ address, logger }) => {
        // the dev server has no build: read its manifest (drafts included) once it listens
        try {
          const response = await fetch(`http://127.0.0.1:${address.port}/${MANIFEST_FILE}`);
          const result = await syncManifest(parseManifest(await response.json()));
          logger.info(`synced ${result.published} posts to the database`);
        } catch (error) {
          warnLoudly(logger, 'cannot sync posts to the database', error);
        }
      },
    },
  };
}
