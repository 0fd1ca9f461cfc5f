// Who is calling, as Express glue: reads the credential of every request (session cookie, or the personal API key as
// the header X-API-Key, as Authorization: Bearer …, or as the URL parameter apikey= — QGIS and GDAL can send either),
// asks the accounts' resolver (server/accounts/identify.ts, passed in by the app assembly) whose it is, and keeps
// the answer for the request (requestAuth; services read requestIdentity/requestRole from services/context.ts).
// A wrong or revoked key is refused with 401 (not silently anonymous: a GIS user must learn that the owners are
// missing because of the key), an unknown session cookie is cleared and the request goes on as anonymous.
import type { Request, Response, NextFunction } from 'express';
import { parse as parseCookies } from 'cookie';
import type { Config } from '../config.ts';
import type { Role } from '../catalog/roles.ts';
import { badApiKey } from '../errors/causes.ts';

/** The account a credential belongs to. */
export interface CredentialHolder { userId: number; role: Role; login: string; keyId?: number }

/** Resolves credentials to their holders (implemented by server/accounts/identify.ts). */
export interface CredentialResolver {
  apiKey(key: string, ip: string | undefined): Promise<CredentialHolder | null>;
  session(token: string): Promise<CredentialHolder | null>;
  /** Forget what this worker resolved (after logout, key revocation, role change). */
  forget(): void;
}

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

export interface Authenticator {
  middleware: (req: Request, res: Response, next: NextFunction) => Promise<void>;
  /** Forget what this worker resolved (after logout, key revocation, role change). */
  forget(): void;
}

export function authenticator(resolver: CredentialResolver): Authenticator {
  async function middleware(req: Request, res: Response, next: NextFunction): Promise<void> {
    const header = req.headers.cookie;
    const cookies: Record<string, string | undefined> = header ? parseCookies(header) : {};
    (req as Request & { cookies: Record<string, string | undefined> }).cookies = cookies;
    const key = apiKeyOf(req);
    if (key !== undefined) {
      const found = await resolver.apiKey(key, req.ip);
      infos.set(req, found
        ? { kind: 'key', userId: found.userId, role: found.role, login: found.login, keyId: found.keyId }
        : { kind: 'anonymous', userId: null, role: 'anonim', badKey: true });
      return next();
    }
    const name = cookies['__Host-sip_sesja'] !== undefined ? '__Host-sip_sesja' : 'sip_sesja';
    const token = cookies[name];
    if (token !== undefined) {
      const found = await resolver.session(token);
      if (found) infos.set(req, { kind: 'session', userId: found.userId, role: found.role, login: found.login, sessionToken: token });
      else res.clearCookie(name, { httpOnly: true, secure: name.startsWith('__Host-'), sameSite: 'lax', path: '/' });
    }
    next();
  }

  return { middleware, forget: () => resolver.forget() };
}

/** After the rate limiter (which has counted it): a request with a wrong or revoked key is refused. */
export function refuseBadKeys(req: Request, _res: Response, next: NextFunction): void {
  next(requestAuth(req).badKey ? badApiKey() : undefined);
}
