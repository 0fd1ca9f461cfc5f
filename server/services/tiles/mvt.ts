// Mapbox Vector Tiles of a set: one query per tile in which each layer visible at the zoom is ST_AsMVT of its
// features (ST_AsMVTGeom of the geometry in EPSG:3857), concatenated with ||. Identifiers come from the
// catalogue only; every value is a bound parameter. Where the database lacks ST_AsMVT (PGlite's PostGIS is
// built without protobuf-c, which ST_AsMVTGeom needs too) the same rows come back with GeoJSON geometry and
// are cut and encoded in JavaScript (@maplibre/geojson-vt, @maplibre/vt-pbf). A layer labelled once per feature
// (districts) adds a point layer <name>_etykiety of label anchors, each in the one tile it lies in.
import { geoJSONToTile, type GeoJSONVTTile } from '@maplibre/geojson-vt';
import { fromGeojsonVt } from '@maplibre/vt-pbf';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { Database, Queryable } from '../../db/database.ts';
import { quoteIdent } from '../../db/database.ts';
import type { Attribute, Layer } from '../../catalog/types.ts';
import type { Role } from '../../catalog/roles.ts';
import { visibleAttributes } from '../../catalog/catalog.ts';
import { attributeSql, buildLayerWhere, geometrySql, keySql } from '../../catalog/layer-sql.ts';
import { NATIVE_CRS } from '../../crs/definitions.ts';
import type { Box } from '../../render/map-request.ts';
import { labelPointsLayer, layerStyle } from '../../style/model.ts';
import { FULL_ATTRIBUTES_ZOOM, TILE_BUFFER, TILE_EXTENT } from './sets.ts';
import type { TileAddress } from './tile.ts';
import { LABEL_TEXT_PROPERTY } from '../../catalog/cartography.ts';

export type MvtEncoder = 'postgis' | 'js';

/**
 * The attributes a tile of zoom z carries: what the role may see except computed ones (owners: a lookup per
 * feature); below FULL_ATTRIBUTES_ZOOM only those the style reads. Without z: the full list (TileJSON fields).
 */
export function tileAttributes(layer: Layer, role: Role, z?: number): Attribute[] {
  const all = visibleAttributes(layer, role).filter((a) => !a.sql);
  if (z === undefined || z >= FULL_ATTRIBUTES_ZOOM) return all;
  const style = layerStyle(layer);
  // A composed label's attributes are not needed: the tile carries its text (LABEL_TEXT_PROPERTY).
  const used = new Set([...(style?.rules ?? []).flatMap((r) => Object.keys(r.when)), ...(style?.label && !style.label.text ? [style.label.attribute] : [])]);
  return all.filter((a) => used.has(a.name));
}

