// One JSON log line per request, written when the response finishes or the client goes away.
import type { Request, Response, NextFunction } from 'express';
import type { Logger } from '../log.ts';

export function requestLog(log: Logger) {
  // The level is fixed at start: below info (LOG_LEVEL=warn) no request pays for listeners it never uses.
  if (!log.isLevelEnabled('info')) return (_req: Request, _res: Response, next: NextFunction): void => next();
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    const done = (event: string) => () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      log.info({ method: req.method, url: redactKeys(req.originalUrl), status: res.statusCode, ms: Math.round(ms * 10) / 10, event }, 'request');
    };
    res.once('finish', done('finish'));
    res.once('close', () => { if (!res.writableFinished) done('aborted')(); });
    next();
  };
}

/** API keys (apikey=…) and password reset tokens (token=…) in URLs never reach the logs. */
export function redactKeys(url: string): string {
  return url.replace(/([?&](?:apikey|token)=)[^&#]*/gi, '$1***');
}
