// npm run db:migrate | npm run db:load-sample [-- <data set dir>] | npm run db:pglite-template
import { loadConfig } from '../config.ts';
import { createLogger } from '../log.ts';
import { openDatabase, MIGRATIONS_DIR } from './index.ts';
import { migrate } from './migrate.ts';
import { loadDataSetIfEmpty } from './sample-data.ts';
import { TEMPLATE_DIR, TEMPLATE_EXTENSIONS, writeTemplate } from './pglite-template.ts';
import path from 'node:path';

const [command, dirArg] = process.argv.slice(2);
const config = loadConfig();
const log = createLogger(config.logLevel);

if (command === 'template') {
  // The embedded database's template (pglite-template.ts): initdb and the extensions, none of our schema or data.
  const started = Date.now();
  const { EmbeddedDatabase } = await import('./embedded.ts');
  const db = await EmbeddedDatabase.open(undefined, { template: false });
  try {
    for (const e of TEMPLATE_EXTENSIONS) await db.exec(`CREATE EXTENSION IF NOT EXISTS ${e}`);
    // Frozen rows, and the WAL switched and checkpointed, so the archive holds no work still to be replayed.
    for (const sql of ['VACUUM FREEZE', 'SELECT pg_switch_wal()', 'CHECKPOINT']) await db.exec(sql);
    const manifest = writeTemplate(new Uint8Array(await (await db.dumpDataDir()).arrayBuffer()));
    log.info({ dir: TEMPLATE_DIR, ...manifest, seconds: (Date.now() - started) / 1000 }, 'embedded database template written');
  } finally {
    await db.close();
  }
  process.exit(0);
}

const db = await openDatabase(config, log);
try {
  await migrate(db, MIGRATIONS_DIR, log);
  if (command === 'load') {
    const dir = dirArg ? path.resolve(dirArg) : config.sampleDataDir;
    const started = Date.now();
    const loaded = await loadDataSetIfEmpty(db, dir, log);
    log.info({ dir, loaded, seconds: (Date.now() - started) / 1000 }, loaded ? 'data set loaded' : 'tables not empty: nothing loaded');
  } else if (command !== 'migrate') {
    log.error({ command }, 'usage: cli.ts migrate | load [dir]');
    process.exitCode = 2;
  }
} catch (err) {
  log.error({ err: (err as Error).message }, 'failed');
  process.exitCode = 1;
} finally {
  await db.close();
}
