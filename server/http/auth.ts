// Who is calling: resolves the session cookie or the personal API key of every request into an Identity
// (services read it with requestIdentity/requestRole from services/context.ts). API keys come as the header
// X-API-Key, as Authorization: Bearer …, or as the URL parameter apikey= (QGIS and GDAL can send either).
// Sessions and keys live in PostgreSQL; a worker keeps what it resolved for a few seconds (AUTH_CACHE_MS) so that
// the tiles of one map view do not each ask the database. A wrong or revoked key is refused with 401 (not silently
// anonymous: a GIS user must learn that the owners are missing because of the key), an unknown session cookie is
// cleared and the request goes on as anonymous.
import type { Request, Response, NextFunction } from 'express';
import { parse as parseCookies } from 'cookie';
import { LRUCache } from 'lru-cache';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { Logger } from '../log.ts';
import { setRequestIdentity } from '../services/context.ts';
import type { Role } from '../catalog/roles.ts';
import { resolveSession, type SessionLimits } from '../services/portal/sessions.ts';
import { KEY_PREFIX, resolveApiKey } from '../services/portal/api-keys.ts';
import { plausibleToken, tokenDigest } from '../services/portal/tokens.ts';
import { audit } from '../services/portal/audit.ts';
import { sendProblem } from './problem.ts';
import { OwsException, exceptionReport } from '../services/ows/exception.ts';

export interface AuthInfo {
  kind: 'anonymous' | 'session' | 'key';
  userId: number | null;
  role: Role;
  login?: string;
  /** The session token from the cookie (kind session): logout deletes it, CSRF tokens are bound to it. */
  sessionToken?: string;
  keyId?: number;
  /** A key was sent but is not valid: answered with 401 after the rate limiter has counted it. */
  badKey?: boolean;
}

const infos = new WeakMap<Request, AuthInfo>();

export function requestAuth(req: Request): AuthInfo {
  return infos.get(req) ?? { kind: 'anonymous', userId: null, role: 'anonim' };
}

/** Secure cookies: forced by COOKIE_SECURE, else when the request came over https (or PUBLIC_URL is https). */
export function secureCookies(req: Request, config: Config): boolean {
  const s = config.security.cookieSecure;
  if (s !== 'auto') return s;
  return req.secure || !!config.publicUrl?.startsWith('https:');
}

/** The __Host- prefix (browsers accept it only with Secure, Path=/ and no Domain) pins the cookie to this host. */
export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-sip_sesja' : 'sip_sesja';
}

export function setSessionCookie(req: Request, res: Response, config: Config, token: string): void {
  const secure = secureCookies(req, config);
  res.cookie(sessionCookieName(secure), token, {
    httpOnly: true, secure, sameSite: 'lax', path: '/', maxAge: config.security.sessionMaxHours * 3_600_000,
  });
}

export function clearSessionCookie(req: Request, res: Response, config: Config): void {
  const secure = secureCookies(req, config);
  res.clearCookie(sessionCookieName(secure), { httpOnly: true, secure, sameSite: 'lax', path: '/' });
}

/** The API key a request carries, if any (header first, then the URL parameter, any case of its name). */
export function apiKeyOf(req: Request): string | undefined {
  const header = req.get('x-api-key')?.trim();
  if (header) return header;
  const auth = req.get('authorization')?.trim();
  if (auth && /^bearer\s+/i.test(auth)) return auth.replace(/^bearer\s+/i, '').trim();
  const q = req.originalUrl.indexOf('?');
  if (q < 0) return undefined;
  for (const [k, v] of new URLSearchParams(req.originalUrl.slice(q + 1))) if (k.toLowerCase() === 'apikey' && v) return v.trim();
  return undefined;
}

type Resolved = { userId: number; role: Role; login: string; keyId?: number } | null;

export interface Authenticator {
  middleware: (req: Request, res: Response, next: NextFunction) => Promise<void>;
  /** Forget what this worker resolved (after logout, key revocation, role change). */
  forget(): void;
}

export function authenticator(db: Database, config: Config, log: Logger, onDatabaseError: (err: unknown, req: Request, res: Response) => boolean): Authenticator {
  const limits: SessionLimits = { idleHours: config.security.sessionIdleHours, maxHours: config.security.sessionMaxHours };
  const ttl = config.security.authCacheMs;
  const cache = ttl > 0 ? new LRUCache<string, { value: Resolved }>({ max: 10_000, ttl }) : undefined;

  async function cached(key: string, resolve: () => Promise<Resolved>): Promise<Resolved> {
    const hit = cache?.get(key);
    if (hit) return hit.value;
    const value = await resolve();
    cache?.set(key, { value });
    return value;
  }

  async function middleware(req: Request, res: Response, next: NextFunction): Promise<void> {
    const header = req.headers.cookie;
    (req as Request & { cookies: Record<string, string | undefined> }).cookies = header ? parseCookies(header) : {};
    try {
      const key = apiKeyOf(req);
      if (key !== undefined) {
        const found = plausibleToken(key, KEY_PREFIX)
          ? await cached('k' + tokenDigest(key).toString('base64'), async () => {
            const k = await resolveApiKey(db, key);
            if (!k) return null;
            if (k.firstUseThisMinute) await audit(db, 'klucz_uzyty', { userId: k.userId, login: k.login, ip: req.ip, details: { klucz: k.keyId } }, log);
            return { userId: k.userId, role: k.role, login: k.login, keyId: k.keyId };
          })
          : null;
        if (!found) {
          infos.set(req, { kind: 'anonymous', userId: null, role: 'anonim', badKey: true });
          return next();
        }
        setRequestIdentity(req, { userId: found.userId, role: found.role });
        infos.set(req, { kind: 'key', userId: found.userId, role: found.role, login: found.login, keyId: found.keyId });
        return next();
      }
      const cookies = (req as Request & { cookies: Record<string, string | undefined> }).cookies;
      const name = cookies['__Host-sip_sesja'] !== undefined ? '__Host-sip_sesja' : 'sip_sesja';
      const token = cookies[name];
      if (token !== undefined) {
        const found = plausibleToken(token)
          ? await cached('s' + tokenDigest(token).toString('base64'), async () => {
            const s = await resolveSession(db, token, limits);
            return s ? { userId: s.userId, role: s.role, login: s.login } : null;
          })
          : null;
        if (found) {
          setRequestIdentity(req, { userId: found.userId, role: found.role });
          infos.set(req, { kind: 'session', userId: found.userId, role: found.role, login: found.login, sessionToken: token });
        } else {
          res.clearCookie(name, { httpOnly: true, secure: name.startsWith('__Host-'), sameSite: 'lax', path: '/' });
        }
      }
      next();
    } catch (err) {
      if (onDatabaseError(err, req, res)) return;
      next(err);
    }
  }

  return { middleware, forget: () => cache?.clear() };
}

/** After the rate limiter: a request with a wrong or revoked key is refused in its protocol's terms. */
export function refuseBadKeys(req: Request, res: Response, next: NextFunction): void {
  if (!requestAuth(req).badKey) return next();
  res.set('WWW-Authenticate', 'Bearer realm="SIP Poznan", error="invalid_token"').set('Cache-Control', 'no-store');
  const message = 'The API key is not valid (unknown, revoked, or its account is disabled). Create a new key at /konto.';
  if (/^\/(ows|wfs|wms)\/?$/.test(req.path)) {
    res.status(401).type('application/xml').send(exceptionReport(new OwsException('InvalidParameterValue', message, 'apikey', 401), '1.1.0', '2.0.0'));
    return;
  }
  sendProblem(res, 401, 'Unauthorized', message);
}
