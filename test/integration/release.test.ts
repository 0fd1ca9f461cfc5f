// The release of paid orders over real HTTP against the sample PostGIS: an order of a map sheet and an EGiB extract
// placed with an API key, paid by an MT940 statement the office imports, released as jobs (the signed licence, the
// sheet PDF, the GeoPackage) and moved to "zrealizowane" with its history row; the orderer downloads every file and
// the licence is read back with the real tools (pdfinfo, ogrinfo, pdfsig); someone else gets 404, the office's
// staff 200, an expired file 410 as a JSON problem; every download is in the register with the order number.
// A second, anonymous order (access token) releases GML, DXF, CSV and NMT: the GML still validates against the OGC
// schemas with its licence comment, the DXF carries it as a 999 comment GDAL skips, the CSV a LICENCJA.txt in its
// zip, the shapefile's zip its LICENCJA.txt, the GeoTIFF its TIFF tags (gdalinfo).
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from '../support/app.ts';
import { createUser } from '../../server/accounts/users.ts';
import { createApiKey } from '../../server/accounts/api-keys.ts';
import { sheetAt } from '../../server/domain/sheets.ts';
import { loadConfig } from '../../server/config.ts';
import { createLogger } from '../../server/log.ts';
import { sampleUrl } from '../support/db.ts';
import { startRelease } from '../../server/services/orders/release.ts';
import { changeState } from '../../server/orders/store.ts';
import { validateWithApplicationSchemas } from '../support/xml.ts';

const run = promisify(execFile);
const WORK = mkdtempSync(path.join(tmpdir(), 'release-'));
// The runners' sweep every 2 s instead of every minute: the hand-paid order below waits for it.
const ENV = { DOWNLOADS_DIR: path.join(WORK, 'downloads'), DOWNLOADS_MAX_DPI: '72', DOWNLOADS_SWEEP_SECONDS: '2' };
const BOX = [6427000, 5808200, 6427400, 5808500];
const SHEET = sheetAt(500, 6427577, 5808863)!.godlo;

let app: TestApp;
beforeAll(async () => { app = await startApp(ENV); });
afterAll(async () => { await app?.close(); });

async function keyOf(role: 'admin' | 'geodeta' | 'klient' | 'pracownik') {
  const login = `r${randomBytes(5).toString('hex')}`;
  const u = await createUser(app.db, login, `${login}@example.pl`, 'Dluga-fraza-testowa-2026', role);
  return (await createApiKey(app.db, u.id, 'release')).key;
}

async function call(url: string, headers: Record<string, string> = {}, init: RequestInit = {}) {
  const r = await fetch(app.url + url, { ...init, headers: { ...headers, ...(init.headers as Record<string, string> | undefined) } });
  return { status: r.status, type: r.headers.get('content-type') ?? '', body: Buffer.from(await r.arrayBuffer()), headers: r.headers };
}
const json = (r: { body: Buffer }) => JSON.parse(r.body.toString('utf8'));

async function place(body: unknown, headers: Record<string, string>) {
  const r = await call('/api/orders', { 'content-type': 'application/json', ...headers }, { method: 'POST', body: JSON.stringify(body) });
  expect(r.status, r.body.toString()).toBe(201);
  return json(r);
}

const statement = (order: { number: string; total: number; doo: { number: string } }) => [
  ':20:ST' + randomBytes(4).toString('hex'), ':25:/PL16102040270000123456789012', ':28C:00001/001', ':60F:C261202PLN000000000000,00',
  `:61:2612031203C${order.total.toFixed(2).replace('.', ',')}N641NONREF//R${order.number.slice(-6)}${randomBytes(2).toString('hex')}`,
  `:86:020~00PRZELEW~20${order.doo.number} opłata za materiały~32JAN NOWAK`,
  ':62F:C261203PLN000000000000,00', '-', '',
].join('\r\n');

