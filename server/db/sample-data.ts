// Loads a generated data set (manifest.json + COPY-text .tsv.gz files, see data/README.md) with COPY.
import { createReadStream, readFileSync, existsSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import path from 'node:path';
import type { Database } from './database.ts';
import { quoteTable } from './database.ts';
import { SCHEMA_LOCK_KEY } from './migrate.ts';
import type { Logger } from '../log.ts';

export interface ManifestTable { table: string; file: string; columns: string[]; rows: number }
export interface Manifest { seed: number; scale: string | number; crs: string; bbox: number[]; tables: ManifestTable[] }

const TABLE_NAME = /^[a-z_]+\.[a-z0-9_]+$/;

export function readManifest(dir: string): Manifest {
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
  for (const t of manifest.tables) {
    // The manifest names tables and columns that go into SQL: accept only plain identifiers.
    if (!TABLE_NAME.test(t.table) || t.columns.some((c) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(c)) || t.file.includes('/')) {
      throw new Error(`manifest entry for ${t.table} is malformed`);
    }
  }
  return manifest;
}

async function tablesAreEmpty(db: Database, tables: readonly ManifestTable[]): Promise<boolean> {
  for (const t of tables) {
    const rows = await db.query(`SELECT 1 FROM ${quoteTable(t.table)} LIMIT 1`);
    if (rows.length > 0) return false;
  }
  return true;
}

async function truncate(db: Database, tables: readonly ManifestTable[]): Promise<void> {
  await db.exec(`TRUNCATE ${tables.map((t) => quoteTable(t.table)).join(', ')} RESTART IDENTITY CASCADE`);
}

/**
 * Loads the data set into the database if every one of its tables is empty; returns whether it loaded.
 * A failed load leaves the tables empty again, so the next start retries instead of serving half the data.
 */
export async function loadDataSetIfEmpty(db: Database, dir: string, log?: Logger): Promise<boolean> {
  if (!existsSync(path.join(dir, 'manifest.json'))) {
    log?.warn({ dir }, 'no data set to load');
    return false;
  }
  const manifest = readManifest(dir);
  // Session-level lock on a pool would be taken and released on different connections; a lock row is
  // simpler: only one instance wins the insert into the load register.
  await db.exec(`CREATE TABLE IF NOT EXISTS public.data_loads (
      lock_key bigint PRIMARY KEY, started_at timestamptz NOT NULL DEFAULT now(), finished_at timestamptz, data_set text NOT NULL);
      COMMENT ON TABLE public.data_loads IS 'Register of data-set loads (one row while a load runs or after it finished)';
      COMMENT ON COLUMN public.data_loads.lock_key IS 'Constant key: one load at a time';
      COMMENT ON COLUMN public.data_loads.started_at IS 'When the load started';
      COMMENT ON COLUMN public.data_loads.finished_at IS 'When the load finished (empty while running)';
      COMMENT ON COLUMN public.data_loads.data_set IS 'Seed and scale of the loaded data set';`);
  if (!(await tablesAreEmpty(db, manifest.tables))) return false;
  const claimed = await db.query(
    `INSERT INTO public.data_loads (lock_key, data_set) VALUES ($1, $2)
     ON CONFLICT (lock_key) DO UPDATE SET started_at = now(), finished_at = NULL, data_set = EXCLUDED.data_set
       WHERE public.data_loads.finished_at IS NOT NULL OR public.data_loads.started_at < now() - interval '1 hour'
     RETURNING lock_key`,
    [SCHEMA_LOCK_KEY, `seed ${manifest.seed}, scale ${manifest.scale}`],
  );
  if (claimed.length === 0) {
    log?.info('another instance is loading the data set');
    return false;
  }
  const started = Date.now();
  try {
    await loadDataSet(db, dir, manifest, log);
    await db.query('UPDATE public.data_loads SET finished_at = now() WHERE lock_key = $1', [SCHEMA_LOCK_KEY]);
  } catch (err) {
    await truncate(db, manifest.tables).catch(() => undefined);
    await db.query('DELETE FROM public.data_loads WHERE lock_key = $1', [SCHEMA_LOCK_KEY]).catch(() => undefined);
    throw err;
  }
  log?.info({ ms: Date.now() - started, tables: manifest.tables.length }, 'data set loaded');
  return true;
}

/** Loads every table of the manifest in order, then resets identity sequences and refreshes statistics. */
export async function loadDataSet(db: Database, dir: string, manifest: Manifest, log?: Logger): Promise<void> {
  for (const t of manifest.tables) {
    const started = Date.now();
    const data = createReadStream(path.join(dir, t.file)).pipe(createGunzip());
    await db.copyFrom(t.table, t.columns, data);
    if (t.columns.includes('id')) {
      // Rows were given explicit ids: move the identity past them so later inserts do not collide.
      await db.query(`SELECT setval(pg_get_serial_sequence($1, 'id'), (SELECT coalesce(max(id), 0) + 1 FROM ${quoteTable(t.table)}), false)`, [t.table]);
    }
    log?.info({ table: t.table, rows: t.rows, ms: Date.now() - started }, 'table loaded');
  }
  for (const t of manifest.tables) await db.exec(`ANALYZE ${quoteTable(t.table)}`);
}
