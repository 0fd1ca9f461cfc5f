// Search as people type (issue 16), in BOTH database modes: the shared PostGIS sample and an embedded PGlite loaded
// with the same tables. Every input form of the issue is checked against what the register holds, and both modes
// must answer alike (the folding is sql/010_search.sql's sip_fold with unaccent in both).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedDatabase } from '../../server/db/embedded.ts';
import { migrate } from '../../server/db/migrate.ts';
import { MIGRATIONS_DIR } from '../../server/db/index.ts';
import { loadDataSet, readManifest } from '../../server/db/sample-data.ts';
import { loadConfig } from '../../server/config.ts';
import { Catalog } from '../../server/catalog/catalog.ts';
import { connectSample } from '../support/db.ts';
import type { Database } from '../../server/db/database.ts';
import { buildingsCount, interpretQuery, search, type SearchHit } from '../../server/query/search.ts';
import type { SearchKind } from '../../server/catalog/portals.ts';
import type { Role } from '../../server/catalog/roles.ts';

const TABLES = ['egib.obreby', 'egib.dzialki', 'egib.budynki', 'egib.wlasciciele', 'egib.udzialy_wlasnosci'];
const ALL: SearchKind[] = ['parcel', 'building', 'street', 'register', 'owner'];

const modes: { name: string; db?: Database; catalog?: Catalog }[] = [{ name: 'PostGIS' }, { name: 'PGlite' }];

beforeAll(async () => {
  const sample = connectSample();
  modes[0]!.db = sample;
  modes[0]!.catalog = await Catalog.load(sample);
  const dir = loadConfig(process.env).sampleDataDir;
  const manifest = readManifest(dir);
  const embedded = await EmbeddedDatabase.open(undefined);
  await migrate(embedded, MIGRATIONS_DIR);
  await loadDataSet(embedded, dir, { ...manifest, tables: manifest.tables.filter((t) => TABLES.includes(t.table)) });
  modes[1]!.db = embedded;
  modes[1]!.catalog = await Catalog.load(embedded);
}, 300_000);

afterAll(async () => {
  for (const m of modes) await m.db?.close();
});

const run = (m: (typeof modes)[number], q: string, kinds: SearchKind[] = ALL, role: Role = 'anonim', limit = 20): Promise<SearchHit[]> =>
  search(m.db!, m.catalog!, role, q, { kinds, limit });
const labels = (hits: SearchHit[]) => hits.map((h) => h.label);

describe('reading what people type', () => {
  it('splits every form of the issue into its parts', () => {
    expect(interpretQuery('797')).toMatchObject({ number: '797' });
    expect(interpretQuery('0005.797')).toMatchObject({ district: '0005', number: '797' });
    expect(interpretQuery('0061 AR_13 33/1')).toMatchObject({ district: '0061', sheet: '13', number: '33/1' });
    expect(interpretQuery('ark. 13 dz. 33/1')).toMatchObject({ sheet: '13', number: '33/1' });
    expect(interpretQuery('306401_1.0061.AR_13.33/1')).toEqual({ parcelId: '306401_1.0061.AR_13.33/1' });
    expect(interpretQuery('306401_1.0005.797.1_BUD')).toEqual({ buildingId: '306401_1.0005.797.1_BUD' });
    expect(interpretQuery('306401_1.0005.797.1')).toEqual({ buildingId: '306401_1.0005.797.1_BUD' });
    expect(interpretQuery('ul. Wielka 5')).toMatchObject({ street: 'Wielka', houseNumber: '5' });
    expect(interpretQuery('Swiety Marcin 373')).toMatchObject({ street: 'Swiety Marcin', houseNumber: '373' });
    expect(interpretQuery('84101477749')).toEqual({ ownerId: '84101477749' });
    expect(buildingsCount(54)).toBe('54 budynki');
    expect(buildingsCount(1)).toBe('1 budynek');
    expect(buildingsCount(12)).toBe('12 budynków');
    expect(buildingsCount(25)).toBe('25 budynków');
  });
});

