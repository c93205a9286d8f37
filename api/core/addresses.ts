import ipaddr from 'ipaddr.js';

/**
 * Whether an IP address is on the public internet. Loopback, private, link-local, unique-local,
 * carrier-grade NAT, multicast, reserved and unspecified ranges are not, and neither is an
 * IPv4-mapped IPv6 address of any of those.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'unicast';
}

/** Hosts that are private whatever DNS says. */
export function isLocalHostname(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal');
}

/** The IP a URL's host names literally (http://127.1 and http://2130706433 are already 127.0.0.1 here), else null. */
export function literalAddress(url: URL): string | null {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return ipaddr.isValid(host) ? host : null;
}

/** A URL's host is refused before any connection when it is a private literal or a local name. */
export function isForbiddenHost(url: URL): boolean {
  const literal = literalAddress(url);
  return literal ? !isPublicAddress(literal) : isLocalHostname(url.hostname);
}
