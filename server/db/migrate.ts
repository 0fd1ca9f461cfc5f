// Applies the ordered SQL migrations in sql/ once each and records them, under an advisory lock so that
// several instances starting together do not race.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Database } from './database.ts';
import type { Logger } from '../log.ts';

/** Arbitrary constant shared by every instance: the key of the migration/load lock. */
export const SCHEMA_LOCK_KEY = 306_401_001;

export interface Migration { name: string; sql: string; checksum: string }

export function readMigrations(dir: string): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

export async function migrate(db: Database, dir: string, log?: Logger): Promise<string[]> {
  const migrations = readMigrations(dir);
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK_KEY]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS public.schema_migrations (
      name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());
      COMMENT ON TABLE public.schema_migrations IS 'Applied SQL migrations (file name and SHA-256 of its text)';
      COMMENT ON COLUMN public.schema_migrations.name IS 'Migration file name';
      COMMENT ON COLUMN public.schema_migrations.checksum IS 'SHA-256 of the migration text when applied';
      COMMENT ON COLUMN public.schema_migrations.applied_at IS 'When the migration was applied';`);
    const applied = new Map(
      (await tx.query<{ name: string; checksum: string }>('SELECT name, checksum FROM public.schema_migrations'))
        .map((r) => [r.name, r.checksum]),
    );
    const done: string[] = [];
    for (const m of migrations) {
      const previous = applied.get(m.name);
      if (previous !== undefined) {
        // An applied migration must never change: a new change is a new file.
        if (previous !== m.checksum) throw new Error(`migration ${m.name} was changed after it was applied`);
        continue;
      }
      await tx.exec(m.sql);
      await tx.query('INSERT INTO public.schema_migrations (name, checksum) VALUES ($1, $2)', [m.name, m.checksum]);
      log?.info({ migration: m.name }, 'migration applied');
      done.push(m.name);
    }
    return done;
  });
}
