/**
 * The mail sender in its own process, as the Node server runs it (the real job, the real SMTP
 * transport, the background loop), to be killed mid-send. LEASE_MS shortens the claims so the
 * test need not wait out the default.
 */
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../api/core/config.ts';
import { openDb } from '../../api/db/client.ts';
import { mailLinkSecret } from '../../api/db/mail-settings.ts';
import { sendDueMail } from '../../api/mail/send.ts';
import { startJobLoop } from '../../api/node/job-loop.ts';
import { createSmtpTransport } from '../../api/node/smtp-transport.ts';

const config = loadConfig(process.env);
const mail = config.mail;
if (!mail) throw new Error('PARLEY_SMTP_URL is required');
const db = await openDb({ url: config.databaseUrl, authToken: config.databaseAuthToken });
const deps = {
  db,
  config: { ...config, mail },
  now: () => new Date(),
  linkSecret: () => mailLinkSecret(db),
  transport: createSmtpTransport(mail),
  owner: `sender-${process.pid}-${randomUUID()}`,
  leaseMs: Number(process.env.LEASE_MS ?? 3_000),
};
console.log(JSON.stringify({ ready: true, pid: process.pid }));
const loop = startJobLoop(() => sendDueMail(deps), { pollMs: 200, log: (line) => console.error(line) });
// the loop's timers do not hold a process open (the Node server's socket does): this one must
const alive = setInterval(() => undefined, 60_000);
process.once('SIGTERM', () => {
  clearInterval(alive);
  void loop.stop().then(() => process.exit(0));
});
