// Returned results of survey work over real HTTP against a PostGIS database of its own (the acceptance changes the
// register; the shared sample must stay as it is) loaded with the sample data: a real sample parcel split into two
// in GML of the service's own schema → every check passes → office staff accept → WFS serves the two new parcels,
// the old one is in the archive, the WMS map and the vector tile change and no cached answer from before is served;
// each kind of bad input fails its own check (table); the same split as DXF in the export's layer convention; the
// unchanged WFS answer of a parcel is read as it is; client mistakes are JSON problems, never 500s.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import PDFDocument from 'pdfkit';
import { sampleCopy } from '../support/db.ts';
import { PostgresDatabase } from '../../server/db/postgres.ts';
import { Catalog } from '../../server/catalog/catalog.ts';
import { createApp } from '../../server/http/app.ts';
import { loadConfig } from '../../server/config.ts';
import { TEST_ENV } from '../support/test-env.ts';
import { createLogger } from '../../server/log.ts';
import { createUser } from '../../server/accounts/users.ts';
import { createApiKey } from '../../server/accounts/api-keys.ts';
import { createSession } from '../../server/accounts/sessions.ts';
import { transform } from '../../server/crs/definitions.ts';
import { gmlOfResults, rect, type ResultFeature, type Ring } from '../support/survey-results.ts';

let fresh: { url: string; drop(): Promise<void> };
let db: PostgresDatabase;
let server: Server;
let url: string;
let surveyor: { id: number; key: string };
let other: { id: number; key: string };
let staff: { id: number; key: string };

interface Parcel { id: string; numer: string; obreb: string; xmin: number; ymin: number; xmax: number; ymax: number; pole: string }
let parcel: Parcel;

beforeAll(async () => {
  fresh = await sampleCopy('sip_wyniki');
  db = new PostgresDatabase({ connectionString: fresh.url, poolSize: 4, statementTimeoutMs: 120_000 });
  const catalog = await Catalog.load(db);
  const app = createApp({ db, catalog, config: loadConfig({ ...TEST_ENV, DATABASE_URL: fresh.url }), log: createLogger('silent') });
  server = await new Promise((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const user = async (role: 'geodeta' | 'pracownik' | 'klient') => {
    const login = `w${randomBytes(5).toString('hex')}`;
    const u = await createUser(db, login, `${login}@example.pl`, 'Dluga-fraza-testowa-2026', role);
    return { id: u.id, key: (await createApiKey(db, u.id, 'test')).key };
  };
  surveyor = await user('geodeta');
  other = await user('geodeta');
  staff = await user('pracownik');
  // A real sample parcel: an axis-parallel rectangle of a district without sheets, with a building on it if any.
  const [p] = await db.query<{ id: string; numer: string; obreb: string; xmin: number; ymin: number; xmax: number; ymax: number; pole: string }>(`
    SELECT "idDzialki" AS id, "numerDzialki" AS numer, "idObrebu" AS obreb, ST_XMin(geom) AS xmin, ST_YMin(geom) AS ymin, ST_XMax(geom) AS xmax, ST_YMax(geom) AS ymax, "poleEwidencyjne"::text AS pole
      FROM egib.dzialki d
     WHERE ST_NPoints(geom) = 5 AND abs(ST_Area(geom) - ST_Area(ST_Envelope(geom))) < 0.001 AND ST_Area(geom) > 400
       AND "numerArkusza" IS NULL AND "numerDzialki" NOT LIKE '%/%'
     ORDER BY (SELECT count(*) FROM egib.budynki b WHERE b."idDzialki" = d."idDzialki") DESC, "idDzialki" LIMIT 1`);
  parcel = p!;
}, 600_000);

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  await db?.close();
  await fresh?.drop();
});

// ------------------------------------------------------------------------------------------------------ fixtures

/** A notification row made directly (its API lives in another module): state "w toku", area = the box + margin. */
async function notification(box: [number, number, number, number], margin = 5, owner = surveyor.id): Promise<string> {
  const [r] = await db.query<{ id: string }>(`INSERT INTO portal.zgloszenia (numer, stan, uzytkownik_id, "numerUprawnien", wykonawca, "rodzajPrac", "celPrac", obszar,
      "dataRozpoczecia", "dataZakonczenia", "terminMaterialow")
    VALUES ('GKN.' || nextval('portal.zgloszenia_numer_seq'), 'w toku', $1, '12345', 'Geodezja Test sp. z o.o.', 'pomiar sytuacyjny', 'podział nieruchomości',
      ST_Multi(ST_Buffer(ST_MakeEnvelope($2, $3, $4, $5, 2177), $6, 'join=mitre')), current_date, current_date + 30, current_date + 14)
    RETURNING id`, [owner, ...box, margin]);
  return r!.id;
}

