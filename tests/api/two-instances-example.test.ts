/**
 * docs/examples/two-instances, started as a Procfile runner starts it: sqld, two `npm start`
 * instances and Caddy as the balancer, in a copy of the project. What one instance takes, both
 * serve. Caddy comes from Debian's package; CI installs it, elsewhere the test says it is skipped.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createSiteProject, slugOf } from '../../bench/site-project.ts';
import { freePort } from '../_loopback.ts';
import { waitUntil } from '../_wait.ts';
import { projectDir } from '../reliability/_processes.ts';

const EXAMPLE = path.join(projectDir, 'docs/examples/two-instances');
const CADDY = ['/usr/bin/caddy', '/usr/local/bin/caddy'].find((candidate) => existsSync(candidate)) ?? null;

function caddySkipReason(): string | null {
  if (CADDY) return null;
  const message = 'no caddy found (install Debian’s caddy package)';
  if (process.env.CI) throw new Error(`the two-instance example is required in CI: ${message}`);
  console.warn(`\n!!! SKIPPING THE TWO-INSTANCE EXAMPLE: ${message} !!!\n`);
  return message;
}

/** The processes of a Procfile: `name: command` lines, comments and blank lines skipped. */
function procfile(file: string): { name: string; command: string }[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() && !line.trimStart().startsWith('#'))
    .map((line) => {
      const colon = line.indexOf(':');
      return { name: line.slice(0, colon).trim(), command: line.slice(colon + 1).trim() };
    });
}

const skip = caddySkipReason();

describe('the two-instance example: sqld, two instances and Caddy', { skip: skip !== null }, () => {
  let root: string;
  let ports: Record<string, string>;
  const processes: { name: string; child: ChildProcess; output: string[] }[] = [];
  const output = () => processes.map((entry) => `--- ${entry.name}\n${entry.output.join('').slice(-3_000)}`).join('\n');
  const site = () => `http://127.0.0.1:${ports.SITE_PORT}`;

  beforeAll(async () => {
    root = createSiteProject(2);
    mkdirSync(path.join(root, 'docs/examples'), { recursive: true });
    cpSync(EXAMPLE, path.join(root, 'docs/examples/two-instances'), { recursive: true });
    ports = {
      SQLD_PORT: String(await freePort()),
      WEB1_PORT: String(await freePort()),
      WEB2_PORT: String(await freePort()),
      SITE_PORT: String(await freePort()),
    };
    const env = { ...process.env, ...ports, XDG_DATA_HOME: path.join(root, '.xdg-data'), XDG_CONFIG_HOME: path.join(root, '.xdg-config') };
    for (const { name, command } of procfile(path.join(EXAMPLE, 'Procfile'))) {
      // its own process group, so stopping it stops npm and the server it started
      const child = spawn('bash', ['-c', command], { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      const entry = { name, child, output: [] as string[] };
      child.stdout?.on('data', (chunk: Buffer) => entry.output.push(chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => entry.output.push(chunk.toString()));
      processes.push(entry);
    }
    await waitUntil(
      async () => {
        try {
          return (await fetch(`${site()}/`)).status === 200 && (await fetch(`${site()}/api/health`)).status === 200;
        } catch {
          return false;
        }
      },
      { tries: 1_200, everyMs: 100 },
    );
  });
  afterAll(async () => {
    for (const { child } of processes) {
      if (child.pid && child.exitCode === null) {
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          // already gone
        }
      }
    }
    await waitUntil(() => processes.every(({ child }) => child.exitCode !== null || child.signalCode !== null), { tries: 100 });
    for (const { child } of processes)
      if (child.pid && child.exitCode === null && child.signalCode === null) process.kill(-child.pid, 'SIGKILL');
    rmSync(root, { recursive: true, force: true });
  });

  it('serves the blog through the balancer', async () => {
    const home = await fetch(`${site()}/`);
    assert.equal(home.status, 200, output());
    assert.match(await home.text(), /<html/);
  });

  it('shows a comment taken by one instance on every instance, whichever answers', async () => {
    const slug = slugOf(1);
    const posted = await fetch(`${site()}/api/posts/${slug}/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: site() },
      body: JSON.stringify({ name: 'Ada', body: 'Said once, seen everywhere' }),
    });
    assert.equal(posted.status, 201, output());
    for (let n = 0; n < 4; n += 1) {
      const conversation = await (await fetch(`${site()}/api/posts/${slug}/conversation`)).text();
      assert.match(conversation, /Said once, seen everywhere/, `read ${n} through the balancer`);
    }
    for (const port of [ports.WEB1_PORT, ports.WEB2_PORT]) {
      const direct = await (await fetch(`http://127.0.0.1:${port}/api/posts/${slug}/conversation`)).text();
      assert.match(direct, /Said once, seen everywhere/, `instance on ${port}`);
    }
  });
});
