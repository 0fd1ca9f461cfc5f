// The Express end of error handling: unknown paths become a 404 ServiceError, and the one error handler maps what
// was thrown (errors/causes.ts), tells the database monitor about outages, logs the service's own failures, and
// writes the answer rendered for the request's protocol (errors/render.ts). No other module writes an error body.
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../log.ts';
import { isInternal, notFoundAt, toServiceError } from '../errors/causes.ts';
import { protocolFor } from '../errors/protocol.ts';
import { renderError } from '../errors/render.ts';
import type { DatabaseMonitor } from './availability.ts';

export function notFound(req: Request, _res: Response, next: NextFunction): void {
  next(notFoundAt(req.path));
}

export function errorHandler(log: Logger, monitor?: DatabaseMonitor) {
  return async (err: unknown, req: Request, res: Response, _next: NextFunction): Promise<void> => {
    // An outage seen by any request switches the gate to answering 503 at once until the database is back.
    monitor?.report(err);
    const e = toServiceError(err);
    if (isInternal(e)) log.error({ err: (err as Error)?.message, stack: (err as Error)?.stack, url: req.originalUrl }, 'request failed');
    if (res.headersSent) {
      // Mid-stream failure: the status line is gone; cut the response so the client sees it incomplete.
      if (!isInternal(e)) log.warn({ err: (err as Error)?.message, url: req.originalUrl }, 'response aborted mid-stream');
      res.destroy();
      return;
    }
    try {
      const out = await renderError(e, protocolFor(req, { path: req.path, url: req.originalUrl, accept: req.get('accept') }));
      if (res.headersSent) { res.destroy(); return; }
      res.status(out.status).set(out.headers).type(out.contentType).send(out.body);
    } catch (renderFailure) {
      log.error({ err: (renderFailure as Error).message }, 'error answer could not be rendered');
      if (!res.headersSent) res.status(500).type('text/plain').send('Internal Server Error');
      else res.destroy();
    }
  };
}
