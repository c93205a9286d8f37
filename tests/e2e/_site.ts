import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../api/core/config.ts';
import { type RunningServer, startServer } from '../../api/node/server.ts';
import { createTestDatabase } from '../_database.ts';
import { freePort } from '../_loopback.ts';

export const projectDir = fileURLToPath(new URL('../..', import.meta.url));

export interface TestSite {
  server: RunningServer;
  url: string;
  dir: string;
  close(): Promise<void>;
}

export async function startTestSite(env: Record<string, string> = {}): Promise<TestSite> {
  const database = await createTestDatabase({ prefix: 'parley-e2e-' });
  const { dir } = database;
  const port = await freePort();
  const settings = {
    PORT: String(port),
    SITE_URL: `http://127.0.0.1:${port}`,
    ...database.env,

    ...env,
  };
  const server = await startServer({
    config: loadConfig(settings),
    projectDir,
    distDir: path.join(dir, 'dist'),
    instanceDir: path.join(dir, 'instance'),
    env: { ...process.env, ...settings },
    log: () => undefined,
  });
  return {
    server,
    url: server.url,
    dir,
    close: async () => {
      await server.pages?.idle();
      await server.close();
      await database.close();
    },
  };
}
