// The area of an extract: a box, a GeoJSON polygon or a list of sheets, in any offered CRS, turned into one
// polygon in EPSG:2177 (the stored data's CRS) with its area; validated by PostGIS.
import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { Queryable } from '../../db/database.ts';
import { resolveCrs } from '../../crs/names.ts';
import { CRS_LIST, NATIVE_CRS, transform, type CrsDefinition } from '../../crs/definitions.ts';
import { HttpProblem } from '../../errors/service-error.ts';
import { DATA_DOMAIN, checkPositions } from '../../crs/area.ts';
import { parseGodlo, type Sheet } from '../../domain/sheets.ts';

export interface ExtractArea {
  kind: 'bbox' | 'polygon' | 'sheets';
  /** The area in EPSG:2177, easting first. */
  geometry: Polygon | MultiPolygon;
  areaKm2: number;
  sheets?: string[];
}

export interface AreaInput {
  bbox?: unknown;
  /** CRS of bbox and polygon (default EPSG:2177). */
  crs?: unknown;
  polygon?: unknown;
  sheets?: unknown;
}

export const bad = (detail: string, extra: Record<string, unknown> = {}) => new HttpProblem(400, 'Bad Request', detail, extra);

/** A CRS name as the REST API takes it (EPSG:n, URN, OGC URI). Coordinates are always x (easting/longitude) first. */
export function parseCrsName(value: unknown, what: string): CrsDefinition {
  if (value === undefined || value === null || value === '') return NATIVE_CRS;
  const r = typeof value === 'string' ? resolveCrs(value) : undefined;
  if (!r) throw bad(`${what}: unsupported CRS ${JSON.stringify(value)}`);
  return r.crs;
}

/** Positions of an area in a CRS: valid there, and inside the area where the data can be (Poland, widened). */
function areaProblem(crs: string, positions: readonly (readonly number[])[]): string | undefined {
  const def = CRS_LIST.find((c) => c.code === crs);
  if (!def) return `unsupported CRS ${crs}`;
  const r = checkPositions(def, positions);
  if (typeof r === 'string') return r;
  const d = DATA_DOMAIN;
  return r.beyondData ? `the area lies outside the area of the data (longitude ${d.west}…${d.east}, latitude ${d.south}…${d.north})` : undefined;
}

function toNative(p: Position, crs: string): [number, number] {
  if (!Number.isFinite(p[0]) || !Number.isFinite(p[1])) throw bad('polygon: coordinates must be numbers');
  const problem = areaProblem(crs, [p]);
  if (problem) throw bad(`polygon: ${problem}`, { parameter: 'polygon' });
  return crs === NATIVE_CRS.code ? [p[0]!, p[1]!] : transform(crs, NATIVE_CRS.code, [p[0]!, p[1]!]);
}

/**
 * A bbox "minx,miny,maxx,maxy" (x = easting/longitude first, as OGC API bbox with CRS:84 and as GeoJSON) in a CRS.
 * PL-2000 boxes are easting first as well: the REST API follows GeoJSON order everywhere.
 */
export function parseBbox(value: unknown, crs: string): Polygon {
  const nums = Array.isArray(value) ? value.map(Number) : String(value).split(',').map((s) => Number(s.trim()));
  if (nums.length !== 4 || nums.some((n) => !Number.isFinite(n))) throw bad('bbox must be four numbers: minx,miny,maxx,maxy');
  const [a, b, c, d] = nums as [number, number, number, number];
  if (a >= c || b >= d) throw bad('bbox: the minimum must be below the maximum on both axes');
  const outside = areaProblem(crs, [[a, b], [c, b], [c, d], [a, d], [(a + c) / 2, (b + d) / 2]]);
  if (outside) throw bad(`bbox: ${outside}`, { parameter: 'bbox' });
  const ring: Position[] = [[a, b], [c, b], [c, d], [a, d], [a, b]];
  if (crs === NATIVE_CRS.code) return { type: 'Polygon', coordinates: [ring] };
  // Densified edges keep the box's shape after the transformation.
  const dense: Position[] = [];
  for (let k = 0; k < 4; k++) for (let t = 0; t < 8; t++) {
    const p = ring[k]!, q = ring[k + 1]!;
    dense.push([p[0]! + ((q[0]! - p[0]!) * t) / 8, p[1]! + ((q[1]! - p[1]!) * t) / 8]);
  }
  dense.push(dense[0]!);
  return { type: 'Polygon', coordinates: [dense.map((p) => toNative(p, crs))] };
}

