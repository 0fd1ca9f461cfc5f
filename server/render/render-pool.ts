// The render threads of this process (piscina, a worker_threads pool): maps are queried on the event loop and
// painted and encoded in a thread, so one big map does not stall every other request of the process while Skia
// rasterises it. RENDER_THREADS threads (config.ts; 0 = paint inline). The pool starts with the first map.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import type { Queryable } from '../db/database.ts';
import { glyphCacheRangesFrom, renderThreadIdleMsFrom, renderThreadsFrom } from '../config.ts';
import type { ImageFormat, MapRequest } from './map-request.ts';
import { fetchMapScene, type MapScene, type RenderStats } from './render-map.ts';
import { glyphs, paintAndEncode, type RenderResult } from './render-worker.ts';
import { LRUCache } from 'lru-cache';
import { contentType } from './encode.ts';

export interface RenderedImage { contentType: string; body: Buffer; stats: RenderStats }

let pool: Piscina | undefined;

/**
 * The worker's module beside this one: render-worker.ts from the sources, render-worker.js in the compiled build
 * (npm start: scripts/build-server.mjs bundles both), which needs no TypeScript loader.
 */
const WORKER_FILE = new URL(import.meta.url.endsWith('.ts') ? './render-worker.ts' : './render-worker.js', import.meta.url).href;

/** Options a worker thread takes from its process (with the value that follows when not written `--name=value`). */
const THREAD_OPTIONS_WITH_VALUE = new Set(['--import', '--require', '-r', '--loader', '--experimental-loader', '--conditions', '-C']);
const THREAD_FLAG = /^--(import|require|loader|experimental-loader|conditions|enable-source-maps|no-warnings|cpu-prof|heap-prof|experimental-)/;

/**
 * The process's execArgv that a worker thread accepts: loaders, conditions, source maps, profiling. V8 and
 * process-wide options (`--max-old-space-size`, `--max-semi-space-size`, `--title`, …) apply to the process and make
 * `new Worker` throw ERR_WORKER_INVALID_EXEC_ARGV, which would fail every map of a server started with one.
 */
export function threadSafeExecArgv(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (THREAD_OPTIONS_WITH_VALUE.has(a)) { if (i + 1 < argv.length) out.push(a, argv[++i]!); continue; }
    if (THREAD_FLAG.test(a)) out.push(a);
  }
  return out;
}

/**
 * Worker threads load TypeScript the way this process does: a process started by tsx passes its loader on in
 * execArgv; one that transforms TypeScript itself (vitest) gets tsx's loader for its threads.
 */
function threadExecArgv(): string[] {
  const inherited = threadSafeExecArgv(process.execArgv);
  if (!WORKER_FILE.endsWith('.ts') || inherited.some((a) => a.includes('tsx'))) return inherited;
  const loader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return [...inherited, '--import', loader];
}

function renderPool(threads: number) {
  pool ??= new Piscina({
    filename: WORKER_FILE,
    // One thread stays; the others end after RENDER_THREAD_IDLE_MS without work, and with them their V8 heaps and
    // Skia surfaces (tens of MB each): after a burst of maps the process returns to its idle size (issue 14).
    minThreads: Math.min(1, threads),
    maxThreads: threads,
    // Queued maps wait for a thread however many there are (a bounded queue would turn load into errors); the
    // number of requests in flight is the HTTP server's to bound.
    maxQueue: Infinity,
    idleTimeout: renderThreadIdleMsFrom(),
    execArgv: threadExecArgv(),
    // Skia and sharp allocate natively: no JS heap limits beyond the defaults.
  });
  return pool;
}

/** Paints and encodes a scene in a render thread (or inline when RENDER_THREADS=0). */
export async function paintScene(scene: MapScene, format: ImageFormat, threads = renderThreadsFrom()): Promise<{ body: Buffer; labels: number }> {
  const r: RenderResult = threads > 0 ? await renderPool(threads).run({ scene, format }) : await paintAndEncode({ scene, format });
  return { body: asBuffer(r.body), labels: r.labels };
}

/** Across threads a Buffer arrives as a plain Uint8Array over the same bytes. */
function asBuffer(b: Uint8Array): Buffer {
  return Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}

// Bounded (config.ts GLYPH_CACHE_RANGES), least recently used out.
const glyphRanges = new LRUCache<string, Promise<Buffer>>({ max: glyphCacheRangesFrom() });

/**
 * A glyph range of the MapLibre labels, drawn in a render thread on first use (100–170 ms of Skia work that would
 * otherwise hold up every request of the process) and then kept; concurrent requests share one drawing.
 */
export function glyphRangeOffLoop(fontStack: string, start: number, threads = renderThreadsFrom()): Promise<Buffer> {
  const key = `${fontStack}\n${start}`;
  let made = glyphRanges.get(key);
  if (!made) {
    const task = { fontStack, start };
    made = (threads > 0 ? renderPool(threads).run(task, { name: 'glyphs' }) as Promise<Uint8Array> : Promise.resolve(glyphs(task))).then(asBuffer);
    made.catch(() => glyphRanges.delete(key));
    glyphRanges.set(key, made);
  }
  return made;
}

/**
 * A map request as an encoded image: WMS GetMap and every other map product (e.g. printed sheets at 300 dpi,
 * MapRequest.dpi) call this. The signature stays as it is.
 */
export async function renderMapImage(db: Queryable, req: MapRequest, format: ImageFormat): Promise<RenderedImage> {
  const { scene, stats } = await fetchMapScene(db, req);
  const { body, labels } = await paintScene(scene, format);
  return { contentType: contentType(format), body, stats: { ...stats, labels } };
}

/** Stops the render threads (graceful shutdown, tests); the next map starts them again. */
export async function closeRenderPool(): Promise<void> {
  const p = pool;
  pool = undefined;
  await p?.destroy();
}
