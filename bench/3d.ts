// npm run bench:3d — the 3D service against the bounds of its issue:
//   • GLB of a building tile ≤ 1 MB (meshopt-compressed; the uncompressed size beside it);
//   • the whole sample district in one view in ≤ 100 draw calls (three.js renderer.info, shadow pass included),
//     and the frame time in headless Chromium (SwiftShader: software WebGL, no GPU — a floor, not a user's figure);
//   • the time of a one-day shadow study (21 June, 15-minute and 5-minute steps) for one planned building.
//   DATABASE_URL=postgres://…/sample npm run bench:3d [-- --runs 3]      (build the client first: npx vite build)
import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser } from '../test/support/browser.ts';
import { CLIENT_DIR } from '../server/http/client.ts';
import { startOurServer } from './lib/ours.ts';
import { makeTempDir, runBench } from './lib/processes.ts';
import { fmt, median, table } from './lib/report.ts';

const GLB_BOUND_KB = 1024;
const CALLS_BOUND = 100;

async function main(args: string[]): Promise<number> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) { console.error('DATABASE_URL (a database with the sample data) is required'); return 2; }
  if (!fs.existsSync(path.join(CLIENT_DIR, 'view3d.html'))) { console.error('build the client first: npx vite build'); return 2; }
  const runs = Number(args[args.indexOf('--runs') + 1] ?? 3) || 3;
  // No response cache: every tile and study is computed for the measurement.
  const server = await startOurServer({ dir: makeTempDir('bench-3d'), databaseUrl, label: '3d', env: { TILE_CACHE_MB: '0' } });
  const origin = server.base.replace(/\/ows\?$/, '');
  try {
    // --- GLB sizes and build times ---
    const ts = await (await fetch(`${origin}/3d/tileset.json`)).json() as { root: { children: { contents: { uri: string }[] }[] } };
    const rows: string[][] = [];
    let largest = 0;
    for (const tile of ts.root.children) for (const c of tile.contents) {
      const t0 = performance.now();
      const packed = (await (await fetch(`${origin}/3d/${c.uri}`)).arrayBuffer()).byteLength / 1024;
      const ms = performance.now() - t0;
      const plain = (await (await fetch(`${origin}/3d/${c.uri}?meshopt=0`)).arrayBuffer()).byteLength / 1024;
      if (c.uri.endsWith('budynki.glb')) largest = Math.max(largest, packed);
      rows.push([c.uri, fmt(packed, 0), fmt(plain, 0), fmt(plain / packed, 1), fmt(ms, 0), c.uri.endsWith('budynki.glb') ? fmt(packed / GLB_BOUND_KB, 2) : '']);
    }
    console.log('\nGLB contents of the tileset (sizes in kB; time = one request, computed, no cache)');
    console.log(table(['content', 'meshopt', 'plain', 'ratio', 'ms', '÷ 1 MB bound'], rows));
    console.log(`Largest building tile: ${fmt(largest, 0)} kB = ${fmt(largest / GLB_BOUND_KB, 2)} × the 1 MB bound`);

    // --- shadow study ---
    const planned = (await (await fetch(`${origin}/3d/planned.json`)).json() as { planned: { id: number; height: number; attributes: { numerPozwolenia?: string } }[] }).planned;
    const tallest = [...planned].sort((a, b) => b.height - a.height)[0]!;
    const studyRows: string[][] = [];
    for (const step of [15, 5]) {
      const wall: number[] = [], compute: number[] = [];
      let rays = 0;
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        const doc = await (await fetch(`${origin}/3d/shadow-study?planned=${tallest.id}&date=2026-06-21&step=${step}`)).json() as { computeMs: number; rays: number; sun: { steps: number } };
        wall.push(performance.now() - t0); compute.push(doc.computeMs); rays = doc.rays;
      }
      studyRows.push([`${step} min`, fmt(median(compute), 0), fmt(median(wall), 0), String(rays)]);
    }
    console.log(`\nShadow study of planned building ${tallest.id} (${tallest.attributes.numerPozwolenia ?? ''}, ${tallest.height} m), 21 June, median of ${runs}`);
    console.log(table(['step', 'compute ms', 'request ms', 'rays cast'], studyRows));

    // --- the view in headless Chromium ---
    const browser = await launchBrowser();
    try {
      const calls: number[] = [], frames: number[] = [], loads: number[] = [];
      let triangles = 0;
      for (let i = 0; i < runs; i++) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        const page = await context.newPage();
        const t0 = performance.now();
        await page.goto(`${origin}/widok-3d?date=2026-06-21&time=15:00`, { waitUntil: 'load' });
        await page.waitForFunction(() => window.__view3d?.ready || window.__view3d?.error, undefined, { timeout: 300_000 });
        loads.push(performance.now() - t0);
        calls.push(await page.evaluate(() => window.__view3d.calls));
        triangles = await page.evaluate(() => window.__view3d.triangles);
        frames.push(await page.evaluate(() => window.__view3d.frameTimeMs(10)));
        await context.close();
      }
      console.log(`\nThe whole district in one view, 1280×800, headless Chromium + SwiftShader, ${runs} runs`);
      console.log(table(['draw calls', '÷ 100 bound', 'triangles', 'frame ms (median)', 'load to first frame ms (median)'],
        [[String(median(calls)), fmt(median(calls) / CALLS_BOUND, 2), String(triangles), fmt(median(frames), 0), fmt(median(loads), 0)]]));
    } finally {
      await browser.close();
    }
  } finally {
    await server.stop();
  }
  return 0;
}

await runBench('bench:3d', () => main(process.argv.slice(2)));
