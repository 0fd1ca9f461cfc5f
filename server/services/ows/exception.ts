// OGC exceptions: one error type for every OWS service, rendered as each protocol version expects.
import xmlbuilder from 'xmlbuilder';
import { NS, SCHEMA_LOCATIONS } from '../../formats/namespaces.ts';

export type OwsExceptionCode =
  | 'MissingParameterValue' | 'InvalidParameterValue' | 'OperationNotSupported' | 'OptionNotSupported'
  | 'VersionNegotiationFailed' | 'InvalidUpdateSequence' | 'OperationParsingFailed' | 'OperationProcessingFailed'
  | 'NotFound' | 'NoApplicableCode' | 'ResponseCacheExpired' | 'AccessDenied'
  // WMS
  | 'InvalidFormat' | 'InvalidCRS' | 'InvalidSRS' | 'LayerNotDefined' | 'StyleNotDefined' | 'LayerNotQueryable'
  | 'InvalidPoint' | 'CurrentUpdateSequence' | 'MissingDimensionValue' | 'InvalidDimensionValue';

const STATUS: Partial<Record<OwsExceptionCode, number>> = {
  NotFound: 404,
  AccessDenied: 403,
  NoApplicableCode: 500,
  OperationProcessingFailed: 400,
};

export class OwsException extends Error {
  readonly status: number;
  readonly locator?: string;
  constructor(readonly code: OwsExceptionCode, message: string, locator?: string, status?: number) {
    // Messages quote the client's input: characters XML cannot carry (controls, lone surrogates) would make the
    // report itself fail to serialise.
    super(xmlSafe(message));
    this.locator = locator === undefined ? undefined : xmlSafe(locator);
    // Every other code is a client's mistake: 400.
    this.status = status ?? STATUS[code] ?? 400;
  }
}

/** Replaces the characters XML 1.0 cannot contain with U+FFFD. */
export function xmlSafe(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/** OWS 1.1 ExceptionReport (WFS 2.0) or OWS 1.0 (WFS 1.1). */
export function exceptionReport(e: OwsException, owsVersion: '1.1.0' | '1.0.0', reportVersion: string): string {
  const ns = owsVersion === '1.1.0' ? NS.ows11 : NS.ows10;
  const schema = owsVersion === '1.1.0' ? 'http://schemas.opengis.net/ows/1.1.0/owsExceptionReport.xsd' : SCHEMA_LOCATIONS.ows10;
  const doc = xmlbuilder.create('ows:ExceptionReport', { version: '1.0', encoding: 'UTF-8' })
    .att('xmlns:ows', ns).att('xmlns:xsi', NS.xsi).att('xsi:schemaLocation', `${ns} ${schema}`)
    .att('version', reportVersion);
  // OWS 1.1 reports carry their language; the OWS 1.0 schema has no place for it.
  if (owsVersion === '1.1.0') doc.att('xml:lang', 'en');
  const ex = doc.ele('ows:Exception', { exceptionCode: e.code });
  // WFS clients look for a locator; an empty one is allowed but not helpful.
  ex.att('locator', e.locator ?? 'request');
  ex.ele('ows:ExceptionText', e.message);
  return doc.end();
}
