// Every known cause of a refused or failed request, mapped once to a ServiceError: the parsers' own errors
// (FilterError, XmlInputError), the database's (outage, data exception), the body reader's (too large, broken),
// and the middleware's refusals (rate limit, bad key, NUL byte, database gate). Anything else is an internal
// error: a bare 500 whose details go to the log only.
import { ServiceError } from './service-error.ts';
import { FilterError } from '../query/filter.ts';
import { XmlInputError } from '../xml/parse.ts';
import { isClientDataError, isDatabaseUnavailable } from '../db/faults.ts';
import { DatabaseBusy } from '../db/errors.ts';

/** Seconds a client should wait before retrying while the database is down. */
export const OUTAGE_RETRY_AFTER_S = 5;

const NO_STORE = { 'Cache-Control': 'no-store' };

/** The database cannot be reached: 503 with Retry-After (server/http/availability.ts answers it at once until it is back). */
export function databaseOutage(): ServiceError {
  return new ServiceError('The service is temporarily unavailable: the database cannot be reached. Please try again shortly.', {
    status: 503, code: 'NoApplicableCode', headers: { 'Retry-After': String(OUTAGE_RETRY_AFTER_S), ...NO_STORE },
    pl: 'Usługa jest chwilowo niedostępna: baza danych nie odpowiada. Spróbuj ponownie za chwilę.',
  });
}

/** Over a rate limit (express-rate-limit has set Retry-After and the RateLimit headers). */
export function tooManyRequests(): ServiceError {
  return new ServiceError('Too many requests: slow down and retry after the number of seconds in Retry-After.', {
    status: 429, code: 'NoApplicableCode', headers: NO_STORE, pl: 'Zbyt wiele żądań: zwolnij i spróbuj ponownie po czasie podanym w Retry-After.',
  });
}

/** A wrong, revoked or disabled API key: 401, never silently anonymous (a GIS user must learn why owners are missing). */
export function badApiKey(): ServiceError {
  return new ServiceError('The API key is not valid (unknown, revoked, or its account is disabled). Create a new key at /konto.', {
    status: 401, code: 'InvalidParameterValue', locator: 'apikey',
    headers: { 'WWW-Authenticate': 'Bearer realm="SIP Poznan", error="invalid_token"', ...NO_STORE },
    pl: 'Klucz API jest nieważny (nieznany, unieważniony albo jego konto jest zablokowane). Utwórz nowy klucz w /konto.',
  });
}

/** A NUL character has no use in any parameter and PostgreSQL cannot store it in text. */
export function nulInRequest(): ServiceError {
  return new ServiceError('The request contains a NUL character (%00)', { status: 400, code: 'InvalidParameterValue', headers: NO_STORE });
}

/** No route answers this path. */
export function notFoundAt(path: string): ServiceError {
  return new ServiceError(`No resource at ${path}`, { status: 404, code: 'NotFound', pl: `Pod adresem ${path} nic nie ma.` });
}

/**
 * What Express and its helpers raise for a client's mistake: http-errors with a 4xx status — the body readers
 * (express.json/text, with a `type`), the router (a path that cannot be URI-decoded), the static file server
 * (a path outside its folder).
 */
interface HttpError { status?: number; statusCode?: number; type?: string; limit?: number; message?: string; expose?: boolean }

function httpError(err: HttpError): ServiceError | undefined {
  const status = err.status ?? err.statusCode;
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  if (typeof err.type !== 'string') {
    // Not a body: say what http-errors says it is safe to say (its message is written for clients when expose is set).
    const message = err.expose && err.message ? err.message : 'The request is not valid';
    return new ServiceError(message, { status, code: status === 404 ? 'NotFound' : 'InvalidParameterValue' });
  }
  if (err.type === 'entity.too.large') {
    return new ServiceError(`The request body is larger than the limit of ${err.limit ?? '?'} bytes`, { status: 413, code: 'OperationParsingFailed', locator: 'request' });
  }
  if (err.type === 'entity.parse.failed') return new ServiceError(`The request body could not be parsed: ${err.message ?? ''}`.trim(), { status: 400, code: 'OperationParsingFailed', locator: 'request' });
  if (err.type.startsWith('encoding.') || err.type.startsWith('charset.')) return new ServiceError('The request body is in an encoding this service does not read (use UTF-8)', { status: 415, code: 'OperationParsingFailed', locator: 'request' });
  return new ServiceError('The request body could not be read', { status, code: 'OperationParsingFailed', locator: 'request' });
}

/** Whether the mapped error is the service's own failure (logged with its stack), not a client's mistake. */
export function isInternal(e: ServiceError): boolean {
  return e.status >= 500 && e.status !== 503;
}

/** Maps anything thrown while answering a request to the ServiceError it is rendered as. */
export function toServiceError(err: unknown): ServiceError {
  if (err instanceof ServiceError) return err;
  if (err instanceof FilterError) {
    // The filter parameter is "filter" in every protocol; other locators (SORTBY, valueReference) are kept as raised.
    const locator = err.locator === 'FILTER' ? 'filter' : err.locator;
    return new ServiceError(err.message, { status: 400, code: 'InvalidParameterValue', locator, extra: { parameter: locator.toLowerCase() } });
  }
  if (err instanceof XmlInputError) {
    // The body of a POST is the request itself; XML inside a parameter (FILTER=…) is that parameter's value.
    const locator = err.locator ?? 'request';
    return new ServiceError(err.message, { status: 400, code: locator === 'request' ? 'OperationParsingFailed' : 'InvalidParameterValue', locator });
  }
  if (isDatabaseUnavailable(err)) return databaseOutage();
  if (err instanceof DatabaseBusy) {
    // Every connection busy, not down: this request is told to come back; the service stays up for the others.
    return new ServiceError(err.message, { status: 503, code: 'NoApplicableCode', headers: { 'Retry-After': String(err.retryAfterS), 'Cache-Control': 'no-store' },
      pl: 'Wszystkie połączenia z bazą danych są zajęte. Spróbuj ponownie za chwilę.' });
  }
  if (isClientDataError(err)) return new ServiceError('A value in the request is not valid.', { status: 400, code: 'InvalidParameterValue' });
  const http = err && typeof err === 'object' ? httpError(err as HttpError) : undefined;
  if (http) return http;
  return new ServiceError('The request could not be processed.', { status: 500, code: 'NoApplicableCode', pl: 'Żądania nie udało się wykonać.' });
}
