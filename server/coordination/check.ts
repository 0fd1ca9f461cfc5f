// The clearance check's I/O: which catalogue layers it measures against (CHECKED_LAYERS, the one place that names
// them and the attributes it reads — the GESUT branch attribute among them), the SQL that measures every designed
// line against its neighbours in PostGIS, and the assembly of the answer. The SQL only measures (distance, whether
// they meet, the point); what is a conflict is decided by rules.ts from the distance table. Tables and columns come
// from the catalogue; the designed geometries and the radii are bound parameters.
import type { Queryable } from '../db/database.ts';
import type { Catalog } from '../catalog/catalog.ts';
import type { Attribute, Layer } from '../catalog/types.ts';
import { attributeSql, buildLayerWhere, geometrySql } from '../catalog/layer-sql.ts';
import { normaliseBranza } from './branches.ts';
import type { DesignFeature } from './design.ts';
import { depthAt, lineDepth } from './depth.ts';
import {
  classifyBuilding, classifyNetwork, classifyTree, searchRadii, sortConflicts, type Conflict, type Measured,
} from './rules.ts';

/**
 * The GESUT attribute holding a line's or device's branch, in order of preference: `branza` (codes) of the 2021
 * model (docs/model-2021.md), `rodzajSieci` (words) before it. The check reads the first the catalogue layer has;
 * normaliseBranza reads both kinds of values. The one place that names it.
 */
export const GESUT_BRANCH_ATTRIBUTES = ['branza', 'rodzajSieci'] as const;

/** The branch attribute a GESUT layer of the catalogue has (see GESUT_BRANCH_ATTRIBUTES). */
export function branchAttribute(layer: Pick<Layer, 'typeName' | 'attributes'>): string {
  const found = GESUT_BRANCH_ATTRIBUTES.find((name) => layer.attributes.some((a) => a.name === name));
  if (!found) throw new Error(`coordination check: layer ${layer.typeName} has none of ${GESUT_BRANCH_ATTRIBUTES.join(', ')}`);
  return found;
}

/** The layers the check measures against, by catalogue type name, with the attributes it reads (and the branch, above). */
export const CHECKED_LAYERS = {
  lines: { typeName: 'gesut:przewody', id: 'idPrzewodu', srednica: 'srednica', glebokosc: 'glebokosc' },
  devices: { typeName: 'gesut:urzadzenia', id: 'idUrzadzenia' },
  buildings: [
    { typeName: 'egib:budynki', id: 'idBudynku' },
    { typeName: 'sip:budynki_projektowane', id: 'numerPozwolenia' },
  ],
  trees: { typeName: 'sip:drzewa', id: 'numerInwentarzowy', crown: 'srednicaKorony' },
  parcels: { typeName: 'egib:dzialki', id: 'idDzialki' },
} as const;

/** The largest crown diameter the register admits (sip.drzewa CHECK): bounds the search radius around trees. */
const MAX_CROWN_DIAMETER_M = 40;

export interface CheckResult {
  conflicts: Conflict[];
  /** The parcels the designed lines pass through (their identifiers: whose land the design needs). */
  parcels: string[];
  /** The designed lines as read: index, branch, diameter, the submitter's label, length in metres. */
  design: { index: number; branza: string; srednica: number | null; label?: string; lengthM: number; glebokosc?: number }[];
}

function layerOf(catalog: Catalog, typeName: string): Layer {
  const layer = catalog.layers.find((l) => l.typeName === typeName);
  if (!layer) throw new Error(`coordination check: layer ${typeName} is not in the catalogue`);
  return layer;
}

function attributeOf(layer: Layer, name: string): Attribute {
  const a = layer.attributes.find((x) => x.name === name);
  if (!a) throw new Error(`coordination check: layer ${layer.typeName} has no attribute ${name}`);
  return a;
}

interface Row { design: number; id: string | null; distance: number; meets: boolean; x: number; y: number; [extra: string]: unknown }

/**
 * The designed lines as a bound array of GeoJSON geometries ($1), made geometries once (MATERIALIZED: inlined, the
 * parsing would be repeated for every candidate row — ten times slower on a design of 500 lines).
 */
const DESIGN_CTE = `d AS MATERIALIZED (SELECT (u.i - 1)::int AS design, ST_SetSRID(ST_GeomFromGeoJSON(u.g), 2177) AS geom
                   FROM unnest($1::text[]) WITH ORDINALITY AS u(g, i))`;

/**
 * The neighbours of every designed line within `radius` metres ($2) in one layer, measured: the distance, whether
 * they meet, and the crossing point or else the designed line's point nearest to the neighbour; `extra` are
 * attributes read as text or number.
 */