function parsePolygon(value: unknown, crs: string): Polygon | MultiPolygon {
  let g = value;
  if (typeof g === 'string') { try { g = JSON.parse(g); } catch { throw bad('polygon must be GeoJSON'); } }
  const obj = g as { type?: string; geometry?: unknown; coordinates?: unknown };
  if (obj?.type === 'Feature') return parsePolygon(obj.geometry, crs);
  if (obj?.type !== 'Polygon' && obj?.type !== 'MultiPolygon') throw bad('polygon must be a GeoJSON Polygon or MultiPolygon');
  const ringsOk = (rings: unknown): rings is Position[][] => Array.isArray(rings) && rings.length > 0 && rings.every((r) => Array.isArray(r) && r.length >= 4 && r.every((p) => Array.isArray(p) && p.length >= 2));
  if (obj.type === 'Polygon') {
    if (!ringsOk(obj.coordinates)) throw bad('polygon: each ring needs at least four positions');
    return { type: 'Polygon', coordinates: obj.coordinates.map((r) => r.map((p) => toNative(p, crs))) };
  }
  const polys = obj.coordinates;
  if (!Array.isArray(polys) || polys.length === 0 || !polys.every(ringsOk)) throw bad('polygon: each ring needs at least four positions');
  return { type: 'MultiPolygon', coordinates: (polys as Position[][][]).map((p) => p.map((r) => r.map((q) => toNative(q, crs)))) };
}

export function parseSheetList(value: unknown, maxSheets: number): Sheet[] {
  const list = Array.isArray(value) ? value.map(String) : String(value).split(',').map((s) => s.trim()).filter(Boolean);
  if (list.length === 0) throw bad('sheets: give at least one sheet name (godło)');
  if (list.length > maxSheets) throw new HttpProblem(413, 'Too many sheets', `At most ${maxSheets} sheets per request`, { sheets: list.length, maxSheets });
  return list.map((godlo) => {
    const s = parseGodlo(godlo);
    if (!s) throw bad(`sheets: ${JSON.stringify(godlo)} is not a PL-2000 sheet name (e.g. 6.177.11.08.3)`);
    if (s.epsg !== NATIVE_CRS.epsg) throw new HttpProblem(422, 'Unprocessable Content', `Sheet ${godlo} is in PL-2000 zone ${s.zone}; the data are in zone 6`);
    return s;
  });
}

/** Resolves the area of a request and checks it with PostGIS (valid, non-empty); area in km². */
export async function resolveArea(db: Queryable, input: AreaInput, maxSheets: number): Promise<ExtractArea> {
  const given = [input.bbox, input.polygon, input.sheets].filter((v) => v !== undefined && v !== null && v !== '').length;
  if (given !== 1) throw bad('Give exactly one of bbox, polygon or sheets as the area');
  const crs = parseCrsName(input.crs, 'area crs').code;
  let area: Omit<ExtractArea, 'areaKm2'>;
  if (input.bbox !== undefined && input.bbox !== '') area = { kind: 'bbox', geometry: parseBbox(input.bbox, crs) };
  else if (input.polygon !== undefined && input.polygon !== '') area = { kind: 'polygon', geometry: parsePolygon(input.polygon, crs) };
  else {
    const sheets = parseSheetList(input.sheets, maxSheets);
    const box = (s: Sheet): Position[][] => {
      const [a, b, c, d] = s.bounds;
      return [[[a, b], [c, b], [c, d], [a, d], [a, b]]];
    };
    // Adjacent sheets share edges: their union is the valid area (a multipolygon of them would not be).
    const collection = { type: 'GeometryCollection', geometries: sheets.map((s) => ({ type: 'Polygon', coordinates: box(s) })) };
    const [u] = await db.query<{ g: string }>('SELECT ST_AsGeoJSON(ST_UnaryUnion(ST_SetSRID(ST_GeomFromGeoJSON($1), 2177))) AS g', [JSON.stringify(collection)]);
    area = { kind: 'sheets', geometry: JSON.parse(u!.g) as Polygon | MultiPolygon, sheets: sheets.map((s) => s.godlo) };
  }
  const [row] = await db.query<{ valid: boolean; area: number; reason: string | null }>(
    `SELECT ST_IsValid(g) AS valid, ST_Area(ST_UnaryUnion(ST_MakeValid(g))) AS area, CASE WHEN ST_IsValid(g) THEN NULL ELSE ST_IsValidReason(g) END AS reason
     FROM (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1), 2177) AS g) x`, [JSON.stringify(area.geometry)]);
  if (!row?.valid) throw new HttpProblem(422, 'Unprocessable Content', `The area polygon is not valid: ${row?.reason ?? 'unknown'}`);
  if (!(row.area > 0)) throw new HttpProblem(422, 'Unprocessable Content', 'The area is empty');
  return { ...area, areaKm2: row.area / 1e6 };
}
