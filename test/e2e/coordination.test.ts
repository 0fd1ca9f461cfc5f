// A coordination case from filing to the planned network in GESUT, in headless Chromium, as its three users work it
// (issue 18, art. 28b Pgik). A designer (Portal Projektanta, a real session) files through the form a DXF — one
// layer per branch, EPSG:2177, the depth as the polyline's elevation — of a water main that crosses an existing gas
// line 0.30 m above it and ends 0.50 m from a building; a file that is not a PDF is refused in the page first. The
// case view reports both: the crossing with its vertical clearance against the required one, the building with its
// distance. The gas operator's account (Portal Branżowy, role branzysta, member of the gas operator) opens the case
// from its list, pins a comment on the map and states "uzgadniam z uwagami"; the water operator answers by API.
// Office staff close the meeting from the case view; the signed protocol (pdftotext, pdfsig) lists the positions,
// the comment and the clearances; WFS serves the main as projektowany with the case number, and the designers' 3D
// view's endpoint serves it at its depth.
//
// The case writes into gesut.przewody, so the file runs on a database of its own (migrated, a small scene at Stary
// Rynek), not on the shared sample one other files count rows of.
import { describe, it, expect, beforeAll, afterAll, vi } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, saveScreenshot } from '../support/browser.ts';
import { ensureClientBuilt } from '../support/portal-page.ts';
import { startApp, type TestApp } from '../support/app.ts';
import { freshDatabase } from '../support/db.ts';
import { PostgresDatabase } from '../../server/db/postgres.ts';
import { migrate } from '../../server/db/migrate.ts';
import { MIGRATIONS_DIR } from '../../server/db/index.ts';
import { createUser } from '../../server/accounts/users.ts';
import { createSession } from '../../server/accounts/sessions.ts';
import { createApiKey } from '../../server/accounts/api-keys.ts';
import { addOperatorMember, listOperators } from '../../server/coordination/case-store.ts';
import type { Role } from '../../server/catalog/roles.ts';
import { TEST_PASSWORD, uniqueLogin } from '../security/browser-session.ts';
import { writeCoordinationScene, X, Y } from '../support/coordination-scene.ts';

vi.setConfig({ testTimeout: 300_000 });
const run = promisify(execFile);
const dir = mkdtempSync(path.join(tmpdir(), 'koord-e2e-'));

/** Stary Rynek in PL-2000 zone 6. */
type Pos = [number, number];

let fresh: { url: string; drop(): Promise<void> };
let app: TestApp;
let browser: Browser;

beforeAll(async () => {
  ensureClientBuilt();
  fresh = await freshDatabase('sip_koord_e2e');
  const db = new PostgresDatabase({ connectionString: fresh.url, poolSize: 2, statementTimeoutMs: 60_000 });
  try {
    await migrate(db, MIGRATIONS_DIR);
    // The scene: a parcel, a building 10–20 m east and north of the point, an existing gas line (DN 100, its axis
    // 1.20 m deep) along y = Y.
    await writeCoordinationScene(db, { srednica: 100, glebokosc: 1.20 });
  } finally {
    await db.close();
  }
  app = await startApp({ MAIL_OUTBOX_DIR: path.join(dir, 'mail'), OFFICE_DEV_CERT_DIR: path.join(dir, 'cert') }, fresh.url);
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await fresh?.drop();
});

/** An ASCII DXF with one LWPOLYLINE per line on its branch's layer; `depth` is its elevation (38), drawn downwards. */
function dxf(lines: { layer: string; coords: Pos[]; depth: number }[]): string {
  const out = ['0', 'SECTION', '2', 'ENTITIES'];
  lines.forEach((l, i) => {
    out.push('0', 'LWPOLYLINE', '5', (0x100 + i).toString(16).toUpperCase(), '8', l.layer, '90', String(l.coords.length), '70', '0', '38', (-l.depth).toFixed(2));
    for (const [x, y] of l.coords) out.push('10', x.toFixed(3), '20', y.toFixed(3));
  });
  out.push('0', 'ENDSEC', '0', 'EOF');
  return out.join('\r\n') + '\r\n';
}

/** A signed-in page of a portal: a session of the account (as the login form makes one) in a context of its own. */
async function signedIn(role: Role, portalPath: string): Promise<{ page: Page; errors: string[]; login: string; id: number }> {
  const login = uniqueLogin(role.slice(0, 4));
  const user = await createUser(app.db, login, `${login}@example.pl`, TEST_PASSWORD, role);
  const token = await createSession(app.db, user.id, { idleHours: 1, maxHours: 2 }, '127.0.0.1', 'e2e');
  const { page, errors } = await openPage(browser, `${app.url}/konto/logowanie`);
  await page.context().addCookies([{ name: 'sip_sesja', value: token, url: app.url }]);
  await page.goto(`${app.url}${portalPath}`);
  await page.waitForSelector('body[data-map-ready]', { timeout: 150_000 });
  return { page, errors, login, id: user.id };
}

