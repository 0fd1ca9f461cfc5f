// Database on a PostgreSQL/PostGIS server through a pg pool.
import pg from 'pg';
import Cursor from 'pg-cursor';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import copyStreams from 'pg-copy-streams';
import { createHash } from 'node:crypto';
import type { Database, Queryable, QueryOptions, Row, StreamOptions } from './database.ts';
import { quoteIdent, quoteTable } from './database.ts';
import { valueParsers } from './types.ts';

const types = {
  getTypeParser(oid: number, format?: string) {
    const parser = valueParsers[oid];
    return parser ?? (pg.types.getTypeParser as (o: number, f?: string) => unknown)(oid, format);
  },
} as unknown as pg.CustomTypesConfig;

const statementNames = new Map<string, string>();

/** A prepared statement's name: from its text, so every connection and process gives a text the same name. */
function statementName(sql: string): string {
  let name = statementNames.get(sql);
  if (!name) statementNames.set(sql, name = `sip_${createHash('sha1').update(sql).digest('base64url').slice(0, 22)}`);
  return name;
}

/** pg's query config: a named statement when asked to prepare and prepared statements are allowed. */
function queryConfig(sql: string, params: readonly unknown[], options: QueryOptions | undefined, prepared: boolean): pg.QueryConfig {
  return options?.prepare && prepared ? { name: statementName(sql), text: sql, values: params as unknown[] } : { text: sql, values: params as unknown[] };
}

export interface PostgresOptions {
  connectionString: string;
  poolSize: number;
  statementTimeoutMs: number;
  /** Limit of one streamed query (a whole-layer download outlives the per-statement timeout); 0 = none. */
  streamTimeoutMs?: number;
  onError?: (err: Error) => void;
  /** Keep statements asked to be prepared (QueryOptions.prepare) as named statements; default true. */
  preparedStatements?: boolean;
}

export class PostgresDatabase implements Database {
  readonly kind = 'postgres' as const;
  private readonly pool: pg.Pool;
  private readonly connectionString: string;
  private readonly streamTimeoutMs: number;
  private readonly prepared: boolean;

  constructor(options: PostgresOptions) {
    this.connectionString = options.connectionString;
    this.streamTimeoutMs = options.streamTimeoutMs ?? 30 * 60_000;
    this.prepared = options.preparedStatements ?? true;
    this.pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.poolSize,
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
      // JIT compiles the plans of map, tile and feature queries on every request and costs more than it saves here.
      options: `-c statement_timeout=${options.statementTimeoutMs} -c jit=off`,
      application_name: 'sip-poznan',
      types,
    });
    // An idle client losing its connection (database restart) must not crash the process.
    this.pool.on('error', (err) => options.onError?.(err));
  }

  async query<R extends Row = Row>(sql: string, params: readonly unknown[] = [], options?: QueryOptions): Promise<R[]> {
    const result = await this.pool.query<R>(queryConfig(sql, params, options, this.prepared));
    return result.rows;
  }

  async exec(sql: string): Promise<void> {
    await this.pool.query(sql);
  }

  async *stream<R extends Row = Row>(sql: string, params: readonly unknown[], options: StreamOptions = {}): AsyncIterable<R[]> {
    const batchSize = options.batchSize ?? 1000;
    const client = await this.pool.connect();
    const pid = (client as unknown as { processID: number }).processID;
    // A cursor's fetches count as one statement: give a long download its own limit, reset on release.
    await client.query(`SELECT set_config('statement_timeout', $1, false)`, [String(this.streamTimeoutMs)]);
    const cursor = client.query(new Cursor<R>(sql, params as unknown[]));
    let failed: Error | undefined;
    const onAbort = () => { void this.cancelBackend(pid); };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      for (;;) {
        if (options.signal?.aborted) return;
        const rows = await cursor.read(batchSize);
        if (rows.length === 0) return;
        yield rows;
      }
    } catch (err) {
      failed = err as Error;
      throw err;
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
      await cursor.close().catch(() => undefined);
      const discard = failed ?? (options.signal?.aborted ? new Error('aborted') : undefined);
      if (!discard) await client.query('RESET statement_timeout').catch(() => undefined);
      // A connection whose query failed or was cancelled mid-stream is discarded, not reused.
      client.release(discard);
    }
  }

  /** Cancels a running statement from a separate short-lived connection (the pool may be exhausted). */
  private async cancelBackend(pid: number): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString, connectionTimeoutMillis: 2_000 });
    try {
      await client.connect();
      await client.query('SELECT pg_cancel_backend($1)', [pid]);
    } catch {
      // Best effort: statement_timeout still bounds the query.
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const tx: Queryable = {
      query: async <R extends Row>(sql: string, params: readonly unknown[] = [], options?: QueryOptions) => (await client.query<R>(queryConfig(sql, params, options, this.prepared))).rows,
      exec: async (sql: string) => { await client.query(sql); },
    };
    try {
      await client.query('BEGIN');
      const result = await fn(tx);
      await client.query('COMMIT');
      client.release();
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release(err as Error);
      throw err;
    }
  }

  async copyFrom(table: string, columns: readonly string[], data: AsyncIterable<Buffer> | Buffer): Promise<void> {
    const client = await this.pool.connect();
    try {
      const sql = `COPY ${quoteTable(table)} (${columns.map(quoteIdent).join(', ')}) FROM STDIN`;
      const source = Buffer.isBuffer(data) ? Readable.from([data]) : Readable.from(data);
      // A bulk load of the whole city runs for minutes: the per-statement timeout of requests does not apply.
      await client.query('SET statement_timeout = 0');
      await pipeline(source, client.query(copyStreams.from(sql)));
      await client.query('RESET statement_timeout');
      client.release();
    } catch (err) {
      client.release(err as Error);
      throw err;
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
