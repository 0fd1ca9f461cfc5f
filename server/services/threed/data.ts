// What the 3D service reads from the database: building models with their register attributes, planned
// buildings, trees and parcels, by area. Tables, keys and attributes come from the layer catalogue; the 3D model
// table (sip.budynki_3d, not a published layer of its own) is described once here. Every value is bound.
import type { Queryable } from '../../db/database.ts';
import { quoteIdent, quoteTable } from '../../db/database.ts';
import type { Catalog } from '../../catalog/catalog.ts';
import { visibleAttributes } from '../../catalog/catalog.ts';
import { attributeSql, buildLayerWhere, geometrySql, keySql } from '../../catalog/layer-sql.ts';
import type { Attribute, Layer, Text, ThreedRole } from '../../catalog/types.ts';
import { LAYERS } from '../../catalog/layers.ts';
import { GROUND_MODEL, TERRAIN_MODELS } from '../../catalog/terrain.ts';
import type { Role } from '../../catalog/roles.ts';
import type { Polygon2, RoofKind } from '../../threed/building-shape.ts';
import type { PropertyDef } from '../../threed/glb.ts';
import { HttpProblem } from '../../errors/service-error.ts';
import type { PlannedLineRow } from '../../threed/networks.ts';

export type Box = [number, number, number, number];

/** The 3D model table: heights and roofs of the register's buildings, joined on the building id. */
export const MODEL_TABLE = {
  table: 'sip.budynki_3d', join: 'idBudynku', geometry: 'geom',
  ground: 'rzednaTerenu', eaves: 'wysokoscOkapu', ridge: 'wysokoscKalenicy', roof: 'rodzajDachu', lod: 'lod',
} as const;

/** Titles of the model's own attributes (shown with the register's attributes). */
export const MODEL_ATTRIBUTES: readonly { name: string; title: Text; type: 'number' | 'integer' | 'string' }[] = [
  { name: MODEL_TABLE.ground, title: { pl: 'Rzędna terenu [m n.p.m.]', en: 'Ground height [m a.s.l.]' }, type: 'number' },
  { name: MODEL_TABLE.eaves, title: { pl: 'Wysokość okapu [m]', en: 'Eaves height [m]' }, type: 'number' },
  { name: MODEL_TABLE.ridge, title: { pl: 'Wysokość kalenicy [m]', en: 'Ridge height [m]' }, type: 'number' },
  { name: MODEL_TABLE.roof, title: { pl: 'Rodzaj dachu', en: 'Roof type' }, type: 'string' },
  { name: MODEL_TABLE.lod, title: { pl: 'Poziom szczegółowości (LOD)', en: 'Level of detail (LOD)' }, type: 'integer' },
];

/** The type name of the catalogue's layer in a 3D role (its `threed` entry in catalog/layers.ts). */
export function threedLayerName(role: ThreedRole): string {
  const spec = LAYERS.find((l) => l.threed?.includes(role));
  if (!spec) throw new Error(`No catalogue layer has the 3D role ${role}`);
  return `${spec.namespace}:${spec.name}`;
}

/** The layers of the 3D view's contents, by their roles in the catalogue. */
export const LAYER_IDS = {
  buildings: threedLayerName('buildings'), planned: threedLayerName('plannedBuildings'), trees: threedLayerName('trees'), parcels: threedLayerName('parcels'),
  networks: threedLayerName('networks'),
} as const;

/** What the 3D view reads of the utility lines (GESUT 2021 attribute names), and the status of planned ones. */
export const NETWORK_ATTRIBUTES = {
  id: 'idPrzewodu', branza: 'branza', srednica: 'srednica', glebokosc: 'glebokosc', status: 'status', caseNumber: 'numerSprawyKoordynacyjnej',
  planned: 'projektowany',
} as const;
/** At most this many planned lines in one answer (a city's planned networks are hundreds, not thousands). */
export const MAX_PLANNED_LINES = 5_000;

export function layerOf(catalog: Catalog, typeName: string, role: Role): Layer {
  const layer = catalog.layer(typeName, role);
  if (!layer) throw new HttpProblem(404, 'Not Found', `Layer ${typeName} is not available`);
  return layer;
}

/** SQL of an attribute as a JSON-friendly value: numbers as float8, the rest as text. */
function valueSql(a: Attribute): string {
  const sql = attributeSql(a);
  if (a.type === 'integer' || a.type === 'number') return `(${sql})::float8`;
  return `(${sql})::text`;
}

