// Wypis z rejestru gruntów, wypis z rejestru budynków and wyrys z mapy ewidencyjnej rendered for real parcels of the
// sample register (found by SQL: owners who are natural persons, classified land-use pieces, buildings), signed as
// the office signs them, and read back with poppler: pdftotext (identifiers, areas with 4 decimals and a decimal
// comma, owners' names and PESEL only when the orderer is entitled — and not one of them otherwise), pdfsig (the
// signature verifies over the whole file), pdfinfo (the licence text in the document info). The wyrys's printed
// scale is measured: the red outline of the parcel on the page (pdftocairo's SVG path data, PDF points) against the
// parcel's perimeter in PostGIS, and the map image's size on paper (pdfimages: pixels ÷ ppi) against the ground
// width written at the frame's corners; the map image is checked not to be blank.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSample } from '../support/db.ts';
import type { PostgresDatabase } from '../../server/db/postgres.ts';
import { renderOrderItemDocuments, renderWyrysPdf, renderWypisBudynkowPdf, renderWypisGruntowPdf, renderSignedRegisterDocuments } from '../../server/documents/wypis-pdf.ts';
import { signRegisterDocument } from '../../server/documents/register-pdf.ts';
import { signingIdentity, type SigningIdentity } from '../../server/documents/sign.ts';
import type { LicenceMark } from '../../server/documents/licence-mark.ts';
import { HttpProblem } from '../../server/errors/service-error.ts';
import { startApp, type TestApp } from '../support/app.ts';
import { createUser } from '../../server/accounts/users.ts';
import { createApiKey } from '../../server/accounts/api-keys.ts';

const run = promisify(execFile);
const dir = mkdtempSync(path.join(tmpdir(), 'wypis-'));
const office = { name: 'Zarząd Geodezji i Katastru Miejskiego GEOPOZ', address: 'ul. Gronowa 20, 61-655 Poznań' };
const licence: LicenceMark = {
  number: 'LIC/2026/000042', orderNumber: 'ZAM/2026/000042', dooNumber: 'DOO/2026/000042', licensee: 'Anna Nowak, ul. Półwiejska 2, 61-888 Poznań',
  licensor: 'Prezydent Miasta Poznania – GEOPOZ', purpose: 'potrzeby własne', issued: '2026-12-03', url: '/api/orders/x/licencja.pdf',
};
const issued = new Date('2026-12-03T10:00:00Z');

let db: PostgresDatabase;
let identity: SigningIdentity;

type Owner = { imie: string | null; nazwisko: string | null; nazwa: string | null; pesel: string | null; regon: string | null; adres: string | null };
interface Parcel { id: string; numer: string; pole: string; kw: string | null; jrg: string; owners: Owner[]; pieces: { OFU: string; OZU: string | null; OZK: string | null; pow: string }[] }

async function parcel(id: string): Promise<Parcel> {
  const [p] = await db.query<{ numer: string; pole: string; kw: string | null; jrg: string }>(
    'SELECT "numerDzialki" AS numer, "poleEwidencyjne"::text AS pole, "numerKW" AS kw, "JRG" AS jrg FROM egib.dzialki WHERE "idDzialki" = $1', [id]);
  const owners = await db.query<Owner>(
    `SELECT w.imie, w.nazwisko, w.nazwa, w.pesel, w.regon, w.adres FROM egib.udzialy_wlasnosci u JOIN egib.wlasciciele w ON w.id = u."idPodmiotu" WHERE u."idDzialki" = $1`, [id]);
  const pieces = await db.query<{ OFU: string; OZU: string | null; OZK: string | null; pow: string }>(
    'SELECT "OFU", "OZU", "OZK", powierzchnia::text AS pow FROM egib.kontury_uzytkow WHERE "idDzialki" = $1', [id]);
  return { id, ...p!, owners, pieces };
}

// Parcels of the sample register: natural-person co-owners and a classified piece (OZU/OZK); several pieces and a building.
let classified: Parcel;
let built: Parcel;

const haPl = (v: string) => Number(v).toFixed(4).replace('.', ',');

