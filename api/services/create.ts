import type { Context } from 'hono';
import type { Config } from '../core/config.ts';
import { randomSecret } from '../core/crypto.ts';
import type { Db } from '../db/client.ts';
import { settingOrCreate } from '../db/settings.ts';
import type { Services } from './context.ts';
import { awaitShared } from './per-turn.ts';

/** What the runtime hands the apps: the database, the config, and what only the runtime knows. */
export interface AppDeps {
  db: Db;
  config: Config;
  /** The address of the peer socket; the runtime knows it, the app does not. */
  peerAddress?: (c: Context) => string | undefined;
  now?: () => Date;
  onPublished?: (postSlug: string) => void;
  onQueued?: () => void;
  onRepliesQueued?: () => void;
  logError?: (error: unknown) => void;
}

export function createServices(deps: AppDeps): Services {
  const { config } = deps;
  let secret: Promise<string> | undefined;
  return {
    db: deps.db,
    config,
    now: deps.now ?? (() => new Date()),
    secret: () => {
      secret ??= config.secret ? Promise.resolve(config.secret) : settingOrCreate(deps.db, 'client_hash_secret', randomSecret);
      return awaitShared(secret);
    },
    onPublished: deps.onPublished ?? (() => undefined),
    onQueued: deps.onQueued ?? (() => undefined),
    onRepliesQueued: deps.onRepliesQueued ?? (() => undefined),
  };
}

/** The client's address: X-Forwarded-For only behind a proxy the operator declared (TRUST_PROXY). */
export function clientAddressOf(deps: AppDeps): (c: Context) => string {
  return (c) => {
    const forwarded = deps.config.trustProxy ? c.req.header('x-forwarded-for')?.split(',')[0]?.trim() : undefined;
    return forwarded || deps.peerAddress?.(c) || 'unknown';
  };
}
