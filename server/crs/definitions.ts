// The coordinate reference systems the services offer, with their proj4 definitions and axis order.
// Axis order follows each CRS's EPSG definition (WMS 1.3.0, WFS 2.0, GML): EPSG:4326 and 4258 are
// latitude-first, the Polish PL-2000/PL-1992 grids are northing-first, CRS:84 and EPSG:3857 are x-first.
import proj4 from 'proj4';

export type AxisOrder = 'xy' | 'yx';

export interface CrsDefinition {
  /** Canonical short code, e.g. EPSG:2177 or CRS:84. */
  code: string;
  epsg: number;
  title: string;
  proj4: string;
  /** Axis order of the authority definition: yx = northing/latitude first. */
  axisOrder: AxisOrder;
  geographic: boolean;
}

const GRS80_PL = '+ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs';

export const CRS_LIST: readonly CrsDefinition[] = [
  { code: 'EPSG:2177', epsg: 2177, title: 'ETRF2000-PL / CS2000/18 (PL-2000 strefa 6)', axisOrder: 'yx', geographic: false,
    proj4: `+proj=tmerc +lat_0=0 +lon_0=18 +k=0.999923 +x_0=6500000 +y_0=0 ${GRS80_PL}` },
  { code: 'EPSG:2180', epsg: 2180, title: 'ETRF2000-PL / CS92 (PL-1992)', axisOrder: 'yx', geographic: false,
    proj4: `+proj=tmerc +lat_0=0 +lon_0=19 +k=0.9993 +x_0=500000 +y_0=-5300000 ${GRS80_PL}` },
  { code: 'EPSG:4326', epsg: 4326, title: 'WGS 84', axisOrder: 'yx', geographic: true,
    proj4: '+proj=longlat +datum=WGS84 +no_defs' },
  { code: 'EPSG:4258', epsg: 4258, title: 'ETRS89', axisOrder: 'yx', geographic: true,
    proj4: '+proj=longlat +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +no_defs' },
  { code: 'EPSG:3857', epsg: 3857, title: 'WGS 84 / Pseudo-Mercator', axisOrder: 'xy', geographic: false,
    proj4: '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +wktext +no_defs' },
  { code: 'CRS:84', epsg: 4326, title: 'WGS 84 (longitude, latitude)', axisOrder: 'xy', geographic: true,
    proj4: '+proj=longlat +datum=WGS84 +no_defs' },
];

/** The native CRS of all stored geometry. */
export const NATIVE_CRS = CRS_LIST[0]!;

for (const crs of CRS_LIST) proj4.defs(crs.code, crs.proj4);

/**
 * proj4's converter per pair of CRSs, made once: proj4(from, to, xy) with names parses both definitions on every call
 * (a tenth of a millisecond each; a WFS BBOX checks its corners, a profile of 500 m boxes showed 0.6 ms a request).
 */
const converters = new Map<string, proj4.Converter>();

/** Transforms one x/y (easting/longitude first) position between two of the listed CRSs. */
export function transform(from: string, to: string, xy: readonly [number, number]): [number, number] {
  const key = `${from}>${to}`;
  let converter = converters.get(key);
  if (!converter) converters.set(key, converter = proj4(from, to));
  const [x, y] = converter.forward([xy[0], xy[1]]);
  return [x!, y!];
}
