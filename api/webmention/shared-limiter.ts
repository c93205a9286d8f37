import type { Db } from '../db/client.ts';
import { claimHostSlot, extendHostSlot, releaseHostSlot } from '../db/host-slots.ts';
import { createHostLimiter, type HostLimiter } from './limiter.ts';

export interface SharedLimiterOptions {
  db: Db;
  /** Requests at once to one host, counted over every process on this database. */
  perHost: number;
  /** Longer than any one request: a process that dies frees its slots when this runs out. */
  leaseMs?: number;
  /** How often to ask again while every slot of a host is held elsewhere. */
  pollMs?: number;
  now?: () => Date;
}

interface HeldSlot {
  slot: number;
  owner: string;
  leasedAt: number;
}

/**
 * A host limiter whose slots live in the database, so "at most N requests at once to one host"
 * holds across API instances and CLI runs, not only within this process. Locally it is the
 * in-memory limiter; a slot freed by one task passes to the next task of the same host without a
 * database round trip, and goes back to the database once this process has nothing more for it.
 *
 * Call `finish()` when done: it gives back what this process still holds, so the next run (another
 * process) need not wait for leases to run out.
 *
 * @example const shared = createSharedHostLimiter({ db, perHost: 2 }); await shared.limit(url, () => fetch(url)); await shared.finish();
 */
export function createSharedHostLimiter(options: SharedLimiterOptions): { limit: HostLimiter; finish(): Promise<void> } {
  const leaseMs = options.leaseMs ?? 120_000;
  const pollMs = options.pollMs ?? 100;
  const now = options.now ?? (() => new Date());
  const local = createHostLimiter(options.perHost);
  const idle = new Map<string, HeldSlot[]>();
  const releasing = new Set<Promise<void>>();
  let claims = 0;

  const release = (host: string, held: HeldSlot) => {
    const done = releaseHostSlot(options.db, { host, slot: held.slot, owner: held.owner })
      .catch(() => undefined)
      .finally(() => releasing.delete(done));
    releasing.add(done);
  };

  const take = async (host: string): Promise<HeldSlot> => {
    const kept = idle.get(host)?.pop();
    if (kept) {
      if (now().getTime() - kept.leasedAt < leaseMs / 3) return kept;
      const until = new Date(now().getTime() + leaseMs);
      if (await extendHostSlot(options.db, { host, slot: kept.slot, owner: kept.owner, until }))
        return { ...kept, leasedAt: now().getTime() };
    }
    for (let wait = pollMs; ; wait = Math.min(wait * 2, 1_000)) {
      claims += 1;
      const owner = `${crypto.randomUUID()}-${claims}`;
      const at = now();
      const slot = await claimHostSlot(options.db, {
        host,
        slots: options.perHost,
        owner,
        until: new Date(at.getTime() + leaseMs),
        now: at,
      });
      if (slot !== null) return { slot, owner, leasedAt: at.getTime() };
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  };

  const give = (host: string, held: HeldSlot) => {
    const list = idle.get(host) ?? [];
    list.push(held);
    idle.set(host, list);
    // the next task of this host, if any, starts in this turn and takes the slot first
    setTimeout(() => {
      const index = list.indexOf(held);
      if (index === -1) return;
      list.splice(index, 1);
      if (!list.length) idle.delete(host);
      release(host, held);
    }, 0);
  };

  return {
    limit: async function limitShared<T>(url: string, task: () => Promise<T>): Promise<T> {
      const host = URL.canParse(url) ? new URL(url).host.toLowerCase() : url;
      return local(url, async () => {
        const held = await take(host);
        try {
          return await task();
        } finally {
          give(host, held);
        }
      });
    },
    async finish() {
      for (const [host, list] of idle) for (const held of list.splice(0)) release(host, held);
      idle.clear();
      await Promise.all([...releasing]);
    },
  };
}