export function propertyDefs(attrs: readonly { name: string; title: Text; type: string; description?: string }[], lang: 'pl' | 'en' = 'pl'): PropertyDef[] {
  return attrs.map((a) => ({
    name: a.name, title: a.title[lang], ...(a.description ? { description: a.description } : {}),
    type: a.type === 'integer' ? 'INT32' : a.type === 'number' ? 'FLOAT64' : 'STRING',
  }));
}

interface GeoJsonGeom { type: string; coordinates: unknown }

/** A GeoJSON (Multi)Polygon as polygons of rings. */
export function polygonsOf(geojson: string): Polygon2[] {
  const g = JSON.parse(geojson) as GeoJsonGeom;
  if (g.type === 'Polygon') return [g.coordinates as Polygon2];
  if (g.type === 'MultiPolygon') return g.coordinates as Polygon2[];
  return [];
}

export interface BuildingRow { key: number; polygons: Polygon2[]; ground: number; eaves: number; ridge: number; roof: RoofKind; lod: number; attributes: Record<string, unknown> }

/** Which rows belong to a tile: the point on the surface of the geometry lies in the tile (half-open box). */
function tileCondition(geom: string, params: unknown[], box: Box, assignByPoint: boolean): string {
  params.push(box[0], box[1], box[2], box[3]);
  const n = params.length;
  const env = `ST_MakeEnvelope($${n - 3}, $${n - 2}, $${n - 1}, $${n}, 2177)`;
  if (!assignByPoint) return `${geom} && ${env}`;
  const p = `ST_PointOnSurface(${geom})`;
  return `${geom} && ${env} AND ST_X(${p}) >= $${n - 3} AND ST_X(${p}) < $${n - 1} AND ST_Y(${p}) >= $${n - 2} AND ST_Y(${p}) < $${n}`;
}

export class ThreedData {
  constructor(private readonly db: Queryable, private readonly catalog: Catalog) {}

  buildingAttributes(role: Role): { name: string; title: Text; type: string; description?: string }[] {
    const layer = layerOf(this.catalog, LAYER_IDS.buildings, role);
    return [...visibleAttributes(layer, role), ...MODEL_ATTRIBUTES];
  }

  /** Existing buildings with their 3D model: those whose point on surface lies in the box (tiles), or that touch it. */
  async buildings(role: Role, box: Box, assignByPoint: boolean): Promise<BuildingRow[]> {
    const layer = layerOf(this.catalog, LAYER_IDS.buildings, role);
    const attrs = visibleAttributes(layer, role);
    const params: unknown[] = [];
    const base = buildLayerWhere(layer, params);
    const m = MODEL_TABLE;
    const g = `m.${quoteIdent(m.geometry)}`;
    const cond = tileCondition(g, params, box, assignByPoint);
    const rows = await this.db.query<Record<string, unknown>>(
      `SELECT ${keySql(layer)} AS "__key", ST_AsGeoJSON(${g}, 3) AS "__geom",
              m.${quoteIdent(m.ground)}::float8 AS "__ground", m.${quoteIdent(m.eaves)}::float8 AS "__eaves",
              m.${quoteIdent(m.ridge)}::float8 AS "__ridge", m.${quoteIdent(m.roof)} AS "__roof", m.${quoteIdent(m.lod)}::int AS "__lod"
              ${attrs.map((a) => `, ${valueSql(a)} AS ${quoteIdent(a.name)}`).join('')}
       FROM ${base.from} JOIN ${quoteTable(m.table)} AS m ON m.${quoteIdent(m.join)} = t.${quoteIdent(m.join)}
       WHERE ${base.sql} AND ${cond}
       ORDER BY ${keySql(layer)}`, params);
    return rows.map((r) => {
      const attributes: Record<string, unknown> = {};
      for (const a of attrs) attributes[a.name] = r[a.name];
      attributes[m.ground] = r.__ground; attributes[m.eaves] = r.__eaves; attributes[m.ridge] = r.__ridge;
      attributes[m.roof] = r.__roof; attributes[m.lod] = r.__lod;
      return {
        key: Number(r.__key), polygons: polygonsOf(String(r.__geom)), ground: Number(r.__ground), eaves: Number(r.__eaves),
        ridge: Number(r.__ridge), roof: r.__roof as RoofKind, lod: Number(r.__lod), attributes,
      };
    });
  }