async function text(pdf: Buffer, name: string): Promise<string> {
  const file = path.join(dir, name);
  writeFileSync(file, pdf);
  return (await run('pdftotext', ['-raw', file, '-'])).stdout.replace(/\s+/g, ' ');
}

async function pdfsig(file: string): Promise<string> {
  try { return (await run('pdfsig', [file])).stdout; } catch (e) { return (e as { stdout: string }).stdout; }
}

beforeAll(async () => {
  db = connectSample();
  identity = await signingIdentity({ signingP12: undefined, signingP12Password: '', devCertDir: path.join(dir, 'cert'), officeName: office.name });
  const [a] = await db.query<{ id: string }>(
    `SELECT d."idDzialki" AS id FROM egib.dzialki d
     WHERE EXISTS (SELECT 1 FROM egib.kontury_uzytkow k WHERE k."idDzialki" = d."idDzialki" AND k."OZU" IS NOT NULL)
       AND (SELECT count(*) FROM egib.udzialy_wlasnosci u JOIN egib.wlasciciele w ON w.id = u."idPodmiotu"
            WHERE u."idDzialki" = d."idDzialki" AND w."rodzajPodmiotu" = 'osoba fizyczna' AND w.pesel IS NOT NULL) >= 2
     ORDER BY d."idDzialki" LIMIT 1`);
  const [b] = await db.query<{ id: string }>(
    `SELECT d."idDzialki" AS id FROM egib.dzialki d
     WHERE (SELECT count(*) FROM egib.kontury_uzytkow k WHERE k."idDzialki" = d."idDzialki") >= 2
       AND EXISTS (SELECT 1 FROM egib.budynki b WHERE b."idDzialki" = d."idDzialki")
       AND (SELECT count(*) FROM egib.udzialy_wlasnosci u JOIN egib.wlasciciele w ON w.id = u."idPodmiotu"
            WHERE u."idDzialki" = d."idDzialki" AND w."rodzajPodmiotu" = 'osoba fizyczna') >= 2
       AND ST_Area(d.geom) BETWEEN 300 AND 3000
     ORDER BY d."idDzialki" LIMIT 1`);
  expect(a, 'a sample parcel with natural-person co-owners and a classified piece').toBeDefined();
  expect(b, 'a sample parcel with two pieces, a building and natural-person co-owners').toBeDefined();
  classified = await parcel(a!.id);
  built = await parcel(b!.id);
});
afterAll(async () => { await db?.close(); });

