// The designed networks a designer submits, read and checked before anything touches the database: a GeoJSON
// FeatureCollection of LineStrings/MultiLineStrings in EPSG:2177 (PL-2000 zone 6, x = easting first as GeoJSON has
// it), each with `properties.branza` (a GESUT branch code or name) and an optional `srednica` in mm. Everything a
// client can get wrong is answered with a 400 problem naming the feature (a JSON pointer) and what is wrong: not a
// FeatureCollection, not lines, coordinates outside zone 6 (or swapped) or outside the city, an unknown branch, too
// many features or vertices. Pure: no I/O.
import { HttpProblem } from '../errors/service-error.ts';
import { normaliseBranza, BRANZE, type Branza } from './branches.ts';
import { hasDepths, readDepth, type LineDepths } from './depth.ts';

export type Position = [number, number];

export interface DesignFeature {
  /** Index in the submitted collection (or the DXF entity's order): conflicts refer to it. */
  index: number;
  branza: Branza;
  srednica: number | null;
  /** One or more parts (a MultiLineString has several), each at least two distinct positions. */
  parts: Position[][];
  /** The submitter's own label (properties.id / name, or the DXF layer and handle), echoed back. */
  label?: string;
  /** Depths below terrain (depth.ts): per vertex of each part (Z) and/or one for the line; absent when none given. */
  depths?: LineDepths;
}

/** Limits of one check: generous for a real design (a few km of mains), small enough to answer in a second. */
export const DESIGN_LIMITS = { features: 500, verticesPerFeature: 5_000, vertices: 50_000, srednicaMaxMm: 3_000 } as const;

/**
 * PL-2000 zone 6 (EPSG:2177) over Poland: central meridian 18°E, 16.5–19.5°E, 49–55°N → x (easting) and y
 * (northing) ranges, rounded outwards. A point outside is not zone-6 data, or has its axes swapped.
 */
export const ZONE6_BOX = [6_390_000, 5_430_000, 6_600_000, 6_100_000] as const;
/** The City of Poznań with a margin (16.70–17.10°E, 52.28–52.52°N transformed to EPSG:2177 and rounded outwards). */
export const CITY_BOX = [6_411_000, 5_794_000, 6_439_000, 5_822_000] as const;

function bad(detail: string, pointer: string, extra: Record<string, unknown> = {}): HttpProblem {
  return new HttpProblem(400, 'Bad Request', detail, { pointer, ...extra });
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function within(box: readonly number[], [x, y]: Position): boolean {
  return x >= box[0]! && x <= box[2]! && y >= box[1]! && y <= box[3]!;
}

/** Checks one position: two finite numbers, in zone 6 with x = easting, in the city. */
export function checkPosition(p: unknown, pointer: string): Position {
  if (!Array.isArray(p) || p.length < 2 || p.length > 3 || !p.every((c) => typeof c === 'number' && Number.isFinite(c))) {
    throw bad(`A position must be [x, y] (or [x, y, z]) of finite numbers`, pointer);
  }
  const xy: Position = [p[0] as number, p[1] as number];
  if (!within(ZONE6_BOX, xy)) {
    const hint = within(ZONE6_BOX, [xy[1], xy[0]]) ? ' – the axes look swapped: x is the easting (about 6 4xx xxx m in Poznań), y the northing' : '';
    throw bad(`Position [${xy.join(', ')}] is outside PL-2000 zone 6 (EPSG:2177)${hint}`, pointer);
  }
  if (!within(CITY_BOX, xy)) throw bad(`Position [${xy.join(', ')}] is outside the City of Poznań`, pointer, { cityBox: CITY_BOX });
  return xy;
}

/**
 * The positions of one line part, consecutive duplicates dropped; at least two distinct positions. `depths` gets the
 * depth of each kept position (its z read by depth.ts; null where it has none).
 */
function checkPart(coords: unknown, pointer: string, depths: (number | null)[] = []): Position[] {
  if (!Array.isArray(coords)) throw bad('A line\'s coordinates must be an array of positions', pointer);
  const out: Position[] = [];
  coords.forEach((p, i) => {
    const xy = checkPosition(p, `${pointer}/${i}`);
    const last = out[out.length - 1];
    if (!last || last[0] !== xy[0] || last[1] !== xy[1]) {
      out.push(xy);
      depths.push(readDepth((p as unknown[])[2], `${pointer}/${i}/2`, { z: true }));
    }
  });
  if (out.length < 2) throw bad('A line needs at least two distinct positions', pointer);
  return out;
}

/** The branch of a feature: a code or Polish name; unknown ones are refused with the accepted codes. */
export function checkBranza(value: unknown, pointer: string): Branza {
  const code = normaliseBranza(value);
  if (!code) {
    const shown = typeof value === 'string' ? `"${value.slice(0, 60)}"` : value === undefined ? 'missing' : JSON.stringify(value)?.slice(0, 60);
    throw bad(`Unknown network branch ${shown}: use a GESUT branch code (${BRANZE.map((b) => `${b.code} ${b.pl}`).join(', ')}) or its Polish name`, pointer);
  }
  return code;
}

export function checkSrednica(value: unknown, pointer: string): number | null {
  if (value === undefined || value === null || value === '') return null;
  const n = typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0 || n > DESIGN_LIMITS.srednicaMaxMm) {
    throw bad(`srednica must be a diameter in mm, above 0 and at most ${DESIGN_LIMITS.srednicaMaxMm}`, pointer);
  }
  return n;
}

