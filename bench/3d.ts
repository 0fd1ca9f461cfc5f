// npm run bench:3d — the 3D service against the bounds of its issues (3D view; issue 19 item 6, a whole-city view):
//   • the tileset's quadtree: tiles per level, geometric errors, and a parent's GLB against the sum of its children's;
//   • a city-wide view (the view's default camera, framing the whole model) and a street view (?x=&y=, 400 m off)
//     in the project's three.js view in headless Chromium: contents fetched, bytes, draw calls (three.js
//     renderer.info, shadow pass included), triangles, contents drawn per level. Goals on the whole-city set: the
//     city-wide view loads ≤ 25 MB and draws ≤ 200 calls; the street view draws the LOD2 leaves round its focus
//     (today's detail); the flat tileset's figure (every leaf at once) is estimated from a sample of leaves;
//   • GLB of a building leaf ≤ 1 MB (meshopt-compressed), among the contents the street view fetched;
//   • the time of a one-day shadow study (21 June, 15-minute and 5-minute steps) for one planned building.
//   DATABASE_URL=postgres://…/city SAMPLE_DATA_DIR=… npm run bench:3d [-- --runs 3 --x 6427577 --y 5808863 --flat-sample 12]
//   (build the client first: npx vite build)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser } from '../test/support/browser.ts';
import { CLIENT_DIR } from '../server/http/client.ts';
import { startOurServer } from './lib/ours.ts';
import { makeTempDir, runBench } from './lib/processes.ts';
import { fmt, median, table } from './lib/report.ts';

const GLB_BOUND_KB = 1024;
const CITY_MB_BOUND = 25;
const CITY_CALLS_BOUND = 200;

interface Tile { geometricError: number; refine?: string; contents?: { uri: string }[]; children?: Tile[] }
interface Tileset { root: Tile; extras: { tileGrid: { origin: [number, number]; size: number; columns: number; rows: number; levels?: number } } }

const arg = (args: string[], name: string): string | undefined => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : undefined; };
/** Level of a content URI: tiles/{i}/{j}/… are the leaves (0), lod/{level}/… the coarser levels. */
const levelOf = (uri: string) => (uri.startsWith('lod/') ? Number(uri.split('/')[1]) : 0);

