// Ordering in a portal end to end (issue 17): an anonymous client clicks a parcel on the map, chooses a wypis and a
// wyrys, sees the fee the server's engine computes with its legal basis, gives an e-mail address and orders; the page
// then links the DOO, which poppler reads (number, amount) and whose signature pdfsig verifies.
import { describe, it, expect, beforeAll, afterAll, vi } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { ARTEFACTS, saveScreenshot } from '../support/browser.ts';
import { openPortalPage, startPortalSuite, stopPortalSuite } from '../support/portal-page.ts';
import type { TestApp } from '../support/app.ts';

vi.setConfig({ testTimeout: 240_000 });
let app: TestApp;
let browser: Browser;

beforeAll(async () => { ({ app, browser } = await startPortalSuite()); }, 180_000);
afterAll(async () => { await stopPortalSuite({ app, browser }); });

describe('ordering a wypis and a wyrys in the clients’ portal', () => {
  it('picks a parcel, prices it by the tariff, places the order anonymously and gets a signed DOO', async () => {
    // A parcel with a simple shape, and a point inside it to centre the map on.
    const [parcel] = await app.db.query<{ id: string; lng: number; lat: number }>(
      `SELECT "idDzialki" AS id, ST_X(p) AS lng, ST_Y(p) AS lat FROM (
         SELECT "idDzialki", ST_Transform(ST_PointOnSurface(geom), 4326) AS p FROM egib.dzialki
         WHERE ST_Area(geom) > 800 ORDER BY "idDzialki" LIMIT 1) s`);
    const { page, errors } = await openPortalPage(browser, `${app.url}/portal/klienci#map=19/${parcel!.lat}/${parcel!.lng}`);
    await page.click('#toolbar button[data-tool="order"]');
    await page.locator('#order-panel').waitFor();
    const box = (await page.locator('#map').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.locator(`#order-parcels li[data-parcel="${parcel!.id}"]`).waitFor({ timeout: 20_000 });
    await page.check('input[name="order-material"][value="wyrys"]');
    // Anonymous: the wypis is the one without personal data (table 11: 24 zł) and the wyrys 105 zł.
    await page.locator('#order-total', { hasText: '129,00 zł' }).waitFor({ timeout: 20_000 });
    const quote = await page.textContent('#order-quote');
    expect(quote).toContain('Wypis z rejestru gruntów bez danych osobowych');
    expect(quote).toContain('tabela 11');
    await page.fill('#order-payer', 'Jan Testowy');
    await page.fill('#order-email', 'jan.testowy@example.org');
    await page.fill('#order-purpose', 'sprzedaż działki');
    await page.click('#order-place');
    const placed = page.locator('#order-placed');
    await placed.waitFor({ timeout: 20_000 });
    expect(await placed.getAttribute('data-state')).toBe('DOO wystawiony');
    const dooText = (await page.textContent('#order-doo'))!;
    const dooNumber = dooText.match(/DOO\/\d{4}\/\d{6}/)![0];
    const token = (await page.textContent('#order-token'))!;
    // The order is in PostgreSQL as placed, with the parcel, the e-mail and the payer.
    const orderId = (await placed.getAttribute('data-order'))!;
    const [row] = await app.db.query<{ stan: string; email: string; kwota: number; n: number }>(
      `SELECT z.stan, z.email, z."kwotaGr" AS kwota, (SELECT count(*)::int FROM portal.zamowienia_pozycje p WHERE p.zamowienie_id = z.id AND p.przedmiot->'parcels' ? $2) AS n
       FROM portal.zamowienia z WHERE z.id = $1`, [orderId, parcel!.id]);
    expect(row).toEqual({ stan: 'DOO wystawiony', email: 'jan.testowy@example.org', kwota: 12900, n: 2 });
    // "Moje zamówienia" of this browser lists it.
    await page.locator(`#order-list li[data-order="${orderId}"]`).waitFor({ timeout: 10_000 });

    // The DOO the page links, read back and verified.
    const href = (await page.getAttribute('#order-doo', 'href'))!;
    expect(href).toContain(encodeURIComponent(token));
    const pdf = await fetch(`${app.url}${href}`);
    expect(pdf.status).toBe(200);
    fs.mkdirSync(ARTEFACTS, { recursive: true });
    const file = path.join(ARTEFACTS, 'order-doo.pdf');
    fs.writeFileSync(file, Buffer.from(await pdf.arrayBuffer()));
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain(dooNumber);
    expect(text).toContain('129,00');
    expect(text).toContain('Jan Testowy');
    const sig = spawnSync('pdfsig', [file], { encoding: 'utf8' });
    expect(sig.stdout).toMatch(/Signature Validation: Signature is Valid/);
    // Someone else (no token) cannot read the order.
    expect((await fetch(`${app.url}/api/orders/${orderId}`)).status).toBe(404);
    await saveScreenshot(page, 'order-placed');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