describe('wypis z rejestru gruntów', () => {
  it('with personal data: identifiers, areas to 0.0001 ha, klasoużytki, owners with PESEL and address; signed; licence in the info', async () => {
    const pdf = await renderWypisGruntowPdf(db, { parcels: [classified.id, built.id], personalData: true, licence, issued, office });
    const signed = await signRegisterDocument(pdf, identity, 'Wypis z rejestru gruntów', office, issued);
    const t = await text(signed, 'wypis-pelny.pdf');
    expect(t).toContain('WYPIS Z REJESTRU GRUNTÓW');
    expect(t).not.toContain('bez danych osobowych');
    for (const p of [classified, built]) {
      expect(t).toContain(p.id);
      expect(t).toContain(haPl(p.pole));
      expect(haPl(p.pole)).toMatch(/^\d+,\d{4}$/);
      if (p.kw) expect(t).toContain(p.kw);
      expect(t).toContain(p.jrg);
      for (const k of p.pieces) expect(t).toContain(haPl(k.pow));
      for (const o of p.owners) {
        if (o.nazwisko) expect(t).toContain(`${o.imie} ${o.nazwisko}`);
        if (o.nazwa) expect(t).toContain(o.nazwa);
        if (o.pesel) expect(t).toContain(`PESEL ${o.pesel}`);
        if (o.adres) expect(t).toContain(o.adres);
      }
    }
    const c = classified.pieces.find((k) => k.OZU)!;
    expect(t).toContain(`${c.OFU} ${c.OZU} ${c.OZK} ${haPl(c.pow)}`);
    expect(t).toContain('Obręb ewidencyjny');
    expect(t).toContain('Grupa rejestrowa 7 – grunty osób fizycznych');
    expect(t).toContain('Znak sprawy: ZAM/2026/000042');
    expect(t).toContain('Dokument niniejszy jest przeznaczony do dokonywania wpisu w księdze wieczystej');

    const file = path.join(dir, 'wypis-pelny.pdf');
    const sig = await pdfsig(file);
    expect(sig).toContain('Signature Validation: Signature is Valid.');
    expect(sig).toContain('Total document signed');
    const info = (await run('pdfinfo', ['-custom', file])).stdout;
    expect(info).toMatch(/Subject:\s+Licencja LIC\/2026\/000042 \(art\. 40c Pgik\); licencjodawca/);
    expect(info).toMatch(/Licencja:\s+Licencja LIC\/2026\/000042/);
    expect(info).toContain('licencjobiorca: Anna Nowak');
    expect(t).toContain('Licencja LIC/2026/000042 (art. 40c Pgik)'); // the footer line on the page
  });

  it('without personal data: says so, and no owner name, PESEL or address appears', async () => {
    const pdf = await renderWypisGruntowPdf(db, { parcels: [classified.id, built.id], personalData: false, licence, issued, office });
    const t = await text(pdf, 'wypis-bez.pdf');
    expect(t).toContain('WYPIS Z REJESTRU GRUNTÓW bez danych osobowych');
    expect(t).toContain('Wypis bez danych osobowych – art. 24 ust. 5 Pgik');
    expect(t).not.toContain('Dokument niniejszy jest przeznaczony');
    for (const p of [classified, built]) {
      expect(t).toContain(p.id);
      expect(t).toContain(haPl(p.pole));
      for (const o of p.owners) {
        for (const v of [o.nazwisko && `${o.imie} ${o.nazwisko}`, o.pesel, o.regon, o.adres, o.nazwa]) if (v) expect(t).not.toContain(v);
      }
    }
    expect(t).not.toContain('PESEL ');
    expect(t).not.toMatch(/\b\d{11}\b/); // no PESEL-like number at all
  });

  it('for a whole land register unit (JRG): its parcels and the total of their areas', async () => {
    const parcels = await db.query<{ id: string; pole: string }>('SELECT "idDzialki" AS id, "poleEwidencyjne"::text AS pole FROM egib.dzialki WHERE "JRG" = $1', [built.jrg]);
    const [sum] = await db.query<{ s: string }>('SELECT sum("poleEwidencyjne")::text AS s FROM egib.dzialki WHERE "JRG" = $1', [built.jrg]);
    const t = await text(await renderWypisGruntowPdf(db, { jrg: built.jrg, personalData: false, issued, office }), 'wypis-jrg.pdf');
    for (const p of parcels) expect(t).toContain(p.id);
    expect(t).toMatch(new RegExp(`Razem \\(${parcels.length} [^)]*\\) ${haPl(sum!.s)}`));
    expect(t).not.toContain('Wypis obejmuje');
  });

  it('refuses unknown parcels and malformed units as the client\'s mistake', async () => {
    await expect(renderWypisGruntowPdf(db, { parcels: ['306401_1.0005.999999'], personalData: false, issued, office })).rejects.toMatchObject({ status: 400 });
    await expect(renderWypisGruntowPdf(db, { jrg: "G1'; DROP TABLE x", personalData: false, issued, office })).rejects.toBeInstanceOf(HttpProblem);
  });
});

describe('wypis z rejestru budynków', () => {
  it('lists the buildings on the parcel (_BUD identifiers, KŚT, storeys, areas); owners only when entitled', async () => {
    const buildings = await db.query<{ id: string; kst: string; pz: string; nadz: number; podz: number }>(
      `SELECT "idBudynku" AS id, "rodzajWgKST" AS kst, "powZabudowy"::text AS pz, "liczbaKondygnacjiNadziemnych" AS nadz, "liczbaKondygnacjiPodziemnych" AS podz
       FROM egib.budynki WHERE "idDzialki" = $1`, [built.id]);
    const full = await text(await renderWypisBudynkowPdf(db, { parcels: [built.id], personalData: true, licence, issued, office }), 'budynki-pelny.pdf');
    const anon = await text(await renderWypisBudynkowPdf(db, { parcels: [built.id], personalData: false, licence, issued, office }), 'budynki-bez.pdf');
    for (const t of [full, anon]) {
      expect(t).toContain('WYPIS Z REJESTRU BUDYNKÓW');
      for (const b of buildings) {
        expect(b.id).toMatch(/_BUD$/);
        expect(t).toContain(b.id);
        expect(t).toContain(Number(b.pz).toFixed(2).replace('.', ','));
        expect(t).toContain(`${b.nadz} / ${b.podz}`);
        expect(t).toContain(`${b.kst} – `);
      }
    }
    const withName = built.owners.find((o) => o.nazwisko)!;
    expect(full).toContain(`${withName.imie} ${withName.nazwisko}`);
    for (const o of built.owners) for (const v of [o.nazwisko && `${o.imie} ${o.nazwisko}`, o.pesel, o.adres]) if (v) expect(anon).not.toContain(v);
  });
});

