// The neutral feature query every protocol builds, and the one place it becomes SQL. A page of at most SMALL_PAGE
// features is read with one plain statement; a larger one streams through a cursor. A GeoJSON page can also come
// written by PostgreSQL itself (geoJsonPage): the same bytes featureJson writes, without a row object in Node.
import type { Database, Queryable } from '../db/database.ts';
import { quoteIdent } from '../db/database.ts';
import type { Attribute, Layer } from '../catalog/types.ts';
import type { Role } from '../catalog/roles.ts';
import { visibleAttributes } from '../catalog/catalog.ts';
import { attributeSql, buildLayerWhere, geometrySql, keySql } from '../catalog/layer-sql.ts';
import type { CrsDefinition } from '../crs/definitions.ts';
import { NATIVE_CRS } from '../crs/definitions.ts';
import type { Filter } from './filter.ts';
import { FilterError } from './filter.ts';
import { compileFilter, type FilterContext } from './compile-filter.ts';

export interface SortKey { property: string; descending: boolean }

export interface FeatureQuery {
  layer: Layer;
  role: Role;
  /** Requested properties (published names); undefined = every property the role may see. */
  properties?: readonly string[];
  /** Leave the geometry out (GetPropertyValue, CSV without geometry). */
  withoutGeometry?: boolean;
  filter?: Filter;
  sortBy?: readonly SortKey[];
  offset: number;
  limit: number;
  /** Output CRS of the geometry. */
  crs: CrsDefinition;
}

export interface FeatureRow {
  key: number;
  /** Published feature id, e.g. dzialki.123 */
  id: string;
  /** GeoJSON geometry text in the output CRS, easting/longitude first; null without geometry. */
  geometry: string | null;
  properties: Record<string, unknown>;
}

export interface PlannedQuery {
  attributes: Attribute[];
  select: { sql: string; params: unknown[] };
  count: { sql: string; params: unknown[] };
  /**
   * The page as GeoJSON Feature texts joined by commas, in page order, and their number (one row: n, features), or
   * undefined when a selected value's type is not one whose JSON text PostgreSQL writes exactly as featureJson does
   * (jsonSql), or the geometry is left out.
   */
  geoJson?: { sql: string; params: unknown[] };
  /**
   * The statements' texts come from a small fixed set (no filter but a box, no property selection, no sort): worth
   * keeping prepared on a connection (QueryOptions.prepare). Texts built from a client's filter are not: every new
   * one would stay prepared for the connection's life.
   */
  stable: boolean;
}

/** Pages of at most this many features are read with one plain statement on the request pool, not a cursor. */
export const SMALL_PAGE = 2_000;

export function featureId(layer: Pick<Layer, 'name'>, key: number | string): string {
  return `${layer.name}.${key}`;
}

/** The integer key of a published feature id of this layer, or undefined for another layer's id. */
export function featureKey(layer: Pick<Layer, 'name'>, id: string): number | undefined {
  const prefix = layer.name + '.';
  if (!id.startsWith(prefix)) return undefined;
  const rest = id.slice(prefix.length);
  return /^[1-9]\d{0,14}$/.test(rest) ? Number(rest) : undefined;
}

/** Decimals that keep about a millimetre: 3 in metres, 8 in degrees. */
export function coordinatePrecision(crs: CrsDefinition): number {
  return crs.geographic ? 8 : 3;
}

/** Resolves requested property names against what the role may see; hidden and unknown look the same. */
export function selectAttributes(layer: Layer, role: Role, requested?: readonly string[]): Attribute[] {
  const visible = visibleAttributes(layer, role);
  if (!requested) return visible;
  const byName = new Map(visible.map((a) => [a.name, a]));
  const chosen: Attribute[] = [];
  for (const name of requested) {
    const a = byName.get(name);
    if (!a) throw new FilterError(`Property ${name} does not exist in ${layer.typeName}`, 'PROPERTYNAME');
    if (!chosen.includes(a)) chosen.push(a);
  }
  // Keep the schema's order so the output validates against DescribeFeatureType.
  return visible.filter((a) => chosen.includes(a));
}

