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
  constructor(readonly code: OwsExceptionCode, message: string, readonly locator?: string, status?: number) {
    super(message);
    // Every other code is a client's mistake: 400.
    this.status = status ?? STATUS[code] ?? 400;
  }
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
