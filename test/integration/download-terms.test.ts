// The download terms as the law sets them (DOWNLOAD_TERMS=tariff, the product's default, set here explicitly because
// the other suites run with open: test/support/test-env.ts). Over real HTTP, for anonymous callers, a client and the
// office's staff: a charged layer with a free part (egib:dzialki) comes with its free attributes only and the others
// behave as if they did not exist; a charged layer without one (GESUT) is refused 403 in the protocol's own format
// with how to order it; base-map sheets are refused; viewing (WMS GetMap) stays free; the staff get everything.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startApp, type TestApp } from '../support/app.ts';
import { validateWithApplicationSchema, validateXml } from '../support/xml.ts';
import { usersWithKeys } from '../security/browser-session.ts';
import { LAYER_TERMS } from '../../server/catalog/terms.ts';
import { sheetAt } from '../../server/domain/sheets.ts';
import type { Role } from '../../server/catalog/roles.ts';

const run = promisify(execFile);
let app: TestApp;
let keys: Map<Role, { key: string }>;

/** A box of a few parcels and utility lines in the sample data (EPSG:2177, x/y). */
const BOX = [6427000, 5808200, 6427400, 5808500] as const;
const FREE_DZIALKI = LAYER_TERMS['egib:dzialki'].free!.attributes;
const EGIB_NS = 'https://sip.poznan.pl/ns/egib';

beforeAll(async () => {
  app = await startApp({ DOWNLOAD_TERMS: 'tariff', AUTH_CACHE_MS: '0' });
  keys = await usersWithKeys(app.db, ['klient', 'pracownik']);
});
afterAll(async () => { await app?.close(); });

type Caller = 'anonim' | 'klient' | 'pracownik';
async function get(who: Caller, path: string): Promise<{ status: number; body: string; type: string }> {
  const headers: Record<string, string> = who === 'anonim' ? {} : { 'X-API-Key': keys.get(who)!.key };
  const res = await fetch(app.url + path, { headers });
  return { status: res.status, body: await res.text(), type: res.headers.get('content-type') ?? '' };
}
async function post(who: Caller, path: string, body: unknown): Promise<{ status: number; body: string; type: string }> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(who === 'anonim' ? {} : { 'X-API-Key': keys.get(who)!.key }) };
  const res = await fetch(app.url + path, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: res.status, body: await res.text(), type: res.headers.get('content-type') ?? '' };
}

const WFS20 = '/ows?SERVICE=WFS&VERSION=2.0.0';
const bboxParam = `BBOX=${BOX.join(',')},EPSG:2177`;

/** The refusal says why and how to order. */
function expectOrderAdvice(text: string): void {
  expect(text).toContain('charged by the tariff');
  expect(text).toContain('POST /api/orders');
  expect(text).toContain('/api/terms');
}

function expectProblem403(r: { status: number; body: string; type: string }): Record<string, unknown> {
  expect(r.status, r.body.slice(0, 300)).toBe(403);
  expect(r.type).toContain('application/problem+json');
  const p = JSON.parse(r.body) as Record<string, unknown>;
  expect(p.status).toBe(403);
  expectOrderAdvice(String(p.detail));
  return p;
}

