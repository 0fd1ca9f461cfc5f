// Opens the configured database: PostgreSQL when DATABASE_URL is set, else the embedded PGlite.
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { Database } from './database.ts';
import { PostgresDatabase } from './postgres.ts';
import { migrate } from './migrate.ts';
import { loadDataSetIfEmpty } from './sample-data.ts';
import path from 'node:path';
import { ROOT_DIR } from '../config.ts';

export const MIGRATIONS_DIR = path.join(ROOT_DIR, 'sql');

export async function openDatabase(config: Config, log?: Logger): Promise<Database> {
  if (config.databaseUrl) {
    return new PostgresDatabase({
      connectionString: config.databaseUrl,
      poolSize: config.poolSize,
      preparedStatements: config.preparedStatements,
      statementTimeoutMs: config.statementTimeoutMs,
      streamTimeoutMs: config.streamTimeoutMs,
      streamPoolSize: config.streamPoolSize,
      streamWaitMs: config.streamWaitMs,
      onError: (err) => log?.warn({ err: err.message }, 'database connection lost'),
    });
  }
  log?.info({ dir: config.embeddedDir }, 'no DATABASE_URL: using the embedded PostGIS (PGlite)');
  // Loaded only when used: the WebAssembly engine costs memory a PostgreSQL deployment does not need.
  const { EmbeddedDatabase } = await import('./embedded.ts');
  return EmbeddedDatabase.open(config.embeddedDir);
}

/** Waits until the database answers, retrying with backoff (a server may start before its database). */
export async function waitForDatabase(db: Database, timeoutMs: number, log?: Logger): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 250; ; delay = Math.min(delay * 2, 4_000)) {
    try {
      await db.query('SELECT 1');
      return;
    } catch (err) {
      if (Date.now() + delay > deadline) throw err;
      log?.warn({ err: (err as Error).message, retryInMs: delay }, 'database not reachable yet');
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

/** Migrates the schema and, when enabled, loads the sample data into an empty database. */
export async function prepareDatabase(db: Database, config: Config, log?: Logger): Promise<void> {
  await migrate(db, MIGRATIONS_DIR, log);
  if (config.loadSampleData) await loadDataSetIfEmpty(db, config.sampleDataDir, log);
}
