// Where each offered CRS may be used, and the check of a client's coordinates against it. PostGIS answers a
// coordinate it cannot transform with an error ("Invalid coordinate"), which used to surface as HTTP 500: a client's
// mistake (latitude 1000, 1e308, a PL-2000 easting in degrees) must be a 400 in the protocol's own terms instead.
//
// Areas of use (longitude/latitude, degrees) from the EPSG Geodetic Parameter Dataset (v11): EPSG:2177 (CS2000
// zone 6) 16.5°–19.5° E, 49.39°–54.84° N; EPSG:2180 (CS92) 14.14°–24.15° E, 49.0°–55.93° N; EPSG:4326, 4258 and
// CRS:84 the whole world (4258: Europe, but as a geographic CRS it is defined everywhere); EPSG:3857 ±180°, ±85.06°.
// The Polish grids' areas are widened by 1.5° here: a map or a query box just over the border is not a mistake.
import type { CrsDefinition } from './definitions.ts';
import { transform } from './definitions.ts';

export interface LonLatBox { west: number; south: number; east: number; north: number }

const WORLD: LonLatBox = { west: -180, south: -90, east: 180, north: 90 };
const WIDEN = 1.5;
const AREA_OF_USE: Record<string, LonLatBox> = {
  'EPSG:2177': { west: 16.5 - WIDEN, south: 49.39 - WIDEN, east: 19.5 + WIDEN, north: 54.84 + WIDEN },
  'EPSG:2180': { west: 14.14 - WIDEN, south: 49.0 - WIDEN, east: 24.15 + WIDEN, north: 55.93 + WIDEN },
  'EPSG:3857': { west: -180, south: -85.06, east: 180, north: 85.06 },
};

/**
 * Where all of the service's data can be (Poland, widened): a box beyond it is clipped to it before PostGIS
 * transforms it, so a world-wide query box in degrees finds what it should and never fails a transformation.
 */
export const DATA_DOMAIN: LonLatBox = { west: 12, south: 47, east: 26, north: 57 };

export function areaOfUse(crs: CrsDefinition): LonLatBox {
  return AREA_OF_USE[crs.code] ?? WORLD;
}

/** Numbers beyond this are never coordinates of any offered CRS (and 1e308 overflows every transformation). */
const MAX_ABS = 1e8;

/** A position (easting/longitude first) as longitude/latitude, or undefined when it cannot be one. */
function toLonLat(crs: CrsDefinition, x: number, y: number): [number, number] | undefined {
  if (!Number.isFinite(x) || !Number.isFinite(y) || Math.abs(x) > MAX_ABS || Math.abs(y) > MAX_ABS) return undefined;
  if (crs.geographic) return Math.abs(x) <= 180 && Math.abs(y) <= 90 ? [x, y] : undefined;
  try {
    const [lon, lat] = transform(crs.code, 'CRS:84', [x, y]);
    return Number.isFinite(lon) && Number.isFinite(lat) && Math.abs(lon) <= 180 && Math.abs(lat) <= 90 ? [lon, lat] : undefined;
  } catch {
    return undefined;
  }
}

export interface CoordinateCheck {
  /** The bounding box of the positions in longitude/latitude. */
  lonLat: LonLatBox;
  /** Some position lies outside DATA_DOMAIN (a transformation there may fail: clip first). */
  beyondData: boolean;
}

/**
 * Checks positions (easting/longitude first) in a CRS: each a finite number inside the CRS's valid range, and together
 * touching the CRS's area of use. Returns a message for the client when they are not.
 */
export function checkPositions(crs: CrsDefinition, positions: Iterable<readonly number[]>): CoordinateCheck | string {
  const box = { west: Infinity, south: Infinity, east: -Infinity, north: -Infinity };
  let n = 0;
  for (const p of positions) {
    const ll = toLonLat(crs, Number(p[0]), Number(p[1]));
    if (!ll) return `The position ${p[0]} ${p[1]} is not a valid coordinate in ${crs.code}${crs.geographic ? ' (longitude −180…180, latitude −90…90)' : ''}`;
    box.west = Math.min(box.west, ll[0]); box.east = Math.max(box.east, ll[0]);
    box.south = Math.min(box.south, ll[1]); box.north = Math.max(box.north, ll[1]);
    n++;
  }
  if (n === 0) return 'The geometry has no coordinates';
  const a = areaOfUse(crs);
  if (box.east < a.west || box.west > a.east || box.north < a.south || box.south > a.north) {
    return `The coordinates lie outside the area of use of ${crs.code} (longitude ${a.west}…${a.east}, latitude ${a.south}…${a.north})`;
  }
  const d = DATA_DOMAIN;
  return { lonLat: box, beyondData: box.west < d.west || box.east > d.east || box.south < d.south || box.north > d.north };
}

/** DATA_DOMAIN in a CRS's own coordinates (easting/longitude first): [minx, miny, maxx, maxy]. */
export function dataDomainIn(crs: CrsDefinition): [number, number, number, number] {
  const d = DATA_DOMAIN;
  if (crs.geographic) return [d.west, d.south, d.east, d.north];
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i <= 10; i++) {
    const lon = d.west + ((d.east - d.west) * i) / 10;
    const lat = d.south + ((d.north - d.south) * i) / 10;
    for (const [x, y] of [transform('CRS:84', crs.code, [lon, d.south]), transform('CRS:84', crs.code, [lon, d.north]),
      transform('CRS:84', crs.code, [d.west, lat]), transform('CRS:84', crs.code, [d.east, lat])]) { xs.push(x); ys.push(y); }
  }
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

/** Every position of a GeoJSON geometry. */
export function* positionsOf(g: unknown): Iterable<readonly number[]> {
  const walk = function* (c: unknown): Iterable<readonly number[]> {
    if (!Array.isArray(c)) return;
    if (c.length >= 2 && typeof c[0] !== 'object') { yield c as number[]; return; }
    for (const x of c) yield* walk(x);
  };
  const geom = g as { type?: string; coordinates?: unknown; geometries?: unknown[] };
  if (geom?.type === 'GeometryCollection') { for (const m of geom.geometries ?? []) yield* positionsOf(m); return; }
  yield* walk(geom?.coordinates);
}

/** A box [minx, miny, maxx, maxy] (easting/longitude first) checked in its CRS: a message when it is not usable. */
export function boxProblem(crs: CrsDefinition, box: readonly number[]): string | undefined {
  const [a, b, c, d] = box as [number, number, number, number];
  const r = checkPositions(crs, [[a, b], [c, b], [c, d], [a, d], [(a + c) / 2, (b + d) / 2]]);
  return typeof r === 'string' ? r : undefined;
}
