// The sheet index over REST: the sheets of a box, a point or a polygon at a scale, and a sheet by its godło, as
// GeoJSON in the requested CRS (coordinates x = easting/longitude first, as GeoJSON).
import type { Feature, FeatureCollection, Polygon, Position } from 'geojson';
// The one turf module used, not the @turf/turf barrel (which loads every module: +13 MB at start, issue 19).
import { booleanIntersects } from '@turf/boolean-intersects';
import { NATIVE_CRS, transform, type CrsDefinition } from '../../crs/definitions.ts';
import { legacyCrsMember } from '../../formats/geojson.ts';
import { HttpProblem } from '../../errors/service-error.ts';
import { countSheetsInBox, isSheetScale, parseGodlo, SHEET_SCALES, sheetAt, sheetsInBox, type Sheet, type SheetBounds, type SheetScale } from '../../domain/sheets.ts';
import { bad, parseBbox, parseCrsName } from './area.ts';

/** The sheet frame as a polygon in a CRS; edges densified so the shape survives a transformation. */
export function sheetPolygon(s: Sheet, crs: CrsDefinition): Polygon {
  const [a, b, c, d] = s.bounds;
  const corners: Position[] = [[a, b], [c, b], [c, d], [a, d], [a, b]];
  if (crs.code === NATIVE_CRS.code) return { type: 'Polygon', coordinates: [corners] };
  const ring: Position[] = [];
  for (let k = 0; k < 4; k++) for (let t = 0; t < 4; t++) {
    const p = corners[k]!, q = corners[k + 1]!;
    ring.push([p[0]! + ((q[0]! - p[0]!) * t) / 4, p[1]! + ((q[1]! - p[1]!) * t) / 4]);
  }
  ring.push(ring[0]!);
  const decimals = crs.geographic ? 1e8 : 1e3;
  return { type: 'Polygon', coordinates: [ring.map((p) => transform(NATIVE_CRS.code, crs.code, [p[0]!, p[1]!]).map((v) => Math.round(v * decimals) / decimals))] };
}

export function sheetFeature(s: Sheet, crs: CrsDefinition): Feature<Polygon> {
  const [w, h] = [s.bounds[2] - s.bounds[0], s.bounds[3] - s.bounds[1]];
  return {
    type: 'Feature', id: s.godlo, geometry: sheetPolygon(s, crs),
    properties: { godlo: s.godlo, skala: s.scale, strefa: s.zone, szerokoscM: w, wysokoscM: h, bbox2177: s.bounds },
  };
}

export function collection(sheets: readonly Sheet[], crs: CrsDefinition): FeatureCollection & { crs?: unknown; numberReturned: number } {
  return {
    type: 'FeatureCollection',
    numberReturned: sheets.length,
    ...legacyCrsMember(crs),
    features: sheets.map((s) => sheetFeature(s, crs)),
  };
}

export function parseScale(value: unknown, required: boolean): SheetScale | undefined {
  if (value === undefined || value === '') {
    if (required) throw bad(`scale is required: one of ${SHEET_SCALES.join(', ')}`);
    return undefined;
  }
  const n = Number(value);
  if (!isSheetScale(n)) throw bad(`scale must be one of ${SHEET_SCALES.join(', ')}`);
  return n;
}

function boundsOf(p: Polygon): SheetBounds {
  let b: SheetBounds = [Infinity, Infinity, -Infinity, -Infinity];
  for (const ring of p.coordinates) for (const [x, y] of ring) b = [Math.min(b[0], x!), Math.min(b[1], y!), Math.max(b[2], x!), Math.max(b[3], y!)];
  return b;
}

function checkCount(scale: SheetScale, box: SheetBounds, maxSheets: number): void {
  const n = countSheetsInBox(scale, 6, box);
  if (n > maxSheets) {
    throw new HttpProblem(413, 'Too many sheets', `The area holds ${n} sheets at 1:${scale}; at most ${maxSheets} per request: choose a smaller area or a smaller scale`, { sheets: n, maxSheets });
  }
}

/** GET /api/sheets: bbox (with bbox-crs) or point (with point-crs), at one scale (or, for a point, all five). */
export function sheetsQuery(q: Record<string, unknown>, maxSheets: number): { sheets: Sheet[]; crs: CrsDefinition } {
  const crs = parseCrsName(q.crs, 'crs');
  if ((q.bbox === undefined) === (q.point === undefined)) throw bad('Give either bbox=minx,miny,maxx,maxy or point=x,y');
  if (q.point !== undefined) {
    const pcrs = parseCrsName(q['point-crs'] ?? q['bbox-crs'], 'point-crs');
    const nums = String(q.point).split(',').map((s) => Number(s.trim()));
    if (nums.length !== 2 || nums.some((n) => !Number.isFinite(n))) throw bad('point must be two numbers: x,y (easting/longitude first)');
    const [e, n] = pcrs.code === NATIVE_CRS.code ? (nums as [number, number]) : transform(pcrs.code, NATIVE_CRS.code, nums as [number, number]);
    const scale = parseScale(q.scale, false);
    const sheets = (scale ? [scale] : [...SHEET_SCALES]).map((s) => sheetAt(s, e, n)).filter((s): s is Sheet => !!s && s.zone === 6);
    return { sheets, crs };
  }
  const scale = parseScale(q.scale, true)!;
  const box = boundsOf(parseBbox(q.bbox, parseCrsName(q['bbox-crs'], 'bbox-crs').code));
  checkCount(scale, box, maxSheets);
  return { sheets: sheetsInBox(scale, box), crs };
}

/** POST /api/sheets: the sheets a GeoJSON polygon (in its crs) really meets, not just its box. */
export function sheetsOfPolygon(polygon: Polygon | import('geojson').MultiPolygon, scale: SheetScale, crs: CrsDefinition, maxSheets: number): { sheets: Sheet[]; crs: CrsDefinition } {
  const box = polygon.type === 'Polygon' ? boundsOf(polygon) : boundsOf({ type: 'Polygon', coordinates: polygon.coordinates.flat() });
  checkCount(scale, box, maxSheets);
  const sheets = sheetsInBox(scale, box).filter((s) => booleanIntersects(polygon, sheetPolygon(s, NATIVE_CRS)));
  return { sheets, crs };
}

export function sheetByName(godlo: string): Sheet {
  const s = parseGodlo(godlo);
  if (!s) throw new HttpProblem(404, 'Not Found', `${godlo} is not a PL-2000 sheet name (e.g. 6.177.11.08.3)`);
  if (s.zone !== 6) throw new HttpProblem(404, 'Not Found', `Sheet ${godlo} is in PL-2000 zone ${s.zone}; this service covers zone 6 (EPSG:2177)`);
  return s;
}
