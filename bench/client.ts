// npm run bench:client — first map render of each portal in headless Chromium (Debian chromium, SwiftShader
// WebGL, no GPU) against the 2 s bound of the client issue, and the page's JavaScript weight against its
// 350 kB budget. Cold = a new browser context (empty cache); warm = the same context loaded again.
//   DATABASE_URL=postgres://…/sample npm run bench:client [-- --runs 5]
// The time is from navigation start to MapLibre's first 'idle' (style, tiles of every source loaded and drawn).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { launchBrowser } from '../test/support/browser.ts';
import { PORTALS } from '../server/catalog/portals.ts';
import { CLIENT_DIR, clientBuilt } from '../server/http/client.ts';
import { startOurServer } from './lib/ours.ts';
import { makeTempDir, runBench } from './lib/processes.ts';
import { fmt, median, table } from './lib/report.ts';

const BOUND_MS = 2000;
const BUDGET_KB = 350;

async function main(args: string[]): Promise<number> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) { console.error('DATABASE_URL (a database with the sample data) is required'); return 2; }
  if (!clientBuilt()) { console.error('build the client first: npm run build'); return 2; }
  const runs = Number(args[args.indexOf('--runs') + 1] ?? 5) || 5;

  const html = fs.readFileSync(path.join(CLIENT_DIR, 'portal.html'), 'utf8');
  const scripts = [...html.matchAll(/(?:src|href)="\/assets\/([^"]+\.js)"/g)].map((m) => m[1]!);
  const gz = (s: string) => zlib.gzipSync(fs.readFileSync(path.join(CLIENT_DIR, 'assets', s))).length / 1024;
  const own = scripts.filter((s) => !s.startsWith('maplibre')).reduce((n, s) => n + gz(s), 0);
  const lib = scripts.filter((s) => s.startsWith('maplibre')).reduce((n, s) => n + gz(s), 0);

  const server = await startOurServer({ dir: makeTempDir('bench-client'), databaseUrl, label: 'client' });
  const origin = server.base.replace(/\/ows\?$/, '');
  const browser = await launchBrowser();
  const rows: string[][] = [];
  const allCold: number[] = [];
  try {
    for (const p of PORTALS) {
      const cold: number[] = [], warm: number[] = [], styleLoaded: number[] = [];
      for (let i = 0; i < runs; i++) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        const page = await context.newPage();
        for (const list of [cold, warm]) {
          await page.goto(`${origin}/portal/${p.id}`, { waitUntil: 'load' });
          await page.waitForSelector('body[data-map-ready]', { timeout: 60_000 });
          list.push(Number(await page.evaluate(() => document.body.dataset.mapReady)));
          if (list === cold) styleLoaded.push(Number(await page.evaluate(() => document.body.dataset.mapLoaded)));
        }
        await context.close();
      }
      allCold.push(...cold);
      rows.push([p.id, fmt(median(styleLoaded), 0), fmt(median(cold), 0), fmt(Math.max(...cold), 0), fmt(median(warm), 0), fmt(median(cold) / BOUND_MS, 2)]);
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  console.log(`\nFirst map render, ${runs} runs per portal, 1280×800, headless Chromium with SwiftShader (ms from navigation start)`);
  console.log(table(['portal', 'style loaded', 'cold median', 'cold max', 'warm median', 'cold / 2 s bound'], rows));
  console.log(`\nAll portals, cold: median ${fmt(median(allCold), 0)} ms = ${fmt(median(allCold) / BOUND_MS, 2)} × the ${BOUND_MS} ms bound`);
  console.log(`Portal page JavaScript (gzip): ${fmt(own, 1)} kB of our own = ${fmt(own / BUDGET_KB, 2)} × the ${BUDGET_KB} kB budget; MapLibre ${fmt(lib, 1)} kB apart`);
  return 0;
}

await runBench('bench:client', () => main(process.argv.slice(2)));
