// The embedded database's starting point: a PGlite data directory with initdb done and the extensions the
// migrations create (postgis, unaccent, pg_trgm) already created, kept as data/pglite/template.tar.gz. A first
// start loads it (PGlite's loadDataDir) instead of running initdb and PostGIS's installation script: on the shared
// 2-core machine those two took 79 s and 90 s (bench/README.md, "Embedded start"). It holds no data of ours, so
// new migrations and new sample data do not make it stale; only another PGlite or PostGIS build does, and then
// the start falls back to initdb (logged) until `npm run db:pglite-template` writes a new one.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ROOT_DIR } from '../config.ts';

export const TEMPLATE_DIR = path.join(ROOT_DIR, 'data', 'pglite');
const ARCHIVE = 'template.tar.gz';
const MANIFEST = 'template.json';
/** The extensions the template has; each is what a migration creates IF NOT EXISTS (sql/001, sql/010). */
export const TEMPLATE_EXTENSIONS = ['postgis', 'unaccent', 'pg_trgm'] as const;

export interface TemplateManifest {
  /** Versions of @electric-sql/pglite and @electric-sql/pglite-postgis that wrote the template. */
  pglite: string;
  pglitePostgis: string;
  extensions: string[];
  created: string;
}

/** The installed versions of the two packages a data directory depends on. */
export function installedVersions(): { pglite: string; pglitePostgis: string } {
  const require = createRequire(import.meta.url);
  const version = (name: string) => {
    // Both packages export only their entries (dist/index.*): package.json is one level above.
    const dist = path.dirname(require.resolve(name));
    return (JSON.parse(readFileSync(path.join(dist, '..', 'package.json'), 'utf8')) as { version: string }).version;
  };
  return { pglite: version('@electric-sql/pglite'), pglitePostgis: version('@electric-sql/pglite-postgis') };
}

export function readTemplateManifest(dir = TEMPLATE_DIR): TemplateManifest | undefined {
  const file = path.join(dir, MANIFEST);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) as TemplateManifest : undefined;
}

/** Why a template cannot be used with the installed packages, or undefined when it can. */
export function templateMismatch(manifest: TemplateManifest | undefined, installed = installedVersions()): string | undefined {
  if (!manifest) return 'no template';
  if (manifest.pglite !== installed.pglite) return `template written by PGlite ${manifest.pglite}, installed ${installed.pglite}`;
  if (manifest.pglitePostgis !== installed.pglitePostgis) {
    return `template written by pglite-postgis ${manifest.pglitePostgis}, installed ${installed.pglitePostgis}`;
  }
  const missing = TEMPLATE_EXTENSIONS.filter((e) => !manifest.extensions.includes(e));
  return missing.length ? `template lacks ${missing.join(', ')}` : undefined;
}

/** The template's archive when it fits the installed packages (else undefined: PGlite runs initdb). */
export function usableTemplate(dir = TEMPLATE_DIR): Blob | undefined {
  if (templateMismatch(readTemplateManifest(dir)) !== undefined || !existsSync(path.join(dir, ARCHIVE))) return undefined;
  return new Blob([readFileSync(path.join(dir, ARCHIVE))]);
}

/** Writes the archive and its manifest (npm run db:pglite-template). */
export function writeTemplate(archive: Uint8Array, dir = TEMPLATE_DIR): TemplateManifest {
  mkdirSync(dir, { recursive: true });
  const manifest: TemplateManifest = { ...installedVersions(), extensions: [...TEMPLATE_EXTENSIONS], created: new Date().toISOString() };
  writeFileSync(path.join(dir, ARCHIVE), archive);
  writeFileSync(path.join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
