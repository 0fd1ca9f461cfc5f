// Random secrets handed to clients (session tokens, API keys, reset tokens) and their stored digests.
// Only the SHA-256 of a token is stored: the tokens are 256-bit random, so a fast digest is enough (no salt or
// slow hash needed), and a copy of the database gives no working credential.
import { createHash, randomBytes } from 'node:crypto';

/** A new 256-bit token as base64url, with an optional readable prefix (e.g. "sip_" for API keys). */
export function newToken(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

export function tokenDigest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** The shape of our tokens: refuse anything else before touching the database. */
export function plausibleToken(value: string, prefix = ''): boolean {
  return value.length === prefix.length + 43 && value.startsWith(prefix) && /^[A-Za-z0-9_-]+$/.test(value.slice(prefix.length));
}
