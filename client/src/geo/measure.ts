// Distance and area in true metres: geodesics on the WGS 84 ellipsoid (GeographicLib, the algorithms PostGIS
// uses for geography), not on a sphere: turf's spherical formulas are off by up to 0.5 %, which is 50 cm on
// 100 m. The grid (PL-2000) length differs again by the projection's scale factor; surveyors get both.
import geodesic from 'geographiclib-geodesic';
import { transform } from '../../../server/crs/definitions.ts';

const WGS84 = geodesic.Geodesic.WGS84;

/** Geodesic length of a path of [lng, lat] points, metres. */
export function geodesicLength(points: readonly [number, number][]): number {
  let s = 0;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!, b = points[i]!;
    s += WGS84.Inverse(a[1], a[0], b[1], b[0]).s12 ?? 0;
  }
  return s;
}

/** Geodesic area (m²) and perimeter (m) of a ring of [lng, lat] points (not closed). */
export function geodesicArea(points: readonly [number, number][]): { area: number; perimeter: number } {
  const p = WGS84.Polygon(false);
  for (const [lng, lat] of points) p.AddPoint(lat, lng);
  const r = p.Compute(false, true);
  return { area: Math.abs(r.area ?? 0), perimeter: r.perimeter };
}

/** Length of the same path in the PL-2000 grid (what a plan drawn in EPSG:2177 measures). */
export function gridLength(points: readonly [number, number][]): number {
  const xy = points.map((p) => transform('CRS:84', 'EPSG:2177', p));
  let s = 0;
  for (let i = 1; i < xy.length; i++) s += Math.hypot(xy[i]![0] - xy[i - 1]![0], xy[i]![1] - xy[i - 1]![1]);
  return s;
}