async function main(args: string[]): Promise<number> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) { console.error('DATABASE_URL (a database with a data set) is required'); return 2; }
  if (!fs.existsSync(path.join(CLIENT_DIR, 'view3d.html'))) { console.error('build the client first: npx vite build'); return 2; }
  const runs = Number(arg(args, 'runs') ?? 1) || 1;
  const flatSample = Number(arg(args, 'flat-sample') ?? 12) || 12;
  // A response cache as in production: a view's tiles are computed once (the figures are bytes and calls, not time).
  const server = await startOurServer({ dir: makeTempDir('bench-3d'), databaseUrl, label: '3d', statementTimeoutMs: 0, env: { WORKERS: '1' } });
  const origin = server.base.replace(/\/ows\?$/, '');
  const fails: string[] = [];
  try {
    // --- the quadtree ---
    let t0 = performance.now();
    const ts = await (await fetch(`${origin}/3d/tileset.json`)).json() as Tileset;
    const tilesetMs = performance.now() - t0;
    const g = ts.extras.tileGrid;
    const perLevel = new Map<number, { tiles: number; contents: number; error: number }>();
    const leaves: Tile[] = [];
    let firstParentWithLeaves: Tile | undefined;
    const walk = (t: Tile) => {
      const uris = (t.contents ?? []).map((c) => c.uri);
      if (uris.length) {
        const l = levelOf(uris[0]!);
        const e = perLevel.get(l) ?? { tiles: 0, contents: 0, error: t.geometricError };
        e.tiles++; e.contents += uris.length; perLevel.set(l, e);
        if (l === 0) leaves.push(t);
        if (l === 1 && !firstParentWithLeaves && (t.children?.length ?? 0) === 4) firstParentWithLeaves = t;
      }
      t.children?.forEach(walk);
    };
    walk(ts.root);
    console.log(`\nData set: grid ${g.columns} × ${g.rows} tiles of ${g.size} m, ${g.levels ?? 0} levels above the leaves; tileset.json ${fmt(tilesetMs, 0)} ms`);
    console.log(table(['level', 'tiles', 'contents', 'geometric error m'],
      [...perLevel.entries()].sort((a, b) => b[0] - a[0]).map(([l, e]) => [l === 0 ? '0 (LOD2 leaves)' : `${l} (LOD1)`, String(e.tiles), String(e.contents), String(e.error)])));

    // A level-1 tile against its four leaves: bytes of terrain + buildings (+ planned), parent ÷ sum of children.
    const size = async (uri: string) => (await (await fetch(`${origin}/3d/${uri}`)).arrayBuffer()).byteLength;
    if (firstParentWithLeaves) {
      const rows: string[][] = [];
      for (const layer of ['teren', 'budynki']) {
        const p = firstParentWithLeaves.contents!.find((c) => c.uri.endsWith(`/${layer}.glb`));
        if (!p) continue;
        let kids = 0;
        for (const k of firstParentWithLeaves.children!) { const c = k.contents?.find((x) => x.uri.endsWith(`/${layer}.glb`)); if (c) kids += await size(c.uri); }
        const parent = await size(p.uri);
        rows.push([p.uri, fmt(parent / 1024, 0), fmt(kids / 1024, 0), fmt(parent / kids, 2)]);
      }
      console.log('\nA level-1 tile against its four leaves (kB)');
      console.log(table(['parent content', 'parent', 'sum of the 4 leaves', 'ratio'], rows));
    }

    // The flat tileset's city-wide view loaded every leaf: estimated from leaves spread evenly over the grid.
    const n = Math.min(flatSample, leaves.length);
    const sample = Array.from({ length: n }, (_, k) => ({ t: leaves[Math.floor((leaves.length * (k + 0.5)) / n)]! }));
    let sampleBytes = 0, sampleContents = 0, largest = 0;
    for (const s of sample) for (const c of s.t.contents!) {
      const b = await size(c.uri);
      sampleBytes += b; sampleContents++;
      if (c.uri.endsWith('budynki.glb')) largest = Math.max(largest, b);
    }
    const leafContents = perLevel.get(0)?.contents ?? 0;
    const flatMb = (sampleBytes / sampleContents) * leafContents / 1e6;
    console.log(`\nThe flat tileset (every leaf at once, as before issue 19): ${leafContents} contents ≈ ${fmt(flatMb, 0)} MB, estimated from ${sample.length} leaves spread over the grid (${fmt(sampleBytes / 1e6, 1)} MB); draw calls ≈ ${leafContents * 2}`);
    console.log(`Largest building leaf of the sample: ${fmt(largest / 1024, 0)} kB = ${fmt(largest / 1024 / GLB_BOUND_KB, 2)} × the 1 MB bound`);
    if (largest > GLB_BOUND_KB * 1024) fails.push('building leaf > 1 MB');

    // --- the views in headless Chromium ---
    const x = Number(arg(args, 'x') ?? g.origin[0] + (g.columns * g.size) / 2), y = Number(arg(args, 'y') ?? g.origin[1] + (g.rows * g.size) / 2);
    const views = [
      { name: 'city-wide', url: `${origin}/widok-3d?date=2026-06-21&time=15:00` },
      { name: `street (${x}, ${y})`, url: `${origin}/widok-3d?x=${x}&y=${y}&date=2026-06-21&time=15:00` },
    ];
    const browser = await launchBrowser();
    const viewRows: string[][] = [];
    try {
      for (const v of views) {
        const r: { fetched: number; mb: number; calls: number; triangles: number; ms: number; levels: string; leafAtFocus: boolean }[] = [];
        for (let i = 0; i < runs; i++) {
          const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
          const page = await context.newPage();
          t0 = performance.now();
          await page.goto(v.url, { waitUntil: 'load' });
          await page.waitForFunction(() => window.__view3d?.ready || window.__view3d?.error, undefined, { timeout: 600_000 });
          const error = await page.evaluate(() => window.__view3d.error ?? null);
          if (error) throw new Error(`${v.name}: ${error}`);
          const ms = performance.now() - t0;
          const tiles = await page.evaluate(() => window.__view3d.tiles());
          const byLevel = new Map<number, number>();
          for (const u of tiles.drawn) byLevel.set(levelOf(u), (byLevel.get(levelOf(u)) ?? 0) + 1);
          const i0 = Math.floor((x - g.origin[0]) / g.size), j0 = Math.floor((y - g.origin[1]) / g.size);
          r.push({
            fetched: tiles.fetched, mb: tiles.bytes / 1e6, calls: await page.evaluate(() => window.__view3d.calls), triangles: await page.evaluate(() => window.__view3d.triangles), ms,
            levels: [...byLevel.entries()].sort((a, b) => b[0] - a[0]).map(([l, n]) => `L${l}:${n}`).join(' '),
            leafAtFocus: tiles.drawn.includes(`tiles/${i0}/${j0}/budynki.glb`),
          });
          await context.close();
        }
        const m = r[0]!;
        viewRows.push([v.name, String(median(r.map((q) => q.fetched))), fmt(median(r.map((q) => q.mb)), 1), String(median(r.map((q) => q.calls))), String(m.triangles), m.levels,
          v.name === 'city-wide' ? '' : (m.leafAtFocus ? 'yes' : 'NO'), fmt(median(r.map((q) => q.ms)) / 1000, 0)]);
        if (v.name === 'city-wide') {
          if (median(r.map((q) => q.mb)) > CITY_MB_BOUND) fails.push(`city-wide view loads > ${CITY_MB_BOUND} MB`);
          if (median(r.map((q) => q.calls)) > CITY_CALLS_BOUND) fails.push(`city-wide view draws > ${CITY_CALLS_BOUND} calls`);
        } else if (!m.leafAtFocus) fails.push('street view: the LOD2 leaf at the focus is not drawn');
      }
    } finally {
      await browser.close();
    }
    console.log(`\nViews in the three.js view (1280×800, headless Chromium + SwiftShader; refinement by screen-space error, bound 16 px), ${runs} run(s)`);
    console.log(table(['view', 'contents fetched', 'MB', 'draw calls', 'triangles', 'contents drawn per level', 'LOD2 leaf at focus', 'load s (cold server)'], viewRows));
    console.log(`Goals: city-wide ≤ ${CITY_MB_BOUND} MB and ≤ ${CITY_CALLS_BOUND} draw calls; street view draws the LOD2 leaf at its focus`);

    // --- shadow study ---
    const planned = (await (await fetch(`${origin}/3d/planned.json`)).json() as { planned: { id: number; height: number; attributes: { numerPozwolenia?: string } }[] }).planned;
    const tallest = [...planned].sort((a, b) => b.height - a.height)[0];
    if (tallest) {
      const studyRows: string[][] = [];
      for (const step of [15, 5]) {
        const wall: number[] = [], compute: number[] = [];
        let rays = 0;
        for (let i = 0; i < runs; i++) {
          t0 = performance.now();
          // A distinct minimum altitude per run keeps the response cache out of the measurement.
          const doc = await (await fetch(`${origin}/3d/shadow-study?planned=${tallest.id}&date=2026-06-21&step=${step}&minAltitude=${5 + i * 0.001}`)).json() as { computeMs: number; rays: number };
          wall.push(performance.now() - t0); compute.push(doc.computeMs); rays = doc.rays;
        }
        studyRows.push([`${step} min`, fmt(median(compute), 0), fmt(median(wall), 0), String(rays)]);
      }
      console.log(`\nShadow study of planned building ${tallest.id} (${tallest.attributes.numerPozwolenia ?? ''}, ${tallest.height} m), 21 June, median of ${runs}`);
      console.log(table(['step', 'compute ms', 'request ms', 'rays cast'], studyRows));
    }
    console.log(`\nLoad average at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (${os.cpus().length} cores)`);
    console.log(fails.length ? `FAIL: ${fails.join('; ')}` : 'PASS: every 3D goal met');
  } finally {
    await server.stop();
  }
  return fails.length ? 1 : 0;
}

await runBench('bench:3d', () => main(process.argv.slice(2)));
