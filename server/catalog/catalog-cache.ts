// The catalogue's facts from the database (columns, descriptions, table extents: catalog.ts) kept between starts
// of the embedded database, where asking for them cost 3.2 s of a 17 s restart on the busy 2-core machine (a
// description and a full ST_Extent scan per table, through PGlite's one connection). They depend on the applied
// migrations (columns, comments) and on the data (extents), so the file is keyed by both: the migrations' names and
// checksums, and the data version that every statement changing a data table bumps (sql/006_data_version.sql).
// A different key is a miss: the catalogue is asked as before and the file rewritten. The file lives in the data
// directory, so it goes away with the database it describes. With DATABASE_URL nothing is cached: a PostgreSQL
// answers these queries in milliseconds and several instances may share the database.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Database } from '../db/database.ts';
import type { Logger } from '../log.ts';
import { Catalog, emptyFacts, type CatalogFacts } from './catalog.ts';
import { LAYERS } from './layers.ts';

export const CATALOG_CACHE_FILE = 'sip-catalog-facts.json';

interface CacheFile { key: string; facts: CatalogFacts }

/** What the facts depend on, read in one query: the applied migrations and the data version. */
async function factsKey(db: Database): Promise<string> {
  const [row] = await db.query<{ migrations: string | null; version: string | number | null }>(
    `SELECT (SELECT md5(string_agg(name || ':' || checksum, ',' ORDER BY name)) FROM public.schema_migrations) AS migrations,
            (SELECT version FROM public.data_version WHERE id) AS version`);
  return `${row?.migrations ?? ''}/${row?.version ?? ''}`;
}

function readCache(file: string): CacheFile | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as CacheFile;
    return typeof parsed.key === 'string' && parsed.facts?.columns && parsed.facts.extents ? parsed : undefined;
  } catch {
    return undefined; // none yet, or unreadable: ask the database
  }
}

/** The catalogue, from the cached facts when their key still holds (embedded mode), else from the database. */
export async function loadCatalog(db: Database, embeddedDir: string, log?: Logger): Promise<Catalog> {
  if (db.kind !== 'embedded') return Catalog.load(db);
  const file = path.join(embeddedDir, CATALOG_CACHE_FILE);
  const key = await factsKey(db);
  const cached = readCache(file);
  const hit = cached?.key === key;
  const facts = hit ? cached!.facts : emptyFacts();
  const before = JSON.stringify(facts);
  const catalog = await Catalog.load(db, LAYERS, facts);
  if (!hit || JSON.stringify(facts) !== before) {
    try {
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify({ key, facts } satisfies CacheFile));
      renameSync(tmp, file);
    } catch (err) {
      log?.warn({ err: (err as Error).message, file }, 'catalogue facts not cached');
    }
  }
  log?.debug({ hit }, 'catalogue facts');
  return catalog;
}
