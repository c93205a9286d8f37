import { type LookupAddress, lookup } from 'node:dns';
import { Agent, fetch as undiciFetch } from 'undici';
import { isPublicAddress } from '../core/addresses.ts';
import { PRIVATE_ADDRESS_CODE } from '../webmention/guarded-fetch.ts';

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A fetch whose connections refuse private, loopback and link-local addresses, checked on the
 * address DNS actually returned at connect time, so a name that resolves to 127.0.0.1 (or rebinds
 * to it after a first public answer) cannot reach this machine.
 */
export function createGuardedFetch(options: { allowPrivateNetwork: boolean }): typeof fetch {
  const guardedLookup = (hostname: string, lookupOptions: object, callback: LookupCallback) => {
    lookup(hostname, { ...lookupOptions, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const list = addresses as LookupAddress[];
      const refused = list.find((entry) => !isPublicAddress(entry.address));
      if (refused && !options.allowPrivateNetwork) {
        const denied = Object.assign(new Error(`${hostname} resolves to ${refused.address}, a private address`), {
          code: PRIVATE_ADDRESS_CODE,
        });
        return callback(denied, []);
      }
      const wantsAll = (lookupOptions as { all?: boolean }).all;
      if (wantsAll) return callback(null, list);
      const first = list[0];
      return first ? callback(null, first.address, first.family) : callback(new Error(`no address for ${hostname}`), []);
    });
  };
  const dispatcher = new Agent({ connect: { lookup: guardedLookup as never }, keepAliveTimeout: 4_000 });
  return ((input: string | URL | Request, init?: RequestInit) =>
    undiciFetch(input as never, { ...(init as object), dispatcher } as never)) as unknown as typeof fetch;
}