/** Polls the order until its release has ended (done or a failed file); the files' errors are in the answer. */
async function released(id: string, headers: Record<string, string>) {
  for (let i = 0; i < 600; i++) {
    const o = json(await call(`/api/orders/${id}`, headers));
    if (o.state === 'zrealizowane' || o.files?.some((f: any) => f.status === 'failed')) return o;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('the release did not end');
}

async function save(r: { body: Buffer }, name: string): Promise<string> {
  const file = path.join(WORK, name);
  writeFileSync(file, r.body);
  return file;
}

async function tool(cmd: string, args: string[]): Promise<string> {
  try { return (await run(cmd, args, { maxBuffer: 64 << 20 })).stdout; } catch (e) { return String((e as { stdout?: string }).stdout ?? '') + String((e as { stderr?: string }).stderr ?? ''); }
}

/** The names in a zip and one entry's text, read by Info-ZIP's unzip. */
async function zipNames(file: string): Promise<string[]> {
  return (await run('unzip', ['-Z1', file])).stdout.split('\n').filter(Boolean);
}
async function zipText(file: string, name: string): Promise<string> {
  return (await run('unzip', ['-p', file, name])).stdout;
}

describe('release of a paid order', () => {
  it('prepares the files as jobs once paid, for the orderer and the office only, with the licence inside each file', async () => {
    const orderer = { 'X-API-Key': await keyOf('geodeta') };
    const order = await place({ payer: 'Biuro Geodezyjne Józef Żółć', purpose: 'mapa do celów projektowych',
      items: [{ material: 'sheet', sheets: [SHEET], format: 'pdf' }, { material: 'extract', dataset: 'egib', bbox: BOX, format: 'gpkg' }] }, orderer);
    expect(order.state).toBe('DOO wystawiony');
    expect(order.total).toBeGreaterThan(0);

    // Nothing is prepared before the payment.
    const [none] = await app.db.query<{ n: string }>('SELECT count(*) AS n FROM portal.zadania WHERE zamowienie_id = $1', [order.id]);
    expect(Number(none!.n)).toBe(0);

    const admin = await keyOf('admin');
    const imported = json(await call('/api/payments/mt940', { 'content-type': 'text/plain', 'X-API-Key': admin }, { method: 'POST', body: statement(order) }));
    expect(imported.paid).toBe(1);

    // Starting the release again (the office's button, a retry) adds no job.
    const ctx = { db: app.db, catalog: app.catalog, config: loadConfig({ DATABASE_URL: sampleUrl(), ...ENV }), log: createLogger('silent') };
    await startRelease(ctx, order.id, { userId: null, name: 'test' });
    await startRelease(ctx, order.id, { userId: null, name: 'test' });
    const jobs = await app.db.query<{ pozycjaZamowienia: number; czesc: string }>(`SELECT "pozycjaZamowienia", czesc FROM portal.zadania WHERE zamowienie_id = $1 ORDER BY 1, 2`, [order.id]);
    expect(jobs.map((j) => [j.pozycjaZamowienia, j.czesc])).toEqual([[0, 'licencja'], [1, SHEET], [2, 'egib']]);

    const done = await released(order.id, orderer);
    expect(done.files.filter((f: any) => f.status !== 'done'), JSON.stringify(done.files)).toEqual([]);
    expect(done.state).toBe('zrealizowane');
    expect(done.history.at(-1)).toMatchObject({ from: 'opłacone', to: 'zrealizowane', who: 'system' });
    expect(done.filesKeptDays).toBe(30);
    const [hist] = await app.db.query<{ n: string }>(`SELECT count(*) AS n FROM portal.zamowienia_historia WHERE zamowienie_id = $1 AND stan = 'zrealizowane'`, [order.id]);
    expect(Number(hist!.n)).toBe(1);
    for (const f of done.files) {
      expect(f.href).toBe(`/api/orders/${order.id}/files/${f.id}`);
      // kept 30 days (ORDERS_RELEASE_DAYS): expiry a month ahead
      expect(new Date(f.expires).getTime() - Date.now()).toBeGreaterThan(29 * 86_400_000);
    }
    const [licence, sheet, extract] = done.files;
    const licenceNo = order.number.replace('ZAM/', 'LIC/');

    // The signed licence.
    const lic = await call(licence.href, orderer);
    expect(lic.status).toBe(200);
    expect(lic.type).toBe('application/pdf');
    expect(await tool('pdfsig', [await save(lic, 'licencja.pdf')])).toContain('Signature is Valid.');

    // The sheet: its document information names the licence (Subject, Keywords, the custom key Licencja).
    const pdf = await call(sheet.href, orderer);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-disposition')).toContain('.pdf');
    const sheetFile = await save(pdf, 'arkusz.pdf');
    const info = await tool('pdfinfo', [sheetFile]);
    expect(info).toMatch(new RegExp(`Subject: +Licencja ${licenceNo} \\(art. 40c Pgik\\)`));
    expect(info).toContain('licencjobiorca: Biuro Geodezyjne Józef Żółć');
    expect(info).toMatch(new RegExp(`Keywords: +licencja; ${licenceNo}; ${order.number}; ${order.doo.number}`));
    expect(await tool('pdfinfo', ['-custom', sheetFile])).toMatch(new RegExp(`Licencja: +${licenceNo}`));

    // The GeoPackage: the licence in the metadata extension (scope dataset), as GDAL reads it.
    const gpkg = await call(extract.href, orderer);
    expect(gpkg.status).toBe(200);
    const gpkgFile = await save(gpkg, 'wycinek.gpkg');
    const ogr = await tool('ogrinfo', ['-so', '-q', gpkgFile, 'dzialki']);
    expect(ogr).toMatch(new RegExp(`GPKG_METADATA_ITEM_1=Licencja ${licenceNo} \\(art\\. 40c Pgik\\); licencjodawca: Prezydent Miasta Poznania`));
    expect(ogr).toContain('cel: mapa do celów projektowych');
    const scope = await tool('ogrinfo', ['-q', gpkgFile, '-sql', 'SELECT md_scope, reference_scope FROM gpkg_metadata JOIN gpkg_metadata_reference ON md_file_id = id']);
    expect(scope).toMatch(/md_scope \(String\) = dataset/);
    expect(scope).toMatch(/reference_scope \(String\) = geopackage/);
    expect(await tool('ogrinfo', ['-q', gpkgFile, '-sql', "SELECT extension_name FROM gpkg_extensions WHERE table_name = 'gpkg_metadata'"])).toContain('gpkg_metadata');

    // Nobody else: another user, anonymous, a wrong token → 404 as if there were no order; the office's staff → 200.
    const stranger = { 'X-API-Key': await keyOf('klient') };
    expect((await call(sheet.href, stranger)).status).toBe(404);
    expect((await call(sheet.href)).status).toBe(404);
    expect((await call(sheet.href, { 'X-Order-Token': 'zam_' + 'x'.repeat(43) })).status).toBe(404);
    expect((await call(`/api/orders/${order.id}`, stranger)).status).toBe(404);
    const staff = { 'X-API-Key': await keyOf('pracownik') };
    expect((await call(licence.href, staff)).status).toBe(200);
    // Not through the extract API either (the job's id is no capability for an order's file).
    expect((await call(`/api/jobs/${sheet.id}/file`)).status).toBe(404);

    // Past its time the file is gone: 410 as a JSON problem, and no link in the order any more.
    await app.db.query(`UPDATE portal.zadania SET wygasa = now() - interval '1 minute' WHERE id = $1`, [sheet.id]);
    const gone = await call(sheet.href, orderer);
    expect(gone.status).toBe(410);
    expect(gone.type).toContain('application/problem+json');
    expect(json(gone)).toMatchObject({ status: 410, title: 'Gone' });
    const after = json(await call(`/api/orders/${order.id}`, orderer));
    expect(after.files[1]).toMatchObject({ status: 'expired', href: null });

    // The register: every whole download with the order and its number (4: licence, sheet, extract, staff's licence).
    const reg = await app.db.query<{ zasob: string; numerZamowienia: string; zadanie_id: string; rola: string; rozmiarBajtow: string }>(
      `SELECT zasob, "numerZamowienia", zadanie_id, rola, "rozmiarBajtow" FROM portal.pobrania WHERE zamowienie_id = $1 ORDER BY czas, id`, [order.id]);
    expect(reg.map((r) => [r.zadanie_id, r.rola])).toEqual([[licence.id, 'geodeta'], [sheet.id, 'geodeta'], [extract.id, 'geodeta'], [licence.id, 'pracownik']]);
    expect(new Set(reg.map((r) => r.numerZamowienia))).toEqual(new Set([order.number]));
    expect(reg[1]!.zasob).toBe(`zamówienie ${order.number} poz. 1: arkusz ${SHEET}`);
    expect(Number(reg[2]!.rozmiarBajtow)).toBe(gpkg.body.length);
  }, 300_000);

  it('releases an anonymous order to the holder of its token: GML valid with its licence comment, DXF, CSV and Shapefile with LICENCJA.txt, NMT GeoTIFF tags', async () => {
    const order = await place({ email: 'anna@example.pl', payer: 'Anna Nowak', items: [
      { material: 'extract', dataset: 'gesut', bbox: BOX, format: 'gml' },
      { material: 'extract', dataset: 'egib_podstawowe', bbox: BOX, format: 'dxf' },
      { material: 'extract', dataset: 'egib', bbox: BOX, format: 'csv' },
      { material: 'nmt', bbox: BOX },
      { material: 'extract', dataset: 'egib_podstawowe', bbox: BOX, format: 'shp' },
    ] }, {});
    const token = { 'X-Order-Token': order.accessToken };
    const admin = await keyOf('admin');
    if (order.state === 'DOO wystawiony') {
      expect(json(await call('/api/payments/mt940', { 'content-type': 'text/plain', 'X-API-Key': admin }, { method: 'POST', body: statement(order) })).paid).toBe(1);
    }
    const done = await released(order.id, token);
    expect(done.files.filter((f: any) => f.status !== 'done'), JSON.stringify(done.files)).toEqual([]);
    expect(done.state).toBe('zrealizowane');
    const byItem = (lp: number) => done.files.find((f: any) => f.item === lp);
    const licenceNo = order.number.replace('ZAM/', 'LIC/');

    const gml = await call(byItem(1).href, token);
    expect(gml.status).toBe(200);
    const xml = gml.body.toString('utf8');
    expect(xml).toMatch(new RegExp(`^<\\?xml[^>]*\\?><!-- Licencja ${licenceNo} \\(art\\. 40c Pgik\\);`));
    const xsd = (await call(`/wfs?SERVICE=WFS&VERSION=2.0.0&REQUEST=DescribeFeatureType&TYPENAMES=gesut:przewody,gesut:urzadzenia`, { 'X-API-Key': admin })).body.toString();
    const ns = /targetNamespace="([^"]+)"/.exec(xsd)![1]!;
    const v = validateWithApplicationSchemas(xml, [[xsd, ns]]);
    expect(v.output).toMatch(/validates/);

    const dxf = await call(byItem(2).href, token);
    expect(dxf.body.toString('utf8')).toMatch(new RegExp(`^999\\nLicencja ${licenceNo} `));
    const dxfInfo = await tool('ogrinfo', ['-so', await save(dxf, 'wycinek.dxf'), 'entities']);
    expect(dxfInfo).toMatch(/Feature Count: [1-9]/);

    const csv = await call(byItem(3).href, token);
    expect(csv.type).toBe('application/zip');
    const zip = await save(csv, 'wycinek.zip');
    const names = await zipNames(zip);
    expect(names).toContain('LICENCJA.txt');
    expect(names.some((n) => n.endsWith('.csv'))).toBe(true);
    expect(await zipText(zip, 'LICENCJA.txt')).toContain(`Licencja ${licenceNo} (art. 40c Pgik)\r\nlicencjodawca: Prezydent Miasta Poznania`);

    const tif = await call(byItem(4).href, token);
    expect(tif.status).toBe(200);
    const gdal = await tool('gdalinfo', [await save(tif, 'nmt.tif')]);
    expect(gdal).toMatch(new RegExp(`TIFFTAG_COPYRIGHT=Licencja ${licenceNo} \\(art\\. 40c Pgik\\); licencjodawca: Prezydent Miasta Poznania`));
    expect(gdal).toContain('TIFFTAG_IMAGEDESCRIPTION=Licencja');
    expect(gdal).toContain('licencjobiorca: Anna Nowak');
    expect(readFileSync(path.join(WORK, 'nmt.tif')).subarray(0, 2).toString()).toBe('II');

    const shp = await call(byItem(5).href, token);
    const shpZip = await save(shp, 'wycinek-shp.zip');
    const shpNames = await zipNames(shpZip);
    expect(shpNames).toContain('LICENCJA.txt');
    expect(shpNames.filter((n) => n.endsWith('.shp')).length).toBeGreaterThan(0);
    expect(await zipText(shpZip, 'LICENCJA.txt')).toContain(`Licencja ${licenceNo} (art. 40c Pgik)`);
    expect(await tool('ogrinfo', ['-so', `/vsizip/${shpZip}/dzialki.shp`, 'dzialki'])).toMatch(/Feature Count: [1-9]/);

    // Without the token: 404.
    expect((await call(byItem(4).href)).status).toBe(404);
  }, 300_000);

  it('releases an order marked paid by hand (no payment hook): the runners\' sweep starts it; a sheet as GeoTIFF carries the licence in its tags, the wypis PDF in its info', async () => {
    const orderer = { 'X-API-Key': await keyOf('klient') };
    const order = await place({ payer: 'Jan Kowalski', items: [{ material: 'sheet', sheets: [SHEET], format: 'tif' }, { material: 'wypis', parcels: ['306401_1.0004.12'] }] }, orderer);
    // As the back office does it: the state change alone, in its transaction with the history row.
    await changeState(app.db, order.id, 'opłacone', { userId: null, name: 'pracownik' }, 'wpłata w kasie ośrodka');
    const done = await released(order.id, orderer);
    expect(done.files.map((f: any) => [f.part, f.status]), JSON.stringify(done.files)).toEqual([['licencja', 'done'], [SHEET, 'done'], ['wypis_bez_danych', 'done']]);
    expect(done.state).toBe('zrealizowane');
    const tif = await call(done.files[1].href, orderer);
    expect(tif.status).toBe(200);
    const gdal = await tool('gdalinfo', [await save(tif, 'arkusz.tif')]);
    expect(gdal).toMatch(new RegExp(`TIFFTAG_COPYRIGHT=Licencja ${order.number.replace('ZAM/', 'LIC/')} \\(art\\. 40c Pgik\\)`));
    expect(gdal).toContain('licencjobiorca: Jan Kowalski');
    expect(gdal).toContain('ID["EPSG",2177]');
    // The wypis (a client: without personal data), signed, its licence in the document information.
    const wypis = await save(await call(done.files[2].href, orderer), 'wypis.pdf');
    expect(await tool('pdfinfo', ['-custom', wypis])).toMatch(new RegExp(`Licencja: +(Licencja )?${order.number.replace('ZAM/', 'LIC/')}`));
    expect(await tool('pdfsig', [wypis])).toContain('Signature is Valid.');
  }, 300_000);
});