async function neighbours(db: Queryable, layer: Layer, designs: string[], radius: number, id: string, extra: Record<string, { name: string; cast: 'text' | 'float8' }> = {}): Promise<Row[]> {
  const params: unknown[] = [designs, radius];
  const { from, sql: where } = buildLayerWhere(layer, params);
  const g = geometrySql(layer);
  const cols = Object.entries(extra).map(([alias, a]) => `(${attributeSql(attributeOf(layer, a.name))})::${a.cast} AS "${alias}"`);
  const sql = `
    WITH ${DESIGN_CTE}
    SELECT d.design, (${attributeSql(attributeOf(layer, id))})::text AS id, ${cols.length ? cols.join(', ') + ',' : ''}
           ST_Distance(d.geom, ${g}) AS distance, i.meets, ST_X(m.at) AS x, ST_Y(m.at) AS y
    FROM d JOIN ${from} ON ST_DWithin(d.geom, ${g}, $2) AND ${where}
    CROSS JOIN LATERAL (SELECT ST_Intersects(d.geom, ${g}) AS meets) i
    CROSS JOIN LATERAL (SELECT CASE WHEN i.meets THEN ST_PointOnSurface(ST_Intersection(d.geom, ${g})) ELSE ST_ClosestPoint(d.geom, ${g}) END AS at) m
    ORDER BY d.design, id`;
  return db.query<Row>(sql, params);
}

/** The identifiers of a layer's features any designed line passes through (parcels). */
async function crossed(db: Queryable, layer: Layer, designs: string[], id: string): Promise<string[]> {
  const params: unknown[] = [designs];
  const { from, sql: where } = buildLayerWhere(layer, params);
  const rows = await db.query<{ id: string }>(`
    WITH ${DESIGN_CTE}
    SELECT DISTINCT (${attributeSql(attributeOf(layer, id))})::text AS id
    FROM d JOIN ${from} ON ST_Intersects(d.geom, ${geometrySql(layer)}) AND ${where}
    ORDER BY 1`, params);
  return rows.map((r) => r.id).filter((x) => x !== null);
}

const measured = (layer: Layer, r: Row): Measured => ({
  design: r.design, layer: layer.typeName, id: r.id ?? '', distanceM: Number(r.distance), meets: r.meets, at: [Number(r.x), Number(r.y)],
});

/** The designed lines as GeoJSON geometries for the SQL. */
function geometries(design: readonly DesignFeature[]): string[] {
  return design.map((f) => JSON.stringify(f.parts.length === 1 ? { type: 'LineString', coordinates: f.parts[0] } : { type: 'MultiLineString', coordinates: f.parts }));
}

function length(f: DesignFeature): number {
  let m = 0;
  for (const part of f.parts) for (let i = 1; i < part.length; i++) m += Math.hypot(part[i]![0] - part[i - 1]![0], part[i]![1] - part[i - 1]![1]);
  return Number(m.toFixed(2));
}

/** Runs the clearance check of a design (already validated) against the register. */
export async function checkDesign(db: Queryable, catalog: Catalog, design: readonly DesignFeature[]): Promise<CheckResult> {
  const geo = geometries(design);
  const radii = searchRadii(MAX_CROWN_DIAMETER_M);
  const L = CHECKED_LAYERS;
  const lines = layerOf(catalog, L.lines.typeName);
  const devices = layerOf(catalog, L.devices.typeName);
  const buildings = L.buildings.map((b) => ({ layer: layerOf(catalog, b.typeName), id: b.id }));
  const trees = layerOf(catalog, L.trees.typeName);
  const parcels = layerOf(catalog, L.parcels.typeName);
  const of = (r: Row) => design[r.design]!;

  // The layers are measured concurrently (each query on its own pooled connection; the embedded database queues them).
  const [lineRows, deviceRows, buildingRows, treeRows, parcelIds] = await Promise.all([
    neighbours(db, lines, geo, radii.networks, L.lines.id, {
      branza: { name: branchAttribute(lines), cast: 'text' }, srednica: { name: L.lines.srednica, cast: 'float8' }, glebokosc: { name: L.lines.glebokosc, cast: 'float8' },
    }),
    neighbours(db, devices, geo, radii.networks, L.devices.id, { branza: { name: branchAttribute(devices), cast: 'text' } }),
    Promise.all(buildings.map(async (b) => ({ layer: b.layer, rows: await neighbours(db, b.layer, geo, radii.buildings, b.id) }))),
    neighbours(db, trees, geo, radii.trees, L.trees.id, { crown: { name: L.trees.crown, cast: 'float8' } }),
    crossed(db, parcels, geo, L.parcels.id),
  ]);
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const conflicts: (Conflict | null)[] = [
    ...lineRows.map((r) => {
      const m = measured(lines, r);
      const f = of(r);
      // At a crossing: the design's depth there and the crossed line's recorded depth (depth.ts).
      const depths = m.meets ? { design: depthAt(f.parts, f.depths ?? {}, m.at), other: num(r.glebokosc) } : undefined;
      return classifyNetwork(f, m, { branza: normaliseBranza(r.branza) ?? null, srednica: num(r.srednica) }, depths);
    }),
    ...deviceRows.map((r) => classifyNetwork(of(r), measured(devices, r), { branza: normaliseBranza(r.branza) ?? null, srednica: null }, { design: null, other: null })),
    ...buildingRows.flatMap((b) => b.rows.map((r) => classifyBuilding(of(r), measured(b.layer, r)))),
    ...treeRows.map((r) => classifyTree(of(r), measured(trees, r), num(r.crown))),
  ];
  return {
    conflicts: sortConflicts(conflicts.filter((c): c is Conflict => c !== null)),
    parcels: parcelIds,
    design: design.map((f) => {
      const d = lineDepth(f.depths ?? {});
      return { index: f.index, branza: f.branza, srednica: f.srednica, ...(f.label ? { label: f.label } : {}), lengthM: length(f), ...(d !== null ? { glebokosc: d } : {}) };
    }),
  };
}
