// Who holds a credential: a session token (from the cookie) or a personal API key resolved to its account and role,
// as the HTTP layer's authentication middleware (server/http/auth.ts) asks it for every request. Sessions and keys
// live in PostgreSQL; a worker keeps what it resolved for a few seconds (AUTH_CACHE_MS) so that the tiles of one map
// view do not each ask the database. The first use of a key in a minute goes to the audit log.
import { LRUCache } from 'lru-cache';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { Logger } from '../log.ts';
import type { CredentialHolder, CredentialResolver } from '../http/auth.ts';
import { resolveSession, type SessionLimits } from './sessions.ts';
import { KEY_PREFIX, resolveApiKey } from './api-keys.ts';
import { plausibleToken, tokenDigest } from './tokens.ts';
import { audit } from './audit.ts';

export function credentialResolver(db: Database, config: Config, log: Logger): CredentialResolver {
  const limits: SessionLimits = { idleHours: config.security.sessionIdleHours, maxHours: config.security.sessionMaxHours };
  const ttl = config.security.authCacheMs;
  const cache = ttl > 0 ? new LRUCache<string, { value: CredentialHolder | null }>({ max: 10_000, ttl }) : undefined;

  async function cached(key: string, resolve: () => Promise<CredentialHolder | null>): Promise<CredentialHolder | null> {
    const hit = cache?.get(key);
    if (hit) return hit.value;
    const value = await resolve();
    cache?.set(key, { value });
    return value;
  }

  return {
    async apiKey(key, ip) {
      if (!plausibleToken(key, KEY_PREFIX)) return null;
      return cached('k' + tokenDigest(key).toString('base64'), async () => {
        const k = await resolveApiKey(db, key);
        if (!k) return null;
        if (k.firstUseThisMinute) await audit(db, 'klucz_uzyty', { userId: k.userId, login: k.login, ip, details: { klucz: k.keyId } }, log);
        return { userId: k.userId, role: k.role, login: k.login, keyId: k.keyId };
      });
    },
    async session(token) {
      if (!plausibleToken(token)) return null;
      return cached('s' + tokenDigest(token).toString('base64'), async () => {
        const s = await resolveSession(db, token, limits);
        return s ? { userId: s.userId, role: s.role, login: s.login } : null;
      });
    },
    forget: () => cache?.clear(),
  };
}
