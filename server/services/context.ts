// What every service handler gets: the shared cores, and per request the caller's role and base URL.
import type { Request } from 'express';
import type { Database } from '../db/database.ts';
import type { Catalog } from '../catalog/catalog.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { Role } from '../catalog/roles.ts';
import { requestAuth } from '../http/auth.ts';
import type { Mailer } from '../accounts/mail.ts';

export interface ServiceContext {
  db: Database; catalog: Catalog; config: Config; log: Logger;
  /** Delivery of e-mails (accounts/mail.ts); unset = the default (MAIL_OUTBOX_DIR files, or the log in development). */
  mailer?: Mailer;
}

/** The base URL clients reach this service at (PUBLIC_URL behind a proxy, else the request's own). */
export function baseUrl(req: Request, config: Config): string {
  if (config.publicUrl) return config.publicUrl;
  return `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

/** Who is calling: a portal user (by session cookie or API key) or anonymous. */
export interface Identity { userId: number | null; role: Role }

export const ANONYMOUS: Identity = Object.freeze({ userId: null, role: 'anonim' });

/** The caller's identity: from the session cookie or API key (server/http/auth.ts), else anonymous. */
export function requestIdentity(req: Request): Identity {
  const auth = requestAuth(req);
  return auth.kind === 'anonymous' ? ANONYMOUS : { userId: auth.userId, role: auth.role };
}

/** The caller's role (the access rules of the catalogue are per role). */
export function requestRole(req: Request): Role {
  return requestIdentity(req).role;
}

/** An AbortSignal that fires when the client goes away before the response is complete. */
export function clientGone(req: Request): AbortSignal {
  // The response (one per request) closes when it is finished or its connection drops; a keep-alive socket
  // outlives many requests, so listening on it would pile up listeners.
  const controller = new AbortController();
  const res = req.res;
  if (!res) return controller.signal;
  if (res.destroyed && !res.writableFinished) controller.abort();
  else res.once('close', () => { if (!res.writableFinished) controller.abort(); });
  return controller.signal;
}
