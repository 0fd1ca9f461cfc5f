// The files behind a fast embedded start: the tar reader that takes PostGIS's own files out of the package's
// bundle (checked against archives GNU tar writes, long names included), which files those are, and whether the
// committed data directory template still fits the installed PGlite.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readTar } from '../../server/db/tar.ts';
import { isPostgisCoreFile } from '../../server/db/pglite-postgis.ts';
import { installedVersions, readTemplateManifest, templateMismatch } from '../../server/db/pglite-template.ts';

function archive(format: 'gnu' | 'posix' | 'ustar', files: Record<string, string>): Uint8Array {
  const dir = mkdtempSync(path.join(tmpdir(), 'sip-tar-'));
  try {
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, 'src', name)), { recursive: true });
      writeFileSync(path.join(dir, 'src', name), text);
    }
    execFileSync('tar', [`--format=${format}`, '-cf', path.join(dir, 'a.tar'), '-C', path.join(dir, 'src'), ...Object.keys(files)]);
    return new Uint8Array(readFileSync(path.join(dir, 'a.tar')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('tar reader', () => {
  const long = `share/${'d'.repeat(60)}/${'f'.repeat(70)}.sql`; // 147 characters: beyond the 100 of a plain header
  const files = { 'lib/postgresql/a.so': 'binary\u0000data', [long]: 'x'.repeat(1500), 'empty.txt': '' };

  for (const format of ['gnu', 'posix', 'ustar'] as const) {
    it(`reads what GNU tar writes as ${format}, names and contents exact`, () => {
      const entries = readTar(archive(format, files)).filter((e) => e.type === 'file');
      expect(Object.fromEntries(entries.map((e) => [e.name, Buffer.from(e.data).toString()]))).toEqual(files);
    });
  }

  it('refuses a truncated archive instead of returning part of it', () => {
    const whole = archive('gnu', files);
    expect(() => readTar(whole.subarray(0, 1200))).toThrow(/truncated/);
  });
});

describe('PostGIS files linked into the embedded database', () => {
  it('takes PostGIS, its scripts and PROJ data, not raster, topology or the geocoder', () => {
    for (const f of ['lib/postgresql/postgis-3.so', 'share/postgresql/extension/postgis.control',
      'share/postgresql/extension/postgis--3.6.2.sql', 'share/postgresql/extension/postgis--3.5.0--3.6.2.sql', 'share/proj/proj.db']) {
      expect(isPostgisCoreFile(f), f).toBe(true);
    }
    for (const f of ['lib/postgresql/postgis_raster-3.so', 'lib/postgresql/postgis_topology-3.so',
      'share/postgresql/extension/postgis_raster.control', 'share/postgresql/extension/postgis_topology--3.6.2.sql',
      'share/postgresql/extension/postgis_tiger_geocoder--3.6.2.sql', 'share/postgresql/contrib/postgis-3.6/postgis.sql']) {
      expect(isPostgisCoreFile(f), f).toBe(false);
    }
  });
});

describe('data directory template', () => {
  it('was written by the installed PGlite and pglite-postgis (else: npm run db:pglite-template)', () => {
    expect(templateMismatch(readTemplateManifest())).toBeUndefined();
  });

  it('is refused when another PGlite or PostGIS build wrote it, or an extension is missing', () => {
    const installed = installedVersions();
    const ok = { ...installed, extensions: ['postgis', 'unaccent', 'pg_trgm'], created: '' };
    expect(templateMismatch(ok, installed)).toBeUndefined();
    expect(templateMismatch({ ...ok, pglite: '0.0.1' }, installed)).toMatch(/PGlite 0\.0\.1/);
    expect(templateMismatch({ ...ok, pglitePostgis: '0.0.1' }, installed)).toMatch(/pglite-postgis 0\.0\.1/);
    expect(templateMismatch({ ...ok, extensions: ['postgis'] }, installed)).toMatch(/unaccent, pg_trgm/);
    expect(templateMismatch(undefined, installed)).toBe('no template');
  });
});
