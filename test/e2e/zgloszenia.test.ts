// "Moje sprawy" in the surveyors' portal, in headless Chromium: a signed-in surveyor (a real session cookie) opens the
// tool, the server's refusal of an unknown parcel is shown in the page, a parcel picked by clicking the map is
// notified with the session's CSRF token, and the case appears in the list with its number, state and DOO link.
import { describe, it, expect, beforeAll, afterAll, vi } from 'vitest';
import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { saveScreenshot } from '../support/browser.ts';
import { openPortalPage, startPortalSuite, stopPortalSuite } from '../support/portal-page.ts';
import type { TestApp } from '../support/app.ts';
import { createUser } from '../../server/accounts/users.ts';
import { createSession } from '../../server/accounts/sessions.ts';
import { transform } from '../../server/crs/definitions.ts';

vi.setConfig({ testTimeout: 240_000 });
let app: TestApp;
let browser: Browser;

beforeAll(async () => { ({ app, browser } = await startPortalSuite()); }, 180_000);
afterAll(async () => { await stopPortalSuite({ app, browser }); });

describe('Moje sprawy (Portal Geodety)', () => {
  it('notifies work for a parcel picked on the map and lists the case', async () => {
    const login = `e${randomBytes(5).toString('hex')}`;
    const user = await createUser(app.db, login, `${login}@example.pl`, 'Dluga-fraza-testowa-2026', 'geodeta');
    const token = await createSession(app.db, user.id, { idleHours: 1, maxHours: 2 }, '127.0.0.1', 'e2e');
    // The parcel's inner point, shown at the map's centre.
    const [p] = await app.db.query<{ x: number; y: number }>(`SELECT ST_X(ST_PointOnSurface(geom)) AS x, ST_Y(ST_PointOnSurface(geom)) AS y FROM egib.dzialki WHERE "idDzialki" = '306401_1.0004.12'`);
    const [lng, lat] = transform('EPSG:2177', 'CRS:84', [Number(p!.x), Number(p!.y)]);
    const { page, errors } = await openPortalPage(browser, `${app.url}/portal/geodeci#map=19/${lat}/${lng}`);
    await page.context().addCookies([{ name: 'sip_sesja', value: token, url: app.url }]);

    await page.click('#toolbar button[data-tool="zgloszenia"]');
    await page.waitForSelector('#zgloszenie-form');
    await page.waitForSelector('#zgloszenia-none');

    // A parcel the register does not hold: the server's problem is shown.
    await page.fill('#zg-numerUprawnien', '25123');
    await page.fill('#zg-wykonawca', 'GeoPomiar Jan Kowalski, Poznań');
    await page.fill('#zg-dzialki', '306401_1.0004.99999');
    await page.press('#zg-dzialki', 'Tab');
    await page.click('#zg-submit');
    const textOf = (sel: string, text: string) => page.waitForFunction(([s, t]) => document.querySelector(s!)?.textContent?.includes(t!) ?? false, [sel, text]);
    await textOf('#zgloszenia-message [role="alert"]', 'no parcel 306401_1.0004.99999');

    // Picking the parcel at the map's centre.
    await page.fill('#zg-dzialki', '');
    await page.press('#zg-dzialki', 'Tab');
    const box = (await page.locator('#map').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForFunction(() => (document.querySelector('#zg-dzialki') as HTMLInputElement | null)?.value === '306401_1.0004.12');
    // what was typed survives the redraw
    expect(await page.inputValue('#zg-numerUprawnien')).toBe('25123');
    await page.click('#zg-submit');
    await textOf('#zgloszenia-message', 'Przyjęto zgłoszenie: ZG.6640.');
    const row = page.locator('#zgloszenia-list tbody tr').first();
    await row.waitFor();
    const numer = (await row.getAttribute('data-numer'))!;
    expect(numer).toMatch(/^ZG\.6640\.\d+\.\d{4}$/);
    expect(await row.locator('td.stan').textContent()).toMatch(/zgłoszona|materiały przygotowane/);
    expect(await row.locator('a[href*="/doo.pdf"]').count()).toBe(1);
    const [stored] = await app.db.query<{ dzialki: string[] }>('SELECT dzialki FROM portal.zgloszenia WHERE numer = $1', [numer]);
    expect(stored!.dzialki).toEqual(['306401_1.0004.12']);
    await saveScreenshot(page, 'zgloszenia-moje-sprawy');
    expect(errors.filter((e) => !/400|Bad Request/.test(e))).toEqual([]);
  });
});