describe.each(modes)('search in $name mode', (m) => {
  it('finds a parcel number alone with its district named', async () => {
    const hits = await run(m, '797', ['parcel']);
    const [rows] = [await m.db!.query<{ n: number }>(`SELECT count(*)::int AS n FROM egib.dzialki WHERE "numerDzialki" = '797'`)];
    expect(hits).toHaveLength(Math.min(rows[0]!.n, 20));
    const hit = hits.find((h) => h.label === '306401_1.0005.797')!;
    expect(hit.detail).toContain('obręb 0005 Stare Miasto');
    expect(hit.detail).toContain('dz. 797');
  });

  it('finds a parcel by district and number, by sheet, and by the full form of either kind', async () => {
    expect(labels(await run(m, '0005.797', ['parcel']))).toEqual(['306401_1.0005.797']);
    expect(labels(await run(m, '0005 797', ['parcel']))).toEqual(['306401_1.0005.797']);
    const sheet = '306401_1.0061.AR_13.14/1';
    expect(labels(await run(m, '0061 AR_13 14/1', ['parcel']))).toEqual([sheet]);
    expect(labels(await run(m, '0061.AR_13.14/1', ['parcel']))).toEqual([sheet]);
    expect(labels(await run(m, sheet, ['parcel']))).toEqual([sheet]);
    expect(labels(await run(m, sheet.toLowerCase(), ['parcel']))).toEqual([sheet]);
    const bySheet = await run(m, 'ark. 13 dz. 14/1', ['parcel']);
    const [n] = await m.db!.query<{ n: number }>(`SELECT count(*)::int AS n FROM egib.dzialki WHERE "numerArkusza" = '13' AND "numerDzialki" = '14/1'`);
    expect(bySheet).toHaveLength(n!.n);
    expect(labels(bySheet)).toContain(sheet);
    expect(bySheet.find((h) => h.label === sheet)!.detail).toContain('ark. 13');
  });

  it('finds the issue\'s worked example 306401_1.0061.AR_13.33/1 (district 0061, sheet 13, parcel 33/1) as people type it', async () => {
    const id = '306401_1.0061.AR_13.33/1';
    const [row] = await m.db!.query<{ numer: string; arkusz: string; obreb: string }>(
      `SELECT "numerDzialki" AS numer, "numerArkusza" AS arkusz, "idObrebu" AS obreb FROM egib.dzialki WHERE "idDzialki" = $1`, [id]);
    expect(row).toEqual({ numer: '33/1', arkusz: '13', obreb: '306401_1.0061' });
    for (const q of [id, 'AR_13.33/1', '0061 AR_13 33/1', 'ark. 13 dz. 33/1']) expect(labels(await run(m, q, ['parcel'])), q).toEqual([id]);
    // The number alone: every 33/1 of the register, this one with its district and sheet named.
    const alone = await run(m, '33/1', ['parcel']);
    const [n] = await m.db!.query<{ n: number }>(`SELECT count(*)::int AS n FROM egib.dzialki WHERE "numerDzialki" = '33/1'`);
    expect(alone).toHaveLength(Math.min(n!.n, 20));
    expect(alone.find((h) => h.label === id)!.detail).toMatch(/obręb 0061 .*ark\. 13.*dz\. 33\/1/);
    expect(labels(await run(m, '306401_1.0061.AR_13.33/1.1_BUD', ['building']))).toEqual(['306401_1.0061.AR_13.33/1.1_BUD']);
  });

  it('finds a building by its _BUD identifier', async () => {
    const hits = await run(m, '306401_1.0005.797.1_BUD', ['building']);
    expect(labels(hits)).toEqual(['306401_1.0005.797.1_BUD']);
    expect(labels(await run(m, '306401_1.0005.797.1_bud', ['building']))).toEqual(['306401_1.0005.797.1_BUD']);
  });

  it('finds addresses without diacritics, with street prefixes, and a street by a number it does not hold', async () => {
    const zer = await run(m, 'Zeromskiego 6', ['street']);
    expect(zer.some((h) => h.label === 'Żeromskiego 6' && h.featureId.startsWith('budynki.'))).toBe(true);
    const wielka = await run(m, 'ul. Wielka 5', ['street']);
    expect(wielka.some((h) => h.label === 'Wielka 5')).toBe(true);
    expect((await run(m, 'UL. WIELKA 5', ['street'])).some((h) => h.label === 'Wielka 5')).toBe(true);
    // The synthetic sample's Święty Marcin ends below 373: the street itself is found, with its building count.
    const marcin = await run(m, 'Swiety Marcin 373', ['street']);
    const [n] = await m.db!.query<{ n: number }>(`SELECT count(*)::int AS n FROM egib.budynki WHERE ulica = 'Święty Marcin'`);
    expect(marcin.find((h) => h.label === 'Święty Marcin')).toMatchObject({ featureId: '', count: n!.n, detail: buildingsCount(n!.n) });
    const [b] = await m.db!.query<{ nr: string }>(`SELECT "numerPorzadkowy" AS nr FROM egib.budynki WHERE ulica = 'Święty Marcin' ORDER BY id LIMIT 1`);
    expect((await run(m, `swiety marcin ${b!.nr}`, ['street'])).some((h) => h.label === `Święty Marcin ${b!.nr}`)).toBe(true);
    const street = (await run(m, 'wielka', ['street'])).find((h) => h.label === 'Wielka')!;
    expect(street.detail).toBe('54 budynki');
  });

  it('finds a land register in lower case', async () => {
    const [kw] = await m.db!.query<{ kw: string }>(`SELECT "numerKW" AS kw FROM egib.dzialki WHERE "numerKW" IS NOT NULL ORDER BY "idDzialki" LIMIT 1`);
    const hits = await run(m, kw!.kw.toLowerCase(), ['register']);
    expect(hits.length).toBeGreaterThan(0);
    expect(hits[0]!.detail).toContain(kw!.kw);
  });

  it('finds owners by PESEL, REGON and name for the entitled roles only', async () => {
    const [o] = await m.db!.query<{ pesel: string; nazwisko: string; imie: string; parcel: string }>(
      `SELECT w.pesel, w.nazwisko, w.imie, u."idDzialki" AS parcel FROM egib.wlasciciele w JOIN egib.udzialy_wlasnosci u ON u."idPodmiotu" = w.id
        WHERE w.pesel IS NOT NULL ORDER BY w.id LIMIT 1`);
    for (const role of ['komornik', 'rzeczoznawca', 'geodeta'] as Role[]) {
      expect(labels(await run(m, o!.pesel, ['owner'], role)), role).toContain(o!.parcel);
    }
    const byName = await run(m, `${o!.imie} ${o!.nazwisko}`.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase(), ['owner'], 'komornik', 50);
    expect(labels(byName)).toContain(o!.parcel);
    const [r] = await m.db!.query<{ regon: string; parcel: string }>(
      `SELECT w.regon, min(u."idDzialki") AS parcel FROM egib.wlasciciele w JOIN egib.udzialy_wlasnosci u ON u."idPodmiotu" = w.id
        WHERE w.regon IS NOT NULL GROUP BY w.id, w.regon HAVING count(*) <= 5 ORDER BY w.id LIMIT 1`);
    expect(labels(await run(m, r!.regon, ['owner'], 'rzeczoznawca', 50))).toContain(r!.parcel);
    for (const role of ['anonim', 'klient', 'projektant', 'branzysta'] as Role[]) {
      expect(await run(m, o!.pesel, ALL, role), role).toEqual([]);
      expect((await run(m, o!.nazwisko, ['owner'], role)), role).toEqual([]);
    }
  });
});

describe('both modes answer alike', () => {
  it('gives the same hits for every form', async () => {
    for (const q of ['797', '0005.797', '0061 AR_13 14/1', 'ark. 13 dz. 14/1', '306401_1.0005.797.1_BUD', 'Zeromskiego 6', 'ul. Wielka 5', 'Swiety Marcin 373', 'wielka']) {
      const [a, b] = [await run(modes[0]!, q), await run(modes[1]!, q)];
      expect(b.map((h) => [h.kind, h.label, h.detail]), q).toEqual(a.map((h) => [h.kind, h.label, h.detail]));
    }
  });
});
