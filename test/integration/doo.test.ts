// The DOO of an order as a signed PDF over real HTTP: text read back with poppler's pdftotext (number, payer, items
// with legal basis, amount in words, account, transfer title), the signature checked with poppler's pdfsig (valid,
// the whole document signed; the development certificate is self-signed, so its issuer is not trusted), and a
// tampered copy refused by pdfsig.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from '../support/app.ts';
import { changeState } from '../../server/orders/store.ts';

const run = promisify(execFile);
const dir = mkdtempSync(path.join(tmpdir(), 'doo-'));
let app: TestApp;
beforeAll(async () => { app = await startApp({ OFFICE_DEV_CERT_DIR: path.join(dir, 'cert'), OFFICE_BANK_ACCOUNT: '16 1020 4027 0000 1234 5678 9012' }); });
afterAll(async () => { await app?.close(); });

async function order(body: unknown) {
  const r = await fetch(`${app.url}/api/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(r.status).toBe(201);
  return r.json() as Promise<any>;
}

async function pdfsig(file: string): Promise<string> {
  // pdfsig exits non-zero when a signature does not verify; its report is what we check.
  try { return (await run('pdfsig', [file])).stdout; } catch (e) { return (e as { stdout: string }).stdout; }
}

describe('GET /api/orders/{id}/doo.pdf', () => {
  it('is a signed PDF with the content of the DOO form', async () => {
    const o = await order({ email: 'anna.nowak@example.pl', payer: 'Anna Nowak', payerAddress: 'ul. Półwiejska 2, 61-888 Poznań',
      items: [{ material: 'wypis', parcels: ['306401_1.0004.12'] }, { material: 'wyrys', parcels: ['306401_1.0004.12'] }] });
    expect(o.doo.href).toBe(`/api/orders/${o.id}/doo.pdf`);
    expect((await fetch(`${app.url}${o.doo.href}`)).status).toBe(404);
    const r = await fetch(`${app.url}${o.doo.href}`, { headers: { 'X-Order-Token': o.accessToken } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await r.arrayBuffer());
    const file = path.join(dir, 'doo.pdf');
    writeFileSync(file, pdf);

    const text = (await run('pdftotext', ['-raw', file, '-'])).stdout.replace(/\s+/g, ' ');
    expect(text).toContain('DOKUMENT OBLICZENIA OPŁATY');
    expect(text).toContain(o.doo.number);
    expect(text).toContain(o.number);
    expect(text).toContain('Anna Nowak');
    expect(text).toContain('Wypis z rejestru gruntów bez danych osobowych');
    expect(text).toContain('tabela 11');
    expect(text).toContain('306401_1.0004.12');
    expect(text).toMatch(/129,00\s+zł/);
    expect(text).toContain('sto dwadzieścia dziewięć złotych zero groszy');
    expect(text).toContain('16 1020 4027 0000 1234 5678 9012');
    expect(text).toContain(`Tytuł przelewu: ${o.doo.number}`);

    const sig = await pdfsig(file);
    expect(sig).toContain('Signature Validation: Signature is Valid.');
    expect(sig).toContain('ETSI.CAdES.detached');
    expect(sig).toContain('Total document signed');
    expect(sig).toMatch(/Certificate Validation: Certificate issuer (isn't Trusted|is unknown)/);
    expect(sig).toContain('GEOPOZ');

    // The same bytes with one character of the content changed no longer verify.
    const at = pdf.indexOf('/Title');
    const tampered = Buffer.from(pdf);
    tampered[at + 1] = 'S'.charCodeAt(0);
    const bad = path.join(dir, 'tampered.pdf');
    writeFileSync(bad, tampered);
    expect(await pdfsig(bad)).not.toContain('Signature is Valid.');
  });

  it('does not exist for an order of free materials', async () => {
    const o = await order({ email: 'b@example.pl', items: [{ material: 'nmt', bbox: [6427000, 5808200, 6427400, 5808500] }] });
    expect(o.doo).toBeNull();
    const r = await fetch(`${app.url}/api/orders/${o.id}/doo.pdf`, { headers: { 'X-Order-Token': o.accessToken } });
    expect(r.status).toBe(404);
  });

  it('the licence exists once the order is paid: signed, naming licensee, materials and scope', async () => {
    const o = await order({ email: 'ewa@example.pl', payer: 'Ewa Zielińska', purpose: 'projekt budowlany domu jednorodzinnego',
      items: [{ material: 'wyrys', parcels: ['306401_1.0004.12'] }] });
    const url = `${app.url}/api/orders/${o.id}/licencja.pdf`;
    const headers = { 'X-Order-Token': o.accessToken };
    const unpaid = await fetch(url, { headers });
    expect(unpaid.status).toBe(409);
    await changeState(app.db, o.id, 'opłacone', { userId: null, name: 'test' }, 'wpłata');
    const r = await fetch(url, { headers });
    expect(r.status).toBe(200);
    const file = path.join(dir, 'licencja.pdf');
    writeFileSync(file, Buffer.from(await r.arrayBuffer()));
    const text = (await run('pdftotext', ['-raw', file, '-'])).stdout.replace(/\s+/g, ' ');
    const number = o.number.replace('ZAM/', 'LIC/');
    expect(text).toContain(`LICENCJA ${number}`);
    expect(text).toContain('Ewa Zielińska');
    expect(text).toContain('projekt budowlany domu jednorodzinnego');
    expect(text).toContain('Wyrys z mapy ewidencyjnej');
    expect(text).toContain(o.doo.number);
    expect(text).toContain('art. 40c');
    const sig = await pdfsig(file);
    expect(sig).toContain('Signature Validation: Signature is Valid.');
    const info = (await run('pdfinfo', [file])).stdout;
    expect(info).toContain(`Licencja ${number}`);
  });
});
