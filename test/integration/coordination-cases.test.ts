// Coordination cases of designed networks over real HTTP on a real PostGIS (issue 18, art. 28b Pgik): a designer
// files a DXF with a water main (crossing an existing gas line, ending 0.5 m from a building) and a gas line, with
// the design map PDF → the clearance check's report is stored with the case, the operators of both branches are
// invited and mailed; the water and gas operators' accounts state their positions (one with a comment pinned to a
// point), an operator that was not invited cannot see or answer the case; the office issues the protocol → its text
// (pdftotext) has the case, the lengths per branch, the conflicts, each position and the conclusion, its signature
// verifies (pdfsig), and the designed lines are in gesut.przewody as projektowany with the case number, in one
// transaction that bumped the data version, and WFS serves them. Bad inputs get JSON problems.
//
// The case writes into gesut.przewody: it runs on its own database (migrated, with a small scene of its own), not on
// the shared sample one other test files count rows of.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../support/db.ts';
import { PostgresDatabase } from '../../server/db/postgres.ts';
import { migrate } from '../../server/db/migrate.ts';
import { MIGRATIONS_DIR } from '../../server/db/index.ts';
import { Catalog } from '../../server/catalog/catalog.ts';
import { createApp } from '../../server/http/app.ts';
import { loadConfig } from '../../server/config.ts';
import { TEST_ENV } from '../support/test-env.ts';
import { createLogger } from '../../server/log.ts';
import { createUser } from '../../server/accounts/users.ts';
import { createApiKey } from '../../server/accounts/api-keys.ts';
import type { Role } from '../../server/catalog/roles.ts';
import { Browser } from '../security/browser-session.ts';
import { transform } from '../../server/crs/definitions.ts';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader as Pbf } from 'pbf';
import { writeCoordinationScene, X, Y } from '../support/coordination-scene.ts';

const run = promisify(execFile);
const dir = mkdtempSync(path.join(tmpdir(), 'koord-'));
const outbox = path.join(dir, 'mail');

/** Stary Rynek in PL-2000 zone 6. */
type Pos = [number, number];

let fresh: { url: string; drop(): Promise<void> };
let db: PostgresDatabase;
let server: Server;
let url: string;

