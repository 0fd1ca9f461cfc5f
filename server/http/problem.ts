// RFC 9457 problem details for the REST side; OGC services answer with their own exception reports.
import type { Request, Response, NextFunction } from 'express';
import type { Logger } from '../log.ts';

export class HttpProblem extends Error {
  constructor(readonly status: number, readonly title: string, readonly detail?: string, readonly extra: Record<string, unknown> = {}) {
    super(detail ?? title);
  }
}

export function sendProblem(res: Response, status: number, title: string, detail?: string, extra: Record<string, unknown> = {}): void {
  res.status(status).type('application/problem+json').json({ type: 'about:blank', title, status, ...(detail ? { detail } : {}), ...extra });
}

export function notFound(req: Request, res: Response): void {
  sendProblem(res, 404, 'Not Found', `No resource at ${req.path}`);
}

/** Last error handler: a client's mistake keeps its status; anything else is a 500 with no internals. */
export function errorHandler(log: Logger) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    if (res.headersSent) {
      // Mid-stream failure: the status line is gone; cut the response so the client sees it incomplete.
      log.error({ err: (err as Error)?.message, path: req.path }, 'error after response started');
      res.destroy();
      return;
    }
    if (err instanceof HttpProblem) return sendProblem(res, err.status, err.title, err.detail, err.extra);
    const status = (err as { status?: number; statusCode?: number })?.status ?? (err as { statusCode?: number })?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // body-parser and friends: malformed JSON, payload too large …
      return sendProblem(res, status, (err as { type?: string }).type ?? 'Bad Request', (err as Error).message);
    }
    log.error({ err: (err as Error)?.message, stack: (err as Error)?.stack, path: req.path }, 'request failed');
    sendProblem(res, 500, 'Internal Server Error', 'The request could not be completed.');
  };
}
