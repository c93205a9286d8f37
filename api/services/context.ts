import type { Config } from '../core/config.ts';
import type { Db } from '../db/client.ts';

/** What the use cases need from the outside world, handed in by createApp. */
export interface Services {
  db: Db;
  config: Config;
  now: () => Date;
  /** The secret that keys client hashes; resolved once, from config or the database. */
  secret: () => Promise<string>;
  /** Told after something new is published (the Node server schedules a rebuild). */
  onPublished: (postSlug: string) => void;
  /** Told after a webmention is queued (the Node server wakes its verifier). */
  onQueued: () => void;
  /** Told after a reply queued Webmentions (reply_webmentions): the Node server wakes their sender. */
  onRepliesQueued: () => void;
}
