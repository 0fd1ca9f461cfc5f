// Applications for an entitled role in headless Chromium under the real CSP: a surveyor registers with a licence
// number (a bad one first: the Polish message on the page, the typed values kept), the administrator grants it and
// refuses another with a reason on /admin/wnioski, the applicant's pages name the new role; the administrator's
// role drop-downs show their longest name whole (measured, and a screenshot in test-results/); no console errors
// and no WCAG A/AA violations on the new pages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, saveScreenshot } from '../support/browser.ts';
import { startApp, type TestApp } from '../support/app.ts';
import { TEST_PASSWORD, uniqueLogin } from '../security/browser-session.ts';
import { createAdmin } from '../../server/accounts/bootstrap.ts';

const BAD_REQUEST = 'Failed to load resource: the server responded with a status of 400 (Bad Request)';
const ROOT = path.resolve(import.meta.dirname, '../..');
const BUILT = path.join(ROOT, 'dist/client/index.html');
let app: TestApp;
let browser: Browser;
let adminLogin: string;
beforeAll(async () => {
  app = await startApp({ AUTH_CACHE_MS: '0' });
  browser = await launchBrowser();
  adminLogin = uniqueLogin('adm');
  await createAdmin(app.db, adminLogin, `${adminLogin}@example.pl`, TEST_PASSWORD);
});
afterAll(async () => { await browser?.close(); await app?.close(); });

async function axe(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: path.join(ROOT, 'node_modules/axe-core/axe.min.js') });
  return page.evaluate(async () => {
    const r = await (window as unknown as { axe: { run(o: unknown): Promise<{ violations: { id: string; nodes: unknown[] }[] }> } }).axe
      .run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } });
    return r.violations.map((v) => `${v.id} (${v.nodes.length})`);
  });
}

async function registerApplicant(role: string, fill: (page: Page) => Promise<void>): Promise<{ page: Page; errors: string[]; login: string }> {
  const login = uniqueLogin('apl');
  const { page, errors } = await openPage(browser, `${app.url}/konto/rejestracja`);
  await page.fill('#login', login);
  await page.fill('#email', `${login}@example.pl`);
  await page.selectOption('#rola', role);
  await fill(page);
  await page.fill('#haslo', TEST_PASSWORD);
  await page.fill('#haslo2', TEST_PASSWORD);
  await Promise.all([page.waitForURL(/\/konto\?wniosek=zlozony$/), page.click('form.box button[type=submit]')]);
  return { page, errors, login };
}

async function adminPage(url: string, opts: { bypassCSP?: boolean } = {}): Promise<{ page: Page; errors: string[] }> {
  const { page, errors } = await openPage(browser, `${app.url}/konto/logowanie?next=${encodeURIComponent(url)}`, undefined, opts);
  await page.fill('#login', adminLogin);
  await page.fill('#haslo', TEST_PASSWORD);
  await Promise.all([page.waitForURL((u) => u.pathname === url), page.click('form.box button[type=submit]')]);
  return { page, errors };
}

