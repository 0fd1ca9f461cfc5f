// The one error type of the service. Everything that refuses a request (a handler, a middleware, a parser) raises a
// ServiceError (or lets a known cause be mapped to one in causes.ts); nothing below the final error handler writes an
// error body. A ServiceError carries what every protocol needs to render it: the HTTP status, the OWS exception code
// and locator (OWS 1.1/2.0 and WMS reports), a title and detail (RFC 9457 problem), extra headers (Retry-After,
// WWW-Authenticate) and extra problem members. The renderers are in render.ts, one per kind of answer.
//
// OwsException and HttpProblem are the two ways of constructing it that read naturally where they are raised: an OGC
// adapter thinks in exception codes, a REST route in HTTP statuses. Both are ServiceErrors and render alike.

export type OwsExceptionCode =
  | 'MissingParameterValue' | 'InvalidParameterValue' | 'OperationNotSupported' | 'OptionNotSupported'
  | 'VersionNegotiationFailed' | 'InvalidUpdateSequence' | 'OperationParsingFailed' | 'OperationProcessingFailed'
  | 'NotFound' | 'NoApplicableCode' | 'ResponseCacheExpired' | 'AccessDenied'
  // WMS 1.3.0 (and 1.1.1's InvalidSRS)
  | 'InvalidFormat' | 'InvalidCRS' | 'InvalidSRS' | 'LayerNotDefined' | 'StyleNotDefined' | 'LayerNotQueryable'
  | 'InvalidPoint' | 'CurrentUpdateSequence' | 'MissingDimensionValue' | 'InvalidDimensionValue';

/** HTTP reason phrases used as problem titles. */
const TITLES: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  406: 'Not Acceptable', 409: 'Conflict', 410: 'Gone', 413: 'Content Too Large', 415: 'Unsupported Media Type',
  422: 'Unprocessable Content', 429: 'Too Many Requests', 500: 'Internal Server Error', 501: 'Not Implemented',
  503: 'Service Unavailable',
};

/** The OWS exception code of an HTTP status, for errors raised in HTTP terms and rendered as an OWS report. */
function codeOfStatus(status: number): OwsExceptionCode {
  if (status === 404) return 'NotFound';
  if (status === 403) return 'AccessDenied';
  if (status >= 500 || status === 429) return 'NoApplicableCode';
  return 'InvalidParameterValue';
}

/** The HTTP status of an OWS exception code (OGC 06-121r9 table 28, WFS 2.0 table D.2): a client's mistake is 400. */
const STATUS_OF_CODE: Partial<Record<OwsExceptionCode, number>> = {
  NotFound: 404,
  AccessDenied: 403,
  NoApplicableCode: 500,
  OperationProcessingFailed: 400,
};

export interface ServiceErrorInit {
  status: number;
  code?: OwsExceptionCode;
  /** The parameter (or part of the request) at fault; OWS reports carry it as `locator`. */
  locator?: string;
  /** A short summary (problem `title`); the reason phrase of the status by default. */
  title?: string;
  /** Headers the answer must carry whatever its format (Retry-After, WWW-Authenticate). */
  headers?: Record<string, string>;
  /** Extension members of the JSON problem (e.g. `parameter`, `limit`). */
  extra?: Record<string, unknown>;
  /** The message in Polish, for the HTML pages (the protocols' reports are in English, as OGC clients expect). */
  pl?: string;
}

export class ServiceError extends Error {
  readonly status: number;
  readonly code: OwsExceptionCode;
  readonly locator?: string;
  readonly title: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly extra: Readonly<Record<string, unknown>>;
  readonly messagePl?: string;

  constructor(message: string, init: ServiceErrorInit) {
    // Messages quote the client's input: characters XML cannot carry (controls, lone surrogates) would make an XML
    // report fail to serialise, and they help nobody in JSON either.
    super(xmlSafe(message));
    this.name = 'ServiceError';
    this.status = init.status;
    this.code = init.code ?? codeOfStatus(init.status);
    this.locator = init.locator === undefined ? undefined : xmlSafe(init.locator);
    this.title = init.title ?? TITLES[init.status] ?? 'Error';
    this.headers = Object.freeze({ ...(init.headers ?? {}) });
    this.extra = Object.freeze({ ...(init.extra ?? {}) });
    this.messagePl = init.pl;
  }

  /** The detail of a problem: the message (the title alone says nothing about this request). */
  get detail(): string { return this.message; }
}

/** An error raised in OGC terms: an exception code, a message and the parameter at fault. */
export class OwsException extends ServiceError {
  constructor(code: OwsExceptionCode, message: string, locator?: string, status?: number, headers?: Record<string, string>) {
    super(message, { status: status ?? STATUS_OF_CODE[code] ?? 400, code, locator, headers });
    this.name = 'OwsException';
  }
}

/** An error raised in HTTP terms (REST routes): a status, a title, a detail and extension members. */
export class HttpProblem extends ServiceError {
  constructor(status: number, title: string, detail?: string, extra: Record<string, unknown> = {}, headers?: Record<string, string>) {
    const parameter = typeof extra.parameter === 'string' ? extra.parameter : undefined;
    super(detail ?? title, { status, title, extra, headers, locator: parameter });
    this.name = 'HttpProblem';
  }
}

/** Replaces the characters XML 1.0 cannot contain with U+FFFD. */
export function xmlSafe(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}