describe.each([['anonim'], ['klient']] as const)('%s under DOWNLOAD_TERMS=tariff', (who) => {
  it('WFS 2.0 GetFeature egib:dzialki: only the free attributes, valid against the schema DescribeFeatureType gives', async () => {
    const fc = await get(who, `${WFS20}&REQUEST=GetFeature&TYPENAMES=egib:dzialki&COUNT=20&${bboxParam}`);
    expect(fc.status, fc.body.slice(0, 300)).toBe(200);
    expect(fc.body).toContain('<egib:idDzialki>');
    for (const hidden of ['poleEwidencyjne', 'numerKW', 'JRG', 'wlasciciele']) expect(fc.body).not.toContain(hidden);
    const properties = new Set([...fc.body.matchAll(/<egib:([A-Za-z]+)[ >]/g)].map((m) => m[1]));
    properties.delete('dzialki');
    properties.delete('geom');
    expect([...properties].every((p) => FREE_DZIALKI.includes(p!)), [...properties].join(',')).toBe(true);
    const xsd = await get(who, `${WFS20}&REQUEST=DescribeFeatureType&TYPENAMES=egib:dzialki`);
    expect(xsd.body).not.toContain('poleEwidencyjne');
    expect(validateWithApplicationSchema(fc.body, xsd.body, EGIB_NS).output).toMatch(/validates/);
  });

  it('WFS: a filter, a sort or a property on a charged attribute fails as on one that does not exist', async () => {
    const same = async (make: (p: string) => string) => {
      const charged = await get(who, make('poleEwidencyjne'));
      const missing = await get(who, make('poleEwidencyjnx'));
      expect(charged.status).toBe(400);
      expect(charged.body.replaceAll('poleEwidencyjne', 'poleEwidencyjnx')).toBe(missing.body);
    };
    await same((p) => `${WFS20}&REQUEST=GetFeature&TYPENAMES=egib:dzialki&COUNT=5&PROPERTYNAME=${p}`);
    await same((p) => `${WFS20}&REQUEST=GetFeature&TYPENAMES=egib:dzialki&COUNT=5&SORTBY=${p}`);
    await same((p) => `${WFS20}&REQUEST=GetPropertyValue&TYPENAMES=egib:dzialki&COUNT=5&VALUEREFERENCE=${p}`);
    await same((p) => `/ogcapi/collections/dzialki/items?limit=5&filter=${encodeURIComponent(`${p} > 0`)}`);
  });

  it('WFS GetFeature gesut:przewody (2.0 and 1.1): 403, a valid OWS exception report saying how to order it', async () => {
    const r20 = await get(who, `${WFS20}&REQUEST=GetFeature&TYPENAMES=gesut:przewody&COUNT=5`);
    expect(r20.status).toBe(403);
    expect(validateXml(r20.body, 'ows/1.1.0/owsExceptionReport.xsd').output).toMatch(/validates/);
    expect(r20.body).toContain('exceptionCode="AccessDenied"');
    expect(r20.body).toContain('locator="typeNames"');
    expectOrderAdvice(r20.body);
    expect(r20.body).toContain('"dataset": "gesut"');
    const r11 = await get(who, '/ows?SERVICE=WFS&VERSION=1.1.0&REQUEST=GetFeature&TYPENAME=gesut:przewody&MAXFEATURES=5');
    expect(r11.status).toBe(403);
    expect(validateXml(r11.body, 'ows/1.0.0/owsExceptionReport.xsd').output).toMatch(/validates/);
    const pv = await get(who, `${WFS20}&REQUEST=GetPropertyValue&TYPENAMES=gesut:przewody&VALUEREFERENCE=@gml:id`);
    expect(pv.status).toBe(403);
    // The layer is still described: a professional sees what exists and learns how to get it.
    expect((await get(who, `${WFS20}&REQUEST=DescribeFeatureType&TYPENAMES=gesut:przewody`)).status).toBe(200);
  });

  it('OGC API items: dzialki with the free attributes only (every f=), one item too; przewody 403 problem', async () => {
    const items = await get(who, `/ogcapi/collections/dzialki/items?limit=10&bbox=16.9,52.39,16.95,52.42`);
    expect(items.status, items.body.slice(0, 300)).toBe(200);
    const fc = JSON.parse(items.body) as { features: { id: string; properties: Record<string, unknown> }[] };
    expect(fc.features.length).toBeGreaterThan(0);
    for (const f of fc.features) expect(Object.keys(f.properties).sort()).toEqual([...FREE_DZIALKI].sort());
    const one = await get(who, `/ogcapi/collections/dzialki/items/${fc.features[0]!.id}`);
    expect(Object.keys((JSON.parse(one.body) as { properties: object }).properties).sort()).toEqual([...FREE_DZIALKI].sort());
    const html = await get(who, `/ogcapi/collections/dzialki/items/${fc.features[0]!.id}?f=html`);
    expect(html.body).not.toContain('Pole ewidencyjne');
    const csv = await get(who, '/ogcapi/collections/dzialki/items?limit=3&f=csv');
    expect(csv.status).toBe(200);
    expect(csv.body.split('\n')[0]).not.toContain('poleEwidencyjne');
    const queryables = JSON.parse((await get(who, '/ogcapi/collections/dzialki/queryables')).body) as { properties: object };
    expect(Object.keys(queryables.properties)).not.toContain('numerKW');
    const p = expectProblem403(await get(who, '/ogcapi/collections/przewody/items?limit=5'));
    expect(p.terms).toBe('gesut');
    expectProblem403(await get(who, '/ogcapi/collections/przewody/items?limit=5&f=csv'));
    expectProblem403(await get(who, '/ogcapi/collections/kontury_uzytkow/items/kontury_uzytkow.1'));
    expect((await get(who, '/ogcapi/collections/przewody')).status).toBe(200);
  });

  it('extracts: GESUT refused with a 403 problem, parcels handed out with their free attributes', async () => {
    const sheets = [sheetAt(1000, 6427200, 5808300)!.godlo];
    const job = await post(who, '/api/extracts', { layers: ['egib:dzialki', 'gesut:przewody_wodociagowe'], format: 'gpkg', area: { sheets } });
    expect(expectProblem403(job)).toMatchObject({ parameter: 'layers', terms: 'gesut', order: '/api/orders' });
    expectProblem403(await get(who, `/api/extract?layers=gesut:przewody&format=geojson&bbox=${BOX.join(',')}`));
    const free = await get(who, `/api/extract?layers=egib:dzialki&format=geojson&bbox=${BOX.join(',')}`);
    expect(free.status, free.body.slice(0, 300)).toBe(200);
    const features = (JSON.parse(free.body) as { features: { properties: Record<string, unknown> }[] }).features;
    expect(features.length).toBeGreaterThan(0);
    for (const f of features) expect(Object.keys(f.properties).sort()).toEqual([...FREE_DZIALKI].sort());
    // The terrain model is free.
    expect((await get(who, `/api/extract?layers=nmt&format=tif&bbox=${BOX.join(',')}`)).status).toBe(200);
  });

  it('a base-map sheet (PDF, PNG) is refused with a 403 problem; the sheet index stays open', async () => {
    const godlo = sheetAt(1000, 6427200, 5808300)!.godlo;
    const pdf = expectProblem403(await get(who, `/api/sheets/${godlo}/map.pdf`));
    expect(pdf).toMatchObject({ parameter: 'godlo', terms: 'mapa_zasadnicza', tariffRow: 'MZ.arkusz.el' });
    expect(String(pdf.detail)).toContain('"material": "sheet"');
    expectProblem403(await get(who, `/api/sheets/${godlo}/map.png?dpi=50`));
    expect((await get(who, `/api/sheets/${godlo}`)).status).toBe(200);
  });

  it('viewing stays free: WMS GetMap of GESUT, the info panel of a search hit', async () => {
    const [x0, y0, x1, y1] = BOX;
    const map = await get(who, `/ows?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=gesut:przewody&STYLES=&CRS=EPSG:2177&BBOX=${y0},${x0},${y1},${x1}&WIDTH=256&HEIGHT=256&FORMAT=image/png`);
    expect(map.status).toBe(200);
    expect(map.type).toBe('image/png');
    // The info panel's feature of a search hit is a view too: every attribute the role may see; only searchable layers.
    const [parcel] = await app.db.query<{ id: number }>('SELECT min(id) AS id FROM egib.dzialki');
    const info = await get(who, `/api/search/feature/dzialki/dzialki.${parcel!.id}`);
    expect(info.status, info.body.slice(0, 300)).toBe(200);
    expect(Object.keys((JSON.parse(info.body) as { properties: object }).properties)).toContain('poleEwidencyjne');
    const [line] = await app.db.query<{ id: number }>('SELECT min(id) AS id FROM gesut.przewody');
    expect((await get(who, `/api/search/feature/przewody/przewody.${line!.id}`)).status).toBe(404);
  });
});