describe('applications for an entitled role in a browser', () => {
  it('a surveyor applies at registration; a bad number is refused in Polish; the administrator grants it', async () => {
    const login = uniqueLogin('geo');
    const { page, errors } = await openPage(browser, `${app.url}/konto/rejestracja`);
    await page.fill('#login', login);
    await page.fill('#email', `${login}@example.pl`);
    expect(await page.isVisible('#uprawnieniaGeodety')).toBe(false);
    await page.selectOption('#rola', 'geodeta');
    expect(await page.isVisible('#uprawnieniaGeodety')).toBe(true);
    expect(await page.isVisible('#sadRejonowy')).toBe(false);
    await page.fill('#uprawnieniaGeodety', 'GK-12/ab');
    await page.fill('#haslo', TEST_PASSWORD);
    await page.fill('#haslo2', TEST_PASSWORD);
    await Promise.all([page.waitForLoadState('load'), page.click('form.box button[type=submit]')]);
    expect(await page.textContent('[role=alert]')).toContain('Numer uprawnień zawodowych geodety to liczba (1–6 cyfr)');
    // The choice and the number stay, and still only the surveyor's field shows.
    expect(await page.inputValue('#rola')).toBe('geodeta');
    expect(await page.inputValue('#uprawnieniaGeodety')).toBe('GK-12/ab');
    expect(await page.isVisible('#uprawnieniaGeodety')).toBe(true);
    await saveScreenshot(page, 'register-application-refused');
    await page.fill('#uprawnieniaGeodety', '21345');
    await page.fill('#haslo', TEST_PASSWORD);
    await page.fill('#haslo2', TEST_PASSWORD);
    await Promise.all([page.waitForURL(/\/konto\?wniosek=zlozony$/), page.click('form.box button[type=submit]')]);
    expect(await page.textContent('[role=status]')).toContain('Wniosek o uprawnienia został złożony');
    expect(await page.textContent('#wnioski')).toContain('uprawnienia zawodowe nr 21345');
    expect(await page.textContent('#wnioski')).toContain('czeka na decyzję');
    expect(await page.textContent('header')).toContain('· Klient');

    const { page: adm, errors: admErrors } = await adminPage('/admin/wnioski');
    const row = adm.locator('tr', { hasText: login });
    expect(await row.textContent()).toContain('Geodeta (uprawnienia zawodowe)');
    await Promise.all([adm.waitForURL(/przyznano=/), row.getByRole('button', { name: /Przyznaj/ }).click()]);
    expect(await adm.textContent('[role=status]')).toContain('Rola przyznana');
    expect(await adm.textContent('#rozpatrzone')).toContain(login);

    await page.goto(`${app.url}/konto`);
    expect(await page.textContent('header')).toContain('· Geodeta (uprawnienia zawodowe)');
    expect(await page.textContent('#wnioski')).toContain('przyznany');
    await saveScreenshot(page, 'account-application-granted');
    // The web client's header (the built client, as CI builds it before the tests) names the role in its language.
    if (!fs.existsSync(BUILT)) throw new Error('dist/client/index.html is missing: run `npx vite build` first');
    await page.goto(`${app.url}/`);
    await page.waitForSelector('#account a');
    expect(await page.textContent('#account')).toContain('rola: Geodeta (uprawnienia zawodowe)');
    await page.click('#lang-switch');
    expect(await page.textContent('#account')).toContain('role: Licensed surveyor');
    expect(await page.textContent('#account')).not.toMatch(/geodeta\b/);
    // The refused form was answered 400 (the page with its message): the only error the console saw.
    expect(errors).toEqual([BAD_REQUEST]);
    expect(admErrors).toEqual([]);
    await page.context().close();
    await adm.context().close();
  });

  it('the administrator refuses with a reason the applicant then reads; an empty reason is refused in Polish', async () => {
    const { page, errors, login } = await registerApplicant('branzysta', async (p) => {
      await p.fill('#nazwaFirmy', 'Gestor Sieci Sp. z o.o.');
      await p.fill('#nip', '123-456-32-18');
    });
    const { page: adm, errors: admErrors } = await adminPage('/admin/wnioski');
    const row = adm.locator('tr', { hasText: login });
    expect(await row.textContent()).toContain('Gestor Sieci Sp. z o.o., NIP 1234563218');
    // The browser itself asks for the reason (required); a whitespace-only one reaches the server and is refused.
    await row.locator('textarea').fill('   ');
    await Promise.all([adm.waitForLoadState('load'), row.getByRole('button', { name: /Odrzuć/ }).click()]);
    expect(await adm.textContent('[role=alert]')).toContain('Odmowę trzeba uzasadnić');
    const reason = 'Firma nie jest gestorem sieci na terenie Poznania.';
    const again = adm.locator('tr', { hasText: login });
    await again.locator('textarea').fill(reason);
    await Promise.all([adm.waitForURL(/odrzucono=/), again.getByRole('button', { name: /Odrzuć/ }).click()]);
    expect(await adm.textContent('#rozpatrzone')).toContain(reason);
    await page.goto(`${app.url}/konto`);
    expect(await page.textContent('#wnioski')).toContain(reason);
    expect(await page.textContent('header')).toContain('· Klient');
    // A new application can follow, from the account page.
    expect(await page.isVisible('form[action="/konto/wniosek"]')).toBe(true);
    expect(errors).toEqual([]);
    expect(admErrors).toEqual([BAD_REQUEST]);
    await page.context().close();
    await adm.context().close();
  });

  it('the administrator\'s role drop-downs show the longest role name whole', async () => {
    const { page, errors } = await adminPage('/admin/uzytkownicy');
    const fits = await page.evaluate(() => {
      const ctx = document.createElement('canvas').getContext('2d')!;
      return [...document.querySelectorAll<HTMLSelectElement>('select[name=rola]')].map((s) => {
        const style = getComputedStyle(s);
        ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        const longest = Math.max(...[...s.options].map((o) => ctx.measureText(o.text).width));
        const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
        const cell = s.closest('td')!.getBoundingClientRect();
        const box = s.getBoundingClientRect();
        // The text plus padding and the arrow (about 20 px) inside the control; the control inside its cell and the page.
        return { ok: s.clientWidth >= longest + padding + 20 && box.right <= cell.right + 0.5 && box.right <= document.documentElement.clientWidth, width: s.clientWidth, longest };
      });
    });
    expect(fits.length).toBeGreaterThan(1);
    expect(fits.filter((f) => !f.ok)).toEqual([]);
    await saveScreenshot(page, 'admin-users-roles');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('has no WCAG A/AA violations on the account page with its application form and on the administrator\'s pages', async () => {
    const { page: account } = await registerApplicant('komornik', async (p) => {
      await p.fill('#sadRejonowy', 'Sąd Rejonowy Poznań-Stare Miasto w Poznaniu');
      await p.fill('#kancelaria', 'Kancelaria Komornicza nr 5 w Poznaniu');
    });
    await account.context().close();
    for (const url of ['/admin/wnioski', '/admin/uzytkownicy']) {
      const { page } = await adminPage(url, { bypassCSP: true });
      expect(await axe(page), url).toEqual([]);
      if (url === '/admin/wnioski') await saveScreenshot(page, 'admin-applications');
      await page.context().close();
    }
    const { page: fresh } = await openPage(browser, `${app.url}/konto/rejestracja`, undefined, { bypassCSP: true });
    await fresh.selectOption('#rola', 'branzysta');
    expect(await axe(fresh)).toEqual([]);
    // A client's account page with the application form open on the bailiff's fields.
    const login = uniqueLogin('kl');
    await fresh.fill('#login', login);
    await fresh.fill('#email', `${login}@example.pl`);
    await fresh.selectOption('#rola', 'klient');
    await fresh.fill('#haslo', TEST_PASSWORD);
    await fresh.fill('#haslo2', TEST_PASSWORD);
    await Promise.all([fresh.waitForURL(/\/konto$/), fresh.click('form.box button[type=submit]')]);
    await fresh.selectOption('form[action="/konto/wniosek"] #rola', 'komornik');
    expect(await fresh.isVisible('#sadRejonowy')).toBe(true);
    expect(await axe(fresh), '/konto').toEqual([]);
    await fresh.context().close();
  });
});
