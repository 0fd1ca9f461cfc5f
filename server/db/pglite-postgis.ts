// PostGIS for the embedded database, linked instead of unpacked. @electric-sql/pglite-postgis hands PGlite one
// 95 MB archive (postgis.tar.gz: PostGIS, postgis_raster with GDAL, postgis_topology, the tiger geocoder, PROJ's
// data) that PGlite gunzips and untars in JavaScript on every start, then compiles and links all three 15–17 MB
// WebAssembly libraries before the database answers — most of an embedded start's time and ~500 MB of its memory,
// for two libraries the service never loads. Here the files PostGIS itself needs (postgis-3.so, its control and
// SQL scripts, PROJ's data) are extracted once into a cache directory on disk, mounted into PGlite's file system
// (Emscripten's NODEFS, read in place, not copied) and linked where PostgreSQL looks for them; postgis-3.so is
// compiled when PostgreSQL first loads it (its first spatial statement), as any PostgreSQL loads a library.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Extension, PGliteInterface } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { readTar } from './tar.ts';

/** PGlite's install prefix inside its file system (WASM_PREFIX of @electric-sql/pglite). */
const WASM_PREFIX = '/pglite';
/** Where the extracted files are mounted inside PGlite's file system. */
const MOUNT_POINT = `${WASM_PREFIX}/ext/postgis`;

/** The members of the bundle that PostGIS (the core extension, not raster/topology/tiger) needs. */
export function isPostgisCoreFile(name: string): boolean {
  return name === 'lib/postgresql/postgis-3.so'
    || /^share\/postgresql\/extension\/postgis(\.control|--[^/]+\.sql)$/.test(name)
    || /^share\/proj\/[^/]+$/.test(name);
}

function bundleFile(): { path: string; version: string } {
  // The package exports only its entry (dist/index.js); the bundle and package.json sit beside and above it.
  const distDir = path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite-postgis'));
  const pkgDir = path.dirname(distDir);
  const pkg = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { version: string };
  return { path: path.join(distDir, 'postgis.tar.gz'), version: pkg.version };
}

/**
 * The directory holding the extracted core files (lib/, share/), extracted from the installed bundle the first
 * time (≈ 1 s) under `cacheRoot`. The name carries the package version and the bundle's size, so an upgrade
 * extracts anew; extraction goes to a temporary name renamed into place, so concurrent starts never see half a copy.
 */
export function extractedPostgis(cacheRoot: string): string {
  const bundle = bundleFile();
  const dir = path.join(cacheRoot, `postgis-${bundle.version}-${statSync(bundle.path).size}`);
  if (existsSync(path.join(dir, 'files.json'))) return dir;
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  const files: string[] = [];
  for (const entry of readTar(gunzipSync(readFileSync(bundle.path)))) {
    if (entry.type !== 'file' || !isPostgisCoreFile(entry.name)) continue;
    const target = path.join(tmp, entry.name);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, entry.data);
    files.push(entry.name);
  }
  if (!files.includes('lib/postgresql/postgis-3.so')) throw new Error(`${bundle.path} has no postgis-3.so`);
  writeFileSync(path.join(tmp, 'files.json'), JSON.stringify(files));
  try {
    renameSync(tmp, dir);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(path.join(dir, 'files.json'))) throw err; // another process won the race: use its copy
  }
  return dir;
}

// The slice of Emscripten's FS that the linking uses.
interface EmscriptenFs {
  filesystems: { NODEFS: unknown };
  mkdirTree(path: string): void;
  mount(type: unknown, opts: { root: string }, mountpoint: string): void;
  symlink(target: string, link: string): void;
  analyzePath(path: string): { exists: boolean };
}

function link(fs: EmscriptenFs, hostDir: string): void {
  fs.mkdirTree(MOUNT_POINT);
  fs.mount(fs.filesystems.NODEFS, { root: hostDir }, MOUNT_POINT);
  const files = JSON.parse(readFileSync(path.join(hostDir, 'files.json'), 'utf8')) as string[];
  const dirs = new Set<string>();
  for (const name of files) {
    // PROJ's data as one directory (PROJ_DATA), the rest file by file beside PGlite's own.
    if (name.startsWith('share/proj/')) { dirs.add('share/proj'); continue; }
    const target = `${WASM_PREFIX}/${name}`;
    fs.mkdirTree(target.slice(0, target.lastIndexOf('/')));
    if (!fs.analyzePath(target).exists) fs.symlink(`${MOUNT_POINT}/${name}`, target);
  }
  for (const d of dirs) {
    const target = `${WASM_PREFIX}/${d}`;
    if (!fs.analyzePath(target).exists) fs.symlink(`${MOUNT_POINT}/${d}`, target);
  }
}

/**
 * The `postgis` extension for PGlite.create: the package's own set-up (PROJ_DATA and the other environment
 * variables PostGIS reads) without its bundle, and the extracted files linked once the file system is up.
 */
export function linkedPostgis(cacheRoot: string): Extension {
  return {
    name: 'postgis',
    async setup(pg: PGliteInterface, emscriptenOpts: unknown) {
      const hostDir = extractedPostgis(cacheRoot);
      const { emscriptenOpts: opts } = await postgis.setup(pg, emscriptenOpts);
      const withFs = pg as PGliteInterface & { Module: { FS: EmscriptenFs } };
      return {
        emscriptenOpts: opts,
        // init runs once the database is up and before PGlite.create returns: nothing has used PostGIS yet.
        init: async () => link(withFs.Module.FS, hostDir),
      };
    },
  };
}
