// npm run db:migrate | npm run db:load-sample [-- <data set dir>]
import { loadConfig } from '../config.ts';
import { createLogger } from '../log.ts';
import { openDatabase, MIGRATIONS_DIR } from './index.ts';
import { migrate } from './migrate.ts';
import { loadDataSetIfEmpty } from './sample-data.ts';
import path from 'node:path';

const [command, dirArg] = process.argv.slice(2);
const config = loadConfig();
const log = createLogger(config.logLevel);
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