  /**
   * The LOD1 blocks of a coarser tile: buildings whose point on surface lies in the box, at least minArea m²,
   * footprints simplified with the tolerance (topology kept, so no ring collapses or crosses itself), with the
   * heights the block is raised from; no attributes (a coarse tile is a picture, the leaves carry the register).
   */
  async buildingBlocks(role: Role, box: Box, minArea: number, tolerance: number): Promise<{ polygons: Polygon2[]; ground: number; eaves: number; ridge: number; roof: RoofKind; lod: number }[]> {
    const layer = layerOf(this.catalog, LAYER_IDS.buildings, role);
    const params: unknown[] = [];
    const base = buildLayerWhere(layer, params);
    const m = MODEL_TABLE;
    const g = `m.${quoteIdent(m.geometry)}`;
    const cond = tileCondition(g, params, box, true);
    params.push(minArea, tolerance);
    const n = params.length;
    const rows = await this.db.query<{ geom: string; ground: number; eaves: number; ridge: number; roof: RoofKind; lod: number }>(
      `SELECT ST_AsGeoJSON(ST_SimplifyPreserveTopology(${g}, $${n}), 2) AS geom, m.${quoteIdent(m.ground)}::float8 AS ground,
              m.${quoteIdent(m.eaves)}::float8 AS eaves, m.${quoteIdent(m.ridge)}::float8 AS ridge, m.${quoteIdent(m.roof)} AS roof, m.${quoteIdent(m.lod)}::int AS lod
       FROM ${base.from} JOIN ${quoteTable(m.table)} AS m ON m.${quoteIdent(m.join)} = t.${quoteIdent(m.join)}
       WHERE ${base.sql} AND ${cond} AND ST_Area(${g}) >= $${n - 1}
       ORDER BY ${keySql(layer)}`, params);
    return rows.map((r) => ({ polygons: polygonsOf(r.geom), ground: Number(r.ground), eaves: Number(r.eaves), ridge: Number(r.ridge), roof: r.roof, lod: Number(r.lod) }));
  }

  plannedAttributes(role: Role): Attribute[] {
    return visibleAttributes(layerOf(this.catalog, LAYER_IDS.planned, role), role);
  }

  /** Planned buildings in a box (by point on surface for tiles), or one by its key. */
  async planned(role: Role, where: { box: Box; assignByPoint: boolean } | { id: number }): Promise<PlannedRow[]> {
    const layer = layerOf(this.catalog, LAYER_IDS.planned, role);
    const attrs = visibleAttributes(layer, role);
    for (const need of ['wysokosc', 'rzednaTerenu', 'rodzajDachu']) {
      if (!layer.attributes.some((a) => a.name === need)) throw new Error(`catalogue: ${layer.typeName} lacks ${need}`);
    }
    const params: unknown[] = [];
    const base = buildLayerWhere(layer, params);
    const g = geometrySql(layer);
    let cond: string;
    if ('id' in where) { params.push(where.id); cond = `${keySql(layer)} = $${params.length}`; } else cond = tileCondition(g, params, where.box, where.assignByPoint);
    const rows = await this.db.query<Record<string, unknown>>(
      `SELECT ${keySql(layer)} AS "__key", ST_AsGeoJSON(${g}, 3) AS "__geom", t."wysokosc"::float8 AS "__height",
              t."rzednaTerenu"::float8 AS "__ground", t."rodzajDachu" AS "__roof"
              ${attrs.map((a) => `, ${valueSql(a)} AS ${quoteIdent(a.name)}`).join('')}
       FROM ${base.from} WHERE ${base.sql} AND ${cond} ORDER BY ${keySql(layer)}`, params);
    return rows.map((r) => {
      const attributes: Record<string, unknown> = { id: Number(r.__key) };
      for (const a of attrs) attributes[a.name] = r[a.name];
      return { key: Number(r.__key), polygons: polygonsOf(String(r.__geom)), height: Number(r.__height), ground: Number(r.__ground), roof: r.__roof as RoofKind, attributes };
    });
  }

  treeAttributes(role: Role): Attribute[] {
    return visibleAttributes(layerOf(this.catalog, LAYER_IDS.trees, role), role);
  }

  async trees(role: Role, box: Box): Promise<TreeRow[]> {
    const layer = layerOf(this.catalog, LAYER_IDS.trees, role);
    const params: unknown[] = [];
    const base = buildLayerWhere(layer, params);
    const g = geometrySql(layer);
    const cond = tileCondition(g, params, box, true);
    const rows = await this.db.query<{ key: number; x: number; y: number; h: number; crown: number; label: string }>(
      `SELECT ${keySql(layer)} AS key, ST_X(${g}) AS x, ST_Y(${g}) AS y, t."wysokosc"::float8 AS h, t."srednicaKorony"::float8 AS crown,
              t."numerInwentarzowy" AS label
       FROM ${base.from} WHERE ${base.sql} AND ${cond} ORDER BY ${keySql(layer)}`, params);
    return rows.map((r) => ({ key: Number(r.key), x: r.x, y: r.y, height: r.h, crown: r.crown, label: r.label }));
  }

