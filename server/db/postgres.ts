// Database on a PostgreSQL/PostGIS server through two pg pools: one for requests (short statements, transactions)
// and a separate, bounded one for streamed results (server-side cursors), so that slow downloads can never take
// the connections ordinary requests need. Every client, idle or checked out, has an error listener: a connection
// that dies (database restart, admin shutdown) fails its query, never the process.
import pg from 'pg';
import Cursor from 'pg-cursor';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import copyStreams from 'pg-copy-streams';
import { createHash } from 'node:crypto';
import type { Database, Queryable, QueryOptions, Row, StreamOptions } from './database.ts';
import { quoteIdent, quoteTable } from './database.ts';
import { valueParsers } from './types.ts';
import { DatabaseBusy, isPoolWait } from './errors.ts';

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
  /** Connections for streamed results (cursors), beside poolSize; default max(2, poolSize / 2). */
  streamPoolSize?: number;
  /** How long a stream waits for one of those before the request is told to come back (503), ms; default 10000. */
  streamWaitMs?: number;
  /** Keep statements asked to be prepared (QueryOptions.prepare) as named statements; default true. */
  preparedStatements?: boolean;
}

export class PostgresDatabase implements Database {
  readonly kind = 'postgres' as const;
  private readonly pool: pg.Pool;
  private readonly streamPool: pg.Pool;
  private readonly connectionString: string;
  private readonly streamTimeoutMs: number;
  private readonly prepared: boolean;

  constructor(options: PostgresOptions) {
    this.connectionString = options.connectionString;
    this.streamTimeoutMs = options.streamTimeoutMs ?? 30 * 60_000;
    this.prepared = options.preparedStatements ?? true;
    const common = {
      connectionString: options.connectionString,
      idleTimeoutMillis: 30_000,
      // JIT compiles the plans of map, tile and feature queries on every request and costs more than it saves here.
      // No parallel workers: a map queries its layers at once on as many connections, and tiles and pages come
      // concurrently, so workers only add process start-ups once the cores are busy (measured on the whole-city set:
      // a third more database CPU per 1024×768 map, 1.8–2.2 s instead of 2.8–3.0 s for 41 maps). Set here, per
      // connection, instead of a transaction with SET LOCAL around each statement (three more round trips).
      options: `-c statement_timeout=${options.statementTimeoutMs} -c jit=off -c max_parallel_workers_per_gather=0`,
      application_name: 'sip-poznan',
      types,
    };
    this.pool = new pg.Pool({ ...common, max: options.poolSize, connectionTimeoutMillis: 5_000 });
    this.streamPool = new pg.Pool({ ...common, max: options.streamPoolSize ?? Math.max(2, Math.floor(options.poolSize / 2)),
      connectionTimeoutMillis: options.streamWaitMs ?? 10_000 });
    const onError = (err: Error) => options.onError?.(err);
    for (const pool of [this.pool, this.streamPool]) {
      // An idle client losing its connection (database restart) must not crash the process …
      pool.on('error', onError);
      // … nor one that is checked out (a stream paused by a slow client, a transaction): pg-pool listens only on
      // idle clients, and an 'error' event without a listener kills Node. The query in flight fails by itself.
      pool.on('connect', (client) => client.on('error', onError));
    }
  }

  /** A connection from a pool; a wait in the pool's queue that timed out is "busy", not "database down". */
  private async connect(pool: pg.Pool, budget: 'requests' | 'streams'): Promise<pg.PoolClient> {
    try {
      return await pool.connect();
    } catch (err) {
      if (isPoolWait(err)) throw new DatabaseBusy(budget);
      throw err;
    }
  }

  async query<R extends Row = Row>(sql: string, params: readonly unknown[] = [], options?: QueryOptions): Promise<R[]> {
    const client = await this.connect(this.pool, 'requests');
    try {
      const result = await client.query<R>(queryConfig(sql, params, options, this.prepared));
      client.release();
      return result.rows;
    } catch (err) {
      // A connection that broke is discarded; a statement error leaves it usable.
      client.release(isBroken(err) ? (err as Error) : undefined);
      throw err;
    }
  }

  async exec(sql: string): Promise<void> {
    await this.query(sql);
  }

  async *stream<R extends Row = Row>(sql: string, params: readonly unknown[], options: StreamOptions = {}): AsyncIterable<R[]> {
    const batchSize = options.batchSize ?? 1000;
    const client = await this.connect(this.streamPool, 'streams');
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
      const discard = failed ?? (options.signal?.aborted ? new Error('aborted') : undefined);
      // Closing a cursor waits for the server's ReadyForQuery, which a dead connection never sends: a failed
      // stream's connection is discarded instead, and a close is given a second at most.
      if (!failed) await Promise.race([cursor.close().catch(() => undefined), new Promise((r) => setTimeout(r, 1_000).unref())]);
      if (!discard) await client.query('RESET statement_timeout').catch(() => undefined);
      // A connection whose query failed or was cancelled mid-stream is discarded, not reused.
      client.release(discard);
    }
  }

  /** Cancels a running statement from a separate short-lived connection (the pool may be exhausted). */
  private async cancelBackend(pid: number): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString, connectionTimeoutMillis: 2_000 });
    client.on('error', () => undefined);
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
    const client = await this.connect(this.pool, 'requests');
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
    const client = await this.connect(this.pool, 'requests');
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
    await Promise.all([this.pool.end(), this.streamPool.end()]);
  }
}

/** An error that leaves the connection unusable (its socket died or the server ended the session). */
function isBroken(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  if (typeof code === 'string' && (code.startsWith('08') || code.startsWith('57P') || code.startsWith('E'))) return true;
  return err instanceof Error && /Connection terminated|Connection ended|not queryable/i.test(err.message);
}
