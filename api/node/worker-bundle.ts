import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { loadMigrations } from './migrations.ts';

export interface WorkerBundle {
  file: string;
  bytes: number;
  gzipBytes: number;
  migrations: string[];
}

/**
 * Bundles api/worker.ts into one ES module for workerd, without Node compatibility: platform
 * browser, so a dependency that reaches for a Node built-in fails the build instead of the first
 * request. The names of api/db/migrations go in, so the worker can refuse an older database.
 *
 * @example const { file, gzipBytes } = await bundleWorker({ projectDir, outDir: '.parley/worker' });
 */
export async function bundleWorker(options: { projectDir: string; outDir: string; minify?: boolean }): Promise<WorkerBundle> {
  const migrations = loadMigrations().map((migration) => migration.name);
  const file = path.resolve(options.outDir, 'worker.js');
  await build({
    entryPoints: [path.join(options.projectDir, 'api/worker.ts')],
    outfile: file,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['workerd', 'worker', 'browser'],
    target: 'es2022',
    minify: options.minify ?? true,
    jsx: 'automatic',
    jsxImportSource: 'hono/jsx',
    define: { PARLEY_MIGRATIONS: JSON.stringify(migrations) },
    legalComments: 'none',
    logLevel: 'silent',
  });
  const code = readFileSync(file);
  return { file, bytes: code.byteLength, gzipBytes: gzipSync(code).byteLength, migrations };
}
