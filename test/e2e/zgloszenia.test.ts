// "Moje sprawy" in the surveyors' portal, in headless Chromium: a signed-in surveyor (a real session cookie) opens the
// tool, the server's refusal of an unknown parcel is shown in the page, a parcel picked by clicking the map is
// notified with the session's CSRF token, and the case appears in the list with its number, state and DOO link.
// A case's permalink (/portal/geodeci#sprawa=<id>, as the e-mails and the office's queue give it) opens the portal on
// the case's panel with the map on its area for its surveyor and the office; another surveyor is told the case is not
// theirs and sees none of it; a signed-out visitor is offered the login that comes back to the case.
import { describe, it, expect, beforeAll, afterAll, vi } from 'vitest';
import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { saveScreenshot } from '../support/browser.ts';
import { openPortalPage, startPortalSuite, stopPortalSuite } from '../support/portal-page.ts';
import type { TestApp } from '../support/app.ts';
import { createUser } from '../../server/accounts/users.ts';
import { createSession } from '../../server/accounts/sessions.ts';
import { transform } from '../../server/crs/definitions.ts';
import { openPage } from '../support/browser.ts';
import { fileZgloszenie } from '../../server/cases/zgloszenia/store.ts';

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