/** Counts vertices across features against the limits (shared with the DXF reader). */
export function checkLimits(features: readonly DesignFeature[]): void {
  if (features.length === 0) throw bad('The design has no lines', '/features');
  if (features.length > DESIGN_LIMITS.features) {
    throw new HttpProblem(400, 'Bad Request', `Too many features: ${features.length}; at most ${DESIGN_LIMITS.features} per check`, { pointer: '/features', limit: DESIGN_LIMITS.features });
  }
  let total = 0;
  for (const f of features) {
    const n = f.parts.reduce((s, p) => s + p.length, 0);
    if (n > DESIGN_LIMITS.verticesPerFeature) {
      throw new HttpProblem(400, 'Bad Request', `Feature ${f.index} has ${n} vertices; at most ${DESIGN_LIMITS.verticesPerFeature} per feature`, { pointer: `/features/${f.index}`, limit: DESIGN_LIMITS.verticesPerFeature });
    }
    total += n;
  }
  if (total > DESIGN_LIMITS.vertices) {
    throw new HttpProblem(400, 'Bad Request', `The design has ${total} vertices; at most ${DESIGN_LIMITS.vertices} per check`, { pointer: '/features', limit: DESIGN_LIMITS.vertices });
  }
}

/** Reads a GeoJSON FeatureCollection of designed lines (see the file header). */
export function parseDesignGeoJson(body: unknown): DesignFeature[] {
  if (!isObject(body) || body.type !== 'FeatureCollection' || !Array.isArray(body.features)) {
    throw bad('The body must be a GeoJSON FeatureCollection of the designed lines', '');
  }
  const crs = body.crs;
  if (crs !== undefined) {
    // The 2008 GeoJSON crs member, written by GDAL/QGIS for projected data: accepted when it names EPSG:2177.
    const name = isObject(crs) && isObject(crs.properties) ? String(crs.properties.name ?? '') : '';
    if (!/(EPSG::?|EPSG\/0\/)2177$/i.test(name)) throw bad(`The design must be in EPSG:2177 (PL-2000 zone 6); crs says "${name.slice(0, 80)}"`, '/crs');
  }
  const raw = body.features as unknown[];
  if (raw.length > DESIGN_LIMITS.features) {
    throw new HttpProblem(400, 'Bad Request', `Too many features: ${raw.length}; at most ${DESIGN_LIMITS.features} per check`, { pointer: '/features', limit: DESIGN_LIMITS.features });
  }
  const features = raw.map((f, index): DesignFeature => {
    const at = `/features/${index}`;
    if (!isObject(f) || f.type !== 'Feature') throw bad('Every member of features must be a GeoJSON Feature', at);
    const g = f.geometry;
    const props = isObject(f.properties) ? f.properties : {};
    if (!isObject(g)) throw bad('The feature has no geometry', `${at}/geometry`);
    let parts: Position[][];
    const z: (number | null)[][] = [];
    const part = (c: unknown, pointer: string) => { const d: (number | null)[] = []; z.push(d); return checkPart(c, pointer, d); };
    if (g.type === 'LineString') parts = [part(g.coordinates, `${at}/geometry/coordinates`)];
    else if (g.type === 'MultiLineString' && Array.isArray(g.coordinates) && g.coordinates.length > 0) {
      parts = g.coordinates.map((c, i) => part(c, `${at}/geometry/coordinates/${i}`));
    } else {
      throw bad(`Designed networks are lines: LineString or MultiLineString, not ${typeof g.type === 'string' ? g.type.slice(0, 40) : 'this'}`, `${at}/geometry/type`);
    }
    const label = typeof props.id === 'string' || typeof props.id === 'number' ? String(props.id)
      : typeof props.name === 'string' ? props.name : typeof f.id === 'string' || typeof f.id === 'number' ? String(f.id) : undefined;
    const depths = { vertices: z, glebokosc: readDepth(props.glebokosc, `${at}/properties/glebokosc`) };
    return {
      index, parts, branza: checkBranza(props.branza, `${at}/properties/branza`),
      srednica: checkSrednica(props.srednica, `${at}/properties/srednica`), ...(label ? { label: label.slice(0, 100) } : {}),
      ...(hasDepths(depths) ? { depths } : {}),
    };
  });
  checkLimits(features);
  return features;
}
