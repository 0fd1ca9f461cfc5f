// Which database errors mean "PostgreSQL cannot be reached" (an outage: 503 and the availability gate) and which
// mean "a value the client sent is not valid" (class 22 data exceptions: 400). Decided here once; the HTTP layer's
// monitor (http/availability.ts) and the error mapping (errors/causes.ts) both ask these functions.

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

/**
 * PostgreSQL "data exception" errors (class 22: a NUL byte, a number out of range, an invalid regular expression)
 * come from a value the client sent that slipped past validation: a 400, not a 500.
 */
export function isClientDataError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code);
}
