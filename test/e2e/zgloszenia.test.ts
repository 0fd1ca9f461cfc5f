// "Moje sprawy" of Portal Geodety: the surveyor's whole case in headless Chromium (issue 18, "Done when", the
// surveyors' half), on a database of its own (the acceptance changes the register; the shared sample must stay as it
// is), one server and one browser:
//   1. a surveyor (a real session) notifies work in the page: an unknown parcel is refused with the server's problem
//      shown; a parcel picked by clicking the map and its neighbour typed beside it are notified with the session's
//      CSRF token; the case is listed with its number, state and DOO link;
//   2. the package job assembles the materials and the surveyor is mailed; the office marks the DOO paid in /biuro;
//      the surveyor downloads the package in the page and GDAL's ogrinfo finds in its GML exactly the layers and
//      feature counts the database holds within the package's area (the notified area + 30 m; control + 300 m);
//   3. the surveyor hands over results that move the boundary between the two parcels and split the eastern one:
//      first a broken variant (the new parcels overlap) whose report in the page fails the tiling check, which the
//      office rejects with reasons on the report page; then the correct one, whose report passes every check;
//   4. the office (role pracownik) finds it in its queue (/biuro/sprawy) and accepts it into the register;
//   5. GDAL's WFS driver reads the two new parcels (and not the old one) from /wfs, and the info tool of the
//      surveyor's map shows the new parcel at its point (WMS GetFeatureInfo of the map).
// Then a case's permalink (/portal/geodeci#sprawa=<id>, as the e-mails and the office's queue give it) opens the
// portal on the case's panel with the map on its area for its surveyor and the office; another surveyor is told the
// case is not theirs and sees none of it; a signed-out visitor is offered the login that comes back to the case.
import { describe, it, expect, beforeAll, afterAll, vi } from 'vitest';
import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, saveScreenshot } from '../support/browser.ts';
import { ensureClientBuilt, openPortalPage } from '../support/portal-page.ts';
import { startApp, type TestApp } from '../support/app.ts';
import { sampleCopy } from '../support/db.ts';
import { gmlOfResults, rect, type ResultFeature, type Ring } from '../support/survey-results.ts';
import { quoteIdent, quoteTable } from '../../server/db/database.ts';
import { createUser } from '../../server/accounts/users.ts';
import { createSession } from '../../server/accounts/sessions.ts';
import { transform } from '../../server/crs/definitions.ts';
import { openPage } from '../support/browser.ts';
import { fileZgloszenie } from '../../server/cases/zgloszenia/store.ts';
import { CONTROL_LAYERS, PACKAGE_LAYERS } from '../../server/services/downloads/package.ts';

vi.setConfig({ testTimeout: 300_000 });
const run = promisify(execFile);
const dir = mkdtempSync(path.join(tmpdir(), 'zgloszenia-e2e-'));
const outbox = path.join(dir, 'poczta');
let fresh: { url: string; drop(): Promise<void> };
let app: TestApp;
let browser: Browser;

beforeAll(async () => {
  ensureClientBuilt();
  fresh = await sampleCopy('sip_zg_e2e');
  app = await startApp({ MAIL_OUTBOX_DIR: outbox }, fresh.url);
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await fresh?.drop();
});

