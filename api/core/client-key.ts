import { hmacSha256Hex } from './crypto.ts';

/**
 * Turns a client address into an opaque key for rate limiting: an HMAC with the instance secret,
 * so the raw address is never stored and cannot be recovered by hashing the address space.
 */
export async function clientKey(secret: string, address: string): Promise<string> {
  return (await hmacSha256Hex(secret, address)).slice(0, 32);
}
