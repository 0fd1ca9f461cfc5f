// The bodies of error answers, one writer per kind: OWS ExceptionReport (OWS 1.1 for WFS 2.0, OWS 1.0 for WFS 1.1),
// WMS ServiceExceptionReport (1.3.0 in the OGC namespace, exceptions_1_3_0.xsd; 1.1.1 DTD-based without a namespace,
// as OWSLib and GDAL look its elements up unqualified), the JSON problem (RFC 9457) and the Polish HTML page.
import xmlbuilder from 'xmlbuilder';
import escapeHtml from 'escape-html';
import { NS, SCHEMA_LOCATIONS } from '../formats/namespaces.ts';
import type { ServiceError } from './service-error.ts';
import type { WfsVersion, WmsVersion } from './protocol.ts';

/** OWS 1.1 ExceptionReport (WFS 2.0, OGC 06-121r3) or OWS 1.0 (WFS 1.1, OGC 05-008). */
export function owsExceptionReport(e: ServiceError, wfsVersion: WfsVersion): string {
  const ows11 = wfsVersion === '2.0.0';
  const ns = ows11 ? NS.ows11 : NS.ows10;
  const schema = ows11 ? 'http://schemas.opengis.net/ows/1.1.0/owsExceptionReport.xsd' : SCHEMA_LOCATIONS.ows10;
  const doc = xmlbuilder.create('ows:ExceptionReport', { version: '1.0', encoding: 'UTF-8' })
    .att('xmlns:ows', ns).att('xmlns:xsi', NS.xsi).att('xsi:schemaLocation', `${ns} ${schema}`)
    .att('version', wfsVersion);
  // OWS 1.1 reports carry their language; the OWS 1.0 schema has no place for it.
  if (ows11) doc.att('xml:lang', 'en');
  const ex = doc.ele('ows:Exception', { exceptionCode: owsCode(e) });
  // WFS clients look for a locator; an empty one is allowed but not helpful.
  ex.att('locator', e.locator ?? 'request');
  ex.ele('ows:ExceptionText', e.message);
  return doc.end();
}

/** WMS codes have no place in an OWS report: InvalidCRS and friends become InvalidParameterValue there. */
function owsCode(e: ServiceError): string {
  const wmsOnly = ['InvalidFormat', 'InvalidCRS', 'InvalidSRS', 'LayerNotDefined', 'StyleNotDefined', 'LayerNotQueryable', 'InvalidPoint',
    'CurrentUpdateSequence', 'MissingDimensionValue', 'InvalidDimensionValue'];
  return wmsOnly.includes(e.code) ? 'InvalidParameterValue' : e.code;
}

export function wmsExceptionContentType(version: WmsVersion): string {
  return version === '1.3.0' ? 'text/xml; charset=utf-8' : 'application/vnd.ogc.se_xml; charset=utf-8';
}

/** A code only where the version defines it: 1.1.1 says InvalidSRS where 1.3.0 says InvalidCRS. */
function wmsCode(e: ServiceError, version: WmsVersion): string {
  if (version === '1.1.1' && e.code === 'InvalidCRS') return 'InvalidSRS';
  if (version === '1.3.0' && e.code === 'InvalidSRS') return 'InvalidCRS';
  return e.code;
}

export function wmsExceptionReport(e: ServiceError, version: WmsVersion): string {
  if (version === '1.3.0') {
    const doc = xmlbuilder.create('ServiceExceptionReport', { version: '1.0', encoding: 'UTF-8' })
      .att('version', '1.3.0').att('xmlns', NS.ogc).att('xmlns:xsi', NS.xsi)
      .att('xsi:schemaLocation', `${NS.ogc} http://schemas.opengis.net/wms/1.3.0/exceptions_1_3_0.xsd`);
    const ex = doc.ele('ServiceException', { code: wmsCode(e, version) }, e.message);
    if (e.locator) ex.att('locator', e.locator);
    return doc.end({ pretty: true });
  }
  const doc = xmlbuilder.create('ServiceExceptionReport', { version: '1.0', encoding: 'UTF-8', standalone: false },
    { sysID: 'http://schemas.opengis.net/wms/1.1.1/exception_1_1_1.dtd' }).att('version', '1.1.1');
  doc.ele('ServiceException', { code: wmsCode(e, version) }, e.message);
  return doc.end({ pretty: true });
}

/** RFC 9457 problem details; `parameter` names the parameter at fault when there is one. */
export function problemDocument(e: ServiceError): Record<string, unknown> {
  const doc: Record<string, unknown> = { type: 'about:blank', title: e.title, status: e.status };
  if (e.message && e.message !== e.title) doc.detail = e.message;
  return { ...doc, ...e.extra };
}

/** Page titles in Polish by status. */
const PAGE_TITLES: Record<number, string> = {
  400: 'Nieprawidłowe żądanie', 401: 'Wymagane logowanie', 403: 'Brak dostępu', 404: 'Nie znaleziono', 413: 'Za duże żądanie',
  429: 'Zbyt wiele żądań', 500: 'Błąd serwera', 503: 'Usługa chwilowo niedostępna',
};

/** A small Polish page for people (account and admin pages, a browser on an unknown address). */
export function errorPage(e: ServiceError): string {
  const title = PAGE_TITLES[e.status] ?? (e.status >= 500 ? 'Błąd serwera' : 'Nieprawidłowe żądanie');
  const message = e.messagePl ?? e.message;
  return `<!doctype html>
<html lang="pl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · SIP Poznań</title></head>
<body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>
<p><a href="/">Strona główna SIP Poznań</a></p></main></body></html>
`;
}
