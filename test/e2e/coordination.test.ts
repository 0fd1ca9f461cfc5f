// A designer files a coordination case in headless Chromium (Portal Projektanta → Moje sprawy): signs in on the
// account page, opens the form, first attaches a file that is not a PDF as the design map and is told so, then files
// a DXF whose water main crosses a real gas line of the sample data; the case opens with its number, state and the
// clearance check's crossing of that gas line, and it is in the designer's list. Session + CSRF token, as a browser does.
import { describe, it, expect, beforeAll, afterAll, vi } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { openPage, saveScreenshot } from '../support/browser.ts';
import { openPortalPage, startPortalSuite, stopPortalSuite } from '../support/portal-page.ts';
import type { TestApp } from '../support/app.ts';
import { createUser } from '../../server/accounts/users.ts';
import { TEST_PASSWORD, uniqueLogin } from '../security/browser-session.ts';

vi.setConfig({ testTimeout: 240_000 });
let app: TestApp;
let browser: Browser;
const dir = mkdtempSync(path.join(tmpdir(), 'koord-e2e-'));

beforeAll(async () => { ({ app, browser } = await startPortalSuite()); }, 180_000);
afterAll(async () => { await stopPortalSuite({ app, browser }); });

type Pos = [number, number];

function dxf(lines: { layer: string; coords: Pos[] }[]): string {
  const out = ['0', 'SECTION', '2', 'ENTITIES'];
  lines.forEach((l, i) => {
    out.push('0', 'LWPOLYLINE', '5', (0x100 + i).toString(16).toUpperCase(), '8', l.layer, '90', String(l.coords.length), '70', '0');
    for (const [x, y] of l.coords) out.push('10', x.toFixed(3), '20', y.toFixed(3));
  });
  out.push('0', 'ENDSEC', '0', 'EOF');
  return out.join('\r\n') + '\r\n';
}

describe('Moje sprawy in Portal Projektanta', () => {
  it('files a DXF with the design map and shows the case with the crossing the check found', async () => {
    // A gas line of the sample data, and a water main across its middle, 5 m each side, perpendicular to it.
    const [g] = await app.db.query<{ id: string; x: number; y: number; dx: number; dy: number }>(`
      SELECT "idPrzewodu" AS id, ST_X(m) AS x, ST_Y(m) AS y, ST_X(ST_EndPoint(geom)) - ST_X(ST_StartPoint(geom)) AS dx, ST_Y(ST_EndPoint(geom)) - ST_Y(ST_StartPoint(geom)) AS dy
      FROM gesut.przewody CROSS JOIN LATERAL (SELECT ST_LineInterpolatePoint(geom, 0.5) AS m) p
      WHERE branza = 'g' AND ST_NPoints(geom) = 2 AND ST_Length(geom) > 30 ORDER BY id LIMIT 1`);
    expect(g).toBeDefined();
    const len = Math.hypot(g!.dx, g!.dy);
    const n: Pos = [-g!.dy / len, g!.dx / len];
    const water: Pos[] = [[g!.x - 5 * n[0], g!.y - 5 * n[1]], [g!.x + 5 * n[0], g!.y + 5 * n[1]]];
    const dxfFile = path.join(dir, 'projekt.dxf');
    writeFileSync(dxfFile, dxf([{ layer: 'wodociag', coords: water }]));
    const pdfFile = path.join(dir, 'mapa.pdf');
    writeFileSync(pdfFile, '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
    const notPdf = path.join(dir, 'mapa.png.pdf');
    writeFileSync(notPdf, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));

    const login = uniqueLogin('proj');
    await createUser(app.db, login, `${login}@example.pl`, TEST_PASSWORD, 'projektant');
    const { page, errors } = await openPage(browser, `${app.url}/konto/logowanie`);
    await page.fill('#login', login);
    await page.fill('#haslo', TEST_PASSWORD);
    await Promise.all([page.waitForURL(/\/konto$/), page.click('form.box button[type=submit]')]);

    await page.goto(`${app.url}/portal/projektanci`);
    await page.waitForSelector('body[data-map-ready]', { timeout: 150_000 });
    await page.click('#toolbar button[data-tool="coordination"]');
    await page.click('#case-new');
    await page.fill('#case-form [name=investor]', 'Aquanet S.A.');
    await page.fill('#case-form [name=designer]', 'mgr inż. Jan Projektant, upr. WKP/0002/PWOS/20');
    await page.fill('#case-form [name=description]', 'Sieć wodociągowa – test przeglądarki');
    await page.setInputFiles('#case-form [name=design]', dxfFile);
    await page.setInputFiles('#case-form [name=mapPdf]', notPdf);
    await page.click('#case-form button[type=submit]');
    await expect.poll(() => page.textContent('#case-form-error'), { timeout: 30_000 }).toContain('not a PDF');

    await page.setInputFiles('#case-form [name=mapPdf]', pdfFile);
    await page.click('#case-form button[type=submit]');
    await page.waitForSelector('#case-number', { timeout: 60_000 });
    const number = (await page.textContent('#case-number'))!;
    expect(number).toMatch(/^KOORD\/\d{4}\/\d{6}$/);
    expect(await page.textContent('#case-state')).toBe('w uzgodnieniu');
    expect(await page.textContent('#case-conflicts')).toContain(g!.id);
    expect(await page.textContent('#case-parties')).toContain('Aquanet S.A.');
    await saveScreenshot(page, 'coordination-case');

    await page.click('#cases-back');
    await page.waitForSelector(`#case-list a[data-case="${number}"]`);
    // The refused map was a 400 the browser logs as a failed resource; nothing else went wrong.
    expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
    await page.context().close();
  });
});
