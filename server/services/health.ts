// GET /health: is the database reachable, which versions run, how many features each table holds.
import { Router } from 'express';
import type { Database } from '../db/database.ts';
import { quoteTable } from '../db/database.ts';
import { DatabaseBusy } from '../db/errors.ts';

const COUNT_CACHE_MS = 60_000;

export interface HealthReport {
  /** busy: every database connection of this process is in use (PostgreSQL itself answers); not an outage. */
  status: 'ok' | 'busy' | 'unavailable';
  database: { reachable: boolean; mode: string; postgres?: string; postgis?: string; error?: string };
  features?: Record<string, number>;
}

export function healthRouter(db: Database): Router {
  let counts: { at: number; value: Record<string, number> } | undefined;

  async function featureCounts(): Promise<Record<string, number>> {
    if (counts && Date.now() - counts.at < COUNT_CACHE_MS) return counts.value;
    // Every table with a geometry column is a feature table; the names come from the database itself.
    const tables = await db.query<{ name: string }>(
      `SELECT f_table_schema || '.' || f_table_name AS name FROM geometry_columns
       WHERE f_table_schema IN ('egib', 'gesut', 'sip') ORDER BY 1`);
    const value: Record<string, number> = {};
    for (const { name } of tables) {
      const [row] = await db.query<{ n: number }>(`SELECT count(*)::bigint AS n FROM ${quoteTable(name)}`);
      value[name] = row?.n ?? 0;
    }
    counts = { at: Date.now(), value };
    return value;
  }

  const router = Router();
  router.get('/health', async (_req, res) => {
    const report: HealthReport = { status: 'ok', database: { reachable: true, mode: db.kind } };
    try {
      const [v] = await db.query<{ postgres: string; postgis: string }>(
        `SELECT current_setting('server_version') AS postgres, postgis_lib_version() AS postgis`);
      report.database.postgres = v?.postgres;
      report.database.postgis = v?.postgis;
      report.features = await featureCounts();
    } catch (err) {
      if (err instanceof DatabaseBusy) {
        report.status = 'busy';
        report.database = { reachable: true, mode: db.kind, error: 'every connection in use' };
        res.set('Retry-After', String(err.retryAfterS));
      } else {
        report.status = 'unavailable';
        report.database = { reachable: false, mode: db.kind, error: 'database not reachable' };
      }
    }
    res.status(report.status === 'ok' ? 200 : 503).set('Cache-Control', 'no-store').json(report);
  });
  return router;
}
