// The database's availability as the HTTP layer sees it. When PostgreSQL stops, requests that need it are answered
// at once with 503 and Retry-After (rendered like every error, in the request's protocol: server/http/errors.ts), instead
// of each waiting for its own connection attempt; a probe every half second notices the database is back and lets
// requests through again. Nothing is shared between processes: each worker finds out for itself.
import type { Request, Response, NextFunction } from 'express';
import type { Queryable } from '../db/database.ts';
import type { Logger } from '../log.ts';
import { isDatabaseUnavailable } from '../db/faults.ts';
import { databaseOutage } from '../errors/causes.ts';

const PROBE_MS = 500;

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

/** Middleware: while the database is known to be down, requests that need it get 503 at once (rendered in their protocol). */
export function databaseGate(monitor: DatabaseMonitor) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    if (!monitor.available && NEEDS_DATABASE.test(req.path)) return next(databaseOutage());
    next();
  };
}