/** A browser context signed in as `userId` (the session cookie, as after logging in). */
async function signedIn(userId: number): Promise<BrowserContext> {
  const token = await createSession(app.db, userId, { idleHours: 1, maxHours: 2 }, '127.0.0.1', 'e2e');
  const context = await browser.newContext({ locale: 'pl-PL', viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(90_000);
  await context.addCookies([{ name: 'sip_sesja', value: token, url: app.url }]);
  return context;
}

/** The GRS80 ellipsoid area of a ring in ha, to 0.0001 ha, as the surveyor declares it. */
async function poleOf(ring: Ring): Promise<string> {
  const [r] = await app.db.query<{ ha: string }>(`SELECT round((ST_Area(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON($1), 2177), 4326)::geography, true) / 10000)::numeric, 4)::text AS ha`,
    [JSON.stringify({ type: 'Polygon', coordinates: [ring] })]);
  return r!.ha;
}

const textIn = (page: Page, sel: string, text: string) =>
  page.waitForFunction(([s, t]) => [...document.querySelectorAll(s!)].some((el) => el.textContent?.includes(t!)), [sel, text]);

/** ogrinfo's summary of a vector file: layer name (without the namespace prefix) → feature count. */
async function layerCounts(source: string): Promise<Record<string, number>> {
  const { stdout } = await run('ogrinfo', ['-ro', '-so', '-al', source], { maxBuffer: 1 << 26 });
  const out: Record<string, number> = {};
  let layer = '';
  for (const line of stdout.split('\n')) {
    const name = /^Layer name: (.+)$/.exec(line);
    if (name) layer = name[1]!.trim().replace(/^\w+:/, '');
    const n = /^Feature Count: (\d+)/.exec(line);
    if (n && layer) out[layer] = Number(n[1]);
  }
  return out;
}

/** The features of catalogue layers within an area (EPSG:2177 GeoJSON), counted in the database (by local name). */
async function databaseCounts(layers: readonly string[], area: unknown): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const name of layers) {
    const l = app.catalog.layer(name, 'geodeta')!;
    const where = l.where ? ` AND ${quoteIdent(l.where.column)} = $2` : '';
    const [r] = await app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${quoteTable(l.table)}
      WHERE ST_Intersects(${quoteIdent(l.geometry.column)}, ST_SetSRID(ST_GeomFromGeoJSON($1), 2177))${where}`, l.where ? [JSON.stringify(area), l.where.value] : [JSON.stringify(area)]);
    if (r!.n > 0) out[name.replace(/^\w+:/, '')] = r!.n;
  }
  return out;
}

describe('Moje sprawy (Portal Geodety): notification → package → results → acceptance → WFS and the map', () => {
  it('walks the surveyor\'s whole case through the pages of the surveyor and of the office', async () => {
    // Two adjacent rectangular parcels of one district (A west of B), B wide enough to be split.
    const rectangle = `ST_NPoints(geom) = 5 AND abs(ST_Area(geom) - ST_Area(ST_Envelope(geom))) < 0.001 AND "numerArkusza" IS NULL`;
    const [pair] = await app.db.query<{ a: string; b: string; obreb: string; numerB: string; x1: number; xm: number; x2: number; y1: number; y2: number }>(`
      SELECT a."idDzialki" AS a, b."idDzialki" AS b, b."idObrebu" AS obreb, b."numerDzialki" AS "numerB",
             ST_XMin(a.geom) AS x1, ST_XMax(a.geom) AS xm, ST_XMax(b.geom) AS x2, ST_YMin(a.geom) AS y1, ST_YMax(a.geom) AS y2
        FROM (SELECT * FROM egib.dzialki WHERE ${rectangle}) a JOIN (SELECT * FROM egib.dzialki WHERE ${rectangle}) b
          ON a.geom && b.geom AND ST_XMax(a.geom) = ST_XMin(b.geom) AND ST_YMin(a.geom) = ST_YMin(b.geom) AND ST_YMax(a.geom) = ST_YMax(b.geom)
       WHERE a."idObrebu" = b."idObrebu" AND b."numerDzialki" NOT LIKE '%/%'
         AND ST_XMax(a.geom) - ST_XMin(a.geom) > 6 AND ST_XMax(b.geom) - ST_XMin(b.geom) > 8
       ORDER BY a."idDzialki" LIMIT 1`);
    expect(pair, 'two adjacent rectangular parcels in the sample').toBeDefined();
    const { a, b, obreb, numerB, x1, xm, x2, y1, y2 } = pair!;
    const surveyor = await createUser(app.db, 'geodeta_lancuch', 'geodeta.lancuch@example.pl', 'Dluga-fraza-testowa-2026', 'geodeta');
    const staff = await createUser(app.db, 'pracownik_lancuch', 'pracownik.lancuch@example.pl', 'Dluga-fraza-testowa-2026', 'pracownik');

    // ---- 1. the notification, in the surveyors' portal; the map opens on A's inner point
    const [inner] = await app.db.query<{ x: number; y: number }>('SELECT ST_X(ST_PointOnSurface(geom)) AS x, ST_Y(ST_PointOnSurface(geom)) AS y FROM egib.dzialki WHERE "idDzialki" = $1', [a]);
    const [lng, lat] = transform('EPSG:2177', 'CRS:84', [inner!.x, inner!.y]);
    const geodeta = await signedIn(surveyor.id);
    const { page, errors } = await openPortalPage(browser, `${app.url}/portal/geodeci#map=19/${lat}/${lng}`);
    await page.context().addCookies(await geodeta.cookies());
    const tool = () => page.click('#toolbar button[data-tool="zgloszenia"]');
    await tool();
    await page.waitForSelector('#zgloszenie-form');
    await page.waitForSelector('#zgloszenia-none');
    await page.fill('#zg-numerUprawnien', '25123');
    await page.fill('#zg-wykonawca', 'GeoPomiar Jan Kowalski, ul. Głogowska 10, Poznań');
    await page.selectOption('#zg-celPrac', 'podział nieruchomości');
    // A parcel the register does not hold: the server's problem is shown.
    await page.fill('#zg-dzialki', `${obreb}.99999`);
    await page.press('#zg-dzialki', 'Tab');
    await page.click('#zg-submit');
    await textIn(page, '#zgloszenia-message [role="alert"]', `no parcel ${obreb}.99999`);
    // A click on the map picks the parcel under it (OGC API Features); what was typed survives the redraw.
    await page.fill('#zg-dzialki', '');
    await page.press('#zg-dzialki', 'Tab');
    const mapBox = (await page.locator('#map').boundingBox())!;
    await page.mouse.click(mapBox.x + mapBox.width / 2, mapBox.y + mapBox.height / 2);
    await page.waitForFunction((id) => (document.querySelector('#zg-dzialki') as HTMLInputElement | null)?.value === id, a);
    expect(await page.inputValue('#zg-numerUprawnien')).toBe('25123');
    await page.fill('#zg-dzialki', `${a}, ${b}`);
    await page.press('#zg-dzialki', 'Tab');
    await page.click('#zg-submit');
    await textIn(page, '#zgloszenia-message', 'Przyjęto zgłoszenie: ZG.6640.');
    const numer = (/ZG\.6640\.\d+\.\d{4}/.exec((await page.textContent('#zgloszenia-message'))!))![0];
    const [zg] = await app.db.query<{ id: string; job: string; order: string; dzialki: string[] }>(
      'SELECT id, zadanie_id AS job, zamowienie_id AS order, dzialki FROM portal.zgloszenia WHERE numer = $1', [numer]);
    expect(zg!.dzialki).toEqual([a, b]);
    const row = `#zgloszenia-list tr[data-numer="${numer}"]`;
    await page.waitForSelector(row);
    expect(await page.locator(`${row} a[href*="/doo.pdf"]`).count()).toBe(1);

    // ---- 2. the package: ready (the page polls), mailed, paid in the back office, downloaded, read by ogrinfo
    await textIn(page, `${row} td.pakiet`, 'gotowy – po opłaceniu DOO');
    expect(await page.textContent(`${row} td.stan`)).toBe('materiały przygotowane');
    const mails = readdirSync(outbox).map((f) => readFileSync(path.join(outbox, f), 'utf8'));
    const ready = mails.filter((m) => m.includes(`Subject: Zgłoszenie ${numer}: pakiet materiałów zasobu przygotowany`));
    expect(ready).toHaveLength(1);
    expect(ready[0]).toContain('To: geodeta.lancuch@example.pl');

    const biuro = await signedIn(staff.id);
    const office = await biuro.newPage();
    await office.goto(`${app.url}/biuro/zamowienia/${zg!.order}`);
    await office.fill('form[action$="/oplacone"] textarea', 'Wpłata w kasie ośrodka, pokwitowanie nr 12/2026.');
    await office.click('form[action$="/oplacone"] button[type="submit"]');
    await textIn(office, '#stan-zamowienia', 'opłacone');

    await tool(); await tool(); // the tool again: the list reloads
    const link = page.locator(`${row} td.pakiet a[download]`);
    await link.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const zip = path.join(dir, 'pakiet.zip');
    await download.saveAs(zip);
    const [job] = await app.db.query<{ area: unknown; control: unknown; drift: number }>(`SELECT parametry->'area'->'geometry' AS area, parametry->'package'->'control'->'geometry' AS control,
        ST_HausdorffDistance(ST_SetSRID(ST_GeomFromGeoJSON(parametry->'area'->>'geometry'), 2177), ST_Buffer(z.obszar, 30)) AS drift
      FROM portal.zadania j JOIN portal.zgloszenia z ON z.zadanie_id = j.id WHERE j.id = $1`, [zg!.job]);
    expect(job!.drift).toBeLessThan(1); // the package's area is the notified one + 30 m (its arcs drawn with fewer segments)
    const expected = await databaseCounts(PACKAGE_LAYERS, job!.area);
    for (const l of ['dzialki', 'budynki', 'punkty_graniczne', 'kontury_uzytkow']) expect(expected[l], l).toBeGreaterThan(0);
    expect(await layerCounts(`/vsizip/${zip}/dane/egib-gesut.gml`)).toEqual(expected);
    const control = await databaseCounts(CONTROL_LAYERS, job!.control);
    expect(control.punkty_osnowy).toBeGreaterThan(0);
    expect(await layerCounts(`/vsizip/${zip}/dane/osnowa.gml`)).toEqual(control);

    // ---- 3. the results: the boundary A|B moved 1.5 m west, B split in two; first broken, then right
    const m = Math.round((xm - 1.5) * 1000) / 1000, s = Math.round(((m + x2) / 2) * 1000) / 1000;
    const ra = rect(x1, y1, m, y2), r1 = rect(m, y1, s, y2), r2 = rect(s, y1, x2, y2);
    const parcel = async (id: string, ring: Ring, numerDzialki?: string): Promise<ResultFeature> =>
      ({ layer: 'dzialki', props: { idDzialki: id, ...(numerDzialki ? { numerDzialki, idObrebu: obreb } : {}), poleEwidencyjne: await poleOf(ring) }, rings: [ring] });
    const b1 = `${obreb}.${numerB}/1`, b2 = `${obreb}.${numerB}/2`;
    const overlapping = rect(m, y1, s + 1, y2);
    const broken = gmlOfResults([await parcel(a, ra), await parcel(b1, overlapping, `${numerB}/1`), await parcel(b2, r2, `${numerB}/2`)]);
    const right = gmlOfResults([await parcel(a, ra), await parcel(b1, r1, `${numerB}/1`), await parcel(b2, r2, `${numerB}/2`)]);
    const operat = { name: 'operat.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n') };

    await page.click(`${row} a.zg-open`);
    await page.waitForSelector('#zg-wyniki-form');
    await page.setInputFiles('#zg-wyniki-pliki', [{ name: 'podzial.gml', mimeType: 'application/gml+xml', buffer: Buffer.from(broken) }, operat]);
    await page.click('#zg-wyniki-submit');
    await page.waitForSelector('#zg-wyniki-1[data-passed="false"]');
    await textIn(page, '#zg-wyniki-1 .verdict', 'wykryto błędy');
    await textIn(page, '#zg-wyniki-1 tr[data-check="tiling"] td', 'niespełniona');
    await textIn(page, '#zg-wyniki-1 tr[data-check="tiling"]', 'nakład');
    for (const ok of ['files', 'crs', 'geometry', 'identifiers', 'area', 'workArea']) expect(await page.textContent(`#zg-wyniki-1 tr[data-check="${ok}"] td strong`), ok).toBe('spełniona');
    expect(await page.locator('#zg-wyniki-form').count()).toBe(0); // handed over: no second upload until the office decides
    await saveScreenshot(page, 'zgloszenia-broken-results');

    // The office rejects the broken one with reasons, from its queue through the report page.
    await office.goto(`${app.url}/biuro/sprawy?rodzaj=zgloszenie`);
    await office.click(`tr[data-case="${numer}"] a:has-text("wyniki nr 1")`);
    await office.fill('#powod', 'Działki nowe nakładają się (kontrola pokrycia): popraw granicę podziału.');
    await office.click('button[value="reject"]');
    await textIn(office, 'p', 'Decyzja ośrodka: odrzucone');

    await page.click('#zg-back');
    await page.click(`${row} a.zg-open`);
    await textIn(page, '#case-state', 'zweryfikowane negatywnie');
    await page.setInputFiles('#zg-wyniki-pliki', [{ name: 'podzial-2.gml', mimeType: 'application/gml+xml', buffer: Buffer.from(right) }, operat]);
    await page.click('#zg-wyniki-submit');
    await page.waitForSelector('#zg-wyniki-2[data-passed="true"]');
    await textIn(page, '#zg-wyniki-2 .verdict', 'wszystkie kontrole spełnione');
    expect(await page.locator('#zg-wyniki-2 tr.failed').count()).toBe(0);
    await textIn(page, '#zg-wyniki-2', [a, b].sort().join(', '));

    // ---- 4. the office accepts it into the register
    await office.goto(`${app.url}/biuro/sprawy?rodzaj=zgloszenie`);
    await textIn(office, `tr[data-case="${numer}"]`, 'czeka na decyzję');
    await saveScreenshot(office, 'biuro-zgloszenia');
    await office.click(`tr[data-case="${numer}"] a:has-text("wyniki nr 2")`);
    await office.fill('#powod', 'Operat przyjęty do zasobu.');
    await office.click('button[value="accept"]');
    await textIn(office, 'p', 'Decyzja ośrodka: przyjęte');
    await page.click('#zg-back');
    await page.click(`${row} a.zg-open`);
    await textIn(page, '#case-state', 'przyjęte do zasobu');
    await textIn(page, '#case-history', 'przyjęte do zasobu');

    // ---- 5. WFS serves the split parcels (GDAL's WFS driver), and the map shows the new parcel at its point
    const { stdout: wfs } = await run('ogrinfo', ['-ro', '-al', '-q', `WFS:${app.url}/wfs`, 'egib:dzialki', '-spat', String(m + 0.5), String(y1 + 0.5), String(x2 - 0.5), String(y2 - 0.5)], { maxBuffer: 1 << 24 });
    const ids = [...wfs.matchAll(/idDzialki \(String\) = (\S+)/g)].map((x) => x[1]).sort();
    expect(ids).toEqual([b1, b2].sort());
    const { stdout: moved } = await run('ogrinfo', ['-ro', '-al', '-q', `WFS:${app.url}/wfs`, 'egib:dzialki', '-where', `idDzialki = '${a}'`], { maxBuffer: 1 << 24 });
    expect(moved).toContain(a);

    const [plng, plat] = transform('EPSG:2177', 'CRS:84', [(m + s) / 2, (y1 + y2) / 2]);
    await page.click('#toolbar button[data-tool="info"]');
    await page.evaluate(([la, ln]) => { location.hash = `#map=20/${la}/${ln}`; }, [plat, plng]);
    // The map jumped there when the permalink is written back from its view (on moveend).
    await page.waitForFunction((want) => location.hash.startsWith(want), `#map=20.00/${plat!.toFixed(6)}/${plng!.toFixed(6)}`);
    const box = (await page.locator('#map').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await textIn(page, '.maplibregl-popup td[data-attr="idDzialki"]', b1);
    await saveScreenshot(page, 'zgloszenia-accepted-on-map');
    expect(errors.filter((e) => !/Bad Request|400/.test(e))).toEqual([]);
    await geodeta.close();
    await biuro.close();
  });
});

