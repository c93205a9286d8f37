/** A second API process's verifier, for the shared-queue test: drains the queue, then reports. */
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../api/core/config.ts';
import { openDb } from '../../api/db/client.ts';
import { createGuardedFetch } from '../../api/node/net.ts';
import { drainQueue, verifierDeps } from '../../api/webmention/process.ts';

const config = loadConfig(process.env);
const db = await openDb({ url: config.databaseUrl, authToken: config.databaseAuthToken });
const deps = verifierDeps(config, {
  db,
  fetch: createGuardedFetch({ allowPrivateNetwork: true }),
  owner: `proc-${process.pid}-${randomUUID()}`,
});
let processed = 0;
for (;;) {
  const done = await drainQueue(deps, 10);
  processed += done.length;
  if (done.length) continue;
  const left = await db.execute("SELECT count(*) AS n FROM webmentions WHERE status = 'queued'");
  if (Number(left.rows[0]?.n) === 0) break;
  await new Promise((resolve) => setTimeout(resolve, 20));
}
db.close();
console.log(JSON.stringify({ processed }));
