import type { Config } from '../core/config.ts';
import type { Db } from '../db/client.ts';
import { DEFAULT_POLICY } from '../webmention/guarded-fetch.ts';
import { deliverPlan, planForced } from '../webmention/outbox.ts';
import type { SiteUpdater } from './site-updater.ts';

export interface OwnerReplyOptions {
  db: Db;
  config: Config;
  fetch: typeof fetch;
  pages: SiteUpdater | null;
  log: (line: string) => void;
}

/**
 * Tells a webmention's site that the author answered it: once the updated page holds the answer
 * (its permalink is the source the receiver will fetch), a Webmention goes from the answer to the
 * page it answers. Outcomes are stored like every other outgoing webmention.
 */
export function createOwnerReplySender(options: OwnerReplyOptions): (reply: { source: string; targets: string[] }) => void {
  return (reply) => {
    void (async () => {
      try {
        await options.pages?.idle();
        const plan = await planForced(options.db, reply.source, reply.targets);
        const policy = {
          ...DEFAULT_POLICY,
          timeoutMs: options.config.webmention.fetchTimeoutMs,
          allowPrivateNetwork: options.config.allowPrivateNetwork,
        };
        const results = await deliverPlan({ db: options.db, send: { fetch: options.fetch, policy } }, plan);
        for (const result of results)
          options.log(`answer ${reply.source} → ${result.target}: ${result.outcome}${result.endpoint ? ` via ${result.endpoint}` : ''}`);
      } catch (error) {
        options.log(
          `could not tell ${reply.targets.join(', ')} about ${reply.source}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    })();
  };
}
