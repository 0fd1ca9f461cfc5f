// The real Express application in-process, on the sample database (or a test's own one), listening on a free loopback port.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../server/http/app.ts';
import { Catalog } from '../../server/catalog/catalog.ts';
import { loadConfig } from '../../server/config.ts';
import { createLogger } from '../../server/log.ts';
import { PostgresDatabase } from '../../server/db/postgres.ts';
import { connectSample, sampleUrl } from './db.ts';
import { TEST_ENV } from './test-env.ts';

export interface TestApp { url: string; db: PostgresDatabase; catalog: Catalog; close(): Promise<void> }

/** `databaseUrl`: a database of the test's own (one whose register the test changes), else the shared sample. */
export async function startApp(env: Record<string, string> = {}, databaseUrl?: string): Promise<TestApp> {
  const db = databaseUrl ? new PostgresDatabase({ connectionString: databaseUrl, poolSize: 4, statementTimeoutMs: 120_000 }) : connectSample();
  const catalog = await Catalog.load(db);
  const config = loadConfig({ DATABASE_URL: databaseUrl ?? sampleUrl(), ...TEST_ENV, ...env });
  const app = createApp({ db, catalog, config, log: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent') });
  const server: Server = await new Promise((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    db,
    catalog,
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await db.close();
    },
  };
}
