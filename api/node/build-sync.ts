import { readFile } from 'node:fs/promises';
import type { AstroIntegration, AstroIntegrationLogger } from 'astro';
import { loadConfig } from '../core/config.ts';
import { type Manifest, parseManifest } from '../core/manifest.ts';
import type { Db } from '../db/client.ts';
import { type SyncResult, syncPosts } from '../db/posts.ts';
import { setSetting } from '../db/settings.ts';
import { isUnreachable, noteUnreachable, unreachableThisBuild } from '../db/unreachable.ts';
import { openMigratedDb } from './open-db.ts';

/** Where the build writes the list of published posts, relative to the output folder. */
export const MANIFEST_FILE = 'parley-posts.json';

/** Makes an open database match a manifest: its published posts, and the site's author. */
export async function applyManifest(db: Db, manifest: Manifest): Promise<SyncResult> {
  if (manifest.author) await setSetting(db, 'owner', JSON.stringify(manifest.author));
  return syncPosts(db, manifest.posts, new Date(), manifest.builtAt);
}

/** One line saying what a sync did. */
export function describeSync(result: SyncResult): string {
  if (result.newerBuild) return `kept the post list of a newer build (built ${result.newerBuild}); this build's list is older`;
  return `synced ${result.published} published posts to the database${result.gone.length ? `; gone: ${result.gone.join(', ')}` : ''}`;
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

/**
 * An unreachable database is the documented fallback (one line, the build goes on); any other
 * database error fails the build with what went wrong.
 */
function unreachableOrThrow(logger: AstroIntegrationLogger, what: string, url: string, error: unknown): void {
  if (!isUnreachable(error)) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${what} ${url.split('?')[0]}: ${reason}`, { cause: error });
  }
  noteUnreachable(url, error, (line) => logger.warn(line));
}

/**
 * Keeps the database in step with the build: migrates before pages are rendered (they read the
 * conversations) and, once the site is written, syncs the published posts so the API accepts
 * comments on exactly those. A database that cannot be reached at all does not fail the build
 * (npm start syncs the post list from the manifest later); one that answers with an error does.
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
          unreachableOrThrow(logger, 'cannot migrate', config.databaseUrl, error);
        }
      },
      'astro:build:done': async ({ dir, logger }) => {
        if (unreachableThisBuild()) return;
        const config = loadConfig(process.env);
        try {
          const manifest = parseManifest(JSON.parse(await readFile(new URL(MANIFEST_FILE, dir), 'utf8')));
          const result = await syncManifest(manifest);
          logger.info(describeSync(result));
        } catch (error) {
          unreachableOrThrow(logger, 'cannot sync the published posts to', config.databaseUrl, error);
        }
      },
      'astro:server:start': async ({ address, logger }) => {
        // the dev server has no build: read its manifest (drafts included) once it listens
        try {
          const response = await fetch(`http://127.0.0.1:${address.port}/${MANIFEST_FILE}`);
          const result = await syncManifest(parseManifest(await response.json()));
          logger.info(`synced ${result.published} posts to the database`);
        } catch (error) {
          // the dev server keeps running; it says why comments on new posts will be refused
          const reason = error instanceof Error ? error.message : String(error);
          logger.warn(`WARNING: cannot sync posts to the database: ${reason}`);
        }
      },
    },
  };
}
