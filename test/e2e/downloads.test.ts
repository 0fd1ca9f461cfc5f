// Picking map sheets and downloading them end to end: the sheets tool on the PL-2000 index, the download panel's
// extract job followed by Server-Sent Events, and the file opened by GDAL with PostGIS's counts.
import { describe, it, expect, beforeAll, afterAll, vi } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { saveScreenshot } from '../support/browser.ts';
import { openPortalPage, startPortalSuite, stopPortalSuite } from '../support/portal-page.ts';
import type { TestApp } from '../support/app.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
vi.setConfig({ testTimeout: 240_000 });
let app: TestApp;
let browser: Browser;

beforeAll(async () => { ({ app, browser } = await startPortalSuite()); }, 180_000);

afterAll(async () => {
  await stopPortalSuite({ app, browser });
});

const openPortal = (url: string) => openPortalPage(browser, url);

describe('sheets and downloads', () => {
  it('picks a PL-2000 sheet on the map, makes a GeoPackage of it as a job with progress, and ogrinfo opens it', async () => {
    const { page, errors } = await openPortal(`${app.url}/portal/geodeci`);
    await page.click('#toolbar button[data-tool="sheets"]');
    await page.selectOption('#sheet-scale', '1000');
    await page.waitForTimeout(1500);
    const box = (await page.locator('#map').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const item = page.locator('#sheets-panel li[data-godlo]');
    await item.first().waitFor({ timeout: 15_000 });
    expect(await item.count()).toBe(1);
    const godlo = (await item.first().getAttribute('data-godlo'))!;
    // The sheet under the map's centre, as the sheet index says.
    await page.click('#permalink');
    const [, lat, lng] = (await page.evaluate(() => location.hash)).match(/map=[\d.]+\/([\d.]+)\/([\d.]+)/)!.map(Number);
    const idx = await (await fetch(`${app.url}/api/sheets?${new URLSearchParams({ scale: '1000', bbox: [lng! - 1e-6, lat! - 1e-6, lng! + 1e-6, lat! + 1e-6].join(','), 'bbox-crs': 'http://www.opengis.net/def/crs/OGC/1.3/CRS84' })}`)).json() as { features: { properties: { godlo: string } }[] };
    expect(idx.features.map((f) => f.properties.godlo)).toEqual([godlo]);

    await page.click('#toolbar button[data-tool="download"]');
    await page.selectOption('#download-format', 'gpkg');
    for (const c of await page.$$('input[name="download-layer"]')) await c.uncheck();
    await page.check('input[name="download-layer"][value="egib:dzialki"]');
    await page.check('input[name="download-layer"][value="egib:budynki"]');
    expect(await page.isChecked('input[name="download-area"][value="area"]')).toBe(true);
    await page.click('#download-start');
    await page.locator('#download-job[data-status="done"]').waitFor({ timeout: 60_000 });
    const href = (await page.getAttribute('#download-file', 'href'))!;
    const file = await fetch(href.replace(/^https?:\/\/[^/]+/, app.url));
    expect(file.status).toBe(200);
    const gpkg = path.join(ROOT, 'test-results', `sheet-${godlo}.gpkg`);
    fs.mkdirSync(path.dirname(gpkg), { recursive: true });
    fs.writeFileSync(gpkg, Buffer.from(await file.arrayBuffer()));
    const info = execFileSync('ogrinfo', ['-ro', '-so', '-al', gpkg], { encoding: 'utf8' });
    const counts = [...info.matchAll(/Feature Count: (\d+)/g)].map((m) => Number(m[1]));
    expect(info).toMatch(/Layer name: .*dzialki/);
    expect(info).toMatch(/Layer name: .*budynki/);
    expect(counts.every((n) => n > 0)).toBe(true);
    // The parcels of the file are those meeting the sheet, as PostGIS counts them.
    const [n] = await app.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM egib.dzialki d WHERE ST_Intersects(d.geom, (SELECT geom FROM pl2000.arkusze WHERE godlo = $1))`, [godlo]);
    expect(counts[0]).toBe(n!.n);
    await saveScreenshot(page, 'download-sheet');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

