/** A webmention verifier in its own process, to be killed mid-verification: drains until stopped. */
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../api/core/config.ts';
import { openDb } from '../../api/db/client.ts';
import { createGuardedFetch } from '../../api/node/net.ts';
import { drainQueue, verifierDeps } from '../../api/webmention/process.ts';

const config = loadConfig(process.env);
const db = await openDb({ url: config.databaseUrl, authToken: config.databaseAuthToken });
const deps = {
  ...verifierDeps(config, { db, fetch: createGuardedFetch({ allowPrivateNetwork: true }), owner: `doomed-${process.pid}-${randomUUID()}` }),
  leaseMs: Number(process.env.LEASE_MS ?? 2_000),
};
console.log(JSON.stringify({ ready: true }));
for (let idle = 0; idle < 600; idle += 1) {
  if ((await drainQueue(deps, 10)).length) idle = 0;
  else await new Promise((resolve) => setTimeout(resolve, 50));
}
db.close();
