// POST /api/fees/quote over real HTTP against the sample PostGIS, and portal.taryfa against the tariff module.
// Worked example (table 11, version 2020-07-31, see test/unit/fees.test.ts for the sources): an anonymous caller's
// wypis for two parcels (two registration units) is the wypis without personal data, 2 × 24 zł; a wypis i wyrys on
// paper for one 150 zł, one base-map sheet 20 zł (unverified rate), NMT and the 3D model free → 218 zł.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from '../support/app.ts';
import { TARIFF, TARIFF_VERSION } from '../../server/fees/tariff.ts';
import { sheetAt } from '../../server/domain/sheets.ts';

let app: TestApp;
beforeAll(async () => { app = await startApp(); });
afterAll(async () => { await app?.close(); });

async function post(body: unknown, type = 'application/json') {
  const r = await fetch(`${app.url}/api/fees/quote`, { method: 'POST', headers: { 'content-type': type }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await r.text();
  return { status: r.status, type: r.headers.get('content-type') ?? '', body: text ? JSON.parse(text) : undefined };
}

const BOX = [6427000, 5808200, 6427400, 5808500];

describe('POST /api/fees/quote', () => {
  it('charges table 11 per registration unit: parcels of one JRG are one unit, of two JRG two', async () => {
    const [same] = await app.db.query<{ jrg: string; ids: string[] }>(
      `SELECT "JRG" AS jrg, (array_agg("idDzialki" ORDER BY "idDzialki"))[1:2] AS ids FROM egib.dzialki WHERE "JRG" IS NOT NULL GROUP BY "JRG" HAVING count(*) >= 2 ORDER BY "JRG" LIMIT 1`);
    const [other] = await app.db.query<{ id: string }>(`SELECT "idDzialki" AS id FROM egib.dzialki WHERE "JRG" IS NOT NULL AND "JRG" <> $1 ORDER BY "idDzialki" LIMIT 1`, [same!.jrg]);
    const one = await post({ items: [{ material: 'wyrys', parcels: same!.ids }] });
    expect(one.status).toBe(200);
    expect(one.body.lines[0]).toMatchObject({ quantity: 1, amount: 105 });
    const two = await post({ items: [{ material: 'wyrys', parcels: [...same!.ids, other!.id] }] });
    expect(two.body.lines[0]).toMatchObject({ quantity: 2, amount: 210 });
  });

  it('quotes a basket without signing in, line by line with the legal basis', async () => {
    const sheet = sheetAt(1000, 6427577, 5808863)!.godlo;
    const { status, body } = await post({ items: [
      { material: 'wypis', parcels: ['306401_1.0004.12', '306401_1.0004.2'] },
      { material: 'wypis_wyrys', parcels: ['306401_1.0004.12'], postac: 'nieelektroniczna' },
      { material: 'sheet', sheets: [sheet] },
      { material: 'nmt', bbox: BOX },
      { material: 'model3d', bbox: BOX },
    ] });
    expect(status).toBe(200);
    expect(body.total).toBe(218);
    expect(body.tariffVersion).toBe(TARIFF_VERSION);
    expect(body.lines.map((l: any) => [l.material, l.quantity, l.amount])).toEqual([
      ['wypis_bez_danych', 2, 48], ['wypis_wyrys', 1, 150], ['sheet', 1, 20], ['nmt', 0.12, 0], ['model3d', 0.12, 0],
    ]);
    for (const l of body.lines) expect(l.legalBasis).toMatch(/Prawo geodezyjne i kartograficzne/);
    expect(body.lines[0].legalBasis).toContain('tabela 11');
    expect(body.lines[3].free).toContain('art. 40a ust. 2 pkt 1 lit. d');
  });

  it('charges a data set per started hectare (0,12 km² = 12 ha of GESUT × 4 zł), the parcels’ geometry free', async () => {
    const { status, body } = await post({ items: [{ material: 'extract', dataset: 'gesut', bbox: BOX }, { material: 'extract', dataset: 'egib_podstawowe', bbox: BOX }] });
    expect(status).toBe(200);
    expect(body.lines.map((l: any) => [l.quantity, l.amount])).toEqual([[12, 48], [12, 0]]);
    expect(body.total).toBe(48);
  });

  it('answers bad input with a 400 problem naming the item', async () => {
    const cases: [unknown, RegExp][] = [
      [{}, /items/],
      [{ items: [] }, /at least one/],
      [{ items: [{ material: 'zloto' }] }, /items\[0\]\.material/],
      [{ items: [{ material: 'wypis', parcels: ['306401_1.0004.99999'] }] }, /no parcel 306401_1\.0004\.99999/],
      [{ items: [{ material: 'wypis', parcels: ['1 OR 1=1'] }] }, /not a parcel identifier/],
      [{ items: [{ material: 'wypis', parcels: ['306401_1.0004.12'], postac: 'papirus' }] }, /postac/],
      [{ items: [{ material: 'sheet', sheets: ['nie-arkusz'] }] }, /items\[0\]\.sheets/],
      [{ items: [{ material: 'extract', dataset: 'egib' }] }, /bbox, polygon or sheets/],
      [{ items: [{ material: 'wypis', parcels: ['306401_1.0004.12'] }, { material: 'extract', dataset: 'x', bbox: BOX }] }, /items\[1\]\.dataset/],
    ];
    for (const [body, detail] of cases) {
      const r = await post(body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.type).toContain('application/problem+json');
      expect(r.body.detail).toMatch(detail);
    }
    const broken = await post('{"items": [', 'application/json');
    expect(broken.status).toBe(400);
    const form = await post('items=1', 'application/x-www-form-urlencoded');
    expect(form.status).toBe(415);
  });
});

describe('portal.taryfa', () => {
  // Evidence and names included: sql/085_fees_evidence.sql re-states them for the rows sql/021 and sql/052 inserted.
  it('holds exactly the rows of server/fees/tariff.ts (the single source)', async () => {
    const rows = await app.db.query<any>(`SELECT id, material, nazwa, "stawkaGr", "minimumGr", zwolnienie, przepis, zweryfikowano, dowod, to_char(wersja, 'YYYY-MM-DD') AS wersja FROM portal.taryfa WHERE wersja = $1 ORDER BY id`, [TARIFF_VERSION]);
    const expected = [...TARIFF].sort((a, b) => (a.id < b.id ? -1 : 1)).map((r) => ({ id: r.id, material: r.material, nazwa: r.nazwa, stawkaGr: r.stawkaGr, minimumGr: r.minimumGr ?? null, zwolnienie: r.zwolnienie ?? null, przepis: r.legalBasis.provision, zweryfikowano: r.verified, dowod: r.evidence, wersja: TARIFF_VERSION }));
    expect(rows).toEqual(expected);
  });
});