/**
 * Length of the red outline in a pdftocairo SVG, in PDF points: the closed red paths (the legend's red sample is an
 * open line). The path data is in the page's user space (a 100 pt pdfkit line reads as 100 pt); pdftocairo's own
 * page-fit `transform` on it is left out.
 */
function redOutlineLength(svg: string): number {
  const paths = [...svg.matchAll(/<path [^>]*stroke:rgb\(100%,0%,0%\)[^>]*d="([^"]+)"/g)].map((m) => m[1]!).filter((d) => d.includes('Z'));
  let total = 0;
  for (const d of paths) {
    const pts = [...d.matchAll(/([MLZ])\s*(?:(-?[\d.]+) (-?[\d.]+))?/g)];
    let start: [number, number] | undefined, prev: [number, number] | undefined;
    for (const [, op, x, y] of pts) {
      if (op === 'Z') { if (prev && start) total += Math.hypot(start[0] - prev[0], start[1] - prev[1]); prev = start; continue; }
      const p: [number, number] = [Number(x), Number(y)];
      if (op === 'M') start = p; else if (prev) total += Math.hypot(p[0] - prev[0], p[1] - prev[1]);
      prev = p;
    }
  }
  return total;
}

describe('wyrys z mapy ewidencyjnej', () => {
  it.each([500, 1000, 2000] as const)('at 1:%i: the printed scale measured on the page, the map not blank, signed, licence', async (scale) => {
    const pdf = await renderWyrysPdf(db, { parcels: [built.id], scale, licence, issued, office });
    const signed = await signRegisterDocument(pdf, identity, 'Wyrys z mapy ewidencyjnej', office, issued);
    const file = path.join(dir, `wyrys-${scale}.pdf`);
    const t = await text(signed, `wyrys-${scale}.pdf`);
    expect(t).toContain('WYRYS Z MAPY EWIDENCYJNEJ');
    expect(t).toContain(`Skala 1:${scale}`);
    expect(t).toContain(built.id);
    expect(t).toContain(haPl(built.pole));
    expect(t).toContain('PL-2000 strefa 6 (EPSG:2177)');
    expect(t).toContain(' N '); // the north arrow's letter
    expect(t).toContain('Legenda:');
    for (const o of built.owners) if (o.pesel) expect(t).not.toContain(o.pesel);

    // The red outline of the parcel is its perimeter at the scale: metres × 1000 / scale = millimetres on paper.
    const [g] = await db.query<{ perimeter: number }>('SELECT ST_Perimeter(geom) AS perimeter FROM egib.dzialki WHERE "idDzialki" = $1', [built.id]);
    const svg = path.join(dir, `wyrys-${scale}.svg`);
    await run('pdftocairo', ['-svg', file, svg]);
    const printedMm = redOutlineLength(readFileSync(svg, 'utf8')) * 25.4 / 72;
    const expectedMm = g!.perimeter * 1000 / scale;
    expect(printedMm / expectedMm).toBeGreaterThan(0.995);
    expect(printedMm / expectedMm).toBeLessThan(1.005);

    // The map image: pixels ÷ ppi = its width on paper; the corners' easting (y) labels give its width on the ground.
    const list = (await run('pdfimages', ['-list', file])).stdout.trim().split('\n').slice(2).map((l) => l.trim().split(/\s+/));
    const map = list.find((c) => Number(c[3]) > 1000)!;
    const paperMm = Number(map[3]) / Number(map[12]) * 25.4;
    const eastings = [...t.matchAll(/y = ([\d ]+,\d\d)/g)].map((m) => Number(m[1]!.replace(/ /g, '').replace(',', '.')));
    const groundM = Math.max(...eastings) - Math.min(...eastings);
    expect(groundM * 1000 / scale / paperMm).toBeCloseTo(1, 3);

    // The map is drawn: many pixels are not white, in more than one colour.
    await run('pdfimages', ['-png', '-f', '1', '-l', '1', file, path.join(dir, `map-${scale}`)]);
    const png = readdirSync(dir).filter((n) => n.startsWith(`map-${scale}`) && n.endsWith('.png')).sort()[0]!;
    const { data, info } = await sharp(path.join(dir, png)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    let ink = 0;
    const colours = new Set<number>();
    for (let i = 0; i < data.length; i += info.channels) {
      if (data[i]! < 240 || data[i + 1]! < 240 || data[i + 2]! < 240) ink++;
      colours.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
    }
    expect(ink / (info.width * info.height)).toBeGreaterThan(0.05);
    expect(colours.size).toBeGreaterThan(10);

    expect(await pdfsig(file)).toContain('Signature Validation: Signature is Valid.');
    expect((await run('pdfinfo', ['-custom', file])).stdout).toMatch(/Licencja:\s+Licencja LIC\/2026\/000042/);
  });

  it('shows the neighbours\' numbers and refuses parcels that do not fit the frame at the scale', async () => {
    const t = await text(await renderWyrysPdf(db, { parcels: [built.id], scale: 1000, issued, office }), 'wyrys-neighbours.pdf');
    const neighbours = await db.query<{ numer: string }>(
      `SELECT n."numerDzialki" AS numer FROM egib.dzialki d JOIN egib.dzialki n ON ST_Touches(d.geom, n.geom) AND n."idDzialki" <> d."idDzialki"
       WHERE d."idDzialki" = $1 AND ST_Area(n.geom) > 400`, [built.id]);
    expect(neighbours.length).toBeGreaterThan(0);
    const shown = neighbours.filter((n) => new RegExp(`(^| )${n.numer.replace('/', '\\/')}( |$)`).test(t));
    expect(shown.length).toBeGreaterThan(0);

    const [big] = await db.query<{ jrg: string }>('SELECT "JRG" AS jrg FROM egib.dzialki GROUP BY "JRG" HAVING count(*) <= 200 ORDER BY count(*) DESC LIMIT 1');
    const all = (await db.query<{ id: string }>('SELECT "idDzialki" AS id FROM egib.dzialki WHERE "JRG" = $1', [big!.jrg])).map((r) => r.id);
    await expect(renderWyrysPdf(db, { parcels: all, scale: 500, issued, office })).rejects.toMatchObject({ status: 422 });
  });

  it('an ordered wypis_wyrys gives two signed files; an unentitled order never prints owners', async () => {
    const docs = await renderSignedRegisterDocuments(db, identity, { material: 'wypis_wyrys', parcels: [built.id], personalData: false, licence, issued, office, scale: 1000 });
    expect(docs.map((d) => d.title)).toEqual(['Wypis z rejestru gruntów bez danych osobowych', 'Wyrys z mapy ewidencyjnej']);
    for (const d of docs) {
      const file = path.join(dir, d.fileName);
      writeFileSync(file, d.body);
      expect(await pdfsig(file)).toContain('Signature Validation: Signature is Valid.');
      const t = (await run('pdftotext', ['-raw', file, '-'])).stdout;
      for (const o of built.owners) if (o.pesel) expect(t).not.toContain(o.pesel);
    }
    const bez = await renderSignedRegisterDocuments(db, identity, { material: 'wypis_bez_danych', parcels: [built.id], personalData: true, issued, office });
    const t = await text(bez[0]!.body, 'bez-danych-uprawniony.pdf');
    expect(t).toContain('bez danych osobowych');
    for (const o of built.owners) if (o.pesel) expect(t).not.toContain(o.pesel);
  });
});

describe('an order item released as documents', () => {
  it('takes the order\'s daneOsobowe, number and licence: a geodeta\'s wypis has owners, a client\'s never', async () => {
    const order = { id: '00000000-0000-4000-8000-000000000001', numer: 'ZAM/2026/000777', dooNumber: 'DOO/2026/000777', payer: 'Jan Geodeta', payerAddress: null, purpose: null };
    const item = { material: 'wypis', subject: { parcels: [built.id] } };
    const owner = built.owners.find((o) => o.pesel)!;
    const [entitled] = await renderOrderItemDocuments(db, identity, { ...order, personalData: true }, item, office, issued);
    const [client] = await renderOrderItemDocuments(db, identity, { ...order, personalData: false }, item, office, issued);
    expect(await text(entitled!.body, 'item-entitled.pdf')).toContain(owner.pesel);
    expect(await text(client!.body, 'item-client.pdf')).not.toContain(owner.pesel);
    const file = path.join(dir, 'item-client.pdf');
    expect(await pdfsig(file)).toContain('Signature Validation: Signature is Valid.');
    expect((await run('pdfinfo', ['-custom', file])).stdout).toMatch(/Licencja:\s+Licencja LIC\/2026\/000777 .*licencjobiorca: Jan Geodeta/);
    await expect(renderOrderItemDocuments(db, identity, { ...order, personalData: true }, { material: 'sheet', subject: {} }, office, issued)).rejects.toThrow();
  });
});

describe('GET /api/office/documents/{kind}.pdf (the office staff\'s preview)', () => {
  let app: TestApp;
  beforeAll(async () => { app = await startApp({ OFFICE_DEV_CERT_DIR: path.join(dir, 'cert-app') }); });
  afterAll(async () => { await app?.close(); });

  async function keyOf(role: 'pracownik' | 'klient') {
    const login = `w${Date.now().toString(36)}${role}`;
    const user = await createUser(app.db, login, `${login}@example.pl`, 'Dluga-fraza-testowa-2026', role);
    return (await createApiKey(app.db, user.id, 'test')).key;
  }

  it('gives staff the documents, owners only when asked; refuses others (403) and bad parameters as JSON problems', async () => {
    const staff = { Authorization: `Bearer ${await keyOf('pracownik')}` };
    const get = (q: string, headers: Record<string, string> = staff) => fetch(`${app.url}/api/office/documents/${q}`, { headers });
    const withOwners = await get(`wypis-gruntow.pdf?parcels=${encodeURIComponent(built.id)}&daneOsobowe=tak`);
    expect(withOwners.status).toBe(200);
    expect(withOwners.headers.get('content-type')).toBe('application/pdf');
    const owner = built.owners.find((o) => o.pesel)!;
    expect(await text(Buffer.from(await withOwners.arrayBuffer()), 'preview-full.pdf')).toContain(owner.pesel);
    const plain = await get(`wypis-gruntow.pdf?jrg=${encodeURIComponent(built.jrg)}`);
    expect(plain.status).toBe(200);
    expect(await text(Buffer.from(await plain.arrayBuffer()), 'preview-plain.pdf')).not.toContain(owner.pesel);
    const wyrys = await get(`wyrys.pdf?parcels=${encodeURIComponent(built.id)}&scale=1000`);
    expect(wyrys.status).toBe(200);
    expect(await text(Buffer.from(await wyrys.arrayBuffer()), 'preview-wyrys.pdf')).toContain('Skala 1:1000');

    const client = await get(`wypis-gruntow.pdf?parcels=${encodeURIComponent(built.id)}`, { Authorization: `Bearer ${await keyOf('klient')}` });
    expect(client.status).toBe(403);
    expect(client.headers.get('content-type')).toContain('application/problem+json');
    expect((await get(`wypis-gruntow.pdf?parcels=${encodeURIComponent(built.id)}`, {})).status).toBe(403);
    const badScale = await get(`wyrys.pdf?parcels=${encodeURIComponent(built.id)}&scale=750`);
    expect(badScale.status).toBe(400);
    expect((await badScale.json()).parameter).toBe('scale');
    expect((await get('wypis-gruntow.pdf?parcels=306401_1.0005.999999')).status).toBe(400);
    expect((await get('mapa.pdf?parcels=x')).status).toBe(404);
  });
});