  async parcels(role: Role, box: Box): Promise<{ id: string; polygons: Polygon2[] }[]> {
    const layer = layerOf(this.catalog, LAYER_IDS.parcels, role);
    const params: unknown[] = [];
    const base = buildLayerWhere(layer, params);
    const g = geometrySql(layer);
    const cond = tileCondition(g, params, box, false);
    const rows = await this.db.query<{ id: string; geom: string }>(
      `SELECT t."idDzialki" AS id, ST_AsGeoJSON(${g}, 3) AS geom FROM ${base.from} WHERE ${base.sql} AND ${cond} ORDER BY ${keySql(layer)}`, params);
    return rows.map((r) => ({ id: r.id, polygons: polygonsOf(r.geom) }));
  }

  /** Per tile of a grid: count, box and height range of buildings, planned buildings and trees. */
  /**
   * Per tile of a grid: count, box and height range of buildings, planned buildings and trees; for buildings also
   * how many have at least each of `areas` m² (what the coarser levels keep).
   */
  async tileSummaries(role: Role, origin: [number, number], size: number, areas: readonly number[] = []): Promise<Map<string, Partial<Record<'budynki' | 'projektowane' | 'drzewa', { box: Box; minH: number; maxH: number; count: number; countByArea?: number[] }>>>> {
    const out = new Map<string, Partial<Record<'budynki' | 'projektowane' | 'drzewa', { box: Box; minH: number; maxH: number; count: number; countByArea?: number[] }>>>();
    const add = (rows: SummaryRow[], kind: 'budynki' | 'projektowane' | 'drzewa') => {
      for (const r of rows) {
        const k = `${r.i}/${r.j}`;
        const entry = out.get(k) ?? {};
        entry[kind] = { box: [r.minx, r.miny, r.maxx, r.maxy], minH: r.minh, maxH: r.maxh, count: Number(r.n), ...(r.by_area ? { countByArea: r.by_area.map(Number) } : {}) };
        out.set(k, entry);
      }
    };
    const tileOf = (g: string, p: number) =>
      `floor((ST_X(ST_PointOnSurface(${g})) - $${p}) / $${p + 2})::int AS i, floor((ST_Y(ST_PointOnSurface(${g})) - $${p + 1}) / $${p + 2})::int AS j`;
    const ext = (g: string, grow = '0') =>
      `min(ST_XMin(${g})) - ${grow} AS minx, min(ST_YMin(${g})) - ${grow} AS miny, max(ST_XMax(${g})) + ${grow} AS maxx, max(ST_YMax(${g})) + ${grow} AS maxy, count(*) AS n`;
    /** One grouped query per layer: the tile of each feature, the box (grown by `grow`) and the height range. */
    const summarise = async (kind: 'budynki' | 'projektowane' | 'drzewa', layerId: string, o: { g?: string; join?: string; grow?: string; heights: string; areas?: readonly number[] }) => {
      const layer = layerOf(this.catalog, layerId, role);
      const params: unknown[] = [];
      const base = buildLayerWhere(layer, params);
      const g = o.g ?? geometrySql(layer);
      params.push(origin[0], origin[1], size);
      const p = params.length - 2;
      let byArea = '';
      if (o.areas?.length) {
        params.push(o.areas);
        // One count per threshold (the thresholds are a bound array; its length is ours, never a client's).
        byArea = `, ARRAY[${o.areas.map((_, k) => `count(*) FILTER (WHERE ST_Area(${g}) >= ($${params.length}::float8[])[${k + 1}])`).join(', ')}] AS by_area`;
      }
      add(await this.db.query<SummaryRow>(
        `SELECT ${tileOf(g, p)}, ${ext(g, o.grow)}, ${o.heights}${byArea} FROM ${base.from}${o.join ?? ''} WHERE ${base.sql} GROUP BY 1, 2`, params), kind);
    };
    const m = MODEL_TABLE;
    await summarise('budynki', LAYER_IDS.buildings, {
      g: `m.${quoteIdent(m.geometry)}`, areas,
      join: ` JOIN ${quoteTable(m.table)} AS m ON m.${quoteIdent(m.join)} = t.${quoteIdent(m.join)}`,
      heights: `min(m.${quoteIdent(m.ground)})::float8 - ${BUILDING_SKIRT} AS minh,
                max(m.${quoteIdent(m.ground)} + greatest(m.${quoteIdent(m.ridge)}, m.${quoteIdent(m.eaves)}))::float8 AS maxh`,
    });
    await summarise('projektowane', LAYER_IDS.planned, {
      heights: `min(t."rzednaTerenu")::float8 - ${BUILDING_SKIRT} AS minh, max(t."rzednaTerenu" + t."wysokosc")::float8 AS maxh`,
    });
    // Heights of trees are relative to the terrain: the caller adds the terrain's range.
    await summarise('drzewa', LAYER_IDS.trees, {
      grow: '(max(t."srednicaKorony")::float8 / 2 + 0.5)',
      heights: '0::float8 AS minh, max(t."wysokosc")::float8 AS maxh',
    });
    return out;
  }

