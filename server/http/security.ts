// HTTP hardening: security headers (helmet), CORS (open for the read-only OGC services, closed for the portal),
// rate limits per API key and per client address with Retry-After, and no shared caching of what a logged-in
// caller sees.
//
// Rate limits are counted per worker process (express-rate-limit's memory store), deliberately: a shared store
// would put a database round trip in front of every tile and map request, the hottest path of the service. With
// N workers on M hosts a client may send up to N×M times the configured rate; set the limits with that in mind.
// The limits that protect accounts (failed logins) are counted in PostgreSQL from the audit log, shared by all.
import type { Request, Response, NextFunction, RequestHandler } from 'express';
import helmet from 'helmet';
import { rateLimit, ipKeyGenerator } from 'express-rate-limit';
import type { Config } from '../config.ts';
import { requestAuth } from './auth.ts';
import { nulInRequest, tooManyRequests } from '../errors/causes.ts';

/** The read-only OGC and map services any web site may use from its own pages. */
export const OPEN_PATHS = /^\/(ows|wfs|wms|ogcapi|tiles|3d)(\/|$)/;

/**
 * Security headers. The CSP fits the Vite-built client served from this origin: scripts and styles from here
 * (inline styles for MapLibre's and the pages' style attributes), MapLibre's web workers from blob: URLs,
 * images from here and data:/blob: (canvas exports, sprites), no plugins, no framing by other sites.
 */
export function securityHeaderPolicy(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        // wasm-unsafe-eval allows WebAssembly compilation only (the 3D view's meshopt decoder), not JS eval.
        'script-src': ["'self'", "'wasm-unsafe-eval'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        'font-src': ["'self'", 'data:'],
        'connect-src': ["'self'", 'data:', 'blob:'],
        'worker-src': ["'self'", 'blob:'],
        'child-src': ["'self'", 'blob:'],
        'object-src': ["'none'"],
        'base-uri': ["'self'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'self'"],
      },
    },
    // Browsers use HSTS only over https; a year, as for a public service that is https-only in production.
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: false },
    referrerPolicy: { policy: 'no-referrer' },
    // Map images and tiles are embedded by other sites' maps: cross-origin for the open services (set in cors()).
    crossOriginResourcePolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
  });
}

/**
 * The headers a middleware sets on every response, asked once: helmet with constant directives (no nonces, no
 * functions of the request) answers every request alike, and a dozen middleware calls per tile cost more than
 * the tile's own routing.
 */
export function constantHeaders(middleware: RequestHandler): Map<string, string> {
  const headers = new Map<string, string>();
  const res = {
    setHeader: (name: string, value: unknown) => { headers.set(name, String(value)); return res; },
    removeHeader: (name: string) => { headers.delete(name); },
    getHeader: (name: string) => headers.get(name),
  };
  let passed = false;
  void middleware({ headers: {}, method: 'GET', url: '/' } as Request, res as unknown as Response, (err?: unknown) => {
    if (err) throw err instanceof Error ? err : new Error(String(err));
    passed = true;
  });
  if (!passed) throw new Error('a constant-header middleware must call next() synchronously');
  return headers;
}

/** Security headers (securityHeaderPolicy's, computed once) on every response. */
export function securityHeaders(): RequestHandler {
  const headers = constantHeaders(securityHeaderPolicy());
  return (_req: Request, res: Response, next: NextFunction) => { res.setHeaders(headers); next(); };
}

/** CORS headers of the open services' answers. */
export const OPEN_CORS_HEADERS = new Map([
  ['Access-Control-Allow-Origin', '*'],
  ['Access-Control-Expose-Headers', 'ETag, Last-Modified, Content-Crs, Link, Retry-After, RateLimit, RateLimit-Policy, OGC-NumberMatched, OGC-NumberReturned'],
  ['Cross-Origin-Resource-Policy', 'cross-origin'],
]);

/**
 * CORS: the OGC services answer any origin, without credentials (a browser then sends no cookies, so another site
 * can never read a logged-in user's data; a GIS web client may send its API key as a header). The portal's own
 * JSON API (/api), the account pages and the admin pages allow no other origin at all.
 */
export function cors(): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!OPEN_PATHS.test(req.path)) {
      if (req.method === 'OPTIONS') { res.status(403).set('Cache-Control', 'no-store').end(); return; }
      return next();
    }
    res.setHeaders(OPEN_CORS_HEADERS);
    if (req.method === 'OPTIONS') {
      res.status(204).set({
        'Access-Control-Allow-Methods': 'GET, HEAD, POST, OPTIONS',
        'Access-Control-Allow-Headers': 'Content-Type, X-API-Key, Authorization, If-None-Match, If-Modified-Since, Accept, Accept-Language',
        'Access-Control-Max-Age': '86400',
      }).end();
      return;
    }
    next();
  };
}

/** Requests per minute per API key, or per client address (an IPv6 /56 counts as one address). */
export function rateLimits(config: Config): RequestHandler {
  const { rateLimitPerMinute: perIp, rateLimitKeyPerMinute: perKey, rateLimitAllowlist: allow } = config.security;
  const allowed = new Set(allow);
  return rateLimit({
    windowMs: 60_000,
    limit: (req: Request) => (requestAuth(req).kind === 'key' ? perKey : perIp),
    keyGenerator: (req: Request) => {
      const auth = requestAuth(req);
      return auth.kind === 'key' ? `key:${auth.keyId}` : `ip:${ipKeyGenerator(req.ip ?? '')}`;
    },
    skip: (req: Request) => {
      const key = requestAuth(req).kind === 'key';
      if (key ? perKey === 0 : perIp === 0) return true;
      return !key && allowed.has(req.ip ?? '');
    },
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // Over the limit: an error like any other, rendered in the request's protocol (express-rate-limit has set Retry-After).
    handler: (_req, _res, next) => next(tooManyRequests()),
  });
}

/**
 * What a logged-in caller (or API key) receives depends on their role: never let a shared cache keep it, whatever
 * Cache-Control the service set ("public" becomes "private"); anonymous answers stay shareable.
 */
export function privateForUsers(req: Request, res: Response, next: NextFunction): void {
  if (requestAuth(req).kind === 'anonymous') return next();
  res.vary('Cookie').vary('Authorization').vary('X-API-Key');
  const setHeader = res.setHeader.bind(res);
  res.setHeader = (name: string, value: number | string | readonly string[]) => {
    if (name.toLowerCase() === 'cache-control') {
      const text = Array.isArray(value) ? value.join(', ') : String(value);
      return setHeader(name, /\bpublic\b/i.test(text) ? text.replace(/\bpublic\b/ig, 'private') : text);
    }
    return setHeader(name, value);
  };
  next();
}

/** A NUL character has no use in any parameter and PostgreSQL cannot store it in text: refused up front. */
export function refuseNul(req: Request, _res: Response, next: NextFunction): void {
  next(/%00/.test(req.originalUrl) ? nulInRequest() : undefined);
}
