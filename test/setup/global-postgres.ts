// Global test setup: a real PostGIS for the whole run — DATABASE_URL if given, else a throwaway cluster —
// and one database with the schema and the sample data set that read-only tests share.
import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { createCluster, type Cluster } from '../support/pg-cluster.ts';
import { PostgresDatabase } from '../../server/db/postgres.ts';
import { migrate } from '../../server/db/migrate.ts';
import { loadDataSetIfEmpty } from '../../server/db/sample-data.ts';
import { MIGRATIONS_DIR } from '../../server/db/index.ts';
import { loadConfig } from '../../server/config.ts';

export default async function setup(project: TestProject): Promise<() => void> {
  let cluster: Cluster | undefined;
  let adminUrl = process.env.DATABASE_URL;
  let sampleUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    cluster = await createCluster();
    adminUrl = cluster.url('postgres');
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query('CREATE DATABASE sip_sample');
    await admin.end();
    sampleUrl = cluster.url('sip_sample');
  }
  const db = new PostgresDatabase({ connectionString: sampleUrl!, poolSize: 2, statementTimeoutMs: 600_000 });
  try {
    await migrate(db, MIGRATIONS_DIR);
    await loadDataSetIfEmpty(db, loadConfig(process.env).sampleDataDir);
  } finally {
    await db.close();
  }
  project.provide('adminUrl', adminUrl);
  project.provide('sampleUrl', sampleUrl!);
  return () => cluster?.destroy();
}
