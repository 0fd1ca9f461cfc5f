// Ad-hoc probe (not a benchmark): where an embedded (PGlite) start spends its time, phase by phase, on the data
// directory a previous start left (EMBEDDED_DB_DIR, default var/pglite). Stop the server first: PGlite's directory
// is one process's. The catalogue phase is main.ts's (loadCatalog: the cached facts when their key holds).
import { loadConfig } from '../../server/config.ts';
import { openDatabase, prepareDatabase, waitForDatabase } from '../../server/db/index.ts';
import { loadCatalog } from '../../server/catalog/catalog-cache.ts';

const config = loadConfig(process.env);
const rss = () => `${Math.round(process.memoryUsage().rss / 2 ** 20)} MB`;
let t = performance.now();
const lap = (what: string) => { const now = performance.now(); console.log(`${what.padEnd(34)} ${((now - t) / 1000).toFixed(2).padStart(7)} s  RSS ${rss()}`); t = now; };
const db = await openDatabase({ ...config, databaseUrl: undefined });
lap('open PGlite + extensions');
await waitForDatabase(db, 60_000);
lap('first query');
await prepareDatabase(db, config);
lap('migrate + sample data check');
await loadCatalog(db, config.embeddedDir);
lap('catalogue');
await db.close();
lap('close');
