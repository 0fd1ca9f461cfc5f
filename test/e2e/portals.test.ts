// The six portals end to end in headless Chromium (SwiftShader WebGL) against the real server on the sample
// database: each portal loads without console errors and draws its map, search finds a parcel and shows it,
// measurement agrees with PostGIS, a permalink restores the view, the English switch, a tablet layout, the
// page budget and accessibility (axe-core). Screenshots are kept in test-results/ as artefacts.
import { describe, it, expect, beforeAll, afterAll, vi } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { openPage, saveScreenshot } from '../support/browser.ts';
import { openPortalPage, startPortalSuite, stopPortalSuite } from '../support/portal-page.ts';
import type { TestApp } from '../support/app.ts';
import { PORTALS } from '../../server/catalog/portals.ts';
import { CLIENT_DIR } from '../../server/http/client.ts';
import { scaleAtZoom } from '../../server/style/zoom.ts';
import { BRANCHES } from '../../server/catalog/styles.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
// Software WebGL on a 2-core machine shared with the rest of the suite: generous limits, no timing asserted.
vi.setConfig({ testTimeout: 240_000 });
let app: TestApp;
let browser: Browser;
const firstRenderMs: Record<string, number> = {};

beforeAll(async () => { ({ app, browser } = await startPortalSuite()); }, 180_000);

afterAll(async () => {
  await stopPortalSuite({ app, browser });
  if (Object.keys(firstRenderMs).length) console.log('first full map render (ms after navigation start):', firstRenderMs);
});

const openPortal = (url: string, viewport?: { width: number; height: number }, opts: { bypassCSP?: boolean } = {}) =>
  openPortalPage(browser, url, viewport, opts);

/** Distinct colours (quantised to 4 bits a channel) that each cover at least 0.2 % of the map. */
async function mapColours(page: Page): Promise<number> {
  const png = await page.locator('#map canvas').screenshot();
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const counts = new Map<number, number>();
  for (let i = 0; i < data.length; i += 3) {
    const key = ((data[i]! >> 4) << 8) | ((data[i + 1]! >> 4) << 4) | (data[i + 2]! >> 4);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const min = info.width * info.height * 0.002;
  return [...counts.values()].filter((n) => n >= min).length;
}

/** Pixels of the map within a small distance of each of some colours ('#rrggbb'), summed. */
async function pixelsNear(page: Page, colours: readonly string[], tolerance = 40): Promise<number> {
  const png = await page.locator('#map canvas').screenshot();
  const { data } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const rgb = colours.map((c) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16)) as [number, number, number]);
  let n = 0;
  for (let i = 0; i < data.length; i += 3) {
    if (rgb.some(([r, g, b]) => Math.abs(data[i]! - r) + Math.abs(data[i + 1]! - g) + Math.abs(data[i + 2]! - b) <= tolerance)) n++;
  }
  return n;
}

function scaleShown(text: string): number {
  return Number(text.replace(/^\D*1:/, '').replace(/[^\d]/g, ''));
}

describe('landing page', () => {
  it('presents the six portals and the services, without console errors', async () => {
    const { page, errors } = await openPage(browser, `${app.url}/`);
    await page.waitForSelector('.portal-card');
    const ids = await page.$$eval('.portal-card', (cards) => cards.map((c) => (c as HTMLElement).dataset.portal));
    expect(ids).toEqual(PORTALS.map((p) => p.id));
    const hrefs = await page.$$eval('.portal-card a.enter', (as) => as.map((a) => a.getAttribute('href')));
    expect(hrefs).toEqual(PORTALS.map((p) => `/portal/${p.id}`));
    expect(await page.locator('#service-list a').count()).toBeGreaterThanOrEqual(4);
    await saveScreenshot(page, 'landing');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('has no WCAG A/AA violations (axe-core), contrast included', async () => {
    const { page } = await openPage(browser, `${app.url}/`, undefined, { bypassCSP: true });
    await page.waitForSelector('.portal-card');
    await page.addScriptTag({ path: path.join(ROOT, 'node_modules/axe-core/axe.min.js') });
    const violations = await page.evaluate(async () => {
      const r = await (window as unknown as { axe: { run(o: unknown): Promise<{ violations: { id: string; nodes: unknown[] }[] }> } }).axe
        .run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } });
      return r.violations.map((v) => `${v.id} (${v.nodes.length})`);
    });
    expect(violations).toEqual([]);
    await page.context().close();
  });
});