/** The GRS80 ellipsoid area of a ring in ha, to 0.0001 ha, as the surveyor declares it. */
async function poleOf(ring: Ring): Promise<string> {
  const [r] = await db.query<{ ha: string }>(`SELECT round((ST_Area(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON($1), 2177), 4326)::geography, true) / 10000)::numeric, 4)::text AS ha`,
    [JSON.stringify({ type: 'Polygon', coordinates: [ring] })]);
  return r!.ha;
}

type Feature = ResultFeature;
const gml = gmlOfResults;

/** An ASCII DXF in the export's convention: closed LWPOLYLINEs on EGB_DZIALKI with SIP_POZNAN XDATA. */
function dxf(features: Feature[]): string {
  const out = ['0', 'SECTION', '2', 'ENTITIES'];
  for (const f of features) for (const r of f.rings) {
    out.push('0', 'LWPOLYLINE', '8', f.layer === 'dzialki' ? 'EGB_DZIALKI' : 'EGB_BUDYNKI', '90', String(r.length - 1), '70', '1');
    for (const [x, y] of r.slice(0, -1)) out.push('10', x.toFixed(3), '20', y.toFixed(3));
    out.push('1001', 'SIP_POZNAN', ...Object.entries(f.props).flatMap(([k, v]) => ['1000', `${k}=${v}`]));
  }
  out.push('0', 'ENDSEC', '0', 'EOF');
  return out.join('\n') + '\n';
}

