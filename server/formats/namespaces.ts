// XML namespaces of the OGC documents the service writes, and of its own feature types.
export const NS = {
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
  xs: 'http://www.w3.org/2001/XMLSchema',
  xlink: 'http://www.w3.org/1999/xlink',
  ows11: 'http://www.opengis.net/ows/1.1',
  ows10: 'http://www.opengis.net/ows',
  wfs20: 'http://www.opengis.net/wfs/2.0',
  wfs11: 'http://www.opengis.net/wfs',
  fes20: 'http://www.opengis.net/fes/2.0',
  ogc: 'http://www.opengis.net/ogc',
  gml32: 'http://www.opengis.net/gml/3.2',
  gml31: 'http://www.opengis.net/gml',
  wms: 'http://www.opengis.net/wms',
} as const;

/** Namespace URIs of the layer namespaces (egib, gesut, sip): stable names under the service's domain. */
export function layerNamespaceUri(prefix: string): string {
  return `https://sip.poznan.pl/ns/${prefix}`;
}

export const SCHEMA_LOCATIONS = {
  wfs20: 'http://schemas.opengis.net/wfs/2.0/wfs.xsd',
  wfs11: 'http://schemas.opengis.net/wfs/1.1.0/wfs.xsd',
  gml32: 'http://schemas.opengis.net/gml/3.2.1/gml.xsd',
  gml31: 'http://schemas.opengis.net/gml/3.1.1/base/gml.xsd',
  ows11: 'http://schemas.opengis.net/ows/1.1.0/owsAll.xsd',
  ows10: 'http://schemas.opengis.net/ows/1.0.0/owsExceptionReport.xsd',
  fes20: 'http://schemas.opengis.net/filter/2.0/filterAll.xsd',
} as const;
