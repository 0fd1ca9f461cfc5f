// The features of a layer at a map position (WMS GetFeatureInfo): within a few pixels of the point, the
// nearest first (a polygon containing it is at distance 0), with the attributes the role may see.
import type { Queryable } from '../db/database.ts';
import { quoteIdent } from '../db/database.ts';
import type { Attribute, Layer } from '../catalog/types.ts';
import type { Role } from '../catalog/roles.ts';
import { visibleAttributes } from '../catalog/catalog.ts';
import { attributeSql, buildLayerWhere, geometrySql, keySql } from '../catalog/layer-sql.ts';
import { NATIVE_CRS } from '../crs/definitions.ts';
import { featureId, type FeatureRow } from '../query/feature-query.ts';

export interface PickQuery {
  layer: Layer;
  role: Role;
  /** The position in the native CRS (easting, northing). */
  point: [number, number];
  /** Search radius in native units (metres). */
  tolerance: number;
  limit: number;
}

export interface PickResult { layer: Layer; attributes: Attribute[]; features: FeatureRow[] }

/** Geometry comes back as GeoJSON in WGS 84 longitude/latitude (RFC 7946). */
export async function pickFeatures(db: Queryable, q: PickQuery): Promise<PickResult> {
  const attributes = visibleAttributes(q.layer, q.role);
  const params: unknown[] = [];
  const base = buildLayerWhere(q.layer, params);
  const p = (v: unknown, cast: string) => { params.push(v); return `$${params.length}::${cast}`; };
  const g = geometrySql(q.layer);
  const point = `ST_SetSRID(ST_MakePoint(${p(q.point[0], 'float8')}, ${p(q.point[1], 'float8')}), ${p(NATIVE_CRS.epsg, 'int')})`;
  const columns = [`${keySql(q.layer)} AS "__key"`, `ST_AsGeoJSON(ST_Transform(${g}, 4326), 7) AS "__geom"`,
    ...attributes.map((a) => `${attributeSql(a)} AS ${quoteIdent(a.name)}`)];
  const sql = `SELECT ${columns.join(', ')} FROM ${base.from}
    WHERE (${base.sql}) AND ST_DWithin(${g}, ${point}, ${p(q.tolerance, 'float8')})
    ORDER BY ST_Distance(${g}, ${point}), ${keySql(q.layer)} LIMIT ${p(q.limit, 'int')}`;
  const rows = await db.query(sql, params);
  return {
    layer: q.layer,
    attributes,
    features: rows.map((r) => {
      const properties: Record<string, unknown> = {};
      for (const a of attributes) properties[a.name] = r[a.name];
      const key = Number(r.__key);
      return { key, id: featureId(q.layer, key), geometry: (r.__geom as string | null) ?? null, properties };
    }),
  };
}
