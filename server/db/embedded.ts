// Embedded PostGIS: PGlite (PostgreSQL compiled to WebAssembly) with the PostGIS extension, persisted on disk,
// and the contrib extensions unaccent and pg_trgm that search uses in both modes (sql/010_search.sql).
// One connection only: queries are serialised, and streams are materialised before they are batched, so
// this mode is for development and the sample data set, not for the whole city.
// Start-up time is PGlite's, so two things keep it short: PostGIS is linked from files extracted once
// (pglite-postgis.ts) instead of being unpacked and compiled whole on every start, and a new database starts from
// the data directory of data/pglite/ (pglite-template.ts: initdb done, extensions created) instead of running
// initdb and PostGIS's 7.5 MB installation script, which take minutes on a busy 2-core machine.
import { existsSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { Database, Queryable, Row, StreamOptions } from './database.ts';
import { quoteIdent, quoteTable } from './database.ts';
import { valueParsers } from './types.ts';
import { linkedPostgis } from './pglite-postgis.ts';
import { usableTemplate } from './pglite-template.ts';

export interface EmbeddedOptions {
  /** Start a new database from data/pglite's template when it fits the installed PGlite (default true). */
  template?: boolean;
  /** Where the extracted extension files are kept (default: `.pglite-cache` beside the data directory). */
  cacheDir?: string;
}

/** The extension cache beside a data directory (var/pglite → var/.pglite-cache); in-memory ones share the temp dir's. */
export function defaultCacheDir(dir: string | undefined): string {
  return dir ? path.join(path.dirname(path.resolve(dir)), '.pglite-cache') : path.join(os.tmpdir(), 'sip-pglite-cache');
}

export class EmbeddedDatabase implements Database {
  readonly kind = 'embedded' as const;

  private constructor(private readonly db: PGlite) {}

  /** Opens (and creates if needed) the database in dir; undefined dir keeps it in memory (tests). */
  static async open(dir: string | undefined, options: EmbeddedOptions = {}): Promise<EmbeddedDatabase> {
    if (dir) mkdirSync(dir, { recursive: true });
    const fresh = !dir || !existsSync(path.join(dir, 'PG_VERSION'));
    const template = fresh && options.template !== false ? usableTemplate() : undefined;
    const db = await PGlite.create({
      dataDir: dir,
      ...(template ? { loadDataDir: template } : {}),
      extensions: { postgis: linkedPostgis(options.cacheDir ?? defaultCacheDir(dir)), unaccent, pg_trgm },
      parsers: valueParsers,
    });
    return new EmbeddedDatabase(db);
  }

  /** The whole data directory as a gzipped tar (what PGlite's loadDataDir takes): the template's writer uses it. */
  async dumpDataDir(): Promise<Blob> {
    return this.db.dumpDataDir('gzip');
  }

  async query<R extends Row = Row>(sql: string, params: readonly unknown[] = []): Promise<R[]> {
    return (await this.db.query<R>(sql, params as unknown[])).rows;
  }

  async exec(sql: string): Promise<void> {
    await this.db.exec(sql);
  }

  async *stream<R extends Row = Row>(sql: string, params: readonly unknown[], options: StreamOptions = {}): AsyncIterable<R[]> {
    const batchSize = options.batchSize ?? 1000;
    const rows = await this.query<R>(sql, params);
    for (let i = 0; i < rows.length; i += batchSize) {
      if (options.signal?.aborted) return;
      yield rows.slice(i, i + batchSize);
    }
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.db.transaction(async (t) => fn({
      query: async <R extends Row>(sql: string, params: readonly unknown[] = []) => (await t.query<R>(sql, params as unknown[])).rows,
      exec: async (sql: string) => { await t.exec(sql); },
    }));
  }

  async copyFrom(table: string, columns: readonly string[], data: AsyncIterable<Buffer> | Buffer): Promise<void> {
    const chunks: Buffer[] = [];
    if (Buffer.isBuffer(data)) chunks.push(data);
    else for await (const chunk of data) chunks.push(chunk);
    const sql = `COPY ${quoteTable(table)} (${columns.map(quoteIdent).join(', ')}) FROM '/dev/blob'`;
    await this.db.query(sql, [], { blob: new Blob(chunks as Uint8Array<ArrayBuffer>[]) });
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
