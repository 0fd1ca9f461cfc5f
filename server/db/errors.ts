// Errors of the database layer that are neither "bad query" nor "database down". A request that waited too long
// for a connection (every one busy) means the service is busy, not that PostgreSQL is unreachable: it is answered
// 503 with Retry-After and must never switch the service to its outage mode (http/availability.ts).

export class DatabaseBusy extends Error {
  readonly code = 'SIP_DB_BUSY';
  constructor(readonly budget: 'requests' | 'streams', readonly retryAfterS = 5) {
    super(budget === 'streams'
      ? 'Every connection for streamed results is in use; try again shortly'
      : 'Every database connection is in use; try again shortly');
  }
}

/** pg-pool's message when a caller waited connectionTimeoutMillis in its queue (no connection was even tried). */
export function isPoolWait(err: unknown): boolean {
  return err instanceof Error && err.message === 'timeout exceeded when trying to connect';
}
