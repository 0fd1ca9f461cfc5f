// WMS exception reports: 1.3.0's ServiceExceptionReport in the OGC namespace (exceptions_1_3_0.xsd) and
// 1.1.1's DTD-based report without a namespace (OWSLib and GDAL look its elements up unqualified), and the
// EXCEPTIONS modes that answer with an image instead (INIMAGE, BLANK).
import xmlbuilder from 'xmlbuilder';
import type { OwsException } from '../ows/exception.ts';
import { NS } from '../../formats/namespaces.ts';

export type WmsVersion = '1.3.0' | '1.1.1';
export type ExceptionMode = 'xml' | 'inimage' | 'blank';

export const EXCEPTION_FORMATS: Record<WmsVersion, readonly string[]> = {
  '1.3.0': ['XML', 'INIMAGE', 'BLANK'],
  '1.1.1': ['application/vnd.ogc.se_xml', 'application/vnd.ogc.se_inimage', 'application/vnd.ogc.se_blank'],
};

/** The EXCEPTIONS parameter in either version's spelling; anything else is the default XML. */
export function exceptionMode(value: string | undefined): ExceptionMode {
  const v = (value ?? '').trim().toLowerCase();
  if (v === 'inimage' || v === 'application/vnd.ogc.se_inimage') return 'inimage';
  if (v === 'blank' || v === 'application/vnd.ogc.se_blank') return 'blank';
  return 'xml';
}

export function exceptionContentType(version: WmsVersion): string {
  return version === '1.3.0' ? 'text/xml; charset=utf-8' : 'application/vnd.ogc.se_xml; charset=utf-8';
}

/** A code only where the version defines it: 1.1.1 says InvalidSRS where 1.3.0 says InvalidCRS. */
function codeFor(e: OwsException, version: WmsVersion): string {
  if (version === '1.1.1' && e.code === 'InvalidCRS') return 'InvalidSRS';
  if (version === '1.3.0' && e.code === 'InvalidSRS') return 'InvalidCRS';
  return e.code;
}

export function wmsExceptionReport(e: OwsException, version: WmsVersion): string {
  if (version === '1.3.0') {
    const doc = xmlbuilder.create('ServiceExceptionReport', { version: '1.0', encoding: 'UTF-8' })
      .att('version', '1.3.0').att('xmlns', NS.ogc).att('xmlns:xsi', NS.xsi)
      .att('xsi:schemaLocation', `${NS.ogc} http://schemas.opengis.net/wms/1.3.0/exceptions_1_3_0.xsd`);
    const ex = doc.ele('ServiceException', { code: codeFor(e, version) }, e.message);
    if (e.locator) ex.att('locator', e.locator);
    return doc.end({ pretty: true });
  }
  const doc = xmlbuilder.create('ServiceExceptionReport', { version: '1.0', encoding: 'UTF-8', standalone: false },
    { sysID: 'http://schemas.opengis.net/wms/1.1.1/exception_1_1_1.dtd' }).att('version', '1.1.1');
  doc.ele('ServiceException', { code: codeFor(e, version) }, e.message);
  return doc.end({ pretty: true });
}
