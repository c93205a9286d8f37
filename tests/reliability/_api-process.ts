/**
 * An API-only Parley process for the reliability tests and the benchmark: the real Node server
 * (startServer) without the site, configured from the environment. Prints one JSON line with its
 * URL once it listens; SIGTERM closes it, SIGKILL is what the crash tests send.
 */
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../api/core/config.ts';
import { startServer } from '../../api/node/server.ts';

const projectDir = fileURLToPath(new URL('../..', import.meta.url));
const config = loadConfig(process.env);
const server = await startServer({
  config,
  projectDir,
  distDir: process.env.PARLEY_DIST_DIR || null,
  // beside the test's site, not in the project's .parley
  ...(process.env.PARLEY_DIST_DIR ? { instanceDir: `${process.env.PARLEY_DIST_DIR}-instance-${process.pid}` } : {}),
  buildIfStale: false,
  // pages stay as built unless asked (the catch-up benchmark asks)
  updatePages: process.env.PARLEY_UPDATE_PAGES === '1',
  env: process.env,
  log: () => undefined,
});
console.log(JSON.stringify({ url: server.url, pid: process.pid }));
process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
