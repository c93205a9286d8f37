import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorker } from '../node/worker-bundle.ts';

const projectDir = fileURLToPath(new URL('../..', import.meta.url));
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

export async function buildWorkerCommand(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(
      [
        'Usage: parley build-worker [--out DIR] [--no-minify]',
        '',
        'Bundles the edge entry (api/worker.ts) into DIR/worker.js (default .parley/worker), one ES module',
        'for Cloudflare Workers or workerd without Node compatibility. wrangler deploys that file.',
      ].join('\n'),
    );
    return 0;
  }
  const out = args[args.indexOf('--out') + 1];
  const outDir = args.includes('--out') && out ? path.resolve(out) : path.join(projectDir, '.parley', 'worker');
  const bundle = await bundleWorker({ projectDir, outDir, minify: !args.includes('--no-minify') });
  console.log(
    `wrote ${path.relative(process.cwd(), bundle.file) || bundle.file}: ${kib(bundle.bytes)}, ${kib(bundle.gzipBytes)} gzip; expects ${bundle.migrations.length} migrations (last ${bundle.migrations.at(-1)})`,
  );
  return 0;
}