describe.each(PORTALS.map((p) => [p.id, p] as const))('portal %s', (id, portal) => {
  it('loads without console errors, draws its map and offers its own layers and tools', async () => {
    const { page, errors } = await openPortal(`${app.url}/portal/${id}`);
    firstRenderMs[id] = Number(await page.evaluate(() => document.body.dataset.mapReady));
    await page.waitForTimeout(500);
    expect(await mapColours(page)).toBeGreaterThanOrEqual(4);
    const title = await page.textContent('#portal-title');
    expect(title).toContain(portal.title.pl);
    // The portal's default layers are the checked ones (branches follow their parent).
    const checked = await page.$$eval('input[data-layer]:checked', (bs) => bs.map((b) => (b as HTMLInputElement).dataset.layer!));
    for (const l of portal.layers) expect(checked).toContain(l);
    const tools = await page.$$eval('#toolbar button[data-tool]', (bs) => bs.map((b) => (b as HTMLElement).dataset.tool));
    // The designers' and utility firms' portals add their coordination cases ("Moje sprawy", client/src/cases/coordination.ts).
    const cases = ['projektanci', 'branzysci'].includes(id) ? ['coordination'] : [];
    expect(tools).toEqual([...['info', 'measure', 'sheets', 'draw', 'download', 'order', 'zgloszenia'].filter((t) => t === 'info' || portal.tools.includes(t as never)), ...cases]);
    expect(await page.locator('#open-3d').count()).toBe(portal.tools.includes('view3d') ? 1 : 0);
    await saveScreenshot(page, `portal-${id}`);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('map tools', () => {
  it('search by parcel identifier zooms to the parcel and its popup shows its idDzialki', async () => {
    const [parcel] = await app.db.query<{ id: string }>(`SELECT "idDzialki" AS id FROM egib.dzialki ORDER BY ST_Area(geom) DESC OFFSET 40 LIMIT 1`);
    const { page, errors } = await openPortal(`${app.url}/portal/klienci`);
    const before = scaleShown((await page.textContent('#scale-denominator'))!);
    await page.fill('#search-input', parcel!.id);
    await page.press('#search-input', 'Enter');
    const cell = page.locator('.maplibregl-popup .feature-info td[data-attr="idDzialki"]');
    await cell.waitFor({ timeout: 15_000 });
    expect(await cell.textContent()).toBe(parcel!.id);
    const after = scaleShown((await page.textContent('#scale-denominator'))!);
    expect(after).toBeLessThan(before);
    expect(after).toBeLessThanOrEqual(5000);
    await page.waitForTimeout(800);
    await saveScreenshot(page, 'search-parcel');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('search by district and number, and by street and house number, by keyboard', async () => {
    const [p] = await app.db.query<{ obreb: string; nr: string; id: string }>(
      `SELECT o."nazwaObrebu" AS obreb, d."numerDzialki" AS nr, d."idDzialki" AS id FROM egib.dzialki d JOIN egib.obreby o USING ("idObrebu") WHERE d."numerDzialki" LIKE '%/%' ORDER BY d."idDzialki" LIMIT 1`);
    const { page } = await openPortal(`${app.url}/portal/komornicy`);
    await page.focus('#search-input');
    await page.keyboard.type(`${p!.obreb} ${p!.nr}`);
    await page.locator('#search-results li').first().waitFor();
    expect(await page.locator('#search-results li').first().textContent()).toContain(p!.id);
    await page.keyboard.press('Enter');
    await page.locator('.feature-info td[data-attr="idDzialki"]').waitFor();
    expect(await page.textContent('.feature-info td[data-attr="idDzialki"]')).toBe(p!.id);
    const [b] = await app.db.query<{ ulica: string; nr: string }>(`SELECT ulica, "numerPorzadkowy" AS nr FROM egib.budynki WHERE ulica IS NOT NULL AND "numerPorzadkowy" IS NOT NULL ORDER BY "idBudynku" LIMIT 1 OFFSET 100`);
    await page.fill('#search-input', `${b!.ulica} ${b!.nr}`);
    // The previous answer may hold a street hit too ("Garbary 11/1" reads as an address as well): wait for this one.
    await page.locator('#search-results li[data-kind="street"]', { hasText: `${b!.ulica} ${b!.nr}` }).first().waitFor();
    expect(await page.locator('#search-results li').first().textContent()).toContain(`${b!.ulica} ${b!.nr}`);
    await page.context().close();
  });

  it('measuring a segment gives PostGIS’s geodesic length within 1 cm, and an area within 1 dm²', async () => {
    const { page, errors } = await openPortal(`${app.url}/portal/geodeci`);
    await page.click('#toolbar button[data-tool="measure"]');
    const box = (await page.locator('#map').boundingBox())!;
    await page.mouse.click(box.x + 150, box.y + 180);
    await page.waitForTimeout(400);
    await page.mouse.click(box.x + 520, box.y + 430);
    await page.locator('#measure-result [data-metres]').waitFor();
    const metres = Number(await page.getAttribute('#measure-result [data-metres]', 'data-metres'));
    const pts = await page.$$eval('.vertex-list li', (lis) => lis.map((li) => [Number((li as HTMLElement).dataset.lng), Number((li as HTMLElement).dataset.lat)]));
    expect(pts).toHaveLength(2);
    const [row] = await app.db.query<{ s: number }>(
      `SELECT ST_Length(ST_MakeLine(ST_SetSRID(ST_MakePoint($1, $2), 4326), ST_SetSRID(ST_MakePoint($3, $4), 4326))::geography) AS s`,
      [pts[0]![0], pts[0]![1], pts[1]![0], pts[1]![1]]);
    expect(metres).toBeGreaterThan(50);
    expect(Math.abs(metres - Number(row!.s))).toBeLessThan(0.01);

    await page.click('#measure-panel button[data-mode="area"]');
    await page.mouse.click(box.x + 150, box.y + 180);
    await page.waitForTimeout(400);
    await page.mouse.click(box.x + 520, box.y + 200);
    await page.waitForTimeout(400);
    await page.mouse.click(box.x + 400, box.y + 450);
    await page.keyboard.press('Enter');
    await page.locator('#measure-result [data-square-metres]').waitFor();
    const area = Number(await page.getAttribute('#measure-result [data-square-metres]', 'data-square-metres'));
    const ring = await page.$$eval('.vertex-list li', (lis) => lis.map((li) => [Number((li as HTMLElement).dataset.lng), Number((li as HTMLElement).dataset.lat)]));
    const wkt = `POLYGON((${[...ring, ring[0]!].map((p) => `${p[0]} ${p[1]}`).join(',')}))`;
    const [a] = await app.db.query<{ a: number }>(`SELECT ST_Area(ST_GeogFromText($1)) AS a`, [`SRID=4326;${wkt}`]);
    expect(Math.abs(area - Number(a!.a))).toBeLessThan(0.01);
    await saveScreenshot(page, 'measure');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('a permalink restores the view and the layers', async () => {
    const zoom = 17.5, lat = 52.4051, lng = 16.9312;
    const { page, errors } = await openPortal(`${app.url}/portal/rzeczoznawcy#map=${zoom}/${lat}/${lng}&layers=egib:dzialki,egib:kontury_uzytkow`);
    const checked = await page.$$eval('input[data-layer]:checked', (bs) => bs.map((b) => (b as HTMLInputElement).dataset.layer));
    expect(checked.sort()).toEqual(['egib:dzialki', 'egib:kontury_uzytkow']);
    const shown = scaleShown((await page.textContent('#scale-denominator'))!);
    expect(Math.abs(shown - scaleAtZoom(zoom, lat)) / scaleAtZoom(zoom, lat)).toBeLessThan(0.002);
    // Toggling a layer and asking for the link writes them back.
    await page.check('input[data-layer="egib:budynki"]');
    await page.click('#permalink');
    const hash = await page.evaluate(() => location.hash);
    expect(hash).toMatch(/^#map=17\.50\/52\.4051\d*\/16\.9312\d*&layers=/);
    expect(decodeURIComponent(hash.split('layers=')[1]!).split(',').sort()).toEqual(['egib:budynki', 'egib:dzialki', 'egib:kontury_uzytkow']);
    // The link opened anew shows the same.
    const again = await openPortal(`${app.url}/portal/rzeczoznawcy${hash}`);
    expect(await again.page.textContent('#scale-denominator')).toBe(await page.textContent('#scale-denominator'));
    expect(errors).toEqual([]);
    await page.context().close();
    await again.page.context().close();
  });

  it('feature info on a click shows attributes under the catalogue’s titles; network branches filter the lines', async () => {
    const { page } = await openPortal(`${app.url}/portal/branzysci`);
    const box = (await page.locator('#map').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.locator('.maplibregl-popup').waitFor();
    expect(await page.locator('.maplibregl-popup .feature-info th').count()).toBeGreaterThan(0);
    const headers = await page.$$eval('.maplibregl-popup .feature-info h3', (hs) => hs.map((h) => h.textContent));
    expect(headers.length).toBeGreaterThan(0);
    // Only the water branch: most of the other branches' base-map colours (gas, heating, telecom) leave the map (the
    // devices layer, outlined in its branch's colour, stays), water stays.
    const colour = (code: string) => BRANCHES.find((b) => b.value === code)!.colour;
    const others = ['g', 'c', 't'].map(colour);
    await page.keyboard.press('Escape');
    const before = await pixelsNear(page, others);
    expect(before).toBeGreaterThan(0);
    await page.uncheck('input[data-layer="gesut:przewody"]');
    await page.check('input[data-layer="gesut:przewody_wodociagowe"]');
    await page.waitForTimeout(1500);
    expect(await pixelsNear(page, others)).toBeLessThan(before / 2);
    expect(await pixelsNear(page, [colour('w')])).toBeGreaterThan(0);
    await page.context().close();
  });

  it('switches to English and back', async () => {
    const { page, errors } = await openPortal(`${app.url}/portal/projektanci`);
    await page.click('#lang-switch');
    expect(await page.textContent('#portal-title')).toContain('Designers');
    expect(await page.textContent('#toolbar button[data-tool="measure"]')).toBe('Measure');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.click('#lang-switch');
    expect(await page.textContent('#toolbar button[data-tool="measure"]')).toBe('Pomiar');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('works on a tablet: sidebar above a map of useful height', async () => {
    const { page, errors } = await openPortal(`${app.url}/portal/klienci`, { width: 768, height: 1024 });
    const map = (await page.locator('#map').boundingBox())!;
    expect(map.width).toBeGreaterThanOrEqual(760);
    expect(map.height).toBeGreaterThan(450);
    expect(await mapColours(page)).toBeGreaterThanOrEqual(4);
    await saveScreenshot(page, 'portal-klienci-tablet');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('a portal page has no WCAG A/AA violations outside the map canvas (axe-core)', async () => {
    const { page } = await openPortal(`${app.url}/portal/geodeci`, undefined, { bypassCSP: true });
    await page.addScriptTag({ path: path.join(ROOT, 'node_modules/axe-core/axe.min.js') });
    const violations = await page.evaluate(async () => {
      const r = await (window as unknown as { axe: { run(c: unknown, o: unknown): Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> } }).axe
        .run({ exclude: [['.maplibregl-canvas-container']] }, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } });
      return r.violations.map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target)).slice(0, 300)}`);
    });
    expect(violations).toEqual([]);
    await page.context().close();
  });
});

describe('page budget', () => {
  it('the initial JavaScript of a portal page is ≤ 350 kB gzipped apart from MapLibre', () => {
    const html = fs.readFileSync(path.join(CLIENT_DIR, 'portal.html'), 'utf8');
    const scripts = [...html.matchAll(/(?:src|href)="\/assets\/([^"]+\.js)"/g)].map((m) => m[1]!);
    expect(scripts.some((s) => s.startsWith('maplibre'))).toBe(true);
    const own = scripts.filter((s) => !s.startsWith('maplibre'));
    const gz = own.reduce((n, s) => n + zlib.gzipSync(fs.readFileSync(path.join(CLIENT_DIR, 'assets', s))).length, 0);
    console.log(`portal page initial JS apart from MapLibre: ${(gz / 1024).toFixed(1)} kB gzipped (${own.join(', ')})`);
    expect(gz).toBeLessThanOrEqual(350 * 1024);
  });
});
