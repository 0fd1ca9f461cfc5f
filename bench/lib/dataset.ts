// What the benchmark needs to know about a layer: from the layer catalogue (table, key, geometry, the
// attributes an anonymous client sees) and from the database (feature count, extent, versions).
import pg from 'pg';
import { LAYERS } from '../../server/catalog/layers.ts';
import type { LayerSpec } from '../../server/catalog/types.ts';

export interface BenchLayer {
  typeName: string;
  spec: LayerSpec;
  /** Plain columns an anonymous client sees, in catalogue order (computed and role-restricted ones left out). */
  columns: string[];
  /** Computed or restricted attributes left out (said in the report). */
  omitted: string[];
}

export function benchLayer(typeName: string): BenchLayer {
  const spec = LAYERS.find((l) => `${l.namespace}:${l.name}` === typeName || l.name === typeName);
  if (!spec) throw new Error(`layer ${typeName} is not in server/catalog/layers.ts (known: ${LAYERS.map((l) => `${l.namespace}:${l.name}`).join(', ')})`);
  if (spec.roles) throw new Error(`layer ${typeName} is not public`);
  const columns: string[] = [];
  const omitted: string[] = [];
  for (const a of spec.attributes) {
    if (!a.roles && !a.sql) columns.push(a.name);
    else if (!a.roles) omitted.push(a.name); // public computed attribute: MapServer cannot be given the same SQL simply
  }
  return { typeName: `${spec.namespace}:${spec.name}`, spec, columns, omitted };
}

export const quoteIdent = (name: string): string => '"' + name.replace(/"/g, '""') + '"';
export const quoteTable = (qualified: string): string => qualified.split('.').map(quoteIdent).join('.');
export const quoteLiteral = (value: string): string => "'" + value.replace(/'/g, "''") + "'";

/** FROM … WHERE … of the layer, with its fixed condition inlined as a literal. */
export function layerFromWhere(spec: LayerSpec): string {
  const where = spec.where ? ` WHERE ${quoteIdent(spec.where.column)} = ${quoteLiteral(spec.where.value)}` : '';
  return `FROM ${quoteTable(spec.table)}${where}`;
}

export interface DatabaseFacts {
  server: string;
  postgis: string;
  /** Settings that change the figures a lot: jit, jit_above_cost, max_parallel_workers_per_gather, shared_buffers. */
  settings: Record<string, string>;
}

export class BenchDb {
  private readonly pool: pg.Pool;

  constructor(databaseUrl: string) {
    this.pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  }

  async facts(): Promise<DatabaseFacts> {
    const { rows } = await this.pool.query<{ v: string; p: string }>(`SELECT current_setting('server_version') AS v, postgis_lib_version() AS p`);
    const settings = await this.pool.query<{ name: string; setting: string }>(
      `SELECT name, current_setting(name) AS setting FROM pg_settings
        WHERE name IN ('jit', 'jit_above_cost', 'max_parallel_workers_per_gather', 'shared_buffers', 'work_mem') ORDER BY name`);
    return {
      server: rows[0]!.v, postgis: rows[0]!.p,
      settings: Object.fromEntries(settings.rows.map((r) => [r.name, r.setting])),
    };
  }

  async count(spec: LayerSpec): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>(`SELECT count(*) AS n ${layerFromWhere(spec)}`);
    return Number(rows[0]!.n);
  }

  /** Extent in EPSG:2177 [minx, miny, maxx, maxy], or undefined when empty. */
  async extent(spec: LayerSpec): Promise<[number, number, number, number] | undefined> {
    const g = quoteIdent(spec.geometry.column);
    const { rows } = await this.pool.query<{ x0: number | null; y0: number; x1: number; y1: number }>(
      `SELECT ST_XMin(e) AS x0, ST_YMin(e) AS y0, ST_XMax(e) AS x1, ST_YMax(e) AS y1 FROM (SELECT ST_Extent(${g}) AS e ${layerFromWhere(spec)}) s`);
    const r = rows[0];
    return r && r.x0 !== null ? [r.x0, r.y0, r.x1, r.y1] : undefined;
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
