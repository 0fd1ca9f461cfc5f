// Loading the sample data set into a database: the schema (migrations) and the sample district, as a server's first
// start does. Used by the global setup (the template) and by sampleCopy when there is no template (DATABASE_URL).
import { PostgresDatabase } from '../../server/db/postgres.ts';
import { migrate } from '../../server/db/migrate.ts';
import { loadDataSetIfEmpty } from '../../server/db/sample-data.ts';
import { MIGRATIONS_DIR } from '../../server/db/index.ts';
import { loadConfig } from '../../server/config.ts';

export async function loadSampleInto(url: string): Promise<void> {
  const db = new PostgresDatabase({ connectionString: url, poolSize: 2, statementTimeoutMs: 600_000 });
  try {
    await migrate(db, MIGRATIONS_DIR);
    await loadDataSetIfEmpty(db, loadConfig(process.env).sampleDataDir);
  } finally {
    await db.close();
  }
}
