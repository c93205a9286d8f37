import { ApiError } from '../core/errors.ts';
import { isOnDomain } from '../core/urls.ts';

export interface ReceivedPair {
  source: URL;
  target: URL;
}

function httpUrl(value: unknown, field: 'source' | 'target'): URL {
  if (typeof value !== 'string' || value.trim() === '')
    throw new ApiError(400, 'invalid_input', `${field} is required`, { [field]: `${field} is required` });
  if (value.length > 2_048)
    throw new ApiError(400, 'invalid_input', `${field} must be at most 2,048 characters`, {
      [field]: `${field} must be at most 2,048 characters`,
    });
  if (!URL.canParse(value.trim())) throw new ApiError(400, 'invalid_input', `${field} is not a URL`, { [field]: `${field} is not a URL` });
  const url = new URL(value.trim());
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ApiError(400, 'invalid_input', `${field} must be an http or https URL`, { [field]: `${field} must be an http or https URL` });
  }
  return url;
}

/**
 * The request checks of W3C Webmention 3.2.1 that answer at once: both URLs are http(s), they
 * differ, the target is on this site, and the source is not from a blocked domain. Whether the
 * target is a published post is the caller's lookup.
 */
export function checkPair(fields: Record<string, unknown>, siteUrl: string, blockedDomains: string[]): ReceivedPair {
  const source = httpUrl(fields.source, 'source');
  const target = httpUrl(fields.target, 'target');
  if (source.href === target.href)
    throw new ApiError(400, 'invalid_input', 'source and target must differ', { source: 'source must differ from target' });
  if (target.host !== new URL(siteUrl).host) {
    throw new ApiError(400, 'invalid_input', `target is not on this site (${new URL(siteUrl).host})`, {
      target: 'target is not on this site',
    });
  }
  if (isOnDomain(source.hostname, blockedDomains)) {
    throw new ApiError(400, 'invalid_input', `webmentions from ${source.hostname} are not accepted here`, {
      source: 'this domain is blocked',
    });
  }
  return { source, target };
}

/**
 * The post URL a target means: fragment and query dropped, a missing trailing slash added, so a
 * comment permalink (/posts/x/#comment-3) counts as its post (/posts/x/).
 */
export function postUrlOf(target: URL): string {
  const url = new URL(target.href);
  url.hash = '';
  url.search = '';
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.href;
}