const textOf = (page: Page, sel: string, text: string) =>
  page.waitForFunction(([s, t]) => document.querySelector(s!)?.textContent?.includes(t!) ?? false, [sel, text], { timeout: 60_000 });

describe('a coordination case in the portals, from the designer\'s DXF to the planned main in GESUT', () => {
  it('files, checks, comments, closes with a signed protocol, and serves the main as planned', async () => {
    // The water main: from 20 m south across the gas line at x = X + 5, north, then east to 0.5 m before the
    // building; its axis 1.55 m deep — 0.30 m below the gas pipe's wall (1.20 m + DN 100 / 2).
    const water: Pos[] = [[X + 5, Y - 20], [X + 5, Y + 15], [X + 9.5, Y + 15]];
    const dxfFile = path.join(dir, 'projekt.dxf');
    writeFileSync(dxfFile, dxf([{ layer: 'siec_wodociagowa', coords: water, depth: 1.55 }]));
    const pdfFile = path.join(dir, 'mapa.pdf');
    writeFileSync(pdfFile, '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
    const notPdf = path.join(dir, 'mapa.png.pdf');
    writeFileSync(notPdf, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));

    // --- the designer files the case
    const designer = await signedIn('projektant', '/portal/projektanci');
    const d = designer.page;
    await d.click('#toolbar button[data-tool="coordination"]');
    await d.click('#case-new');
    await d.fill('#case-form [name=investor]', 'Aquanet S.A.');
    await d.fill('#case-form [name=designer]', 'mgr inż. Jan Projektant, upr. WKP/0002/PWOS/20');
    await d.fill('#case-form [name=description]', 'Sieć wodociągowa DN 160, Stary Rynek');
    await d.setInputFiles('#case-form [name=design]', dxfFile);
    await d.setInputFiles('#case-form [name=mapPdf]', notPdf);
    await d.click('#case-form button[type=submit]');
    await textOf(d, '#case-form-error', 'not a PDF');
    await d.setInputFiles('#case-form [name=mapPdf]', pdfFile);
    await d.click('#case-form button[type=submit]');
    await d.waitForSelector('#case-number', { timeout: 60_000 });
    const number = (await d.textContent('#case-number'))!;
    expect(number).toMatch(/^KOORD\/\d{4}\/\d{6}$/);
    expect(await d.textContent('#case-state')).toBe('w uzgodnieniu');
    // The check in the page: the crossing with its vertical clearance, the building with its distance.
    const crossing = d.locator('#case-conflicts li[data-kind="crossing"]');
    expect(await crossing.getAttribute('data-id')).toBe('PL.PZGiK.3064.GESUT_P.7');
    expect(await crossing.getAttribute('data-distance')).toBe('0.3');
    expect(await crossing.getAttribute('data-required')).toBe('0.2');
    expect(await crossing.textContent()).toMatch(/skrzyżowanie: PL\.PZGiK\.3064\.GESUT_P\.7 \(g\) – odległość w pionie 0,30 m; wymagana 0,20 m \(wartość niezweryfikowana ze źródłem\); głębokość projektu \/ przewodu 1,55 m \/ 1,20 m/);
    const building = d.locator('#case-conflicts li[data-kind="building"]');
    expect(await building.getAttribute('data-id')).toBe('306401_1.0001.1.1_BUD');
    expect(await building.textContent()).toContain('odległość 0,50 m; wymagana 1,50 m');
    expect(await d.textContent('#case-parties')).toContain('Polska Spółka Gazownictwa sp. z o.o.');
    const [{ id }] = await app.db.query<{ id: string }>('SELECT id FROM portal.sprawy_koordynacyjne WHERE numer = $1', [number]) as [{ id: string }];
    await saveScreenshot(d, 'coordination-case');
    await d.click('#cases-back');
    await d.waitForSelector(`#case-list a[data-case="${number}"]`);

    // --- the water operator agrees by API (its key), the gas operator in its portal
    const ops = await listOperators(app.db);
    const opId = (name: string) => ops.find((o) => o.name.startsWith(name))!.id;
    const account = (prefix: string) => { const l = uniqueLogin(prefix); return createUser(app.db, l, `${l}@example.pl`, TEST_PASSWORD, 'branzysta'); };
    const waterUser = await account('aqua');
    await addOperatorMember(app.db, opId('Aquanet'), waterUser.id);
    const { key } = await createApiKey(app.db, waterUser.id, 'e2e');
    const agreed = await fetch(`${app.url}/api/coordination/cases/${id}/positions`, { method: 'POST', headers: { 'content-type': 'application/json', 'X-API-Key': key }, body: JSON.stringify({ position: 'uzgadniam' }) });
    expect(agreed.status).toBe(200);

    const gasUser = await account('psg');
    await addOperatorMember(app.db, opId('Polska Spółka Gazownictwa'), gasUser.id);
    const gasToken = await createSession(app.db, gasUser.id, { idleHours: 1, maxHours: 2 }, '127.0.0.1', 'e2e');
    const gas = await openPage(browser, `${app.url}/konto/logowanie`);
    const g = gas.page;
    await g.context().addCookies([{ name: 'sip_sesja', value: gasToken, url: app.url }]);
    await g.goto(`${app.url}/portal/branzysci`);
    await g.waitForSelector('body[data-map-ready]', { timeout: 150_000 });
    await g.click('#toolbar button[data-tool="coordination"]');
    await textOf(g, '#case-list', 'do uzgodnienia');
    await g.click(`#case-list a[data-case="${number}"]`);
    await g.waitForSelector('#position-form');
    await g.selectOption('#position-choice', 'uzgadniam z uwagami');
    await g.fill('#position-form [name=reason]', 'Skrzyżowanie z gazociągiem wykonać w rurze osłonowej.');
    await g.fill('#position-form [name=comment]', 'Rura osłonowa DN 250 na skrzyżowaniu, min. 1 m w obie strony');
    // The comment pinned on the map: "pick", then a click in the middle of the case's extent (the view is fitted to it).
    await g.click('#comment-pick');
    await textOf(g, '#comment-place', 'Kliknij');
    const box = (await g.locator('#map').boundingBox())!;
    await g.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await textOf(g, '#comment-place', 'x = ');
    await g.click('#position-form button[type=submit]');
    await textOf(g, '#case-parties', 'uzgadniam z uwagami');
    const [comment] = await app.db.query<{ x: number; y: number }>('SELECT ST_X(geom) AS x, ST_Y(geom) AS y FROM portal.sprawy_koordynacyjne_uwagi WHERE sprawa_id = $1', [id]);
    // Pinned where the operator clicked: inside the case's extent on the map, metres from the crossing.
    expect(Math.hypot(Number(comment!.x) - (X + 5), Number(comment!.y) - Y)).toBeLessThan(15);
    await saveScreenshot(g, 'coordination-position');

    // --- office staff close the meeting from the case's permalink
    const clerk = await signedIn('pracownik', `/portal/projektanci#sprawa=${id}`);
    const o = clerk.page;
    await o.waitForSelector('#protocol-form');
    await o.fill('#protocol-form [name=conclusion]', 'Uzgodniono pod warunkami PSG.');
    await o.click('#protocol-form button[type=submit]');
    await textOf(o, '#case-state', 'protokół wydany');
    const href = (await o.getAttribute('#case-protocol', 'href'))!;
    const pdf = await o.request.get(`${app.url}${href}`);
    expect(pdf.status()).toBe(200);
    const file = path.join(dir, 'protokol.pdf');
    writeFileSync(file, await pdf.body());
    const text = (await run('pdftotext', ['-raw', file, '-'])).stdout.replace(/\s+/g, ' ');
    for (const s of [
      'PROTOKÓŁ Z NARADY KOORDYNACYJNEJ', number, 'Aquanet S.A.', 'Polska Spółka Gazownictwa sp. z o.o.', 'uzgadniam z uwagami', 'uzgadniam',
      'w rurze osłonowej', 'Rura osłonowa DN 250', 'skrzyżowanie z przewodem – odległość w pionie', 'PL.PZGiK.3064.GESUT_P.7', '0,30 m', '0,20 m',
      'odległość od budynku', '0,50 m', 'Wynik narady: uzgodniona z uwagami', 'Uzgodniono pod warunkami PSG.', 'projektowany',
    ]) expect(text, s).toContain(s);
    let sig: string;
    try { sig = (await run('pdfsig', [file])).stdout; } catch (e) { sig = (e as { stdout: string }).stdout; }
    expect(sig).toContain('Signature is Valid.');

    // --- the designed main: WFS serves it as planned with the case number; the designers' 3D view at its depth
    const wfs = await (await fetch(`${app.url}/ows?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=gesut:przewody&OUTPUTFORMAT=application/json`)).json() as any;
    const planned = wfs.features.filter((f: any) => f.properties.numerSprawyKoordynacyjnej === number);
    expect(planned.map((f: any) => [f.properties.branza, f.properties.status, Number(f.properties.glebokosc)])).toEqual([['w', 'projektowany', 1.55]]);
    const v3d = await (await fetch(`${app.url}/3d/networks.json`)).json() as any;
    expect(v3d.lines.filter((l: any) => l.numerSprawyKoordynacyjnej === number).map((l: any) => [l.branza, l.glebokosc, l.depthKnown])).toEqual([['w', 1.55, true]]);

    // The refused map was a 400 the browser logs as a failed resource; nothing else went wrong in any page.
    for (const errors of [designer.errors, gas.errors, clerk.errors]) expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
    for (const p of [d, g, o]) await p.context().close();
  });
});