async function pdf(): Promise<Buffer> {
  const doc = new PDFDocument();
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((r) => doc.on('end', r));
  doc.text('Operat techniczny – sprawozdanie techniczne');
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

async function upload(caseId: string, files: { name: string; body: string | Buffer; type?: string }[], key = surveyor.key) {
  const form = new FormData();
  for (const f of files) form.append('files', new Blob([typeof f.body === 'string' ? f.body : new Uint8Array(f.body)], { type: f.type ?? 'application/octet-stream' }), f.name);
  const r = await fetch(`${url}/api/survey-works/${caseId}/results`, { method: 'POST', headers: { 'X-API-Key': key }, body: form });
  return { status: r.status, type: r.headers.get('content-type') ?? '', location: r.headers.get('location'), body: await r.json() as any };
}

async function decideOn(caseId: string, rid: string, body: unknown, key = staff.key) {
  const r = await fetch(`${url}/api/survey-works/${caseId}/results/${rid}/decision`, { method: 'POST', headers: { 'X-API-Key': key, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: r.status, body: await r.json() as any };
}

const failed = (report: any): string[] => report.checks.filter((c: any) => c.passed === false).map((c: any) => c.id);

/** The split of the parcel at x = xm into /1 (west) and /2 (east), with correct ids and areas. */
async function split(xm?: number): Promise<{ west: Feature; east: Feature; xm: number }> {
  const p = parcel;
  const m = xm ?? Math.round(((p.xmin + p.xmax) / 2) * 1000) / 1000;
  const w = rect(p.xmin, p.ymin, m, p.ymax), e = rect(m, p.ymin, p.xmax, p.ymax);
  const props = async (n: string, r: Ring) => ({ idDzialki: `${p.obreb}.${p.numer}/${n}`, numerDzialki: `${p.numer}/${n}`, idObrebu: p.obreb, poleEwidencyjne: await poleOf(r) });
  return { west: { layer: 'dzialki', props: await props('1', w), rings: [w] }, east: { layer: 'dzialki', props: await props('2', e), rings: [e] }, xm: m };
}

const box = (): [number, number, number, number] => [parcel.xmin, parcel.ymin, parcel.xmax, parcel.ymax];

// --------------------------------------------------------------------------------------------------------- tests

describe('returned results: bad inputs each fail their own check', () => {
  const cases: [string, () => Promise<{ files: Feature[]; srs?: string; margin?: number }>, string][] = [
    ['gap between the new parcels', async () => { const s = await split(); s.west.rings = [rect(parcel.xmin, parcel.ymin, s.xm - 1, parcel.ymax)]; s.west.props.poleEwidencyjne = await poleOf(s.west.rings[0]!); return { files: [s.west, s.east] }; }, 'tiling'],
    ['overlap of the new parcels', async () => { const s = await split(); s.west.rings = [rect(parcel.xmin, parcel.ymin, s.xm + 1, parcel.ymax)]; s.west.props.poleEwidencyjne = await poleOf(s.west.rings[0]!); return { files: [s.west, s.east] }; }, 'tiling'],
    ['a change outside the notified area', async () => { const s = await split(); return { files: [s.west, s.east], margin: -2 }; }, 'workArea'],
    ['a malformed identifier', async () => { const s = await split(); s.east.props.idDzialki = `${parcel.obreb}.${parcel.numer}/0`; delete s.east.props.numerDzialki; return { files: [s.west, s.east] }; }, 'identifiers'],
    ['a duplicate identifier', async () => { const s = await split(); s.east.props.idDzialki = s.west.props.idDzialki!; s.east.props.numerDzialki = s.west.props.numerDzialki!; return { files: [s.west, s.east] }; }, 'uniqueness'],
    ['the wrong CRS', async () => { const s = await split(); return { files: [s.west, s.east], srs: 'urn:ogc:def:crs:EPSG::2180' }; }, 'crs'],
    ['an invalid geometry (self-intersection)', async () => {
      const s = await split();
      const p = parcel;
      s.west.rings = [[[p.xmin, p.ymin], [s.xm, p.ymax], [s.xm, p.ymin], [p.xmin, p.ymax], [p.xmin, p.ymin]]];
      return { files: [s.west, s.east] };
    }, 'geometry'],
    ['an area that does not match poleEwidencyjne', async () => { const s = await split(); s.west.props.poleEwidencyjne = (Number(s.west.props.poleEwidencyjne) + 0.01).toFixed(4); return { files: [s.west, s.east] }; }, 'area'],
    ['a code list value out of the list', async () => {
      const s = await split();
      const b = rect(parcel.xmin + 1, parcel.ymin + 1, parcel.xmin + 3, parcel.ymin + 3);
      return { files: [s.west, s.east, { layer: 'budynki', props: { idBudynku: `${s.west.props.idDzialki}.9_BUD`, rodzajWgKST: '199', liczbaKondygnacjiNadziemnych: '2' }, rings: [b] }] };
    }, 'codeLists'],
  ];
  it.each(cases)('%s', async (_name, make, check) => {
    const c = await make();
    const caseId = await notification(box(), c.margin ?? 5);
    const r = await upload(caseId, [{ name: 'wyniki.gml', body: gml(c.files, c.srs), type: 'application/gml+xml' }]);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.passed).toBe(false);
    expect(failed(r.body.report)).toContain(check);
    const bad = r.body.report.checks.find((k: any) => k.id === check);
    expect(bad.offending.length).toBeGreaterThan(0);
    if (check === 'geometry') expect(bad.offending[0].reason).toMatch(/Self-intersection/);
    // Accepting a failed verification is refused; the register did not change.
    expect((await decideOn(caseId, r.body.id, { decision: 'accept' })).status).toBe(409);
    const [n] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM egib.dzialki WHERE "idDzialki" = $1', [parcel.id]);
    expect(n!.n).toBe(1);
  });

  it('a rejection needs reasons, moves the case to "zweryfikowane negatywnie", and the surveyor may submit again', async () => {
    const s = await split();
    const caseId = await notification(box());
    s.west.props.poleEwidencyjne = '9.9999';
    const r = await upload(caseId, [{ name: 'wyniki.gml', body: gml([s.west, s.east]) }]);
    expect(r.body.passed).toBe(false);
    expect((await decideOn(caseId, r.body.id, { decision: 'reject' })).status).toBe(400);
    expect((await decideOn(caseId, r.body.id, { decision: 'reject', reason: 'x' }, surveyor.key)).status).toBe(403);
    const rej = await decideOn(caseId, r.body.id, { decision: 'reject', reason: 'Pole działki /1 niezgodne z geometrią.' });
    expect(rej.status).toBe(200);
    expect(rej.body.state).toBe('zweryfikowane negatywnie');
    expect((await decideOn(caseId, r.body.id, { decision: 'reject', reason: 'again' })).status).toBe(409);
    const s2 = await split();
    const again = await upload(caseId, [{ name: 'wyniki-2.gml', body: gml([s2.west, s2.east]) }]);
    expect(again.status).toBe(201);
    expect(again.body.number).toBe(2);
    expect(again.body.passed, JSON.stringify(again.body.report.checks.filter((c: any) => c.passed === false))).toBe(true);
    const list = await (await fetch(`${url}/api/survey-works/${caseId}/results`, { headers: { 'X-API-Key': surveyor.key } })).json() as any;
    expect(list.state).toBe('wyniki złożone');
    expect(list.history.map((h: any) => h.stan)).toEqual(['wyniki złożone', 'zweryfikowane negatywnie', 'wyniki złożone']);
  });
});

describe('returned results: client mistakes are JSON problems', () => {
  it('answers 404 to others, 415 to unknown files, 400 to broken multipart, 409 in a wrong state', async () => {
    const caseId = await notification(box());
    const s = await split();
    const g = gml([s.west, s.east]);
    const notMine = await upload(caseId, [{ name: 'a.gml', body: g }], other.key);
    expect(notMine.status).toBe(404);
    expect(notMine.type).toMatch(/application\/problem\+json/);
    expect((await upload(caseId, [{ name: 'a.exe', body: 'MZ\u0000\u0001' }])).status).toBe(415);
    const broken = await fetch(`${url}/api/survey-works/${caseId}/results`, { method: 'POST', headers: { 'X-API-Key': surveyor.key, 'content-type': 'multipart/form-data; boundary=xyz' }, body: '--nope\r\n\r\n' });
    expect(broken.status).toBe(400);
    expect((await broken.json() as any).detail).toMatch(/multipart/);
    const notGml = await upload(caseId, [{ name: 'a.gml', body: '<a><b></a>' }]);
    expect(notGml.status).toBe(201);
    expect(failed(notGml.body.report)).toContain('files');
    expect((await upload(caseId, [{ name: 'b.gml', body: g }])).status).toBe(409); // already "wyniki złożone"
    expect((await fetch(`${url}/api/survey-works/00000000-0000-0000-0000-000000000000/results`, { headers: { 'X-API-Key': staff.key } })).status).toBe(404);
  });

  it('never answers malformed content with a server error: the report names the file or object', async () => {
    const ns = 'xmlns:wfs="http://www.opengis.net/wfs/2.0" xmlns:gml="http://www.opengis.net/gml/3.2" xmlns:egib="https://sip.poznan.pl/ns/egib"';
    const wrap = (geom: string, id = '306401_1.0004.1/1') => `<wfs:FeatureCollection ${ns}><wfs:member><egib:dzialki><egib:idDzialki>${id}</egib:idDzialki><egib:poleEwidencyjne>x</egib:poleEwidencyjne><egib:geom>${geom}</egib:geom></egib:dzialki></wfs:member></wfs:FeatureCollection>`;
    const bodies: [string, string | Buffer][] = [
      ['dtd.gml', '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>'],
      ['empty-surface.gml', wrap('<gml:MultiSurface srsName="EPSG:2177"></gml:MultiSurface>')],
      ['nan.gml', wrap('<gml:Polygon srsName="EPSG:2177"><gml:exterior><gml:LinearRing><gml:posList>a b c d e f g h</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon>')],
      ['huge.gml', wrap('<gml:Polygon srsName="EPSG:2177"><gml:exterior><gml:LinearRing><gml:posList>1e300 1 2e300 1 2e300 2 1e300 1</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon>')],
      ['point.gml', wrap('<gml:Point srsName="EPSG:2177"><gml:pos>6427000 5808000</gml:pos></gml:Point>', '\'; DROP TABLE egib.dzialki; --')],
      ['unknown-crs.gml', wrap('<gml:Point srsName="EPSG:999999"><gml:pos>1 2</gml:pos></gml:Point>')],
      ['binary.dxf', 'AutoCAD Binary DXF\r\n\u001a\u0000'],
      ['odd.dxf', '0\nSECTION\n2\n'],
      ['fake.pdf', '%PDF-1.7 but cut'],
      ['utf16.gml', Buffer.from('\ufeff<a/>', 'utf16le')],
    ];
    for (const [name, body] of bodies) {
      const caseId = await notification(box());
      const r = await upload(caseId, [{ name, body }]);
      expect(r.status, `${name}: ${JSON.stringify(r.body)}`).toBe(201);
      expect(r.body.passed, name).toBe(false);
      expect(failed(r.body.report).length, name).toBeGreaterThan(0);
    }
    const [n] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM egib.dzialki');
    expect(n!.n).toBeGreaterThan(0);
  });

  it('reads the unchanged WFS answer of a parcel as it is (the service\'s own application schema)', async () => {
    const caseId = await notification(box());
    const wfs = await (await fetch(`${url}/wfs?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=egib:dzialki&RESOURCEID=${encodeURIComponent('dzialki.' + (await db.query<{ id: number }>('SELECT id FROM egib.dzialki WHERE "idDzialki" = $1', [parcel.id]))[0]!.id)}`)).text();
    expect(wfs).toContain(parcel.id);
    const r = await upload(caseId, [{ name: 'z-wfs.gml', body: wfs }]);
    expect(r.status).toBe(201);
    expect(r.body.report.counts).toEqual({ dzialki: 1, budynki: 0 });
    expect(r.body.report.replaced).toEqual([parcel.id]);
    expect(r.body.passed, JSON.stringify(r.body.report.checks.filter((c: any) => c.passed === false))).toBe(true);
  });

  it('reads the split as DXF in the export\'s layer convention (EGB_DZIALKI, SIP_POZNAN XDATA)', async () => {
    const caseId = await notification(box());
    const s = await split();
    const r = await upload(caseId, [{ name: 'wyniki.dxf', body: dxf([s.west, s.east]) }, { name: 'operat.pdf', body: await pdf(), type: 'application/pdf' }]);
    expect(r.status).toBe(201);
    expect(r.body.report.counts).toEqual({ dzialki: 2, budynki: 0 });
    expect(r.body.passed, JSON.stringify(r.body.report.checks.filter((c: any) => c.passed === false))).toBe(true);
    // The same DXF with the coordinates of PL-1992 (EPSG:2180) fails the CRS check.
    const shifted = (f: Feature): Feature => ({ ...f, rings: f.rings.map((ring) => ring.map(([x, y]) => transform('EPSG:2177', 'EPSG:2180', [x, y]) as [number, number])) });
    const c2 = await notification(box());
    const bad = await upload(c2, [{ name: 'wyniki.dxf', body: dxf([shifted(s.west), shifted(s.east)]) }]);
    expect(failed(bad.body.report)).toContain('crs');
  });
});

/** A browser-like session: its cookie and the CSRF token and cookie from GET /api/session. */
async function session(userId: number) {
  const token = await createSession(db, userId, { idleHours: 1, maxHours: 2 }, '127.0.0.1', 'test');
  const cookie = `sip_sesja=${token}`;
  const s = await fetch(`${url}/api/session`, { headers: { cookie } });
  const { csrfToken } = await s.json() as { csrfToken: string };
  return { cookie: `${cookie}; ${s.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')}`, csrfToken };
}

describe('returned results with a session: CSRF, and the office\'s Polish page', () => {
  it('a session needs the CSRF token to upload; staff reject on the page\'s form', async () => {
    const caseId = await notification(box());
    const s = await split();
    s.east.props.poleEwidencyjne = '0.0001';
    const mine = await session(surveyor.id);
    const form = () => { const f = new FormData(); f.append('files', new Blob([gml([s.west, s.east])]), 'wyniki.gml'); return f; };
    const without = await fetch(`${url}/api/survey-works/${caseId}/results`, { method: 'POST', headers: { cookie: mine.cookie }, body: form() });
    expect(without.status).toBe(403);
    const up = await fetch(`${url}/api/survey-works/${caseId}/results`, { method: 'POST', headers: { cookie: mine.cookie, 'X-CSRF-Token': mine.csrfToken }, body: form() });
    expect(up.status).toBe(201);
    const r = await up.json() as any;
    expect(failed(r.report)).toEqual(['area']);

    const office = await session(staff.id);
    const page = await fetch(`${url}${r.page}`, { headers: { cookie: office.cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('niespełniona');
    expect(html).toContain('Odrzuć (weryfikacja negatywna)');
    expect(html).not.toContain('Przyjmij do zasobu');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html.slice(html.indexOf('/decyzja')))![1]!;
    const cookies = [office.cookie, ...page.headers.getSetCookie().map((c) => c.split(';')[0])].join('; ');
    const post = (body: Record<string, string>) => fetch(`${url}/konto/zgloszenia/${caseId}/wyniki/${r.id}/decyzja`, {
      method: 'POST', redirect: 'manual', headers: { cookie: cookies, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body).toString() });
    const forged = await post({ _csrf: 'x' + csrf, decision: 'reject', reason: 'Pole niezgodne.' });
    expect(forged.status).toBe(403);
    expect(forged.headers.get('content-type')).toMatch(/text\/html/);
    const done = await post({ _csrf: csrf, decision: 'reject', reason: 'Pole działki /2 niezgodne z geometrią.' });
    expect(done.status).toBe(303);
    const after = await (await fetch(`${url}${r.page}`, { headers: { cookie: office.cookie } })).text();
    expect(after).toContain('Decyzja ośrodka: <strong>odrzucone</strong>');
    expect(after).toContain('Pole działki /2 niezgodne z geometrią.');
    // The surveyor sees the page too (without the form); another surveyor does not.
    expect(await (await fetch(`${url}${r.page}`, { headers: { 'X-API-Key': surveyor.key } })).text()).not.toContain('/decyzja');
    expect((await fetch(`${url}${r.page}`, { headers: { 'X-API-Key': other.key } })).status).toBe(404);
  });
});

describe('returned results: a good split accepted into the register', () => {
  it('passes every check, is accepted by the office, and is served at once by WFS, WMS and tiles', async () => {
    const p = parcel;
    const caseId = await notification(box());
    const cx = (p.xmin + p.xmax) / 2, cy = (p.ymin + p.ymax) / 2;
    const half = Math.max(p.xmax - p.xmin, p.ymax - p.ymin);
    const getMap = `${url}/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=egib&STYLES=&CRS=EPSG:2177&BBOX=${cy - half},${cx - half},${cy + half},${cx + half}&WIDTH=400&HEIGHT=400&FORMAT=image/png`;
    const [lon, lat] = transform('EPSG:2177', 'EPSG:4326', [cx, cy]);
    const z = 19, n = 2 ** z;
    const tx = Math.floor(((lon + 180) / 360) * n);
    const ty = Math.floor(((1 - Math.log(Math.tan((lat * Math.PI) / 180) + 1 / Math.cos((lat * Math.PI) / 180)) / Math.PI) / 2) * n);
    const tile = `${url}/tiles/egib/${z}/${tx}/${ty}.mvt`;
    const fetchBytes = async (u: string) => { const r = await fetch(u); return { status: r.status, cache: r.headers.get('x-cache'), etag: r.headers.get('etag'), body: Buffer.from(await r.arrayBuffer()) }; };
    const wfsIds = async () => {
      const j = await (await fetch(`${url}/wfs?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=egib:dzialki&OUTPUTFORMAT=application/json&BBOX=${p.xmin + 0.5},${p.ymin + 0.5},${p.xmax - 0.5},${p.ymax - 0.5},EPSG:2177`)).json() as any;
      return j.features.map((f: any) => f.properties.idDzialki).sort();
    };
    const mapBefore = await fetchBytes(getMap);
    expect(mapBefore.status).toBe(200);
    expect((await fetchBytes(getMap)).cache).toBe('HIT');
    const tileBefore = await fetchBytes(tile);
    expect(tileBefore.status).toBe(200);
    expect((await fetchBytes(tile)).cache).toBe('HIT');
    expect(await wfsIds()).toEqual([p.id]);
    const buildings = await db.query<{ id: string }>('SELECT "idBudynku" AS id FROM egib.budynki WHERE "idDzialki" = $1', [p.id]);
    const [v0] = await db.query<{ version: string }>('SELECT version FROM public.data_version');
    const [shares0] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM egib.udzialy_wlasnosci WHERE "idDzialki" = $1', [p.id]);

    const s = await split();
    const r = await upload(caseId, [{ name: 'podzial.gml', body: gml([s.west, s.east]), type: 'application/gml+xml' }, { name: 'operat.pdf', body: await pdf(), type: 'application/pdf' }]);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.location).toBe(`/api/survey-works/${caseId}/results/${r.body.id}`);
    expect(r.body.report.checks.map((c: any) => [c.id, c.passed])).toEqual([
      ['files', true], ['crs', true], ['geometry', true], ['identifiers', true], ['uniqueness', true], ['codeLists', true], ['tiling', true], ['area', true], ['workArea', true]]);
    expect(r.body.passed).toBe(true);
    expect(r.body.report.replaced).toEqual([p.id]);
    expect(r.body.files.map((f: any) => f.sha256)).toEqual(r.body.files.map(() => expect.stringMatching(/^[0-9a-f]{64}$/)));
    const stored = await fetch(`${url}${r.body.files[1].href}`, { headers: { 'X-API-Key': staff.key } });
    expect(stored.headers.get('content-type')).toMatch(/application\/pdf/);
    expect((await stored.arrayBuffer()).byteLength).toBe(r.body.files[1].size);

    // The Polish page of the report, with the decision form for the office.
    const html = await (await fetch(`${url}${r.body.page}`, { headers: { 'X-API-Key': staff.key } })).text();
    expect(html).toContain('Weryfikacja automatyczna');
    expect(html).toContain('Działki pokrywają obszar zmiany bez luk i nakładań');
    expect(html).toContain(p.id);

    // Nothing changed yet; a surveyor cannot decide.
    expect(await wfsIds()).toEqual([p.id]);
    expect((await decideOn(caseId, r.body.id, { decision: 'accept' }, surveyor.key)).status).toBe(403);
    // The map is in this process's cache right before the decision (the acceptance must not leave it served).
    expect((await fetchBytes(getMap)).cache).toBe('HIT');
    expect((await fetchBytes(tile)).cache).toBe('HIT');
    const ok = await decideOn(caseId, r.body.id, { decision: 'accept', reason: 'Operat przyjęty do zasobu.' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.state).toBe('przyjęte do zasobu');
    expect(ok.body.applied.created).toEqual([s.west.props.idDzialki, s.east.props.idDzialki]);
    expect(ok.body.applied.removed).toEqual([p.id]);

    // At once, no stale cached answer: the map and the tile are made anew and differ from before.
    const mapAfter = await fetchBytes(getMap);
    expect(mapAfter.cache).toBe('MISS');
    expect(mapAfter.etag).not.toBe(mapBefore.etag);
    expect(mapAfter.body.equals(mapBefore.body)).toBe(false);
    const tileAfter = await fetchBytes(tile);
    expect(tileAfter.cache).toBe('MISS');
    expect(tileAfter.body.equals(tileBefore.body)).toBe(false);
    const conditional = await fetch(getMap, { headers: { 'If-None-Match': mapBefore.etag! } });
    expect(conditional.status).toBe(200);

    expect(ok.body.applied.buildingsMoved.map((m: any) => m.from).sort()).toEqual(buildings.map((b) => b.id).sort());

    // WFS: the two new parcels, the old one gone from the register and kept in the archive.
    expect(await wfsIds()).toEqual([s.west.props.idDzialki, s.east.props.idDzialki].sort());
    const [arch] = await db.query<{ n: number; koniec: Date; zg: string; pole: string }>(`SELECT count(*)::int AS n, max("koniecWersjiObiektu") AS koniec, max(zgloszenie_id::text) AS zg, max(wersja->>'poleEwidencyjne') AS pole
      FROM egib.dzialki_archiwalne WHERE "idDzialki" = $1`, [p.id]);
    expect(arch).toMatchObject({ n: 1, zg: caseId });
    expect(Number(arch!.pole)).toBe(Number(p.pole));
    const news = await db.query<{ id: string; start: Date; pole: string; kw: string | null }>(`SELECT "idDzialki" AS id, "poczatekWersjiObiektu" AS start, "poleEwidencyjne"::text AS pole, "numerKW" AS kw
      FROM egib.dzialki WHERE "idDzialki" = ANY($1::text[]) ORDER BY 1`, [[s.west.props.idDzialki, s.east.props.idDzialki]]);
    expect(news.map((x) => x.pole)).toEqual([s.west.props.poleEwidencyjne, s.east.props.poleEwidencyjne]);
    for (const x of news) expect(x.start.getTime()).toBe(arch!.koniec.getTime());
    // Owners and land use follow the parcels; buildings move to the part holding them, renamed.
    const shares = await db.query<{ id: string; n: number }>('SELECT "idDzialki" AS id, count(*)::int AS n FROM egib.udzialy_wlasnosci WHERE "idDzialki" = ANY($1::text[]) GROUP BY 1 ORDER BY 1', [[s.west.props.idDzialki, s.east.props.idDzialki]]);
    const [oldShares] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM egib.udzialy_wlasnosci WHERE "idDzialki" = $1', [p.id]);
    expect(oldShares!.n).toBe(0);
    expect(shares).toEqual(shares0!.n ? [{ id: s.west.props.idDzialki, n: shares0!.n }, { id: s.east.props.idDzialki, n: shares0!.n }] : []);
    const [lu] = await db.query<{ area: number }>('SELECT coalesce(sum(ST_Area(geom)), 0) AS area FROM egib.kontury_uzytkow WHERE "idDzialki" = ANY($1::text[])', [[s.west.props.idDzialki, s.east.props.idDzialki]]);
    expect(Math.abs(lu!.area - (p.xmax - p.xmin) * (p.ymax - p.ymin))).toBeLessThan(0.05);
    const moved = await db.query<{ id: string }>('SELECT "idBudynku" AS id FROM egib.budynki WHERE "idDzialki" = ANY($1::text[])', [[s.west.props.idDzialki, s.east.props.idDzialki]]);
    expect(moved.length).toBe(buildings.length);
    const [archB] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM egib.budynki_archiwalne WHERE zgloszenie_id = $1', [caseId]);
    expect(archB!.n).toBe(buildings.length);

    // History and the data version.
    const hist = await db.query<{ stan: string }>('SELECT stan FROM portal.zgloszenia_historia WHERE zgloszenie_id = $1 ORDER BY czas, id', [caseId]);
    expect(hist.map((h) => h.stan)).toEqual(['wyniki złożone', 'zweryfikowane pozytywnie', 'przyjęte do zasobu']);
    const [v1] = await db.query<{ version: string }>('SELECT version FROM public.data_version');
    expect(Number(v1!.version)).toBeGreaterThan(Number(v0!.version));

    // Decided once: a second decision is a conflict; the old parcel's identifier is never given again.
    expect((await decideOn(caseId, r.body.id, { decision: 'accept' })).status).toBe(409);
    const c2 = await notification(box());
    const reuse = { layer: 'dzialki' as const, props: { ...s.west.props, idDzialki: p.id, numerDzialki: p.numer }, rings: s.west.rings };
    const r2 = await upload(c2, [{ name: 'r.gml', body: gml([reuse, s.east]) }]);
    expect(failed(r2.body.report)).toContain('uniqueness');
  });
  it('moves the boundary between two parcels: both keep their identifiers as new versions, owners stay, land use is cut again', async () => {
    const rectangle = `ST_NPoints(geom) = 5 AND abs(ST_Area(geom) - ST_Area(ST_Envelope(geom))) < 0.001 AND "numerArkusza" IS NULL`;
    const [pair] = await db.query<{ a: string; b: string; x1: number; xm: number; x2: number; y1: number; y2: number }>(`
      SELECT a."idDzialki" AS a, b."idDzialki" AS b, ST_XMin(a.geom) AS x1, ST_XMax(a.geom) AS xm, ST_XMax(b.geom) AS x2, ST_YMin(a.geom) AS y1, ST_YMax(a.geom) AS y2
        FROM (SELECT * FROM egib.dzialki WHERE ${rectangle}) a JOIN (SELECT * FROM egib.dzialki WHERE ${rectangle}) b
          ON a.geom && b.geom AND ST_XMax(a.geom) = ST_XMin(b.geom) AND ST_YMin(a.geom) = ST_YMin(b.geom) AND ST_YMax(a.geom) = ST_YMax(b.geom)
       WHERE ST_XMax(a.geom) - ST_XMin(a.geom) > 4 AND ST_XMax(b.geom) - ST_XMin(b.geom) > 4
       ORDER BY a."idDzialki" LIMIT 1`);
    expect(pair, 'two adjacent rectangular parcels in the sample').toBeDefined();
    const { a, b, x1, xm, x2, y1, y2 } = pair!;
    const m = Math.round((xm - 1.5) * 1000) / 1000;
    const ra = rect(x1, y1, m, y2), rb = rect(m, y1, x2, y2);
    const before = await db.query<{ id: string; start: Date; owners: number }>(`SELECT "idDzialki" AS id, "poczatekWersjiObiektu" AS start,
      (SELECT count(*)::int FROM egib.udzialy_wlasnosci u WHERE u."idDzialki" = d."idDzialki") AS owners FROM egib.dzialki d WHERE "idDzialki" = ANY($1::text[]) ORDER BY 1`, [[a, b]]);
    const caseId = await notification([x1, y1, x2, y2]);
    const r = await upload(caseId, [{ name: 'granica.gml', body: gml([
      { layer: 'dzialki', props: { idDzialki: a, poleEwidencyjne: await poleOf(ra) }, rings: [ra] },
      { layer: 'dzialki', props: { idDzialki: b, poleEwidencyjne: await poleOf(rb) }, rings: [rb] }]) }]);
    expect(r.body.passed, JSON.stringify(r.body.report.checks.filter((c: any) => c.passed === false))).toBe(true);
    expect(r.body.report.replaced).toEqual([a, b].sort());
    const ok = await decideOn(caseId, r.body.id, { decision: 'accept' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.applied).toMatchObject({ created: [], removed: [], updated: [a, b].sort() });
    const after = await db.query<{ id: string; start: Date; owners: number; xmax: number; pole: string }>(`SELECT "idDzialki" AS id, "poczatekWersjiObiektu" AS start, ST_XMax(geom) AS xmax, "poleEwidencyjne"::text AS pole,
      (SELECT count(*)::int FROM egib.udzialy_wlasnosci u WHERE u."idDzialki" = d."idDzialki") AS owners FROM egib.dzialki d WHERE "idDzialki" = ANY($1::text[]) ORDER BY 1`, [[a, b]]);
    expect(after.map((x) => x.owners)).toEqual(before.map((x) => x.owners));
    expect(after.find((x) => x.id === a)!.xmax).toBeCloseTo(m, 3);
    expect(after.find((x) => x.id === a)!.pole).toBe(await poleOf(ra));
    for (const x of after) expect(x.start.getTime()).toBeGreaterThan(before.find((y) => y.id === x.id)!.start.getTime());
    const [arch] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM egib.dzialki_archiwalne WHERE zgloszenie_id = $1', [caseId]);
    expect(arch!.n).toBe(2);
    const lu = await db.query<{ id: string; area: number }>('SELECT "idDzialki" AS id, sum(ST_Area(geom)) AS area FROM egib.kontury_uzytkow WHERE "idDzialki" = ANY($1::text[]) GROUP BY 1 ORDER BY 1', [[a, b]]);
    expect(lu.find((x) => x.id === a)!.area).toBeCloseTo((m - x1) * (y2 - y1), 1);
  });
});