beforeAll(async () => {
  fresh = await freshDatabase('sip_koord');
  db = new PostgresDatabase({ connectionString: fresh.url, poolSize: 4, statementTimeoutMs: 60_000 });
  await migrate(db, MIGRATIONS_DIR);
  // The scene: a parcel, a building 10–20 m east and north of the point, an existing gas line along y = Y.
  await writeCoordinationScene(db, { srednica: 110 });
  const catalog = await Catalog.load(db);
  const config = loadConfig({ ...TEST_ENV, DATABASE_URL: fresh.url, MAIL_OUTBOX_DIR: outbox, OFFICE_DEV_CERT_DIR: path.join(dir, 'cert') });
  const app = createApp({ db, catalog, config, log: createLogger('silent') });
  server = await new Promise((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  await db?.close();
  await fresh?.drop();
});

interface Account { login: string; email: string; key: string; id: number }
async function account(role: Role, login: string): Promise<Account> {
  const user = await createUser(db, login, `${login}@example.pl`, 'Dluga-fraza-testowa-2026', role);
  const { key } = await createApiKey(db, user.id, 'test');
  return { login, email: user.email, key, id: user.id };
}

async function call(method: string, path_: string, who: Account | null, body?: unknown) {
  const headers: Record<string, string> = { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(who ? { 'X-API-Key': who.key } : {}) };
  const r = await fetch(url + path_, { method, headers, body: body !== undefined ? JSON.stringify(body) : undefined });
  const type = r.headers.get('content-type') ?? '';
  const raw = Buffer.from(await r.arrayBuffer());
  return { status: r.status, type, raw, body: type.includes('json') && raw.length ? JSON.parse(raw.toString('utf8')) : undefined };
}

/** An ASCII DXF with one LWPOLYLINE per line, on the layer given (with its elevation 38 = depth when given). */
function dxf(lines: { layer: string; coords: Pos[]; depth?: number }[]): string {
  const out = ['0', 'SECTION', '2', 'ENTITIES'];
  lines.forEach((l, i) => {
    out.push('0', 'LWPOLYLINE', '5', (0x100 + i).toString(16).toUpperCase(), '8', l.layer, '90', String(l.coords.length), '70', '0', ...(l.depth ? ['38', String(l.depth)] : []));
    for (const [x, y] of l.coords) out.push('10', String(x), '20', String(y));
  });
  out.push('0', 'ENDSEC', '0', 'EOF');
  return out.join('\r\n') + '\r\n';
}

/** A small real PDF (one page) as the design map. */
const MAP_PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

// The water main: from 20 m south, across the gas line at x = X + 5, north, then east to 0.5 m before the building.
const WATER: Pos[] = [[X + 5, Y - 20], [X + 5, Y + 15], [X + 9.5, Y + 15]];
const GAS: Pos[] = [[X - 30, Y + 30], [X + 30, Y + 30]];
// The water main carries its depth (1.6 m, the LWPOLYLINE's elevation); the gas line none.
const DESIGN_DXF = dxf([{ layer: 'w', coords: WATER, depth: -1.6 }, { layer: 'siec_gazowa', coords: GAS }]);

const submission = (extra: Record<string, unknown> = {}) => ({
  investor: 'Miasto Poznań – Poznańskie Inwestycje Miejskie sp. z o.o.', designer: 'mgr inż. Anna Projektant, upr. WKP/0001/PWOS/19',
  description: 'Przebudowa sieci wodociągowej i gazowej, Stary Rynek, Poznań', designDxf: DESIGN_DXF, mapPdf: MAP_PDF.toString('base64'), ...extra,
});

/** The z18 tile holding a point of EPSG:2177, and the statuses of the GESUT lines its vector tile carries. */
async function tileStatuses(x: number, y: number): Promise<string[]> {
  const [lon, lat] = transform('EPSG:2177', 'CRS:84', [x, y]) as [number, number];
  const z = 18, n = 2 ** z, phi = (lat * Math.PI) / 180;
  const tx = Math.floor(((lon + 180) / 360) * n), ty = Math.floor(((1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2) * n);
  const r = await fetch(`${url}/tiles/gesut/${z}/${tx}/${ty}.mvt`, { headers: { 'accept-encoding': 'identity' } });
  expect(r.status).toBe(200);
  const layer = new VectorTile(new Pbf(new Uint8Array(await r.arrayBuffer()))).layers.przewody;
  return layer ? Array.from({ length: layer.length }, (_, i) => String(layer.feature(i).properties.status)).sort() : [];
}

const mails = () => readdirSync(outbox).map((f) => readFileSync(path.join(outbox, f), 'utf8'));

async function pdfsig(file: string): Promise<string> {
  // pdfsig exits non-zero when a signature does not verify; its report is what we check.
  try { return (await run('pdfsig', [file])).stdout; } catch (e) { return (e as { stdout: string }).stdout; }
}

describe('coordination cases (narada koordynacyjna)', () => {
  let designer: Account, water: Account, gas: Account, telecom: Account, clerk: Account;
  let ops: { id: number; name: string; branze: string[] }[];
  let c: any;

  beforeAll(async () => {
    [designer, water, gas, telecom, clerk] = await Promise.all([
      account('projektant', 'projektant1'), account('branzysta', 'aquanet1'), account('branzysta', 'psg1'), account('branzysta', 'orange1'), account('pracownik', 'urzednik1'),
    ]);
    const r = await call('GET', '/api/coordination/operators', null);
    expect(r.status).toBe(200);
    ops = r.body.operators;
    const op = (name: string) => ops.find((o) => o.name.startsWith(name))!.id;
    for (const [name, who] of [['Aquanet', water], ['Polska Spółka Gazownictwa', gas], ['Orange', telecom]] as const) {
      // Only the office attaches accounts to operators.
      expect((await call('POST', `/api/coordination/operators/${op(name)}/members`, designer, { login: who.login })).status).toBe(403);
      expect((await call('POST', `/api/coordination/operators/${op(name)}/members`, clerk, { login: who.login })).status).toBe(204);
    }
    expect((await call('POST', `/api/coordination/operators/${op('Aquanet')}/members`, clerk, { login: designer.login })).status).toBe(400);
    // The office registers another operator; nobody else may, and a name is registered once.
    const veolia2 = { name: 'Ciepło Poznań sp. z o.o.', branze: ['c', 'ciepłownicza'], email: 'uzgodnienia@cieplo.example.pl' };
    expect((await call('POST', '/api/coordination/operators', designer, veolia2)).status).toBe(403);
    const added = await call('POST', '/api/coordination/operators', clerk, veolia2);
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ name: veolia2.name, branze: ['c'] });
    expect((await call('POST', '/api/coordination/operators', clerk, veolia2)).status).toBe(409);
    expect((await call('POST', '/api/coordination/operators', clerk, { name: 'X sp. z o.o.', branze: ['woda', 'nic'] })).status).toBe(400);
    const audited = await db.query<{ d: any }>(`SELECT szczegoly AS d FROM portal.dziennik_zdarzen WHERE zdarzenie = 'gestor_czlonek_dodany' AND login = $1 ORDER BY id`, [clerk.login]);
    expect(audited.map((a) => a.d.konto)).toEqual([water.login, gas.login, telecom.login]);
  });

  it('files a DXF case with the clearance check stored and the operators of both branches invited', async () => {
    const r = await call('POST', '/api/coordination/cases', designer, submission());
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    c = r.body;
    expect(c.number).toMatch(/^KOORD\/\d{4}\/\d{6}$/);
    expect(c.state).toBe('w uzgodnieniu');
    expect(c.history.map((h: any) => [h.from, h.to])).toEqual([[null, 'złożona'], ['złożona', 'w uzgodnieniu']]);
    expect(c.parties.map((p: any) => p.name).sort()).toEqual(['Aquanet S.A.', 'Polska Spółka Gazownictwa sp. z o.o.']);
    expect(c.term).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(c.lengths).toEqual([{ branza: 'g', count: 1, lengthM: 60 }, { branza: 'w', count: 1, lengthM: 39.5 }]);
    // The report: the crossing of the gas line at (X + 5, Y) and the building 0.5 m away.
    const crossing = c.check.conflicts.find((k: any) => k.kind === 'crossing');
    expect(crossing).toMatchObject({ with: { layer: 'gesut:przewody', id: 'PL.PZGiK.3064.GESUT_P.7', branza: 'g' }, distanceM: 0 });
    expect(Math.hypot(crossing.at[0] - (X + 5), crossing.at[1] - Y)).toBeLessThan(0.01);
    // The register records no depth of that gas line: the vertical clearance is unknown, and the answer says so.
    expect(crossing).toMatchObject({ requiredM: null, vertical: { clearanceM: null, designDepthM: 1.6, otherDepthM: null } });
    expect(crossing.note).toContain('depth unknown');
    const building = c.check.conflicts.find((k: any) => k.kind === 'building');
    expect(building).toMatchObject({ with: { id: '306401_1.0001.1.1_BUD' }, distanceM: 0.5 });
    expect(building.requiredM).toBeGreaterThan(0.5);
    expect(c.check.parcels).toEqual(['306401_1.0001.1']);
    // Stored with the case, not computed again on reading.
    const [row] = await db.query<{ r: any }>('SELECT "raportKontroli" AS r FROM portal.sprawy_koordynacyjne WHERE id = $1', [c.id]);
    expect(row!.r.conflicts.length).toBe(c.check.conflicts.length);
    // The design map comes back as filed.
    const map = await call('GET', c.links.mapPdf, designer);
    expect(map.status).toBe(200);
    expect(map.raw.equals(MAP_PDF)).toBe(true);
    // Mail: the designer and both operators' accounts, with the number and the term.
    const sent = mails();
    for (const who of [designer, water, gas]) expect(sent.some((m) => m.includes(`To: ${who.email}`) && m.includes(c.number) && m.includes(c.term))).toBe(true);
    expect(sent.some((m) => m.includes(`To: ${telecom.email}`))).toBe(false);
    // Each message carries the case's permalinks (the designer's and the operators' portals) at the service's address.
    expect(sent.filter((m) => m.includes(c.number)).every((m) => m.includes(`/portal/projektanci#sprawa=${c.id}`) && m.includes(`/portal/branzysci#sprawa=${c.id}`))).toBe(true);
    expect(sent.some((m) => /https?:\/\/[^\s]+\/portal\/branzysci#sprawa=/.test(m))).toBe(true);
  });

  it('lists the case in "Moje sprawy" of the designer and the invited operators only', async () => {
    for (const who of [designer, water, gas, clerk]) {
      const r = await call('GET', '/api/coordination/cases', who);
      expect(r.status).toBe(200);
      expect(r.body.cases.map((x: any) => x.number)).toContain(c.number);
    }
    expect((await call('GET', '/api/coordination/cases', telecom)).body.cases).toEqual([]);
    // "Do uzgodnienia": the operators' lists mark the invitation that waits for their position.
    const mine = async (who: Account) => (await call('GET', '/api/coordination/cases', who)).body.cases.find((x: any) => x.number === c.number);
    expect((await mine(water)).awaitingYou).toBe(true);
    expect((await mine(designer)).awaitingYou).toBe(false);
    expect((await call('GET', '/api/coordination/cases', null)).status).toBe(401);
  });

  it('keeps an operator that was not invited out', async () => {
    expect((await call('GET', `/api/coordination/cases/${c.id}`, telecom)).status).toBe(404);
    const r = await call('POST', `/api/coordination/cases/${c.id}/positions`, telecom, { position: 'nie uzgadniam', reason: 'kolizja' });
    expect(r.status).toBe(404);
    expect(r.type).toContain('application/problem+json');
    // Nor does the designer state a position.
    expect((await call('POST', `/api/coordination/cases/${c.id}/positions`, designer, { position: 'uzgadniam' })).status).toBe(403);
    const [n] = await db.query<{ n: string }>('SELECT count(*) AS n FROM portal.sprawy_koordynacyjne_strony WHERE sprawa_id = $1 AND stanowisko IS NOT NULL', [c.id]);
    expect(Number(n!.n)).toBe(0);
  });

  it('does not close the meeting while positions are missing before the term', async () => {
    const r = await call('POST', `/api/coordination/cases/${c.id}/protocol`, clerk, {});
    expect(r.status).toBe(409);
    expect(r.body.detail).toContain('positions are missing');
  });

  it('takes the water and gas operators\' positions, a comment pinned to a point', async () => {
    const w = await call('POST', `/api/coordination/cases/${c.id}/positions`, water, { position: 'uzgadniam' });
    expect(w.status, JSON.stringify(w.body)).toBe(200);
    expect((await call('GET', '/api/coordination/cases', water)).body.cases.find((x: any) => x.number === c.number).awaitingYou).toBe(false);
    expect((await call('POST', `/api/coordination/cases/${c.id}/positions`, gas, { position: 'uzgadniam z uwagami' })).status).toBe(400);
    const g = await call('POST', `/api/coordination/cases/${c.id}/positions`, gas, {
      position: 'uzgadniam z uwagami', reason: 'Skrzyżowanie z gazociągiem średniego ciśnienia wykonać w rurze osłonowej.',
      comments: [{ text: 'Rura osłonowa DN 250 na skrzyżowaniu, min. 1 m w obie strony', at: [X + 5, Y] }],
    });
    expect(g.status).toBe(200);
    expect(g.body.parties.map((p: any) => p.position).sort()).toEqual(['uzgadniam', 'uzgadniam z uwagami']);
    expect(g.body.comments).toMatchObject([{ name: 'Polska Spółka Gazownictwa sp. z o.o.', at: [X + 5, Y] }]);
    // A comment outside the city is refused with the place at fault.
    const far = await call('POST', `/api/coordination/cases/${c.id}/positions`, gas, { position: 'uzgadniam', comments: [{ text: 'x', at: [Y, X] }] });
    expect(far.status).toBe(400);
    expect(far.body.pointer).toBe('/comments/0/at');
  });

  it('issues the signed protocol and enters the designed lines into GESUT as projektowany, in one transaction', async () => {
    const [v0] = await db.query<{ v: string }>('SELECT version AS v FROM public.data_version');
    // The tile of the water main's corner before: only the existing gas line (and the answer is cached).
    expect(await tileStatuses(X + 5, Y + 10)).toEqual(['istniejący']);
    const r = await call('POST', `/api/coordination/cases/${c.id}/protocol`, clerk, { conclusion: 'Uzgodniono pod warunkami PSG.' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.state).toBe('protokół wydany');
    expect(r.body.outcome).toBe('uzgodniona z uwagami');
    expect(r.body.enteredIntoGesut).toBe(2);
    expect(r.body.history.slice(-2).map((h: any) => h.to)).toEqual(['uzgodniona z uwagami', 'protokół wydany']);
    const [v1] = await db.query<{ v: string }>('SELECT version AS v FROM public.data_version');
    expect(Number(v1!.v)).toBeGreaterThan(Number(v0!.v));

    const lines = await db.query<any>(`SELECT "idPrzewodu", branza, status, eksploatacja, wladajacy, funkcja, glebokosc::float8 AS glebokosc, ST_Length(geom) AS len
      FROM gesut.przewody WHERE "numerSprawyKoordynacyjnej" = $1 ORDER BY branza`, [c.number]);
    expect(lines.map((l) => [l.branza, l.status, l.eksploatacja, l.wladajacy])).toEqual([
      ['g', 'projektowany', null, 'Polska Spółka Gazownictwa sp. z o.o.'], ['w', 'projektowany', null, 'Aquanet S.A.']]);
    expect(lines.map((l) => Number(Number(l.len).toFixed(2)))).toEqual([60, 39.5]);
    expect(lines.map((l) => l.glebokosc)).toEqual([null, 1.6]);
    expect(lines.map((l) => l.idPrzewodu).sort()).toEqual(['PL.PZGiK.3064.GESUT_P.8', 'PL.PZGiK.3064.GESUT_P.9']);
    // The same tile at once after: the designed water main in it, as planned (the style dashes projektowany).
    expect(await tileStatuses(X + 5, Y + 10)).toContain('projektowany');

    // The protocol: text and signature.
    const pdf = await call('GET', `/api/coordination/cases/${c.id}/protokol.pdf`, water);
    expect(pdf.status).toBe(200);
    expect(pdf.type).toBe('application/pdf');
    const file = path.join(dir, 'protokol.pdf');
    writeFileSync(file, pdf.raw);
    const text = (await run('pdftotext', ['-raw', file, '-'])).stdout.replace(/\s+/g, ' ');
    for (const s of [
      'PROTOKÓŁ Z NARADY KOORDYNACYJNEJ', c.number, 'Miasto Poznań – Poznańskie Inwestycje Miejskie', 'mgr inż. Anna Projektant',
      'wodociągowa (w) 1 39,50 m', 'gazowa (g) 1 60,00 m', 'skrzyżowanie z przewodem', 'PL.PZGiK.3064.GESUT_P.7', 'odległość od budynku', '0,50 m',
      'Aquanet S.A.', 'Polska Spółka Gazownictwa sp. z o.o.', 'uzgadniam z uwagami', 'w rurze osłonowej', 'Rura osłonowa DN 250',
      `x = ${(X + 5).toFixed(2)}, y = ${Y.toFixed(2)}`, 'Wynik narady: uzgodniona z uwagami', 'Uzgodniono pod warunkami PSG.', 'status', 'projektowany',
    ]) expect(text, s).toContain(s);
    const sig = await pdfsig(file);
    expect(sig).toContain('Signature is Valid.');
    expect(sig).toContain('Total document signed');
    // Every party and the designer are told.
    expect(mails().filter((m) => m.includes('Protokół wydany')).length).toBe(3);
  });

  it('serves the designed lines by WFS as planned', async () => {
    const r = await fetch(`${url}/ows?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=gesut:przewody&OUTPUTFORMAT=application/json`);
    expect(r.status).toBe(200);
    const fc = await r.json() as any;
    const planned = fc.features.filter((f: any) => f.properties.numerSprawyKoordynacyjnej === c.number);
    expect(planned.map((f: any) => [f.properties.branza, f.properties.status]).sort()).toEqual([['g', 'projektowany'], ['w', 'projektowany']]);
    const gml = await (await fetch(`${url}/ows?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=gesut:przewody_wodociagowe`)).text();
    expect(gml).toContain(`>${c.number}<`);
    expect(gml).toContain('>projektowany<');
  });

  it('serves the designed lines to the designers\' 3D view at their depth, as planned', async () => {
    const r = await fetch(`${url}/3d/networks.json`);
    expect(r.status).toBe(200);
    const doc = await r.json() as any;
    const mine = doc.lines.filter((l: any) => l.numerSprawyKoordynacyjnej === c.number).sort((a: any, b: any) => a.branza.localeCompare(b.branza));
    expect(mine.map((l: any) => [l.branza, l.glebokosc, l.depthKnown])).toEqual([['g', null, false], ['w', 1.6, true]]);
    // No terrain model in this database: heights are the depths below 0; the water main's every vertex 1.6 m down,
    // the gas line (no depth) at the view's default cover; the 35 m leg divided to follow the terrain.
    expect(doc.terrain).toBe(false);
    expect(new Set(mine[1].coordinates.map((p: number[]) => p[2]))).toEqual(new Set([-1.6]));
    expect(new Set(mine[0].coordinates.map((p: number[]) => p[2]))).toEqual(new Set([-doc.defaultCoverM]));
    expect(mine[1].coordinates.length).toBeGreaterThan(WATER.length);
    expect(mine[1].colour).toBe('#0000ff');
    // Existing lines are not planned ones.
    expect(doc.lines.some((l: any) => l.id === 'PL.PZGiK.3064.GESUT_P.7')).toBe(false);
    expect((await fetch(`${url}/3d/networks.json?bbox=1,2,3`)).status).toBe(400);
  });

  it('takes no positions and no second protocol once it is issued', async () => {
    expect((await call('POST', `/api/coordination/cases/${c.id}/positions`, water, { position: 'nie uzgadniam', reason: 'zmiana' })).status).toBe(409);
    expect((await call('POST', `/api/coordination/cases/${c.id}/protocol`, clerk, {})).status).toBe(409);
  });

  it('enters nothing into GESUT when an operator does not agree', async () => {
    const r = await call('POST', '/api/coordination/cases', designer, submission({ designDxf: dxf([{ layer: 'g', coords: [[X - 20, Y - 30], [X + 20, Y - 30]] }]) }));
    expect(r.status).toBe(201);
    expect(r.body.parties.map((p: any) => p.name)).toEqual(['Polska Spółka Gazownictwa sp. z o.o.']);
    expect((await call('POST', `/api/coordination/cases/${r.body.id}/positions`, gas, { position: 'nie uzgadniam', reason: 'Brak warunków przyłączenia.' })).status).toBe(200);
    const p = await call('POST', `/api/coordination/cases/${r.body.id}/protocol`, clerk, {});
    expect(p.status).toBe(200);
    expect(p.body).toMatchObject({ state: 'protokół wydany', outcome: 'nieuzgodniona', enteredIntoGesut: 0 });
    const [n] = await db.query<{ n: string }>('SELECT count(*) AS n FROM gesut.przewody WHERE "numerSprawyKoordynacyjnej" = $1', [r.body.number]);
    expect(Number(n!.n)).toBe(0);
    const file = path.join(dir, 'protokol-negatywny.pdf');
    writeFileSync(file, (await call('GET', `/api/coordination/cases/${r.body.id}/protokol.pdf`, designer)).raw);
    const text = (await run('pdftotext', ['-raw', file, '-'])).stdout.replace(/\s+/g, ' ');
    expect(text).toContain('NIE UZGODNIONO');
    expect(text).toContain('Brak warunków przyłączenia.');
    expect(text).not.toContain('wprowadzono do GESUT');
  });

  it('files a GML design, reading the axis order from the srsName', async () => {
    // urn:ogc:def:crs:EPSG::2177 is northing first: posList "y x y x".
    const gml = `<?xml version="1.0" encoding="UTF-8"?>
<gml:FeatureCollection xmlns:gml="http://www.opengis.net/gml/3.2" xmlns:p="https://example.pl/projekt" gml:id="fc">
  <gml:featureMember><p:Przewod gml:id="W-10"><p:branza>wodociągowa</p:branza><p:srednica>110</p:srednica><p:funkcja>przyłącze</p:funkcja>
    <p:geometria><gml:LineString gml:id="g1" srsName="urn:ogc:def:crs:EPSG::2177"><gml:posList>${Y - 45} ${X - 10} ${Y - 45} ${X + 10}</gml:posList></gml:LineString></p:geometria>
  </p:Przewod></gml:featureMember>
</gml:FeatureCollection>`;
    const r = await call('POST', '/api/coordination/cases', designer, submission({ designDxf: undefined, designGml: gml }));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.format).toBe('gml');
    expect(r.body.design.features[0]).toMatchObject({ geometry: { type: 'LineString', coordinates: [[X - 10, Y - 45], [X + 10, Y - 45]] },
      properties: { branza: 'w', srednica: 110, funkcja: 'przyłącze', label: 'W-10', lengthM: 20 } });
    const wrong = await call('POST', '/api/coordination/cases', designer, submission({ designDxf: undefined, designGml: gml.replace('urn:ogc:def:crs:EPSG::2177', 'urn:ogc:def:crs:EPSG::2180') }));
    expect(wrong.status).toBe(400);
    expect(wrong.body.detail).toContain('EPSG:2177');
    const broken = await call('POST', '/api/coordination/cases', designer, submission({ designDxf: undefined, designGml: '<gml:FeatureCollection' }));
    expect(broken.status).toBe(400);
    expect(broken.type).toContain('application/problem+json');
    expect((await call('POST', `/api/coordination/cases/${r.body.id}/withdraw`, designer, {})).status).toBe(200);
  });

  it('lets the designer withdraw a case, and enters nothing for it', async () => {
    const r = await call('POST', '/api/coordination/cases', designer, submission({ designDxf: dxf([{ layer: 'w', coords: [[X - 20, Y - 40], [X + 20, Y - 40]] }]) }));
    expect(r.status).toBe(201);
    expect(r.body.parties.map((p: any) => p.name)).toEqual(['Aquanet S.A.']);
    expect((await call('POST', `/api/coordination/cases/${r.body.id}/withdraw`, water, {})).status).toBe(403);
    const w = await call('POST', `/api/coordination/cases/${r.body.id}/withdraw`, designer, { reason: 'zmiana projektu' });
    expect(w.status).toBe(200);
    expect(w.body.state).toBe('wycofana');
    expect((await call('POST', `/api/coordination/cases/${r.body.id}/protocol`, clerk, {})).status).toBe(409);
  });

  it('answers bad input with JSON problems', async () => {
    const post = (who: Account | null, body: unknown) => call('POST', '/api/coordination/cases', who, body);
    const problem = async (p: Promise<Awaited<ReturnType<typeof call>>>, status: number, pattern: RegExp) => {
      const r = await p;
      expect(r.status, JSON.stringify(r.body)).toBe(status);
      expect(r.type).toContain('application/problem+json');
      expect(r.body.detail).toMatch(pattern);
      return r.body;
    };
    await problem(post(null, submission()), 401, /Sign in/);
    await problem(post(water, submission()), 403, /designers/);
    // Wrong CRS: a GeoJSON that says EPSG:2180, and a DXF drawn in EPSG:2180 (outside zone 6).
    await problem(post(designer, submission({ designDxf: undefined, design: { type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::2180' } },
      features: [{ type: 'Feature', properties: { branza: 'w' }, geometry: { type: 'LineString', coordinates: WATER } }] } })), 400, /EPSG:2177/);
    await problem(post(designer, submission({ designDxf: dxf([{ layer: 'w', coords: [[359_000, 506_000], [359_100, 506_000]] }]) })), 400, /outside PL-2000 zone 6/);
    // Empty DXF: no text, and a DXF without lines.
    await problem(post(designer, submission({ designDxf: '' })), 400, /designDxf is empty/);
    await problem(post(designer, submission({ designDxf: '0\r\nSECTION\r\n2\r\nENTITIES\r\n0\r\nENDSEC\r\n0\r\nEOF\r\n' })), 400, /no LINE, LWPOLYLINE or POLYLINE/);
    // Not a PDF, no PDF, not base64.
    const notPdf = await problem(post(designer, submission({ mapPdf: Buffer.from('PK\u0003\u0004 not a pdf').toString('base64') })), 400, /not a PDF/);
    expect(notPdf.parameter).toBe('mapPdf');
    await problem(post(designer, submission({ mapPdf: undefined })), 400, /mapPdf is required/);
    await problem(post(designer, submission({ mapPdf: '***' })), 400, /not base64/);
    // A layer that names no branch; a missing investor; unknown parties; a branch without its operator invited.
    await problem(post(designer, submission({ designDxf: dxf([{ layer: 'rysunek', coords: WATER }]) })), 400, /names no network branch/);
    await problem(post(designer, submission({ investor: '' })), 400, /investor is required/);
    await problem(post(designer, submission({ parties: [999999] })), 400, /No operator with id 999999/);
    const psg = ops.find((o) => o.branze.includes('g'))!.id;
    await problem(post(designer, submission({ parties: [psg] })), 400, /designed branch w/);
    // A session (a cookie the browser sends anywhere) needs the CSRF token of GET /api/session.
    const browser = new Browser(url);
    expect((await browser.login(designer.login, 'Dluga-fraza-testowa-2026')).status).toBe(303);
    const noToken = await fetch(`${url}/api/coordination/cases`, { method: 'POST', headers: { cookie: browser.cookieHeader(), 'content-type': 'application/json' }, body: JSON.stringify(submission()) });
    expect(noToken.status).toBe(403);
    expect((await noToken.json() as any).detail).toContain('CSRF');
    // Not JSON at all.
    const r = await fetch(`${url}/api/coordination/cases`, { method: 'POST', headers: { 'content-type': 'text/plain', 'X-API-Key': designer.key }, body: 'x' });
    expect(r.status).toBe(415);
    // Unknown and malformed case ids.
    expect((await call('GET', '/api/coordination/cases/00000000-0000-0000-0000-000000000000', designer)).status).toBe(404);
    expect((await call('GET', '/api/coordination/cases/nie-ma', designer)).status).toBe(404);
    expect((await call('GET', '/api/coordination/cases?state=dowolny', designer)).status).toBe(400);
    // Nothing was filed by the refused requests.
    const [n] = await db.query<{ n: string }>('SELECT count(*) AS n FROM portal.sprawy_koordynacyjne');
    expect(Number(n!.n)).toBe(4);
    // With the token the same session files it.
    const { csrfToken } = await browser.session();
    const withToken = await fetch(`${url}/api/coordination/cases`, { method: 'POST', headers: { cookie: browser.cookieHeader(), 'content-type': 'application/json', 'x-csrf-token': csrfToken }, body: JSON.stringify(submission()) });
    expect(withToken.status).toBe(201);
  });
});
