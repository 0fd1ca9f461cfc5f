// Start-up: config -> database (migrate, sample data) -> HTTP server; graceful shutdown on SIGTERM/SIGINT.
import type { AddressInfo } from 'node:net';
import { loadConfig } from './config.ts';
import { createLogger } from './log.ts';
import { openDatabase, prepareDatabase, waitForDatabase } from './db/index.ts';
import { createApp } from './http/app.ts';
import { Catalog } from './catalog/catalog.ts';

const config = loadConfig();
const log = createLogger(config.logLevel);

async function main(): Promise<void> {
  const db = await openDatabase(config, log);
  await waitForDatabase(db, 60_000, log);
  await prepareDatabase(db, config, log);
  const catalog = await Catalog.load(db);
  const app = createApp({ db, catalog, config, log });
  const server = app.listen(config.port, config.host, () => {
    const { port } = server.address() as AddressInfo;
    log.info({ port, database: db.kind }, `SIP Poznań listening on http://localhost:${port}`);
  });
  server.on('error', (err) => { log.fatal({ err: err.message }, 'cannot listen'); process.exit(1); });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: finishing in-flight requests');
    const force = setTimeout(() => {
      log.warn('grace period over: closing remaining connections');
      server.closeAllConnections();
    }, config.shutdownGraceMs);
    force.unref();
    server.close(async () => {
      await db.close().catch(() => undefined);
      log.info('stopped');
      process.exit(0);
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: Error) => {
  log.fatal({ err: err.message }, 'start-up failed');
  process.exit(1);
});
