// CRS names as clients write them, and the axis order each form implies.
import { CRS_LIST, type CrsDefinition, type AxisOrder } from './definitions.ts';

export interface ResolvedCrs {
  crs: CrsDefinition;
  /** Axis order of coordinates written with this name. */
  axisOrder: AxisOrder;
}

const BY_EPSG = new Map(CRS_LIST.filter((c) => c.code.startsWith('EPSG:')).map((c) => [c.epsg, c]));
const CRS84 = CRS_LIST.find((c) => c.code === 'CRS:84')!;

/**
 * Resolves a CRS name. URN and http URI forms always follow the authority's axis order; the short
 * EPSG:nnnn form does too in WMS 1.3.0 and OGC API, but means x/y (easting/longitude first) in WMS 1.1.1 and
 * in WFS 1.1/2.0 as GDAL, OWSLib, geopandas and QGIS read it (GeoServer's documented WFS convention; pass
 * shortFormXY). The old GML form …/srs/epsg.xml#nnnn is always x/y.
 */
export function resolveCrs(name: string, shortFormXY = false): ResolvedCrs | undefined {
  const n = name.trim();
  if (/^(CRS:84|urn:ogc:def:crs:OGC:(1\.3|):?CRS84|https?:\/\/www\.opengis\.net\/def\/crs\/OGC\/(1\.3|0)\/CRS84)$/i.test(n)) {
    return { crs: CRS84, axisOrder: 'xy' };
  }
  let m = /^EPSG:(\d+)$/i.exec(n);
  if (m) {
    const crs = BY_EPSG.get(Number(m[1]));
    return crs && { crs, axisOrder: shortFormXY ? 'xy' : crs.axisOrder };
  }
  m = /^urn:(?:x-)?ogc:def:crs:EPSG:(?:[\d.]*:)?(\d+)$/i.exec(n) ?? /^https?:\/\/www\.opengis\.net\/def\/crs\/EPSG\/[\d.]+\/(\d+)$/i.exec(n);
  if (m) {
    const crs = BY_EPSG.get(Number(m[1]));
    return crs && { crs, axisOrder: crs.axisOrder };
  }
  m = /^https?:\/\/www\.opengis\.net\/gml\/srs\/epsg\.xml#(\d+)$/i.exec(n);
  if (m) {
    const crs = BY_EPSG.get(Number(m[1]));
    return crs && { crs, axisOrder: 'xy' };
  }
  return undefined;
}

/** The OGC URI of a CRS (OGC API, GML 3.2 srsName). */
export function crsUri(crs: CrsDefinition): string {
  return crs.code === 'CRS:84' ? 'http://www.opengis.net/def/crs/OGC/1.3/CRS84' : `http://www.opengis.net/def/crs/EPSG/0/${crs.epsg}`;
}

/** The URN of a CRS (WFS 2.0/1.1 capabilities and srsName). */
export function crsUrn(crs: CrsDefinition): string {
  return crs.code === 'CRS:84' ? 'urn:ogc:def:crs:OGC:1.3:CRS84' : `urn:ogc:def:crs:EPSG::${crs.epsg}`;
}

/**
 * The srsName a WFS/GML answer echoes for coordinates written in `resolved`'s order: the requested name, except
 * that x/y coordinates of a CRS whose definition is y/x (EPSG:4326 or EPSG:2177 asked for as EPSG:nnnn) are
 * labelled with the old GML form http://www.opengis.net/gml/srs/epsg.xml#nnnn, which every reader takes as x/y —
 * a bare EPSG:nnnn would be read either way depending on the client.
 */
export function echoedSrsName(name: string, resolved: ResolvedCrs): string {
  if (resolved.axisOrder === 'xy' && resolved.crs.axisOrder === 'yx') return `http://www.opengis.net/gml/srs/epsg.xml#${resolved.crs.epsg}`;
  return name;
}
