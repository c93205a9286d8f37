import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../core/config.ts';
import { createGuardedFetch } from '../node/net.ts';
import { openMigratedDb } from '../node/open-db.ts';
import { DEFAULT_POLICY } from '../webmention/guarded-fetch.ts';
import { type DeliveredSend, deliverPlan } from '../webmention/outbox.ts';
import { type PlanContext, plansFromBuild, plansFromSource, SendCommandError } from './send-plans.ts';
import { createProgress, formatReport, formatTotals, type Output } from './send-report.ts';

const USAGE = `Usage: parley webmentions send [options]

Sends Webmentions for what the site publishes (run it after each build and deploy): for every
published post in the build, to the pages its h-entry links (its content and its reply, like,
repost and bookmark properties), except the site's own. A post is sent again only when its links
change; a removed link is notified once more, and so are the targets of a deleted or drafted post.

Options:
  --dist DIR      The build to read (default: dist)
  --source URL    Send for this page instead of the build: the links of its h-entry
  --target URL    With --source: send to exactly this target (repeatable)
  --dry-run       Find the endpoints, send and store nothing
  -h, --help      Show this help

Exits 1 when an endpoint refused a Webmention (4xx) or the build cannot be read.`;

function isHttpUrl(value: string): boolean {
  return URL.canParse(value) && /^https?:$/.test(new URL(value).protocol);
}

async function send(args: string[], out: Output): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      dist: { type: 'string', default: 'dist' },
      source: { type: 'string' },
      target: { type: 'string', multiple: true, default: [] },
      'dry-run': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    out.write(`${USAGE}\n`);
    return 0;
  }
  const targets = values.target ?? [];
  if (targets.length && !values.source) throw new SendCommandError('usage', '--target needs --source', 2);
  for (const url of [values.source, ...targets]) {
    if (url !== undefined && !isHttpUrl(url)) throw new SendCommandError('usage', `not an http(s) URL: ${url}`, 2);
  }
  const dryRun = values['dry-run'] ?? false;

  const config = loadConfig(process.env);
  const policy = { ...DEFAULT_POLICY, timeoutMs: config.webmention.fetchTimeoutMs, allowPrivateNetwork: config.allowPrivateNetwork };
  const fetch = createGuardedFetch({ allowPrivateNetwork: config.allowPrivateNetwork });
  const { db } = await openMigratedDb(config);
  try {
    const ctx: PlanContext = { db, fetch, policy, siteUrl: config.siteUrl };
    const { plans, notes, sources } = values.source
      ? await plansFromSource(ctx, values.source, targets)
      : await plansFromBuild(ctx, path.resolve(values.dist ?? 'dist'));
    for (const note of notes) out.write(`${note}\n`);
    const total = plans.reduce((sum, plan) => sum + plan.sends.length, 0);
    if (total === 0) {
      out.write(`nothing to send: ${sources} page(s) unchanged since the last run\n`);
      return 0;
    }
    out.write(
      `${dryRun ? 'dry run: ' : ''}${total} Webmention(s) to send for ${plans.filter((plan) => plan.sends.length).length} page(s)\n`,
    );
    const progress = createProgress(out, total);
    const bySource = new Map<string, DeliveredSend[]>();
    for (const plan of plans) {
      if (!plan.sends.length) continue;
      const results = await deliverPlan({ db, send: { fetch, policy, dryRun } }, plan, (result) => progress.done(result, plan.source));
      bySource.set(plan.source, results);
    }
    progress.finish();
    const all = [...bySource.values()].flat();
    out.write(`${formatReport(bySource)}\n\n${formatTotals(all)}${dryRun ? ' (dry run: nothing sent or stored)' : ''}\n`);
    return all.some((result) => result.outcome === 'rejected') ? 1 : 0;
  } finally {
    db.close();
  }
}

/** `parley webmentions send`: see USAGE. */
export async function webmentionsCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const out: Output = process.stdout;
  if (!sub || sub === '--help' || sub === '-h') {
    out.write(`${USAGE}\n`);
    return sub ? 0 : 2;
  }
  if (sub !== 'send') {
    process.stderr.write(`parley webmentions: unknown subcommand "${sub}"\n\n${USAGE}\n`);
    return 2;
  }
  try {
    return await send(rest, out);
  } catch (error) {
    if (error instanceof SendCommandError) {
      process.stderr.write(`parley webmentions send: ${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`parley webmentions send: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
}
