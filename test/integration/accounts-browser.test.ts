// The account pages in headless Chromium under the real CSP: register, see the account page, create an API key,
// log out and in again — no console errors (a CSP violation is one) — and no WCAG A/AA violations (axe-core).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage } from '../support/browser.ts';
import { startApp, type TestApp } from '../support/app.ts';
import { TEST_PASSWORD, uniqueLogin } from '../security/browser-session.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
let app: TestApp;
let browser: Browser;
beforeAll(async () => { app = await startApp(); browser = await launchBrowser(); });
afterAll(async () => { await browser?.close(); await app?.close(); });

async function axe(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: path.join(ROOT, 'node_modules/axe-core/axe.min.js') });
  return page.evaluate(async () => {
    const r = await (window as unknown as { axe: { run(o: unknown): Promise<{ violations: { id: string; nodes: unknown[] }[] }> } }).axe
      .run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } });
    return r.violations.map((v) => `${v.id} (${v.nodes.length})`);
  });
}

describe('account pages in a browser', () => {
  it('register, create a key, log out and in, with no console errors under the CSP', async () => {
    const login = uniqueLogin('br');
    const { page, errors } = await openPage(browser, `${app.url}/konto/rejestracja`);
    await page.fill('#login', login);
    await page.fill('#email', `${login}@example.pl`);
    await page.selectOption('#rola', 'projektant');
    // Only the chosen role's fields show (CSS :has, no script under the CSP).
    expect(await page.isVisible('#uprawnieniaBudowlane')).toBe(true);
    expect(await page.isVisible('#uprawnieniaGeodety')).toBe(false);
    await page.fill('#uprawnieniaBudowlane', 'WKP/0123/PWOK/12');
    await page.fill('#haslo', TEST_PASSWORD);
    await page.fill('#haslo2', TEST_PASSWORD);
    await Promise.all([page.waitForURL(/\/konto\?wniosek=zlozony$/), page.click('button[type=submit]')]);
    expect(await page.textContent('main')).toContain(login);
    await page.fill('#nazwa', 'QGIS');
    await Promise.all([page.waitForLoadState('load'), page.click('form.box button[type=submit]')]);
    expect(await page.textContent('#nowy-klucz')).toMatch(/^sip_[A-Za-z0-9_-]{43}$/);
    const session = await page.evaluate(async () => (await fetch('/api/session')).json() as Promise<{ user: { login: string; role: string } }>);
    // A designer starts as a client; the role waits for the administrator (role-applications-browser.test.ts).
    expect(session.user).toMatchObject({ login, role: 'klient' });
    await Promise.all([page.waitForURL(/\/konto\/logowanie$/), page.click('header button[type=submit]')]);
    await page.fill('#login', login);
    await page.fill('#haslo', TEST_PASSWORD);
    await Promise.all([page.waitForURL(/\/konto$/), page.click('form.box button[type=submit]')]);
    expect(await page.textContent('main')).toContain('QGIS');
    // The session cookie is out of reach of scripts (HttpOnly).
    expect(await page.evaluate(() => document.cookie)).not.toMatch(/sip_sesja/);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('has no WCAG A/AA violations on the login, registration and reset pages', async () => {
    for (const p of ['/konto/logowanie', '/konto/rejestracja', '/konto/haslo']) {
      const { page } = await openPage(browser, app.url + p, undefined, { bypassCSP: true });
      expect(await axe(page), p).toEqual([]);
      await page.context().close();
    }
  });
});
