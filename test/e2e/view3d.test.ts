// The 3D view in headless Chromium (SwiftShader WebGL) against the real server on the sample database: the page
// loads the tileset, draws terrain, buildings, planned buildings and trees with sun shadows (the canvas is not
// blank), refines by screen-space error (the district from afar is its LOD1 tile, a close view its LOD2 leaves),
// picking shows attribute popups, the shadow study fills its table; reports draw calls and frame time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, saveScreenshot } from '../support/browser.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { sampleUrl } from '../support/db.ts';

const BUILT = path.resolve(import.meta.dirname, '../../dist/client/view3d.html');

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  if (!fs.existsSync(BUILT)) throw new Error('dist/client/view3d.html is missing: run `npx vite build` first');
  server = await startServer({ DATABASE_URL: sampleUrl(), WORKERS: '1' });
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Distinct colours (5 bits per channel) and the share of pixels unlike the most common one. */
async function imageVariety(png: Buffer): Promise<{ colours: number; nonBackground: number }> {
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  const counts = new Map<number, number>();
  for (let i = 0; i < data.length; i += info.channels) {
    const key = ((data[i]! >> 3) << 10) | ((data[i + 1]! >> 3) << 5) | (data[i + 2]! >> 3);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const total = data.length / info.channels;
  const top = Math.max(...counts.values());
  return { colours: counts.size, nonBackground: (total - top) / total };
}

describe('3D view /widok-3d', () => {
  it('draws the district with terrain, buildings, planned buildings and trees in at most 100 draw calls', async () => {
    const planned = (await (await fetch(`${server.url}/3d/planned.json`)).json() as { planned: { id: number; height: number }[] }).planned;
    const tallest = [...planned].sort((a, b) => b.height - a.height)[0]!;
    // The whole district first: the default view frames the model.
    const { page, errors } = await openPage(browser, `${server.url}/widok-3d?date=2026-06-21&time=15:00`);
    await page.waitForFunction(() => window.__view3d?.ready || window.__view3d?.error, undefined, { timeout: 240_000 });
    expect(await page.evaluate(() => window.__view3d.error ?? null)).toBeNull();
    await page.waitForTimeout(500);
    const calls = await page.evaluate(() => window.__view3d.calls);
    const triangles = await page.evaluate(() => window.__view3d.triangles);
    const frameMs = await page.evaluate(() => window.__view3d.frameTimeMs(3));
    const shot = await saveScreenshot(page, 'view3d-district');
    const variety = await imageVariety(await page.locator('#scene canvas').screenshot());
    console.log(`3D view, whole district: ${calls} draw calls (shadow pass included), ${triangles} triangles, ${frameMs.toFixed(0)} ms per frame in headless Chromium (SwiftShader); screenshot ${shot}`);
    expect(calls).toBeGreaterThan(4);
    expect(calls).toBeLessThanOrEqual(100);
    // Refinement by screen-space error: from 3 km the district is its one level-1 tile (terrain, LOD1 blocks,
    // planned buildings); none of the LOD2 leaves is fetched.
    const far = await page.evaluate(() => window.__view3d.tiles());
    console.log(`3D view, whole district: ${far.fetched} contents fetched, ${(far.bytes / 1024).toFixed(0)} kB: ${far.drawn.join(', ')}`);
    expect(far.drawn.sort()).toEqual(['lod/1/0/0/budynki.glb', 'lod/1/0/0/projektowane.glb', 'lod/1/0/0/teren.glb']);
    expect(far.fetched).toBe(3);
    expect(variety.colours).toBeGreaterThan(200);
    expect(variety.nonBackground).toBeGreaterThan(0.5);
    // The planned utility lines (GESUT status projektowany) are in the scene, as many as the service serves, with
    // their legend entry; every one below the terrain (the sample's NMT less its depth or the default cover).
    const networks = await (await fetch(`${server.url}/3d/networks.json`)).json() as { terrain: boolean; lines: { coordinates: number[][] }[] };
    expect(networks.lines.length).toBeGreaterThan(0);
    expect(networks.terrain).toBe(true);
    expect(await page.evaluate(() => window.__view3d.plannedNetworks)).toBe(networks.lines.length);
    expect(await page.textContent('#networks-count')).toBe(String(networks.lines.length));
    expect(await page.isChecked('#show-networks')).toBe(true);
    expect(errors).toEqual([]);
    await page.context().close();

    // A planned building: the view centres on it, the popup of a clicked building shows catalogue titles, the
    // shadow study lists the parcels losing sun and judges the residential facades.
    const second = await openPage(browser, `${server.url}/widok-3d?planned=${tallest.id}&date=2026-12-21&time=12:00`);
    await second.page.waitForFunction(() => window.__view3d?.ready || window.__view3d?.error, undefined, { timeout: 240_000 });
    // Close up, the tiles round the building are the LOD2 leaves with their trees, as before the quadtree.
    const near = await second.page.evaluate(() => window.__view3d.tiles());
    console.log(`3D view, planned building ${tallest.id}: ${near.fetched} contents fetched, ${(near.bytes / 1024).toFixed(0)} kB: ${near.drawn.join(', ')}`);
    expect(near.drawn.some((u) => /^tiles\/\d+\/\d+\/budynki\.glb$/.test(u))).toBe(true);
    expect(near.drawn.some((u) => u.endsWith('/drzewa.glb'))).toBe(true);
    expect(near.drawn.some((u) => u.startsWith('lod/') && u.endsWith('/budynki.glb'))).toBe(false);
    const canvas = second.page.locator('#scene canvas');
    const box = (await canvas.boundingBox())!;
    await second.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await second.page.waitForSelector('#popup:not([hidden])', { timeout: 10_000 });
    const popup = await second.page.locator('#popup').innerText();
    expect(popup).toMatch(/Numer pozwolenia|Identyfikator budynku|Rodzaj dachu/);
    // The legal mode: the equinoxes 7:00–17:00 (warunki techniczne §60); the residential facades' verdicts, the own
    // parcel apart, the reports; the scene's sun moves from the URL's 21 December to the studied 21 March.
    await second.page.selectOption('#study-date', 'equinox');
    await second.page.click('#study-run');
    await second.page.waitForFunction(() => window.__view3d.studyDone, undefined, { timeout: 180_000 });
    await second.page.fill('#study-threshold', '0');
    const rows = await second.page.locator('#study-parcels tbody tr').count();
    expect(rows).toBeGreaterThan(0);
    expect(await second.page.locator('#study-compliance caption').innerText()).toContain('§60');
    expect(await second.page.locator('#study-compliance tbody tr').count()).toBeGreaterThan(0);
    expect(await second.page.locator('#study-own').innerText()).toMatch(/Działki inwestycji.*306401_1\./);
    expect(await second.page.inputValue('#sun-date')).toBe('2026-03-21');
    expect(await second.page.locator('#study-csv').getAttribute('href')).toContain('f=csv');
    expect(await second.page.locator('#study-pdf').getAttribute('href')).toMatch(/mode=equinox.*f=pdf/);
    await saveScreenshot(second.page, 'view3d-shadow-study');
    expect(second.errors).toEqual([]);
    await second.page.context().close();
  }, 600_000);
});
