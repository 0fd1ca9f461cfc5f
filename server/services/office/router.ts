// The office's back office of orders (issue 17 item 6) and its queue of cases (issue 18): /biuro/… pages for the office's staff (pracownik ośrodka and
// the administrator: catalog/roles.ts isOfficeStaff) signed in with a session, and the orders' statistics as JSON.
// The router is THE list of routes below; each names its handler (handlers.ts), what body it reads (a form, or a
// file form as multipart/form-data) and who may call it. Every POST carries the form's CSRF token.
import express, { Router, type Request, type Response, type NextFunction } from 'express';
import type { ServiceContext } from '../context.ts';
import { requestAuth } from '../../http/auth.ts';
import { ServiceError } from '../../errors/service-error.ts';
import { isOfficeStaff } from '../../catalog/roles.ts';
import { csrfProtection } from '../../accounts/csrf.ts';
import { MultipartError, parseMultipart } from '../../http/multipart.ts';
import {
  cancelAction, notificationsQueue, correctDooAction, home, importStatement, issueDooAction, listPage, markPaidAction, orderDetail, releaseAction,
  statementForm, statsJson, statsPage, type OfficeContext, type OfficeHandler,
} from './handlers.ts';
import { queueList } from './queue.ts';

interface Route {
  method: 'get' | 'post';
  path: string;
  handler: OfficeHandler;
  /** The body a POST reads: a urlencoded form, or a form with a file (multipart/form-data). */
  body?: 'form' | 'file';
  /** Pages need a session (their forms are bound to it); the JSON also takes an office API key. */
  access?: 'page' | 'api';
}

export const OFFICE_ROUTES: readonly Route[] = [
  { method: 'get', path: '/biuro', handler: home },
  { method: 'get', path: '/biuro/zamowienia', handler: listPage },
  { method: 'get', path: '/biuro/sprawy', handler: queueList },
  { method: 'get', path: '/biuro/zamowienia/:id', handler: orderDetail },
  { method: 'post', path: '/biuro/zamowienia/:id/doo', body: 'form', handler: issueDooAction },
  { method: 'post', path: '/biuro/zamowienia/:id/korekta-doo', body: 'form', handler: correctDooAction },
  { method: 'post', path: '/biuro/zamowienia/:id/oplacone', body: 'form', handler: markPaidAction },
  { method: 'post', path: '/biuro/zamowienia/:id/wydanie', body: 'form', handler: releaseAction },
  { method: 'post', path: '/biuro/zamowienia/:id/anulowanie', body: 'form', handler: cancelAction },
  { method: 'get', path: '/biuro/zgloszenia', handler: notificationsQueue },
  { method: 'get', path: '/biuro/wyciagi', handler: statementForm },
  { method: 'post', path: '/biuro/wyciagi', body: 'file', handler: importStatement },
  { method: 'get', path: '/biuro/statystyki', handler: statsPage },
  { method: 'get', path: '/api/office/stats/orders', handler: statsJson, access: 'api' },
];

const STAFF_ONLY = 'Ta strona jest tylko dla pracowników ośrodka.';

/** The office's staff only; a signed-out person asking for a page is sent to the login first. */
function staffOnly(access: 'page' | 'api') {
  return (req: Request, res: Response, next: NextFunction) => {
    const auth = requestAuth(req);
    const signedIn = access === 'api' ? auth.kind !== 'anonymous' : auth.kind === 'session';
    if (signedIn && isOfficeStaff(auth.role)) return next();
    if (auth.kind === 'anonymous' && req.method === 'GET' && access === 'page') return res.redirect(303, `/konto/logowanie?next=${encodeURIComponent(req.originalUrl)}`);
    next(auth.kind === 'anonymous'
      ? new ServiceError('Sign in as office staff', { status: 401, pl: 'Zaloguj się jako pracownik ośrodka.' })
      : new ServiceError('For the office staff only', { status: 403, pl: STAFF_ONLY }));
  };
}

export function officeRouter(ctx: ServiceContext): Router {
  const csrf = csrfProtection(ctx.db, ctx.config);
  const c: OfficeContext = { ...ctx, csrf };
  const form = express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 20 });
  const raw = express.raw({ type: 'multipart/form-data', limit: '10mb' });
  /** A file form's parts: the fields as the body (the CSRF token among them), the files beside it. */
  const multipart = (req: Request, _res: Response, next: NextFunction) => {
    parseMultipart(Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0), req.get('content-type')).then((parsed) => {
      req.body = parsed.fields;
      (req as Request & { files?: unknown }).files = parsed.files;
      next();
    }, (e: unknown) => {
      next(e instanceof MultipartError ? new ServiceError(`Bad form: ${e.message}`, { status: 400, pl: 'Formularz z plikiem jest niepoprawny. Wybierz plik i wyślij formularz ponownie.' }) : e);
    });
  };
  const checked = (req: Request, _res: Response, next: NextFunction) => {
    if (csrf.valid(req)) return next();
    next(new ServiceError('The form expired or does not come from this site', { status: 403, pl: 'Formularz wygasł lub nie pochodzi z tej strony. Wróć, odśwież stronę i spróbuj ponownie.' }));
  };
  const run = (h: OfficeHandler) => (req: Request, res: Response, next: NextFunction) => { h(c, req, res).catch(next); };

  const router = Router();
  router.use(['/biuro', '/api/office'], csrf.ready, (_req: Request, res: Response, next: NextFunction) => { res.set('Cache-Control', 'no-store'); next(); });
  for (const r of OFFICE_ROUTES) {
    const body = r.body === 'form' ? [form, checked] : r.body === 'file' ? [raw, multipart, checked] : [];
    router[r.method](r.path, staffOnly(r.access ?? 'page'), ...body, run(r.handler));
  }
  return router;
}