describe('a permalink to a case', () => {
  it('opens the case with its area for its surveyor and the office, refuses another account, asks a visitor to sign in', async () => {
    const account = async (role: string) => {
      const login = `p${randomBytes(5).toString('hex')}`;
      const user = await createUser(app.db, login, `${login}@example.pl`, 'Dluga-fraza-testowa-2026', role as 'geodeta');
      return { user, token: await createSession(app.db, user.id, { idleHours: 1, maxHours: 2 }, '127.0.0.1', 'e2e') };
    };
    const [owner, other, staff] = await Promise.all([account('geodeta'), account('geodeta'), account('pracownik')]);
    const [a] = await app.db.query<{ g: string; x: number; y: number }>(`SELECT ST_AsGeoJSON(ST_Multi(geom)) AS g, ST_X(ST_Centroid(geom)) AS x, ST_Y(ST_Centroid(geom)) AS y FROM egib.dzialki WHERE "idDzialki" = '306401_1.0004.2'`);
    const z = await fileZgloszenie(app.db, owner.user.id, {
      form: { rodzajPrac: 'pomiar sytuacyjny', celPrac: 'podział nieruchomości', numerUprawnien: '25123', wykonawca: 'GeoPomiar Jan Kowalski, Poznań', dataRozpoczecia: '2026-12-21', dataZakonczenia: '2027-02-26', skalaArkuszy: 500 },
      obszar: JSON.parse(a!.g), dzialki: ['306401_1.0004.2'], arkusze: [],
    }, { userId: owner.user.id, name: 'e2e' });
    const link = `${app.url}/portal/geodeci#sprawa=${z.id}`;
    // One page load (the e-mail's link); the other people follow the link within the open portal.
    const { page, errors } = await openPage(browser, `${app.url}/api/portals`);
    const signIn = async (token: string | null) => {
      await page.context().clearCookies();
      if (token) await page.context().addCookies([{ name: 'sip_sesja', value: token, url: app.url }]);
    };
    /** The link followed within the open portal (only the fragment changes: the page stays, the case tool opens it). */
    let followed = 0;
    const follow = () => page.evaluate(([id, n]) => { location.hash = `sprawa=${id}&n=${n}`; }, [z.id, String(++followed)]);

    // The surveyor opens the link from an e-mail: the panel of the case, and the map moved onto the parcel (the
    // address keeps the case beside the view, so the portal's own permalink button copies it too).
    await signIn(owner.token);
    await page.goto(link);
    await page.waitForFunction((n) => document.querySelector('#case-number')?.textContent === n, z.numer);
    expect(await page.textContent('#case-state')).toBe('zgłoszona');
    expect(await page.locator('#case-history li').count()).toBe(1);
    expect(await page.getAttribute('#toolbar button[data-tool="zgloszenia"]', 'aria-pressed')).toBe('true');
    await page.waitForFunction(() => /[#&]map=/.test(location.hash) && /[#&]sprawa=/.test(location.hash));
    const hash = new URLSearchParams((await page.evaluate(() => location.hash)).slice(1));
    expect(hash.get('sprawa')).toBe(z.id);
    const [zoom, lat, lng] = hash.get('map')!.split('/').map(Number);
    const [clng, clat] = transform('EPSG:2177', 'CRS:84', [Number(a!.x), Number(a!.y)]);
    expect(zoom).toBeGreaterThan(15);
    expect(Math.abs(lat! - clat!)).toBeLessThan(0.001);
    expect(Math.abs(lng! - clng!)).toBeLessThan(0.0015);

    // The office's staff follow it (as from the queue).
    await signIn(staff.token);
    await page.evaluate(() => document.querySelector('#case-number')?.remove());
    await follow();
    await page.waitForFunction((n) => document.querySelector('#case-number')?.textContent === n, z.numer);

    // Another surveyor follows it: the clear message, none of the case (the API answers 404, as if it did not exist).
    await signIn(other.token);
    await follow();
    await page.waitForSelector('#case-refused');
    expect(await page.textContent('#zgloszenia-panel')).not.toContain(z.numer);
    expect(await page.locator('#case-number').count()).toBe(0);

    // Signed out: the login, which comes back to the case.
    await signIn(null);
    await follow();
    await page.waitForSelector('#case-sign-in');
    const href = (await page.getAttribute('#zgloszenia-panel a.button', 'href'))!;
    expect(href.startsWith(`/konto/logowanie?next=${encodeURIComponent('/portal/geodeci#')}`)).toBe(true);
    expect(href).toContain(encodeURIComponent(`sprawa=${z.id}`));
    await saveScreenshot(page, 'zgloszenia-permalink');
    expect(errors.filter((e) => !/40[134]|Unauthorized|Not Found/.test(e))).toEqual([]);
    await page.context().close();
  });
});
