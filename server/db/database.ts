// The one database interface every part of the server uses. Two implementations share the same SQL:
// PostgreSQL through a pg pool (production) and PGlite with PostGIS inside Node (embedded default).

export type Row = Record<string, unknown>;

export interface QueryOptions {
  /**
   * Keep the statement prepared on its connection (PostgreSQL: a named statement), so it is parsed and planned once
   * per connection instead of on every call. Only for hot statements whose text comes from a small fixed set (tile
   * queries: set × zoom × role); the values stay bound parameters. Ignored by the embedded database.
   */
  prepare?: boolean;
}

export interface Queryable {
  /** Runs one statement with bound parameters ($1, $2 …) and returns all rows. */
  query<R extends Row = Row>(sql: string, params?: readonly unknown[], options?: QueryOptions): Promise<R[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface StreamOptions {
  /** Rows fetched per round trip. */
  batchSize?: number;
  /** Aborting stops the query on the server. */
  signal?: AbortSignal;
}

export interface Database extends Queryable {
  readonly kind: 'postgres' | 'embedded';
  /** Streams a query's rows in batches through a server-side cursor: memory stays flat whatever the size. */
  stream<R extends Row = Row>(sql: string, params: readonly unknown[], options?: StreamOptions): AsyncIterable<R[]>;
  /** Runs fn in one transaction on one connection; rolls back if it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Bulk-loads PostgreSQL COPY text-format data into a table. Identifiers must come from trusted code. */
  copyFrom(table: string, columns: readonly string[], data: AsyncIterable<Buffer> | Buffer): Promise<void>;
  close(): Promise<void>;
}

/** Quotes an SQL identifier. Identifiers come only from the catalogue or the code, never from a request. */
export function quoteIdent(name: string): string {
  return '"' + name.replace(/"/g, '""') + '"';
}

/** Quotes a possibly schema-qualified table name, e.g. egib.dzialki → "egib"."dzialki". */
export function quoteTable(qualified: string): string {
  return qualified.split('.').map(quoteIdent).join('.');
}
