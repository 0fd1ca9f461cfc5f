// The database's availability as the HTTP layer sees it. When PostgreSQL stops, requests that need it are answered
// at once with 503 (an OGC exception report on the OWS endpoints, a JSON problem elsewhere) and Retry-After, instead
// of each waiting for its own connection attempt; a probe every half second notices the database is back and lets
// requests through again. Nothing is shared between processes: each worker finds out for itself.
import type { Request, Response, NextFunction } from 'express';
import type { Queryable } from '../db/database.ts';
import type { Logger } from '../log.ts';
import { sendProblem } from './problem.ts';
import { OwsException, exceptionReport } from '../services/ows/exception.ts';
import { sendWmsException } from '../services/wms/handler.ts';

const PROBE_MS = 500;
const RETRY_AFTER_S = 5;

/**
 * What means "the database cannot be reached", not "bad query" and not "busy": socket errors of a connection to
 * PostgreSQL, SQLSTATE class 08 (connection exception) and 57P01–57P03 (admin/crash shutdown, cannot connect now).
 * Not: a wait in the pool's queue (db/errors.ts DatabaseBusy: 503 for that request only), 53300 too many
 * connections (busy), nor a file error such as ENOENT of a missing static file (that is a 404).
 */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);
const SHUTDOWN_CODES = new Set(['57P01', '57P02', '57P03']);
const UNAVAILABLE_MESSAGES = [/^Connection terminated/i, /Client has encountered a connection error/i,
  /the database system is (starting up|shutting down|in recovery mode)/i, /Connection ended unexpectedly/i, /Cannot use a pool after calling end/i];

export function isDatabaseUnavailable(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { code?: unknown; message?: unknown; errors?: unknown[]; cause?: unknown; syscall?: unknown; path?: unknown };
  if (typeof e.code === 'string') {
    // A socket error only when it is one of a network connection (a file's error carries a path).
    if (SOCKET_CODES.has(e.code) && e.path === undefined) return true;
    // A Unix-domain socket of PostgreSQL that is not there (the server is stopped): ENOENT of connect(), not of a file.
    if (e.code === 'ENOENT' && e.syscall === 'connect') return true;
    if (SHUTDOWN_CODES.has(e.code) || /^08[0-9A-Z]{3}$/.test(e.code)) return true;
  }
  if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.some((re) => re.test(e.message as string))) return true;
  // Node's AggregateError of a connection to several addresses (localhost → ::1 and 127.0.0.1).
  if (Array.isArray(e.errors) && e.errors.some(isDatabaseUnavailable)) return true;
  return e.cause !== undefined && e.cause !== err && isDatabaseUnavailable(e.cause);
}

export class DatabaseMonitor {
  private down = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly db: Queryable, private readonly log: Logger) {}

  get available(): boolean { return !this.down; }

  /** Called with any error from the database: an unavailable database switches requests to 503 until it is back. */
  report(err: unknown): boolean {
    if (!isDatabaseUnavailable(err)) return false;
    if (!this.down) {
      this.down = true;
      this.log.error({ err: (err as Error).message }, 'database unavailable: answering 503 until it is back');
      this.schedule();
    }
    return true;
  }

  private schedule(): void {
    this.timer = setTimeout(() => void this.probe(), PROBE_MS);
    this.timer.unref();
  }

  private async probe(): Promise<void> {
    try {
      await this.db.query('SELECT 1');
      this.down = false;
      this.log.info('database available again');
    } catch {
      this.schedule();
    }
  }

  stop(): void { clearTimeout(this.timer); }
}

const monitors = new WeakMap<object, DatabaseMonitor>();

/** The monitor of a database (one per process and database). */
export function databaseMonitor(db: Queryable, log: Logger): DatabaseMonitor {
  let m = monitors.get(db);
  if (!m) monitors.set(db, m = new DatabaseMonitor(db, log));
  return m;
}

/** Paths that need the database; static files, the landing page and /health (which reports the outage) do not. */
const NEEDS_DATABASE = /^\/(ows|wfs|wms|ogcapi|tiles|3d|api|konto|admin)(\/|$)/;
const OWS_PATH = /^\/(ows|wfs|wms)\/?$/;

/** Answers a request with 503 in the form its protocol expects. */
export function sendUnavailable(req: Request, res: Response, busy?: { detail: string; retryAfterS: number }): void {
  if (res.headersSent) { res.destroy(); return; }
  res.set('Retry-After', String(busy?.retryAfterS ?? RETRY_AFTER_S)).set('Cache-Control', 'no-store');
  const error = new OwsException('NoApplicableCode', busy?.detail ?? 'The service is temporarily unavailable: the database cannot be reached. Please try again shortly.', undefined, 503);
  if (OWS_PATH.test(req.path)) {
    const service = new URL(req.originalUrl, 'http://x').searchParams;
    const isWms = req.path.startsWith('/wms') || [...service].some(([k, v]) => k.toUpperCase() === 'SERVICE' && v.toUpperCase() === 'WMS');
    if (isWms) return sendWmsException(res, error, '1.3.0');
    res.status(503).type('application/xml').send(exceptionReport(error, '1.1.0', '2.0.0'));
    return;
  }
  sendProblem(res, 503, 'Service Unavailable', busy?.detail ?? 'The database cannot be reached. Please try again shortly.');
}

/** Middleware: while the database is known to be down, requests that need it get 503 at once. */
export function databaseGate(monitor: DatabaseMonitor) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!monitor.available && NEEDS_DATABASE.test(req.path)) return sendUnavailable(req, res);
    next();
  };
}
