/** Hashes, signatures and secrets as hex, with Web Crypto only (Node and the edge alike). */

const encoder = new TextEncoder();
const hmacKeys = new Map<string, Promise<CryptoKey>>();

function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export async function sha256Hex(text: string): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text))));
}

/** HMAC-SHA256 of `text` keyed by `secret`; the imported key is kept per secret. */
export async function hmacSha256Hex(secret: string, text: string): Promise<string> {
  let key = hmacKeys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    hmacKeys.set(secret, key);
  }
  return toHex(new Uint8Array(await crypto.subtle.sign('HMAC', await key, encoder.encode(text))));
}

/** 32 random bytes as hex: tokens, session ids, generated secrets. */
export function randomSecret(): string {
  return toHex(crypto.getRandomValues(new Uint8Array(32)));
}
