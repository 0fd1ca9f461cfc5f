// The area of a notified survey work, resolved by PostGIS into one MultiPolygon in EPSG:2177: a drawn polygon is
// checked (valid, inside the city — the union of its registration districts), parcels become the union of their
// geometries, sheets the union of their frames clipped to the city. The parcels the area takes in, the base-map
// sheets at the package's scale and the buffered areas of the package come from here too.
import type { MultiPolygon, Polygon } from 'geojson';
import type { Queryable } from '../../db/database.ts';
import { HttpProblem } from '../../errors/service-error.ts';
import { NATIVE_CRS } from '../../crs/definitions.ts';
import { parseGodlo, type SheetScale } from '../../domain/sheets.ts';
import { sheetPolygon, sheetsOfPolygon } from '../downloads/sheets-api.ts';
import type { ExtractArea } from '../downloads/area.ts';
import { MAX_SHEETS, type AreaGiven } from '../../cases/zgloszenia/form.ts';

/** The largest notified area this office assembles a package for automatically (1 km²); larger works go by hand. */
export const MAX_AREA_HA = 100;

export interface ResolvedArea {
  geometry: MultiPolygon;
  ha: number;
  /** Parcels meeting the area (more than 1 m² of them inside it), or the ones given. */
  dzialki: string[];
}

const bad = (detail: string, parameter: string, extra: Record<string, unknown> = {}) => new HttpProblem(400, 'Bad Request', detail, { parameter, ...extra });

const CITY = `(SELECT ST_Union(geom) FROM egib.obreby)`;

export async function resolveWorkArea(db: Queryable, given: AreaGiven): Promise<ResolvedArea> {
  let geojson: string;
  let parameter: string = given.kind;
  if (given.kind === 'obszar') {
    const [r] = await db.query<{ valid: boolean; reason: string; inside: boolean; empty: boolean }>(
      `WITH g AS (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1), 2177) AS g)
       SELECT ST_IsValid(g) AS valid, ST_IsValidReason(g) AS reason, ST_IsEmpty(g) OR ST_Area(g) < 1 AS empty,
              ST_IsValid(g) AND ST_CoveredBy(g, ${CITY}) AS inside FROM g`, [JSON.stringify(given.geometry)]);
    if (!r!.valid) throw bad(`obszar is not a valid polygon: ${r!.reason}`, 'obszar');
    if (r!.empty) throw bad('obszar is empty or smaller than 1 m²', 'obszar');
    if (!r!.inside) throw bad('obszar lies (partly) outside the city of Poznań (EPSG:2177, x = easting, y = northing)', 'obszar');
    geojson = JSON.stringify(given.geometry);
  } else if (given.kind === 'dzialki') {
    const found = await db.query<{ id: string }>('SELECT "idDzialki" AS id FROM egib.dzialki WHERE "idDzialki" = ANY ($1::text[])', [given.ids]);
    const known = new Set(found.map((f) => f.id));
    const missing = given.ids.filter((id) => !known.has(id));
    if (missing.length) throw bad(`dzialki: no parcel ${missing.slice(0, 5).join(', ')} in the register`, 'dzialki', { missing });
    const [r] = await db.query<{ g: string }>(`SELECT ST_AsGeoJSON(ST_Union(geom), 3) AS g FROM egib.dzialki WHERE "idDzialki" = ANY ($1::text[])`, [given.ids]);
    geojson = r!.g;
  } else {
    const frames = given.godla.map((g) => sheetPolygon(parseGodlo(g)!, NATIVE_CRS));
    const [r] = await db.query<{ g: string | null }>(
      `WITH f AS (SELECT ST_Union(ST_SetSRID(ST_GeomFromGeoJSON(j), 2177)) AS g FROM unnest($1::text[]) AS j)
       SELECT CASE WHEN ST_IsEmpty(ST_Intersection(f.g, ${CITY})) THEN NULL ELSE ST_AsGeoJSON(ST_CollectionExtract(ST_Intersection(f.g, ${CITY}), 3), 3) END AS g FROM f`,
      [frames.map((f) => JSON.stringify(f))]);
    if (!r!.g) throw bad('arkusze: the sheets lie outside the city of Poznań', 'arkusze');
    geojson = r!.g;
  }
  const [r] = await db.query<{ g: string; ha: number; dzialki: string[] | null }>(
    `WITH a AS (SELECT ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($1), 2177)) AS g)
     SELECT ST_AsGeoJSON(a.g, 3) AS g, ST_Area(a.g) / 10000 AS ha,
       (SELECT array_agg(d."idDzialki" ORDER BY d."idDzialki") FROM egib.dzialki d WHERE d.geom && a.g AND ST_Area(ST_Intersection(d.geom, a.g)) > 1) AS dzialki
     FROM a`, [geojson]);
  const ha = Number(r!.ha);
  if (ha > MAX_AREA_HA) throw new HttpProblem(413, 'Area too large', `The notified area is ${ha.toFixed(2)} ha; the package is assembled automatically for at most ${MAX_AREA_HA} ha: notify the work in parts or ask the office`, { parameter, areaHa: ha, maxAreaHa: MAX_AREA_HA });
  return { geometry: JSON.parse(r!.g) as MultiPolygon, ha, dzialki: given.kind === 'dzialki' ? given.ids : r!.dzialki ?? [] };
}

/** The base-map sheets at the package's scale that the area meets (at most MAX_SHEETS: 413 beyond). */
export function packageSheets(area: MultiPolygon, scale: SheetScale): string[] {
  return sheetsOfPolygon(area, scale, NATIVE_CRS, MAX_SHEETS).sheets.map((s) => s.godlo);
}

/** The area grown by a buffer, as an extract area (EPSG:2177). */
export async function bufferedArea(db: Queryable, area: Polygon | MultiPolygon, metres: number): Promise<ExtractArea> {
  const [r] = await db.query<{ g: string; km2: number }>(
    `WITH b AS (SELECT ST_Multi(ST_Buffer(ST_SetSRID(ST_GeomFromGeoJSON($1), 2177), $2, 'quad_segs=4')) AS g)
     SELECT ST_AsGeoJSON(g, 2) AS g, ST_Area(g) / 1e6 AS km2 FROM b`, [JSON.stringify(area), metres]);
  return { kind: 'polygon', geometry: JSON.parse(r!.g), areaKm2: Number(r!.km2) };
}
