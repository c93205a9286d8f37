/** Builds the real site into a temp folder and serves it with the API, as `npm start` does. */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../api/core/config.ts';
import { type RunningServer, startServer } from '../../api/node/server.ts';

export const projectDir = fileURLToPath(new URL('../..', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export interface TestSite {
  server: RunningServer;
  url: string;
  dir: string;
  close(): Promise<void>;
}

export async function startTestSite(env: Record<string, string> = {}): Promise<TestSite> {
  const dir = mkdtempSync(path.join(tmpdir(), 'parley-e2e-'));
  const port = await freePort();
  const settings = {
    PORT: String(port),
    SITE_URL: `http://127.0.0.1:${port}`,
    DATABASE_URL: `file:${path.join(dir, 'parley.db')}`,
    PARLEY_REBUILD_INTERVAL: '0',
    ...env,
  };
  const server = await startServer({
    config: loadConfig(settings),
    projectDir,
    distDir: path.join(dir, 'dist'),
    buildsDir: path.join(dir, 'builds'),
    env: { ...process.env, ...settings },
    log: () => undefined,
  });
  return {
    server,
    url: server.url,
    dir,
    close: async () => {
      await server.rebuilder?.idle();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
