// Opening a portal page in the end-to-end tests: the built client, and a page whose map has drawn.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage } from './browser.ts';
import { startApp, type TestApp } from './app.ts';
import { clientBuilt } from '../../server/http/client.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** `npm test` builds the client first; a lone run of an e2e file builds it if it is missing. */
export function ensureClientBuilt(): void {
  if (!clientBuilt()) execFileSync(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
}

/** Opens a portal and waits until its map has drawn everything of the first view (MapLibre's first idle). */
export async function openPortalPage(browser: Browser, url: string, viewport?: { width: number; height: number }, opts: { bypassCSP?: boolean } = {}):
  Promise<{ page: Page; errors: string[] }> {
  const opened = await openPage(browser, url, viewport, opts);
  await opened.page.waitForSelector('body[data-map-ready]', { timeout: 150_000 });
  return opened;
}

/** What an end-to-end file of the portals runs against: the built client served by the app, and a browser. */
export interface PortalSuite { app: TestApp; browser: Browser }

export async function startPortalSuite(): Promise<PortalSuite> {
  ensureClientBuilt();
  const app = await startApp();
  return { app, browser: await launchBrowser() };
}

/** Closes what startPortalSuite opened (either may be missing when the start failed). */
export async function stopPortalSuite(s: Partial<PortalSuite>): Promise<void> {
  await s.browser?.close();
  await s.app?.close();
}
