/** Node entry: `npm start`. Serves the built site and the API on one port. */
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from './core/config.ts';
import { startServer } from './node/server.ts';

const projectDir = fileURLToPath(new URL('..', import.meta.url));

try {
  const config = loadConfig(process.env);
  const server = await startServer({ config, projectDir, distDir: `${projectDir}dist`, env: process.env });
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  console.error(error instanceof ConfigError ? `[parley] configuration error: ${error.message}` : error);
  process.exit(1);
}
