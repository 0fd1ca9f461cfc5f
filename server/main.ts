// Start-up: config -> database (migrate, sample data) -> HTTP server; graceful shutdown on SIGTERM/SIGINT.
// With WORKERS > 1 the primary prepares the database once and forks workers that share the port (Node cluster);
// each worker has its own pool and caches, and nothing is shared in memory, as behind a load balancer.
import cluster from 'node:cluster';
import type { AddressInfo } from 'node:net';
import { loadConfig } from './config.ts';
import { createLogger } from './log.ts';
import { openDatabase, prepareDatabase, waitForDatabase } from './db/index.ts';
import { createApp } from './http/app.ts';
import { startOrderExpiry } from './orders/expiry.ts';
import { defaultMailer } from './accounts/mail.ts';
import { loadCatalog } from './catalog/catalog-cache.ts';
import { ensureBootstrapAdmin } from './accounts/bootstrap.ts';

const config = loadConfig();
const log = createLogger(config.logLevel);

async function primary(): Promise<void> {
  const db = await openDatabase(config, log);
  await waitForDatabase(db, 60_000, log);
  await prepareDatabase(db, config, log);
  await ensureBootstrapAdmin(db, config, log);
  await db.close();
  let stopping = false;
  const fork = () => cluster.fork({ SIP_WORKER: '1' });
  for (let i = 0; i < config.workers; i++) fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) { log.info('stopped'); process.exit(0); }
      return;
    }
    log.error({ pid: worker.process.pid, code, signal }, 'worker died: starting another');
    fork();
  });
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down the workers');
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill(signal);
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

async function main(): Promise<void> {
  const db = await openDatabase(config, log);
  await waitForDatabase(db, 60_000, log);
  // A cluster's primary has prepared the database already.
  if (!cluster.isWorker) {
    await prepareDatabase(db, config, log);
    await ensureBootstrapAdmin(db, config, log);
  }
  const catalog = await loadCatalog(db, config.embeddedDir, log);
  const app = createApp({ db, catalog, config, log });
  const expiry = startOrderExpiry(db, log, undefined, { db, config, log, mailer: defaultMailer(config.security, log) });
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
    expiry.stop();
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

(cluster.isPrimary && config.workers > 1 ? primary() : main()).catch((err: Error) => {
  log.fatal({ err: err.message }, 'start-up failed');
  process.exit(1);
});
