// All run-time settings in one place, read once from the environment.
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { availableParallelism } from 'node:os';

export const ROOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface Config {
  port: number;
  host: string;
  /** PostgreSQL connection string; when absent the embedded PGlite database is used. */
  databaseUrl: string | undefined;
  /** Directory of the embedded database (PGlite persistence). */
  embeddedDir: string;
  /** Load the sample data set into an empty database at start (off in production). */
  loadSampleData: boolean;
  /** Directory of the sample data set (manifest.json, *.tsv.gz, GeoTIFFs). */
  sampleDataDir: string;
  /** Root of data files (rasters are resolved against the data set directory under it). */
  dataDir: string;
  poolSize: number;
  /** Per-statement timeout on the server, milliseconds. */
  statementTimeoutMs: number;
  /** Limit of one streamed result (a whole-layer download), milliseconds; 0 = none. */
  streamTimeoutMs: number;
  logLevel: string;
  /** How long graceful shutdown waits for in-flight requests, milliseconds. */
  shutdownGraceMs: number;
  limits: FeatureLimits;
  /** HTTP worker processes (Node cluster) sharing the port; only with DATABASE_URL (PGlite is one process). */
  workers: number;
  /** Public base URL (behind a proxy); else taken from each request's Host. */
  publicUrl: string | undefined;
}

function intFrom(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  return n;
}

/** WORKERS: a number, or "auto" for one per core. */
function workersFrom(value: string | undefined): number {
  if (value === 'auto') return Math.max(1, availableParallelism());
  return Math.max(1, intFrom(value, 1, 'WORKERS'));
}

function boolFrom(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return !['0', 'false', 'no', 'off'].includes(value.toLowerCase());
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: intFrom(env.PORT, 3000, 'PORT'),
    host: env.HOST || '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    embeddedDir: path.resolve(ROOT_DIR, env.EMBEDDED_DB_DIR || 'var/pglite'),
    loadSampleData: boolFrom(env.LOAD_SAMPLE_DATA, true),
    sampleDataDir: path.resolve(ROOT_DIR, env.SAMPLE_DATA_DIR || 'data/sample'),
    dataDir: path.resolve(ROOT_DIR, 'data'),
    poolSize: intFrom(env.DB_POOL_SIZE, 10, 'DB_POOL_SIZE'),
    statementTimeoutMs: intFrom(env.STATEMENT_TIMEOUT_MS, 30_000, 'STATEMENT_TIMEOUT_MS'),
    streamTimeoutMs: intFrom(env.STREAM_TIMEOUT_MS, 30 * 60_000, 'STREAM_TIMEOUT_MS'),
    logLevel: env.LOG_LEVEL || 'info',
    shutdownGraceMs: intFrom(env.SHUTDOWN_GRACE_MS, 10_000, 'SHUTDOWN_GRACE_MS'),
    limits: loadFeatureLimits(env),
    workers: env.DATABASE_URL ? workersFrom(env.WORKERS) : 1,
    publicUrl: env.PUBLIC_URL ? env.PUBLIC_URL.replace(/\/+$/, '') : undefined,
  };
}

/** Limits of the feature services (WFS, OGC API). */
export interface FeatureLimits {
  /** Most features one request may return (advertised as CountDefault). */
  maxFeatures: number;
  /** Default page size of OGC API items. */
  defaultLimit: number;
}

export function loadFeatureLimits(env: NodeJS.ProcessEnv = process.env): FeatureLimits {
  return {
    maxFeatures: intFrom(env.WFS_MAX_FEATURES, 10_000, 'WFS_MAX_FEATURES') || 10_000,
    defaultLimit: intFrom(env.OGCAPI_DEFAULT_LIMIT, 100, 'OGCAPI_DEFAULT_LIMIT') || 100,
  };
}
