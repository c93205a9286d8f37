import { isForbiddenHost } from '../core/addresses.ts';

export interface FetchPolicy {
  timeoutMs: number;
  /** Cap on the decompressed body. */
  maxBytes: number;
  maxRedirects: number;
  userAgent: string;
  allowPrivateNetwork: boolean;
}

export const DEFAULT_POLICY: FetchPolicy = {
  timeoutMs: 10_000,
  maxBytes: 1024 * 1024,
  maxRedirects: 5,
  userAgent: 'Parley/0.1 (Webmention; +https://github.com/parley-blog/parley)',
  allowPrivateNetwork: false,
};

export type FetchErrorCode = 'bad_url' | 'private_address' | 'timeout' | 'too_large' | 'too_many_redirects' | 'redirect_loop' | 'network';

/** A fetch that did not produce a page. `retryable` tells a passing fault from a final refusal. */
export class FetchError extends Error {
  constructor(
    readonly code: FetchErrorCode,
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'FetchError';
  }
}

export interface FetchedPage {
  /** The URL after redirects. */
  url: string;
  status: number;
  headers: Headers;
  contentType: string;
  body: string;
}

/** Marker the runtime's fetch puts on errors when a resolved address is private (see api/node/net.ts). */
export const PRIVATE_ADDRESS_CODE = 'PARLEY_PRIVATE_ADDRESS';

function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code === PRIVATE_ADDRESS_CODE) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

async function readCapped(response: Response, maxBytes: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new FetchError('too_large', `the page is larger than ${Math.round(maxBytes / 1024)} KiB`, false);
    }
    chunks.push(value);
  }
  const charset = /charset=["']?([\w-]+)/i.exec(response.headers.get('content-type') ?? '')?.[1];
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset ?? 'utf-8');
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return decoder.decode(bytes);
}

/**
 * GETs a page from outside with every guard the Webmention spec's security section asks for: a
 * timeout over the whole exchange, a cap on the decompressed body, a redirect cap with loop
 * detection, and no private or loopback destination (checked on every hop; the runtime's fetch
 * checks resolved addresses).
 */
export async function guardedFetch(
  url: string,
  policy: FetchPolicy,
  fetcher: typeof fetch,
  init: { method?: 'GET' | 'POST'; body?: URLSearchParams; accept?: string } = {},
): Promise<FetchedPage> {
  const signal = AbortSignal.timeout(policy.timeoutMs);
  const visited = new Set<string>();
  let current = url;
  try {
    for (let hop = 0; ; hop += 1) {
      let parsed: URL;
      try {
        parsed = new URL(current);
      } catch {
        throw new FetchError('bad_url', `not a URL: ${current}`, false);
      }
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
        throw new FetchError('bad_url', `not an http(s) URL: ${current}`, false);
      if (!policy.allowPrivateNetwork && isForbiddenHost(parsed)) {
        throw new FetchError('private_address', `${parsed.hostname} is a private or loopback address`, false);
      }
      visited.add(parsed.href);
      const response = await fetcher(parsed.href, {
        method: init.method ?? 'GET',
        body: init.body,
        redirect: 'manual',
        signal,
        headers: {
          'user-agent': policy.userAgent,
          accept: init.accept ?? 'text/html, application/xhtml+xml;q=0.9, text/plain;q=0.5, */*;q=0.1',
        },
      });
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location && (init.method ?? 'GET') === 'GET') {
        await response.body?.cancel().catch(() => undefined);
        const next = new URL(location, parsed).href;
        if (visited.has(next)) throw new FetchError('redirect_loop', `redirect loop at ${next}`, false);
        if (hop + 1 > policy.maxRedirects) throw new FetchError('too_many_redirects', `more than ${policy.maxRedirects} redirects`, false);
        current = next;
        continue;
      }
      const body = await readCapped(response, policy.maxBytes);
      return {
        url: parsed.href,
        status: response.status,
        headers: response.headers,
        contentType: (response.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '',
        body,
      };
    }
  } catch (error) {
    if (error instanceof FetchError) throw error;
    if (signal.aborted) throw new FetchError('timeout', `no complete answer within ${policy.timeoutMs / 1000} s`, true);
    if (causeCode(error) === PRIVATE_ADDRESS_CODE)
      throw new FetchError('private_address', `${new URL(current).hostname} resolves to a private or loopback address`, false);
    throw new FetchError(
      'network',
      `network error: ${error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error)}`,
      true,
    );
  }
}
