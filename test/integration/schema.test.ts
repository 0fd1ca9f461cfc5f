// The schema: migrations recorded and idempotent, comments everywhere, CRS and indexes as designed.
import { afterAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readdirSync, appendFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connectSample } from '../support/db.ts';
import { migrate } from '../../server/db/migrate.ts';
import { MIGRATIONS_DIR } from '../../server/db/index.ts';

const db = connectSample();
afterAll(() => db.close());

describe('migrations', () => {
  it('records every migration file once', async () => {
    const files = readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).sort();
    const rows = await db.query<{ name: string }>('SELECT name FROM public.schema_migrations ORDER BY name');
    expect(rows.map((r) => r.name)).toEqual(files);
  });

  it('applies nothing the second time', async () => {
    expect(await migrate(db, MIGRATIONS_DIR)).toEqual([]);
  });

  it('refuses a migration changed after it was applied', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sql-'));
    try {
      cpSync(MIGRATIONS_DIR, dir, { recursive: true });
      appendFileSync(path.join(dir, '002_egib.sql'), '\n-- edited\n');
      await expect(migrate(db, dir)).rejects.toThrow(/002_egib\.sql was changed/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('schema', () => {
  it('has a comment on every table and column of egib, gesut, sip and portal', async () => {
    const missing = await db.query<{ what: string }>(`
      SELECT c.table_schema || '.' || c.table_name || '.' || c.column_name AS what
      FROM information_schema.columns c
      JOIN pg_class k ON k.relname = c.table_name JOIN pg_namespace n ON n.oid = k.relnamespace AND n.nspname = c.table_schema
      WHERE c.table_schema IN ('egib','gesut','sip','portal') AND k.relkind = 'r'
        AND col_description(k.oid, c.ordinal_position::int) IS NULL
      UNION ALL
      SELECT n.nspname || '.' || k.relname FROM pg_class k JOIN pg_namespace n ON n.oid = k.relnamespace
      WHERE n.nspname IN ('egib','gesut','sip','portal') AND k.relkind = 'r' AND obj_description(k.oid, 'pg_class') IS NULL`);
    expect(missing).toEqual([]);
  });

  it('stores every geometry in EPSG:2177 with a GiST index', async () => {
    const cols = await db.query<{ t: string; srid: number; indexed: boolean }>(`
      SELECT f_table_schema || '.' || f_table_name AS t, srid,
        EXISTS (SELECT 1 FROM pg_indexes i WHERE i.schemaname = f_table_schema AND i.tablename = f_table_name
                AND i.indexdef ILIKE '%USING gist%' || f_geometry_column || '%') AS indexed
      FROM geometry_columns WHERE f_table_schema IN ('egib','gesut','sip')`);
    expect(cols.length).toBeGreaterThanOrEqual(10);
    for (const c of cols) expect({ t: c.t, srid: c.srid }).toEqual({ t: c.t, srid: 2177 });
    expect(cols.filter((c) => !c.indexed && c.t !== 'sip.modele_wysokosciowe').map((c) => c.t)).toEqual([]);
  });

  it('rejects invalid identifiers and geometries', async () => {
    await expect(db.query(`INSERT INTO egib.obreby ("idObrebu","nazwaObrebu",geom) VALUES ('3064_1.1','x',
      ST_Multi(ST_MakeEnvelope(0,0,1,1,2177)))`)).rejects.toThrow(/check constraint/);
    await expect(db.query(`INSERT INTO egib.obreby ("idObrebu","nazwaObrebu",geom) VALUES ('306401_1.9999','x',
      ST_Multi(ST_GeomFromText('POLYGON((0 0,1 1,1 0,0 1,0 0))',2177)))`)).rejects.toThrow(/check constraint/);
    await expect(db.query(`INSERT INTO egib.obreby ("idObrebu","nazwaObrebu",geom) VALUES ('306401_1.9999','x',
      ST_Multi(ST_MakeEnvelope(0,0,1,1,2180)))`)).rejects.toThrow(/SRID/);
  });
});