/** An attribute's value as a tile value: text, integer, float or boolean; dates as ISO text. */
function valueSql(a: Attribute): string {
  const e = `(${attributeSql(a)})`;
  switch (a.type) {
    case 'integer': return `${e}::int8`;
    case 'number': return `${e}::float8`;
    case 'boolean': return `${e}::boolean`;
    case 'date': return `to_char(${e}, 'YYYY-MM-DD')`;
    case 'dateTime': return `to_char(${e}::timestamptz AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    default: return `${e}::text`;
  }
}

interface Params { list: unknown[]; add(v: unknown, cast: string): string }
function params(): Params {
  const list: unknown[] = [];
  return { list, add: (v, cast) => { list.push(v); return `$${list.length}::${cast}`; } };
}

/** The rows of one layer in a tile: key, attributes and the geometry expression given. */
function layerRows(layer: Layer, role: Role, z: number, box: Box, p: Params, geometry: (g: string) => string): string {
  const base = buildLayerWhere(layer, p.list);
  const g = geometrySql(layer);
  const env = `ST_MakeEnvelope(${p.add(box[0], 'float8')}, ${p.add(box[1], 'float8')}, ${p.add(box[2], 'float8')}, ${p.add(box[3], 'float8')}, ${p.add(NATIVE_CRS.epsg, 'int')})`;
  const columns = [`${keySql(layer)} AS "__id"`, ...tileAttributes(layer, role, z).map((a) => `${valueSql(a)} AS ${quoteIdent(a.name)}`), `${geometry(g)} AS "__geom"`];
  // A label composed from several attributes ("w150", "m4"): its text by the WMS's own SQL, when the role sees them all.
  const text = layerStyle(layer)?.label?.text;
  const visible = new Set(visibleAttributes(layer, role).map((a) => a.name));
  if (text && text.attributes.every((a) => visible.has(a))) columns.splice(columns.length - 1, 0, `nullif(${text.sql}, '') AS ${quoteIdent(LABEL_TEXT_PROPERTY)}`);
  return `SELECT ${columns.join(', ')} FROM ${base.from} WHERE (${base.sql}) AND ${g} && ${env}`;
}

/**
 * The label anchors of a layer labelled once per feature (districts): its point on surface and the label's
 * attribute, for the tile's point layer <name>_etykiety. The anchor lies in one tile only, so the label is not
 * repeated in every tile the feature crosses. Undefined for other layers and when the role may not see the label.
 */
function labelPointRows(layer: Layer, role: Role, box: Box, p: Params, geometry: (g: string) => string): string | undefined {
  const label = layerStyle(layer)?.label;
  const attr = label?.once ? visibleAttributes(layer, role).find((a) => a.name === label.attribute) : undefined;
  if (!attr) return undefined;
  const base = buildLayerWhere(layer, p.list);
  const g = geometrySql(layer);
  const env = `ST_MakeEnvelope(${p.add(box[0], 'float8')}, ${p.add(box[1], 'float8')}, ${p.add(box[2], 'float8')}, ${p.add(box[3], 'float8')}, ${p.add(NATIVE_CRS.epsg, 'int')})`;
  return `SELECT ${keySql(layer)} AS "__id", ${valueSql(attr)} AS ${quoteIdent(attr.name)}, ${geometry(`ST_PointOnSurface(${g})`)} AS "__geom"
    FROM ${base.from} WHERE (${base.sql}) AND ${g} && ${env}`;
}

/** One statement for the whole tile: the layers' ST_AsMVT joined with ||. */
export function planMvtSql(layers: readonly Layer[], role: Role, t: TileAddress, box: Box): { sql: string; params: unknown[] } {
  const p = params();
  const envelope = `ST_TileEnvelope(${p.add(t.z, 'int')}, ${p.add(t.x, 'int')}, ${p.add(t.y, 'int')})`;
  const geometry = (g: string) => `ST_AsMVTGeom(ST_Transform(${g}, 3857), ${envelope}, ${TILE_EXTENT}, ${TILE_BUFFER}, true)`;
  // Label anchors without a buffer: a point outside the tile is NULL, so each anchor is in one tile.
  const anchor = (g: string) => `ST_AsMVTGeom(ST_Transform(${g}, 3857), ${envelope}, ${TILE_EXTENT}, 0, true)`;
  const parts = layers.flatMap((l) => {
    const rows = layerRows(l, role, t.z, box, p, geometry);
    const out = [`coalesce((SELECT ST_AsMVT(q, ${p.add(l.name, 'text')}, ${TILE_EXTENT}, '__geom', '__id') FROM (${rows}) q WHERE q."__geom" IS NOT NULL), ''::bytea)`];
    const points = labelPointRows(l, role, box, p, anchor);
    if (points) out.push(`coalesce((SELECT ST_AsMVT(q, ${p.add(labelPointsLayer(l.name), 'text')}, ${TILE_EXTENT}, '__geom', '__id') FROM (${points}) q WHERE q."__geom" IS NOT NULL), ''::bytea)`);
    return out;
  });
  return { sql: `SELECT ${parts.join(' || ')} AS tile`, params: p.list };
}

/**
 * Encodes with ST_AsMVT in the database. PostgreSQL's JIT compiler, on by default, takes a tile query's cost for a
 * big one and spends longer compiling than running it (measured: a z14 tile of every layer 1.6 s with JIT, 0.7 s
 * without, 1.35 s of it in LLVM). The PostgreSQL pool (db/postgres.ts) turns jit off on its connections, so the
 * statement runs alone: no transaction and SET LOCAL around it (three round trips, a third of a small tile's time).
 */
export async function mvtInDatabase(db: Queryable, layers: readonly Layer[], role: Role, t: TileAddress, box: Box): Promise<Buffer> {
  if (!layers.length) return Buffer.alloc(0);
  const { sql, params: values } = planMvtSql(layers, role, t, box);
  // Prepared: a tile statement's text depends only on the layers, the role and the zoom's attribute list, and
  // planning it is a fifth of a small tile's time (measured 2.0 → 1.65 ms a tile for the sip set).
  const [row] = await db.query<{ tile: Uint8Array | null }>(sql, values, { prepare: true });
  return row?.tile ? Buffer.from(row.tile.buffer, row.tile.byteOffset, row.tile.byteLength) : Buffer.alloc(0);
}

/** The rows of one layer with WGS 84 GeoJSON geometry (9 decimals: 0.1 mm), for the JavaScript encoder. */
export function planGeoJsonSql(layer: Layer, role: Role, z: number, box: Box): { sql: string; params: unknown[] } {
  const p = params();
  return { sql: layerRows(layer, role, z, box, p, (g) => `ST_AsGeoJSON(ST_Transform(${g}, 4326), 9)`), params: p.list };
}

/** Encodes in JavaScript: each layer's features cut to the tile with its buffer, then written as one MVT. */
export async function mvtInJavaScript(db: Queryable, layers: readonly Layer[], role: Role, t: TileAddress, box: Box): Promise<Buffer> {
  const tiles: Record<string, GeoJSONVTTile> = {};
  for (const layer of layers) {
    const { sql, params: values } = planGeoJsonSql(layer, role, t.z, box);
    const rows = await db.query(sql, values);
    if (!rows.length) continue;
    const features: Feature[] = rows.map((r) => {
      const properties: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(r)) if (k !== '__id' && k !== '__geom' && v !== null) properties[k] = v;
      return { type: 'Feature', id: Number(r.__id), properties, geometry: JSON.parse(r.__geom as string) as Geometry };
    });
    const collection: FeatureCollection = { type: 'FeatureCollection', features };
    // maxZoom = z: no simplification beyond the tile grid, as ST_AsMVTGeom does.
    const tile = geoJSONToTile(collection, t.z, t.x, t.y, { extent: TILE_EXTENT, buffer: TILE_BUFFER, clip: true, maxZoom: t.z });
    if (tile.features.length) tiles[layer.name] = tile;
    const p = params();
    const points = labelPointRows(layer, role, box, p, (g) => `ST_AsGeoJSON(ST_Transform(${g}, 4326), 9)`);
    if (points) {
      const anchors = (await db.query(points, p.list)).map((r): Feature => {
        const properties: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(r)) if (k !== '__id' && k !== '__geom' && v !== null) properties[k] = v;
        return { type: 'Feature', id: Number(r.__id), properties, geometry: JSON.parse(r.__geom as string) as Geometry };
      });
      // No buffer: an anchor belongs to the one tile it lies in.
      const pt = geoJSONToTile({ type: 'FeatureCollection', features: anchors }, t.z, t.x, t.y, { extent: TILE_EXTENT, buffer: 0, clip: true, maxZoom: t.z });
      if (pt.features.length) tiles[labelPointsLayer(layer.name)] = pt;
    }
  }
  if (!Object.keys(tiles).length) return Buffer.alloc(0);
  return Buffer.from(fromGeojsonVt(tiles, { version: 2, extent: TILE_EXTENT }));
}

const encoders = new WeakMap<object, Promise<MvtEncoder>>();

/** Whether the database can write MVT (checked once per database: a failing probe means the JS encoder). */
export function mvtEncoder(db: Queryable): Promise<MvtEncoder> {
  let e = encoders.get(db);
  if (!e) {
    e = db.query(`SELECT ST_AsMVT(q, 'probe') AS t FROM (SELECT 1 AS a, ST_AsMVTGeom(ST_SetSRID(ST_MakePoint(0, 0), 3857), ST_TileEnvelope(0, 0, 0)) AS g) q`)
      .then((): MvtEncoder => 'postgis', (): MvtEncoder => 'js');
    encoders.set(db, e);
  }
  return e;
}

/** A tile of some layers, by whichever encoder the database allows (or the one forced). */
export async function encodeTile(db: Queryable & Partial<Pick<Database, 'transaction' | 'kind'>>, layers: readonly Layer[], role: Role, t: TileAddress, box: Box, encoder?: MvtEncoder): Promise<Buffer> {
  const how = encoder ?? await mvtEncoder(db);
  return how === 'postgis' ? mvtInDatabase(db, layers, role, t, box) : mvtInJavaScript(db, layers, role, t, box);
}
