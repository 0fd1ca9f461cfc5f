// Embedded PostGIS: PGlite (PostgreSQL compiled to WebAssembly) with the PostGIS extension, persisted on disk,
// and the contrib extensions unaccent and pg_trgm that search uses in both modes (sql/010_search.sql).
// One connection only: queries are serialised, and streams are materialised before they are batched, so
// this mode is for development and the sample data set, not for the whole city.
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { Database, Queryable, Row, StreamOptions } from './database.ts';
import { quoteIdent, quoteTable } from './database.ts';
import { valueParsers } from './types.ts';

export class EmbeddedDatabase implements Database {
  readonly kind = 'embedded' as const;

  private constructor(private readonly db: PGlite) {}

  /** Opens (and creates if needed) the database in dir; undefined dir keeps it in memory (tests). */
  static async open(dir: string | undefined): Promise<EmbeddedDatabase> {
    if (dir) mkdirSync(dir, { recursive: true });
    const db = await PGlite.create({ dataDir: dir, extensions: { postgis, unaccent, pg_trgm }, parsers: valueParsers });
    return new EmbeddedDatabase(db);
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
