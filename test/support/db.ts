// Databases for tests: the sample database of this test worker prepared by the global setup, and fresh ones (empty,
// or a copy of the sample for a test that changes the register).
import { inject } from 'vitest';
import pg from 'pg';
import { PostgresDatabase } from '../../server/db/postgres.ts';
import { loadSampleInto } from './sample.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Databases with the schema and the sample data set, one per test worker (one in all with DATABASE_URL). */
    sampleUrls: string[];
    /** A connection that may CREATE/DROP DATABASE. */
    adminUrl: string;
    /** The untouched sample database that copies are made from; '' when there is none (DATABASE_URL). */
    templateDb: string;
  }
}

/** This worker's sample database (VITEST_POOL_ID is 1…maxWorkers). */
export function sampleUrl(): string {
  const urls = inject('sampleUrls');
  const pool = Math.max(1, Number(process.env.VITEST_POOL_ID) || 1);
  return urls[(pool - 1) % urls.length]!;
}

export function connectSample(): PostgresDatabase {
  return new PostgresDatabase({ connectionString: sampleUrl(), poolSize: 4, statementTimeoutMs: 120_000 });
}

export function withDatabaseName(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = '/' + name;
  return u.toString();
}

export interface FreshDatabase { url: string; drop(): Promise<void> }

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: inject('adminUrl') });
  await c.connect();
  try { return await fn(c); } finally { await c.end(); }
}

/** Creates an empty database (optionally a copy of a template) and returns its URL and a drop function. */
export async function freshDatabase(prefix: string, template?: string): Promise<FreshDatabase> {
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}`.toLowerCase();
  await admin((c) => c.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}" STRATEGY FILE_COPY` : ''}`));
  return {
    url: withDatabaseName(inject('adminUrl'), name),
    drop: () => admin(async (c) => { await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`); }),
  };
}

/**
 * A database of the test's own with the schema and the sample data, for a test that changes the register: a file copy
 * of the global setup's untouched sample, or (with DATABASE_URL, where there is none) migrated and loaded anew.
 */
export async function sampleCopy(prefix: string): Promise<FreshDatabase> {
  const template = inject('templateDb');
  if (template) return freshDatabase(prefix, template);
  const fresh = await freshDatabase(prefix);
  await loadSampleInto(fresh.url);
  return fresh;
}
