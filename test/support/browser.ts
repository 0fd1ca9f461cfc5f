// Headless Chromium (Debian's package) driven by playwright-core, for the end-to-end tests of the portals.
// WebGL comes from SwiftShader (software), so MapLibre and three.js draw without a GPU.
import { chromium, type Browser, type Page, type ConsoleMessage } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTEFACTS = path.resolve(import.meta.dirname, '../../test-results');

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: run scripts/setup-debian.sh`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
      '--ignore-gpu-blocklist', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
    ],
  });
}

/** A page that records console errors and failed requests, so a test can assert there were none. */
export async function openPage(browser: Browser, url: string, viewport = { width: 1280, height: 800 }, opts: { bypassCSP?: boolean } = {}):
  Promise<{ page: Page; errors: string[] }> {
  // bypassCSP only for tests that inject a checker (axe-core) into the page; the pages themselves run under the CSP.
  const context = await browser.newContext({ viewport, locale: 'pl-PL', bypassCSP: opts.bypassCSP ?? false });
  // Software rendering on a shared 2-core machine can be slow: wait long rather than fail on load.
  context.setDefaultTimeout(90_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m: ConsoleMessage) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => { if (!r.failure()?.errorText.includes('ERR_ABORTED')) errors.push(`requestfailed: ${r.url()} ${r.failure()?.errorText}`); });
  await page.goto(url, { waitUntil: 'load' });
  return { page, errors };
}

export async function saveScreenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTEFACTS, { recursive: true });
  const file = path.join(ARTEFACTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