  /**
   * The planned utility lines (status projektowany) in a box, as the role may see them; none when the role does not
   * see the lines' layer at all (the 3D view is public; GESUT may not be).
   */
  async plannedNetworks(role: Role, box: Box): Promise<PlannedLineRow[]> {
    const layer = this.catalog.layer(LAYER_IDS.networks, role);
    if (!layer) return [];
    const A = NETWORK_ATTRIBUTES;
    const seen = visibleAttributes(layer, role);
    const attr = (name: string) => seen.find((a) => a.name === name);
    const status = attr(A.status);
    if (!status) return [];
    const value = (name: string, cast: 'text' | 'float8') => { const a = attr(name); return a ? `(${attributeSql(a)})::${cast}` : `NULL::${cast}`; };
    const params: unknown[] = [];
    const base = buildLayerWhere(layer, params);
    const g = geometrySql(layer);
    params.push(A.planned, box[0], box[1], box[2], box[3], MAX_PLANNED_LINES);
    const p = params.length - 5;
    const rows = await this.db.query<{ id: string; branza: string; srednica: number | null; glebokosc: number | null; sprawa: string | null; geom: string }>(
      `SELECT ${value(A.id, 'text')} AS id, ${value(A.branza, 'text')} AS branza, ${value(A.srednica, 'float8')} AS srednica,
              ${value(A.glebokosc, 'float8')} AS glebokosc, ${value(A.caseNumber, 'text')} AS sprawa, ST_AsGeoJSON(${g}, 2) AS geom
       FROM ${base.from} WHERE ${base.sql} AND (${attributeSql(status)})::text = $${p}
         AND ${g} && ST_MakeEnvelope($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, 2177)
       ORDER BY ${keySql(layer)} LIMIT $${p + 5}`, params);
    return rows.map((r) => {
      const geom = JSON.parse(r.geom) as { type: string; coordinates: [number, number][] | [number, number][][] };
      const coordinates = (geom.type === 'MultiLineString' ? (geom.coordinates as [number, number][][]).flat() : geom.coordinates) as [number, number][];
      return { id: r.id, branza: r.branza, srednica: r.srednica === null ? null : Number(r.srednica), glebokosc: r.glebokosc === null ? null : Number(r.glebokosc), numerSprawyKoordynacyjnej: r.sprawa, coordinates };
    });
  }

  /** The terrain model's GeoTIFF file (relative to the data set) and extent. */
  async terrainModel(): Promise<{ file: string; extent: Box } | undefined> {
    const T = TERRAIN_MODELS, c = T.columns, g = quoteIdent(c.geometry);
    const [row] = await this.db.query<{ plik: string; minx: number; miny: number; maxx: number; maxy: number }>(
      `SELECT ${quoteIdent(c.file)} AS plik, ST_XMin(${g}) AS minx, ST_YMin(${g}) AS miny, ST_XMax(${g}) AS maxx, ST_YMax(${g}) AS maxy
       FROM ${quoteTable(T.table)} WHERE ${quoteIdent(c.kind)} = $1 ORDER BY ${quoteIdent(c.resolution)}, ${quoteIdent(T.key)} LIMIT 1`, [GROUND_MODEL.value]);
    return row ? { file: row.plik, extent: [row.minx, row.miny, row.maxx, row.maxy] } : undefined;
  }
}

/** Walls reach this far below the recorded terrain height, so buildings on slopes do not float. */
export const BUILDING_SKIRT = 0.5;

type SummaryRow = { i: number; j: number; minx: number; miny: number; maxx: number; maxy: number; n: string; minh: number; maxh: number; by_area?: (string | number)[] };

export interface PlannedRow { key: number; polygons: Polygon2[]; height: number; ground: number; roof: RoofKind; attributes: Record<string, unknown> }
export interface TreeRow { key: number; x: number; y: number; height: number; crown: number; label: string }
