// Databases for tests: the shared sample database prepared by the global setup, and fresh empty ones.
import { inject } from 'vitest';
import pg from 'pg';
import { PostgresDatabase } from '../../server/db/postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A database on the test server with the schema and the sample data set. */
    sampleUrl: string;
    /** A connection that may CREATE/DROP DATABASE. */
    adminUrl: string;
  }
}

export function sampleUrl(): string { return inject('sampleUrl'); }

export function connectSample(): PostgresDatabase {
  return new PostgresDatabase({ connectionString: sampleUrl(), poolSize: 4, statementTimeoutMs: 120_000 });
}

export function withDatabaseName(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = '/' + name;
  return u.toString();
}

/** Creates an empty database (optionally a copy of a template) and returns its URL and a drop function. */
export async function freshDatabase(prefix: string, template?: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}`.toLowerCase();
  const admin = new pg.Client({ connectionString: inject('adminUrl') });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`);
  } finally {
    await admin.end();
  }
  return {
    url: withDatabaseName(inject('adminUrl'), name),
    async drop() {
      const c = new pg.Client({ connectionString: inject('adminUrl') });
      await c.connect();
      try { await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`); } finally { await c.end(); }
    },
  };
}