/**
 * An attribute's value as SQL whose JSON text (row_to_json) is byte for byte what JSON.stringify writes for the value
 * the pg client hands Node (db/types.ts valueParsers, formats/values.ts jsonValue), or undefined for a type where they
 * differ or may (floats: exponent forms; unconstrained numeric; timestamp without time zone: Node's local zone):
 * - text, integers, boolean: the same text (escape_json escapes what JSON.stringify does, \u00XX in lower case);
 * - numeric(p,s), p ≤ 15, s ≤ 6: Number(text) has at most 15 significant digits, so JavaScript prints the decimal
 *   itself without its trailing zeros (trim_scale) and without an exponent (|x| ≥ 1e-6); NaN becomes null as in JSON;
 * - date: the text the client receives (kept as text by valueParsers);
 * - timestamptz: Date.toISOString(), UTC with milliseconds truncated as pg's parser truncates them (to_char's MS);
 * - a computed attribute: text, as the catalogue declares it (type 'string').
 */
function jsonSql(a: Attribute): string | undefined {
  const sql = attributeSql(a);
  if (a.sql) return a.type === 'string' ? `(${sql})::text` : undefined;
  const type = a.sqlType ?? '';
  if (/^(text|character varying(\(\d+\))?|smallint|integer|bigint|boolean)$/.test(type)) return sql;
  const numeric = /^numeric\((\d+),(\d+)\)$/.exec(type);
  if (numeric && Number(numeric[1]) <= 15 && Number(numeric[2]) <= 6) return `trim_scale(nullif(${sql}, 'NaN'))`;
  if (type === 'date') return `(${sql})::text`;
  if (type === 'timestamp with time zone') return `to_char(${sql} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  return undefined;
}

/** A filter of nothing but one box (KVP BBOX, OGC API bbox): its SQL text is the same for every box. */
function boxOnly(filter: Filter | undefined): boolean {
  return !filter || (filter.op === 'spatial' && filter.relation === 'bbox' && filter.property === undefined);
}

export function planQuery(q: FeatureQuery): PlannedQuery {
  const attributes = selectAttributes(q.layer, q.role, q.properties);
  const params: unknown[] = [];
  const base = buildLayerWhere(q.layer, params);
  const visible = new Map(visibleAttributes(q.layer, q.role).map((a) => [a.name, a]));
  const ctx: FilterContext = {
    property: (name) => {
      const a = visible.get(name);
      return a && { sql: attributeSql(a), type: a.type };
    },
    geometry: geometrySql(q.layer),
    geometryNames: [q.layer.geometry.column],
    param: (value) => { params.push(value); return `$${params.length}`; },
    featureKey: (id) => featureKey(q.layer, id),
    key: keySql(q.layer),
  };
  const where = q.filter ? `(${base.sql}) AND (${compileFilter(q.filter, ctx)})` : base.sql;
  const countParams = [...params];
  const order = (q.sortBy ?? []).map((s) => {
    const a = visible.get(s.property);
    if (!a) throw new FilterError(`Cannot sort by ${s.property}: no such property in ${q.layer.typeName}`, 'SORTBY');
    return `${attributeSql(a)} ${s.descending ? 'DESC' : 'ASC'} NULLS LAST`;
  });
  order.push(keySql(q.layer)); // a unique key last: stable pages
  const columns = [`${keySql(q.layer)} AS "__key"`];
  if (!q.withoutGeometry) {
    const geom = q.crs.epsg === NATIVE_CRS.epsg ? geometrySql(q.layer) : `ST_Transform(${geometrySql(q.layer)}, ${Number(q.crs.epsg)})`;
    // Options 0: no 2008-style "crs" member inside each geometry (PostGIS' default 8 writes one for every CRS but
    // EPSG:4326); the CRS travels once per response (Content-Crs, OGC API – Features Part 2 §7.9; srsName in GML).
    columns.push(`ST_AsGeoJSON(${geom}, ${coordinatePrecision(q.crs)}, 0) AS "__geom"`);
  }
  for (const a of attributes) columns.push(`${attributeSql(a)} AS ${quoteIdent(a.name)}`);
  params.push(q.limit, q.offset);
  // The page is chosen first from plain rows, so that geometry encoding and computed attributes run for the
  // rows returned, not for every row OFFSET skips (deep pages of a large layer).
  const page = `SELECT t.* FROM ${base.from} WHERE ${where} ORDER BY ${order.join(', ')} LIMIT $${params.length - 1} OFFSET $${params.length}`;
  return {
    attributes,
    select: {
      sql: `SELECT ${columns.join(', ')} FROM (${page}) AS t ORDER BY ${order.join(', ')}`,
      params,
    },
    count: { sql: `SELECT count(*) AS n FROM ${base.from} WHERE ${where}`, params: countParams },
    geoJson: geoJsonSql(q, attributes, page, order, params),
    stable: Boolean(!q.properties && !q.sortBy?.length && boxOnly(q.filter)),
  };
}

/**
 * The page as featureJson writes it, in one row: `{"type":"Feature","id":"<layer>.<key>","geometry":…,"properties":
 * {…}}` per feature (properties by row_to_json, in the attributes' order), joined by commas in page order.
 */
function geoJsonSql(q: FeatureQuery, attributes: readonly Attribute[], page: string, order: readonly string[], pageParams: readonly unknown[]): PlannedQuery['geoJson'] {
  if (q.withoutGeometry) return undefined;
  const values: string[] = [];
  for (const a of attributes) {
    const sql = jsonSql(a);
    if (sql === undefined) return undefined;
    values.push(`${sql} AS ${quoteIdent(a.name)}`);
  }
  const params = [...pageParams, JSON.stringify(featureId(q.layer, '')).slice(0, -1)];
  const prefix = `$${params.length}::text`;
  const geom = q.crs.epsg === NATIVE_CRS.epsg ? geometrySql(q.layer) : `ST_Transform(${geometrySql(q.layer)}, ${Number(q.crs.epsg)})`;
  const properties = values.length ? `(SELECT row_to_json(p) FROM (SELECT ${values.join(', ')}) AS p)` : `'{}'`;
  const feature = `concat('{"type":"Feature","id":', ${prefix}, ${keySql(q.layer)}, '","geometry":', `
    + `coalesce(ST_AsGeoJSON(${geom}, ${coordinatePrecision(q.crs)}, 0), 'null'), ',"properties":', ${properties}, '}')`;
  return {
    sql: `SELECT count(*)::int AS n, coalesce(string_agg(${feature}, ',' ORDER BY ${order.join(', ')}), '') AS features FROM (${page}) AS t`,
    params,
  };
}

function toFeature(layer: Layer, attributes: readonly Attribute[], row: Record<string, unknown>): FeatureRow {
  const properties: Record<string, unknown> = {};
  for (const a of attributes) properties[a.name] = row[a.name];
  const key = Number(row.__key);
  return { key, id: featureId(layer, key), geometry: (row.__geom as string | null | undefined) ?? null, properties };
}

export async function countFeatures(db: Queryable, plan: PlannedQuery): Promise<number> {
  const [row] = await db.query<{ n: number }>(plan.count.sql, plan.count.params, { prepare: plan.stable });
  return Number(row?.n ?? 0);
}

/**
 * numberMatched as a page itself tells it, without a count: a page holding fewer features than asked for is the last
 * one, so the features before it plus its own are all there are. An empty page past the start says only that the
 * offset lies beyond the end, and a full page that there may be more: then undefined (count, or say "unknown").
 */
export function matchedFromPage(offset: number, limit: number, returned: number): number | undefined {
  return returned < limit && (returned > 0 || offset === 0) ? offset + returned : undefined;
}

/**
 * The page's features written as GeoJSON by the database (PlannedQuery.geoJson): Feature texts joined by commas and
 * their number. One statement; for pages of at most SMALL_PAGE features.
 */
export async function geoJsonPage(db: Queryable, plan: PlannedQuery): Promise<{ text: string; count: number }> {
  if (!plan.geoJson) throw new Error('this query has no GeoJSON statement');
  const [row] = await db.query<{ n: number; features: string }>(plan.geoJson.sql, plan.geoJson.params, { prepare: plan.stable });
  return { text: row?.features ?? '', count: Number(row?.n ?? 0) };
}

/**
 * The query's features in batches: a page of at most SMALL_PAGE features from one plain statement (no cursor, and so
 * none of its round trips), a larger one streamed from a server-side cursor.
 */
export async function* streamFeatures(db: Database, q: FeatureQuery, plan: PlannedQuery, signal?: AbortSignal): AsyncIterable<FeatureRow[]> {
  if (q.limit <= SMALL_PAGE) {
    const rows = await db.query(plan.select.sql, plan.select.params, { prepare: plan.stable });
    if (rows.length > 0) yield rows.map((r) => toFeature(q.layer, plan.attributes, r));
    return;
  }
  for await (const rows of db.stream(plan.select.sql, plan.select.params, { batchSize: 500, signal })) {
    yield rows.map((r) => toFeature(q.layer, plan.attributes, r));
  }
}
