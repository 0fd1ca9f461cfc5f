// Issue 17, done-when: a surveyor's order of a base-map sheet and a GESUT extract, paid online through the PayU
// protocol (the local stand-in of test/support/payu-standin.ts — PayU's sandbox is unreachable from here — with
// signed notifications), is released as jobs without anyone's hand: the sheet PDF and the GeoPackage carry the
// licence (pdfinfo, ogrinfo) and the licence itself is signed (pdfsig).
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from '../support/app.ts';
import { startPayuStandin, type PayuStandin } from '../support/payu-standin.ts';
import { createUser } from '../../server/accounts/users.ts';
import { createApiKey } from '../../server/accounts/api-keys.ts';
import { sheetAt } from '../../server/domain/sheets.ts';

const run = promisify(execFile);
const WORK = mkdtempSync(path.join(tmpdir(), 'release-payu-'));
const BOX = [6427000, 5808200, 6427400, 5808500];
const SHEET = sheetAt(500, 6427577, 5808863)!.godlo;

let app: TestApp;
let payu: PayuStandin;
beforeAll(async () => {
  payu = await startPayuStandin();
  app = await startApp({ DOWNLOADS_DIR: path.join(WORK, 'downloads'), DOWNLOADS_MAX_DPI: '72', PAYU_URL: payu.url, PAYU_POS_ID: payu.posId,
    PAYU_CLIENT_ID: payu.clientId, PAYU_CLIENT_SECRET: payu.clientSecret, PAYU_SECOND_KEY: payu.secondKey });
});
afterAll(async () => { await app?.close(); await payu?.close(); });

describe('a surveyor pays sheets and GESUT online', () => {
  it('is released when PayU notifies COMPLETED, each file with its licence', async () => {
    const login = `p${randomBytes(5).toString('hex')}`;
    const user = await createUser(app.db, login, `${login}@example.pl`, 'Dluga-fraza-testowa-2026', 'geodeta');
    const key = (await createApiKey(app.db, user.id, 'payu')).key;
    const headers = { 'X-API-Key': key };
    const placed = await fetch(`${app.url}/api/orders`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ portal: 'geodeci', purpose: 'mapa do celów projektowych', items: [{ material: 'sheet', sheets: [SHEET] }, { material: 'extract', dataset: 'gesut', bbox: BOX }] }) });
    expect(placed.status).toBe(201);
    const order = await placed.json() as { id: string; state: string; total: number; doo: { number: string } };
    expect(order.state).toBe('DOO wystawiony');
    expect(order.total).toBeGreaterThan(0);

    const started = await fetch(`${app.url}/api/orders/${order.id}/payu`, { method: 'POST', headers });
    expect(started.status).toBe(200);
    const { payuOrderId } = await started.json() as { payuOrderId: string };
    expect(payu.orders.get(payuOrderId)!.body.totalAmount).toBe(String(Math.round(order.total * 100)));
    expect(await payu.notify(payuOrderId, 'COMPLETED')).toBe(200);

    type Released = { state: string; files: { name: string; href: string | null; status: string; error: string | null }[] };
    const read = async () => (await (await fetch(`${app.url}/api/orders/${order.id}`, { headers })).json()) as Released;
    let o = await read();
    for (let i = 0; i < 180 && o.state !== 'zrealizowane'; i++) { await new Promise((r) => setTimeout(r, 1000)); o = await read(); }
    expect(o.state, JSON.stringify(o.files)).toBe('zrealizowane');
    const hist = await app.db.query<{ stan: string; kto: string }>(`SELECT stan, kto FROM portal.zamowienia_historia WHERE zamowienie_id = $1 ORDER BY czas, id`, [order.id]);
    expect(hist.map((h) => h.stan)).toEqual(['złożone', 'DOO wystawiony', 'opłacone', 'zrealizowane']);

    const byExt = (ext: string) => o.files.filter((f) => f.name.endsWith(ext));
    expect(byExt('.gpkg')).toHaveLength(1);
    expect(byExt('.pdf').length).toBeGreaterThanOrEqual(2); // the sheet and the licence
    for (const f of o.files) {
      const r = await fetch(`${app.url}${f.href}`, { headers });
      expect(r.status, f.name).toBe(200);
      const file = path.join(WORK, f.name.replace(/[^\w.-]/g, '_'));
      writeFileSync(file, Buffer.from(await r.arrayBuffer()));
      if (f.name.endsWith('.gpkg')) {
        const { stdout } = await run('ogrinfo', ['-ro', '-so', '-al', file]);
        expect(stdout).toMatch(/Layer name: .*przewody/);
        const meta = (await run('ogrinfo', ['-ro', '-so', file, '-mdd', 'all'])).stdout;
        expect(meta).toMatch(/Licencja LIC\/\d{4}\/\d{6}/);
      } else if (f.name.endsWith('.pdf')) {
        const { stdout } = await run('pdfinfo', ['-custom', file]);
        expect(stdout, f.name).toMatch(/LIC\/\d{4}\/\d{6}/);
        const sig = await run('pdfsig', [file]).catch((e: { stdout: string }) => ({ stdout: e.stdout }));
        if (/licencja/i.test(f.name)) expect(sig.stdout).toMatch(/Signature is Valid/);
      }
    }
    // Nobody else downloads them.
    expect((await fetch(`${app.url}${o.files[0]!.href}`)).status).toBe(404);
  });

  it('releases a free 3D model order at once as CityJSON, saying it needs no licence', async () => {
    const placed = await fetch(`${app.url}/api/orders`, { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'model@example.pl', items: [{ material: 'model3d', bbox: BOX }] }) });
    expect(placed.status).toBe(201);
    const order = await placed.json() as { id: string; state: string; total: number; accessToken: string };
    expect(order.total).toBe(0);
    const headers = { 'X-Order-Token': order.accessToken };
    type Released = { state: string; files: { name: string; href: string | null; error: string | null }[] };
    const read = async () => (await (await fetch(`${app.url}/api/orders/${order.id}`, { headers })).json()) as Released;
    let o = await read();
    for (let i = 0; i < 120 && o.state !== 'zrealizowane'; i++) { await new Promise((r) => setTimeout(r, 1000)); o = await read(); }
    expect(o.state, JSON.stringify(o.files)).toBe('zrealizowane');
    const model = o.files.find((f) => f.name.endsWith('.city.json'))!;
    const doc = await (await fetch(`${app.url}${model.href}`, { headers })).json() as { type: string; version: string; metadata: Record<string, unknown>; CityObjects: Record<string, unknown> };
    expect(doc.type).toBe('CityJSON');
    expect(doc.version).toBe('2.0');
    expect(Object.keys(doc.CityObjects).length).toBeGreaterThan(0);
    expect(doc.metadata.warunki).toMatch(/bez opłaty i bez licencji/);
    expect(doc.metadata.licencja).toBeUndefined();
  });
});