describe('the office staff (pracownik) under DOWNLOAD_TERMS=tariff', () => {
  it('gets everything: every attribute of dzialki, GESUT by WFS and OGC API, extracts, sheets', async () => {
    const fc = await get('pracownik', `${WFS20}&REQUEST=GetFeature&TYPENAMES=egib:dzialki&COUNT=5&${bboxParam}`);
    expect(fc.status).toBe(200);
    expect(fc.body).toContain('<egib:poleEwidencyjne>');
    expect(fc.body).toContain('<egib:wlasciciele>');
    expect((await get('pracownik', `${WFS20}&REQUEST=GetFeature&TYPENAMES=gesut:przewody&COUNT=5`)).status).toBe(200);
    expect((await get('pracownik', '/ogcapi/collections/przewody/items?limit=5')).status).toBe(200);
    expect((await get('pracownik', `/api/extract?layers=gesut:przewody&format=geojson&bbox=${BOX.join(',')}`)).status).toBe(200);
    const godlo = sheetAt(1000, 6427200, 5808300)!.godlo;
    const png = await get('pracownik', `/api/sheets/${godlo}/map.png?dpi=50`);
    expect(png.status).toBe(200);
  });
});

describe('GDAL under DOWNLOAD_TERMS=tariff', () => {
  it('ogrinfo on WFS: egib:dzialki has only the free fields', async () => {
    const { stdout } = await run('ogrinfo', ['-ro', '-so', `WFS:${app.url}/ows`, 'egib:dzialki'], { env: { ...process.env, GDAL_HTTP_TIMEOUT: '60', CPL_DEBUG: 'OFF' } });
    const fields = [...stdout.matchAll(/^(\w+): (String|Integer|Integer64|Real|Date|DateTime)/gm)].map((m) => m[1]!).filter((f) => f !== 'gml_id');
    expect(fields.sort()).toEqual([...FREE_DZIALKI].sort());
  });
});
