/**
 * Turns a client address into an opaque key for rate limiting: an HMAC with the instance secret,
 * so the raw address is never stored and cannot be recovered by hashing the address space.
 */
const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

export async function clientKey(secret: string, address: string): Promise<string> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    keys.set(secret, key);
  }
  const signature = new Uint8Array(await crypto.subtle.sign('HMAC', await key, encoder.encode(address)));
  return Array.from(signature.subarray(0, 16), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export function randomSecret(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(32)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
