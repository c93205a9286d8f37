/** `npm run dev`: the API on PARLEY_API_PORT (default 4322) and Astro's dev server, which proxies /api to it. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../core/config.ts';
import { startServer } from './server.ts';

const projectDir = fileURLToPath(new URL('../..', import.meta.url));
const apiPort = process.env.PARLEY_API_PORT || '4322';
const sitePort = process.env.PORT || '4321';
const config = loadConfig({ ...process.env, PORT: apiPort, SITE_URL: process.env.SITE_URL || `http://127.0.0.1:${sitePort}` });
const server = await startServer({ config, projectDir, distDir: null, env: process.env, updatePages: false });

const astro = spawn(
  process.execPath,
  [fileURLToPath(new URL('node_modules/astro/bin/astro.mjs', new URL('../../', import.meta.url))), 'dev', '--port', sitePort],
  {
    cwd: projectDir,
    env: { ...process.env, PARLEY_API_PORT: apiPort, SITE_URL: config.siteUrl },
    stdio: 'inherit',
  },
);
const stop = () => {
  astro.kill('SIGTERM');
  void server.close().then(() => process.exit(0));
};
astro.on('exit', stop);
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
