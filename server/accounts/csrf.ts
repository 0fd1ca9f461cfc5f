// CSRF protection of requests made with a session cookie: a signed double-submit token bound to the session
// (csrf-csrf), signed with the shared secret (secret.ts) so that any worker checks what another issued. Used by the
// account forms (services/portal) and by the JSON APIs that change state under a session (services/orders): the
// web client reads the token from GET /api/session and sends it as X-CSRF-Token (forms as the field _csrf).
import type { Request, Response, NextFunction } from 'express';
import { doubleCsrf, type DoubleCsrfUtilities } from 'csrf-csrf';
import type { Database } from '../db/database.ts';
import type { Config } from '../config.ts';
import { requestAuth, secureCookies } from '../http/auth.ts';
import { tokenDigest } from './tokens.ts';
import { sharedSecret } from './secret.ts';

export interface CsrfProtection {
  /** Loads the signing secret once (middleware; put it before any route that issues or checks a token). */
  ready: (req: Request, res: Response, next: NextFunction) => Promise<void>;
  /** The token of this request (sets or keeps its cookie); overwrite after the session changed. */
  token(req: Request, res: Response, overwrite?: boolean): string;
  /** Whether the request carries a valid token (body field _csrf or header X-CSRF-Token). */
  valid(req: Request): boolean;
}

export function csrfProtection(db: Database, config: Config): CsrfProtection {
  let secret: string | undefined;
  let loading: Promise<string> | undefined;
  const make = (secure: boolean): DoubleCsrfUtilities => doubleCsrf({
    getSecret: () => secret!,
    getSessionIdentifier: (req) => {
      const token = requestAuth(req).sessionToken;
      return token ? tokenDigest(token).toString('base64url') : 'anonim';
    },
    cookieName: secure ? '__Host-sip_csrf' : 'sip_csrf',
    cookieOptions: { sameSite: 'strict', path: '/', secure, httpOnly: true },
    getCsrfTokenFromRequest: (req) => {
      const body = req.body as Record<string, unknown> | undefined;
      return (typeof body?._csrf === 'string' ? body._csrf : undefined) ?? req.get('x-csrf-token');
    },
  });
  const both = { secure: make(true), plain: make(false) };
  const of = (req: Request) => (secureCookies(req, config) ? both.secure : both.plain);
  return {
    async ready(_req, _res, next) {
      if (!secret) {
        loading ??= sharedSecret(db, config.security.sessionSecret).finally(() => { loading = undefined; });
        secret = await loading;
      }
      next();
    },
    token: (req, res, overwrite = false) => of(req).generateCsrfToken(req, res, { overwrite }),
    valid: (req) => of(req).validateRequest(req),
  };
}
