// The catalogue at run time: the declared layers completed from the database (types, descriptions,
// extents), with the access rules applied per role.
import type { Queryable } from '../db/database.ts';
import type { Attribute, Layer, LayerSpec, ValueType } from './types.ts';
import type { Role } from './roles.ts';
import { LAYERS } from './layers.ts';
import { buildLayerWhere, geometrySql } from './layer-sql.ts';

function valueType(sqlType: string): ValueType {
  if (/^(smallint|integer|bigint)$/.test(sqlType)) return 'integer';
  if (/^(numeric|double precision|real)/.test(sqlType)) return 'number';
  if (sqlType === 'boolean') return 'boolean';
  if (sqlType === 'date') return 'date';
  if (sqlType.startsWith('timestamp')) return 'dateTime';
  return 'string';
}

export interface ColumnInfo { type: string; description: string; nullable: boolean }

/**
 * What the catalogue learns from the database: each table's columns and each extent query's answer (keyed by its
 * SQL text, so a changed query is asked anew). Given to load() filled (catalog-cache.ts keeps it between starts of
 * the embedded database) it saves the queries; load() fills in what is missing.
 */
export interface CatalogFacts {
  columns: Record<string, Record<string, ColumnInfo>>;
  extents: Record<string, [number, number, number, number] | null>;
}

export const emptyFacts = (): CatalogFacts => ({ columns: {}, extents: {} });

async function describeTable(db: Queryable, table: string, facts: CatalogFacts): Promise<Map<string, ColumnInfo>> {
  const known = facts.columns[table];
  if (known) return new Map(Object.entries(known));
  const [schema, name] = table.split('.');
  const rows = await db.query<{ column: string; type: string; description: string | null; notnull: boolean }>(
    `SELECT a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
            col_description(a.attrelid, a.attnum) AS description, a.attnotnull AS notnull
     FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped`, [schema, name]);
  const columns = new Map(rows.map((r) => [r.column, { type: r.type, description: r.description ?? '', nullable: !r.notnull }]));
  if (columns.size > 0) facts.columns[table] = Object.fromEntries(columns);
  return columns;
}

type Extent = [number, number, number, number] | undefined;

/**
 * Extent of a layer's table, scanned once per table. Layers restricted to part of a table (one network branch)
 * use the table's extent: a box slightly too large is harmless in capabilities, a scan per layer at start is not.
 * (ST_EstimatedExtent is instant but may miss the outermost features, so clients would think the data ends early.)
 */
async function tableExtent(db: Queryable, spec: LayerSpec, facts: CatalogFacts): Promise<Extent> {
  const { from } = buildLayerWhere({ table: spec.table }, []);
  const sql = `SELECT ST_XMin(e) AS minx, ST_YMin(e) AS miny, ST_XMax(e) AS maxx, ST_YMax(e) AS maxy
     FROM (SELECT ST_Extent(${geometrySql(spec)}) AS e FROM ${from}) x`;
  if (sql in facts.extents) return facts.extents[sql] ?? undefined;
  const [row] = await db.query<{ minx: number | null; miny: number; maxx: number; maxy: number }>(sql);
  const extent: Extent = row && row.minx !== null ? [row.minx, row.miny, row.maxx, row.maxy] : undefined;
  facts.extents[sql] = extent ?? null;
  return extent;
}

export class Catalog {
  private readonly byTypeName: Map<string, Layer>;

  constructor(readonly layers: readonly Layer[]) {
    this.byTypeName = new Map(layers.map((l) => [l.typeName, l]));
  }

  /** Completes the declared layers from the database; a declared column the table lacks is a start-up error. */
  static async load(db: Queryable, specs: readonly LayerSpec[] = LAYERS, facts: CatalogFacts = emptyFacts()): Promise<Catalog> {
    const tables = new Map<string, Map<string, ColumnInfo>>();
    const layers: Layer[] = [];
    for (const spec of specs) {
      if (!tables.has(spec.table)) tables.set(spec.table, await describeTable(db, spec.table, facts));
      const columns = tables.get(spec.table)!;
      if (columns.size === 0) throw new Error(`catalogue: table ${spec.table} of ${spec.namespace}:${spec.name} does not exist`);
      const attributes: Attribute[] = spec.attributes.map((a) => {
        if (a.sql) return { ...a, type: a.type ?? 'string', description: a.title.pl, nullable: true };
        const column = columns.get(a.name);
        if (!column) throw new Error(`catalogue: ${spec.table} has no column ${a.name}`);
        return { ...a, type: a.type ?? valueType(column.type), description: column.description, nullable: column.nullable, sqlType: column.type };
      });
      const extent = await tableExtent(db, spec, facts);
      layers.push({
        ...spec,
        typeName: `${spec.namespace}:${spec.name}`,
        attributes,
        extent,
      });
    }
    return new Catalog(layers);
  }

  /** A layer by its type name (prefixed, or unprefixed when unambiguous), if the role may see it. */
  layer(typeName: string, role: Role): Layer | undefined {
    let layer = this.byTypeName.get(typeName);
    if (!layer && !typeName.includes(':')) {
      const matches = this.layers.filter((l) => l.name === typeName);
      if (matches.length === 1) layer = matches[0];
    }
    return layer && canSeeLayer(layer, role) ? layer : undefined;
  }

  visibleLayers(role: Role): Layer[] {
    return this.layers.filter((l) => canSeeLayer(l, role));
  }
}

export function canSeeLayer(layer: Layer, role: Role): boolean {
  return !layer.roles || layer.roles.includes(role);
}

/** The attributes of a layer a role may see (and filter and sort on). */
export function visibleAttributes(layer: Layer, role: Role): Attribute[] {
  return layer.attributes.filter((a) => !a.roles || a.roles.includes(role));
}
