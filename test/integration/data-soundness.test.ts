// The sample data set is sound: valid geometry in its CRS, a consistent cadastre, networks that respect buildings.
import { afterAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { fromFile } from 'geotiff';
import { connectSample } from '../support/db.ts';
import { readManifest } from '../../server/db/sample-data.ts';
import { loadConfig } from '../../server/config.ts';
import { quoteTable } from '../../server/db/database.ts';
import { ID_BUDYNKU, ID_DZIALKI, ID_OBREBU, isValidNumerKW, isValidPesel, isValidRegon } from '../../server/domain/identifiers.ts';
import { REFERENCE } from '../support/crs-reference.ts';

const db = connectSample();
afterAll(() => db.close());
const sampleDir = loadConfig(process.env).sampleDataDir;
const manifest = readManifest(sampleDir);
const TOLERANCE_M2 = 0.01; // coordinates are stored to the millimetre

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await db.query<{ n: number }>(sql, params);
  return Number(row?.n);
}

describe('sample data set', () => {
  it('holds every table of the manifest with its row count', async () => {
    for (const t of manifest.tables) expect({ t: t.table, n: await count(`SELECT count(*) AS n FROM ${quoteTable(t.table)}`) }).toEqual({ t: t.table, n: t.rows });
  });

  it('is the size of a real district', async () => {
    expect(await count('SELECT count(*) AS n FROM egib.dzialki')).toBeGreaterThanOrEqual(2000);
    expect(await count('SELECT count(*) AS n FROM egib.dzialki')).toBeLessThanOrEqual(6000);
    expect(await count('SELECT count(DISTINCT "idObrebu") AS n FROM egib.dzialki')).toBeGreaterThanOrEqual(3);
    expect(await count('SELECT count(*) AS n FROM sip.budynki_projektowane')).toBeGreaterThanOrEqual(5);
    expect(await count('SELECT count(*) AS n FROM sip.budynki_projektowane')).toBeLessThanOrEqual(20);
    const branches = await db.query<{ r: string }>('SELECT DISTINCT "branza" AS r FROM gesut.przewody');
    expect(branches.map((b) => b.r)).toEqual(expect.arrayContaining(['w', 'k', 'g', 'e', 't', 'c']));
    // Both official parcel-identifier forms (issue 16): districts kept on map sheets beside plain ones.
    expect(await count(`SELECT count(*) AS n FROM egib.dzialki WHERE "numerArkusza" IS NOT NULL`)).toBeGreaterThan(100);
    expect(await count(`SELECT count(*) AS n FROM egib.dzialki WHERE "numerArkusza" IS NULL`)).toBeGreaterThan(100);
    // The 2021 model's splits are filled: soil classes where land was classified, usable areas, JRG.
    expect(await count(`SELECT count(*) AS n FROM egib.kontury_klasyfikacyjne`)).toBeGreaterThan(0);
    expect(await count(`SELECT count(*) AS n FROM egib.dzialki WHERE "JRG" IS NULL`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM egib.budynki WHERE "lacznaPowUzytkowaLokaliWyodrebnionych" IS NOT NULL`)).toBeGreaterThan(0);
    expect(await count(`SELECT count(*) AS n FROM gesut.przewody WHERE "eksploatacja" = 'nieczynny'`)).toBeGreaterThan(0);
    expect(await count(`SELECT count(*) AS n FROM gesut.przewody WHERE "typ" = 'deszczowa'`)).toBeGreaterThan(0);
  });

  it('has only valid geometries in EPSG:2177 inside the data set bounding box', async () => {
    const [minx, miny, maxx, maxy] = manifest.bbox;
    const tables = await db.query<{ t: string }>(`SELECT f_table_schema || '.' || f_table_name AS t FROM geometry_columns WHERE f_table_schema IN ('egib','gesut','sip')`);
    for (const { t } of tables) {
      const bad = await count(`SELECT count(*) AS n FROM ${quoteTable(t)} WHERE NOT ST_IsValid(geom) OR ST_SRID(geom) <> 2177
        OR NOT ST_CoveredBy(geom, ST_Expand(ST_MakeEnvelope($1, $2, $3, $4, 2177), 0.01))`, [minx, miny, maxx, maxy]);
      expect({ t, bad }).toEqual({ t, bad: 0 });
    }
  });

  it('has well-formed, unique identifiers and valid check digits', async () => {
    const parcels = await db.query<{ id: string; obreb: string; arkusz: string | null; kw: string | null }>('SELECT "idDzialki" AS id, "idObrebu" AS obreb, "numerArkusza" AS arkusz, "numerKW" AS kw FROM egib.dzialki');
    for (const p of parcels) {
      const m = ID_DZIALKI.exec(p.id);
      expect(m?.[1], p.id).toBe(p.obreb);
      expect(p.arkusz ?? undefined, p.id).toBe(m?.[2]);
      if (p.kw !== null) expect(isValidNumerKW(p.kw), p.kw).toBe(true);
    }
    expect(parcels.filter((p) => p.kw !== null).length).toBeGreaterThan(parcels.length / 2);
    const obreby = await db.query<{ id: string }>('SELECT "idObrebu" AS id FROM egib.obreby');
    for (const o of obreby) expect(ID_OBREBU.test(o.id), o.id).toBe(true);
    const buildings = await db.query<{ id: string; parcel: string }>('SELECT "idBudynku" AS id, "idDzialki" AS parcel FROM egib.budynki');
    for (const b of buildings) expect(ID_BUDYNKU.exec(b.id)?.[1], b.id).toBe(b.parcel);
    const owners = await db.query<{ pesel: string | null; regon: string | null }>('SELECT pesel, regon FROM egib.wlasciciele');
    for (const o of owners) {
      if (o.pesel) expect(isValidPesel(o.pesel), o.pesel).toBe(true);
      if (o.regon) expect(isValidRegon(o.regon), o.regon).toBe(true);
    }
  });

  it('keeps every parcel inside its obręb and obręby apart', async () => {
    expect(await count(`SELECT count(*) AS n FROM egib.dzialki d JOIN egib.obreby o USING ("idObrebu")
      WHERE ST_Area(ST_Difference(d.geom, o.geom)) > $1`, [TOLERANCE_M2])).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM egib.obreby a JOIN egib.obreby b ON a.id < b.id AND a.geom && b.geom
      WHERE ST_Area(ST_Intersection(a.geom, b.geom)) > $1`, [TOLERANCE_M2])).toBe(0);
  });

  it('has no overlapping parcels', async () => {
    expect(await count(`SELECT count(*) AS n FROM egib.dzialki a JOIN egib.dzialki b ON a.id < b.id AND a.geom && b.geom
      WHERE ST_Relate(a.geom, b.geom, '2********') AND ST_Area(ST_Intersection(a.geom, b.geom)) > $1`, [TOLERANCE_M2])).toBe(0);
  });

  it('keeps buildings inside their parcels and apart from each other', async () => {
    expect(await count(`SELECT count(*) AS n FROM egib.budynki b JOIN egib.dzialki d USING ("idDzialki")
      WHERE ST_Area(ST_Difference(b.geom, d.geom)) > $1`, [TOLERANCE_M2])).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM egib.budynki a JOIN egib.budynki b ON a.id < b.id AND a.geom && b.geom
      WHERE ST_Relate(a.geom, b.geom, '2********') AND ST_Area(ST_Intersection(a.geom, b.geom)) > $1`, [TOLERANCE_M2])).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM egib.budynki WHERE abs("powZabudowy" - ST_Area(geom)) > 0.01 + 0.001 * ST_Area(geom)`)).toBe(0);
  });

  it('covers every parcel exactly with its land-use contours', async () => {
    expect(await count(`SELECT count(*) AS n FROM egib.dzialki d
      LEFT JOIN (SELECT "idDzialki", ST_Union(geom) AS g FROM egib.kontury_uzytkow GROUP BY 1) k USING ("idDzialki")
      WHERE k.g IS NULL OR ST_Area(ST_SymDifference(d.geom, k.g)) > $1`, [TOLERANCE_M2])).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM egib.kontury_uzytkow a JOIN egib.kontury_uzytkow b ON a.id < b.id AND a.geom && b.geom
      WHERE ST_Relate(a.geom, b.geom, '2********') AND ST_Area(ST_Intersection(a.geom, b.geom)) > $1`, [TOLERANCE_M2])).toBe(0);
  });

  it('gives each parcel owners whose ownership shares add up to one', async () => {
    expect(await count(`SELECT count(*) AS n FROM (SELECT "idDzialki", sum("licznik"::numeric / "mianownik") AS s
      FROM egib.udzialy_wlasnosci WHERE "rodzajPrawa" IN ('własność','współwłasność') GROUP BY 1) x WHERE abs(s - 1) > 1e-9`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM egib.dzialki d WHERE NOT EXISTS (SELECT 1 FROM egib.udzialy_wlasnosci u WHERE u."idDzialki" = d."idDzialki")`)).toBe(0);
  });

  it('lays utility lines and devices without entering any building', async () => {
    expect(await count(`SELECT count(*) AS n FROM gesut.przewody l JOIN egib.budynki b ON l.geom && b.geom
      WHERE ST_Relate(l.geom, b.geom, 'T********')`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM gesut.urzadzenia u JOIN egib.budynki b ON u.geom && b.geom
      WHERE ST_Relate(u.geom, b.geom, 'T********')`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM sip.drzewa t JOIN egib.budynki b ON t.geom && b.geom WHERE ST_Intersects(t.geom, b.geom)`)).toBe(0);
  });

  it('places planned buildings inside their parcel and clear of existing buildings', async () => {
    expect(await count(`SELECT count(*) AS n FROM sip.budynki_projektowane p JOIN egib.dzialki d USING ("idDzialki")
      WHERE ST_Area(ST_Difference(p.geom, d.geom)) > $1`, [TOLERANCE_M2])).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM sip.budynki_projektowane p JOIN egib.budynki b ON p.geom && b.geom
      WHERE ST_Area(ST_Intersection(p.geom, b.geom)) > $1`, [TOLERANCE_M2])).toBe(0);
  });

  it('gives buildings heights consistent with their storeys', async () => {
    const rows = await db.query<{ kind: string; storeys: number; eaves: number; ridge: number }>(`SELECT b."rodzajWgKST" AS kind, b."liczbaKondygnacjiNadziemnych" AS storeys,
      m."wysokoscOkapu" AS eaves, m."wysokoscKalenicy" AS ridge FROM egib.budynki b JOIN sip.budynki_3d m USING ("idBudynku")`);
    expect(rows.length).toBe(await count('SELECT count(*) AS n FROM egib.budynki'));
    for (const r of rows) {
      expect(r.eaves / r.storeys).toBeGreaterThan(2.4);
      // Dwellings have 2.5–4.5 m storeys; churches, halls and workshops may have one tall storey.
      expect(r.eaves / r.storeys).toBeLessThanOrEqual(r.kind === '110' ? 5 : 25);
      expect(r.ridge).toBeGreaterThanOrEqual(r.eaves);
    }
  });

  it('ships NMT and NMPT GeoTIFFs in EPSG:2177 with NMPT ≥ NMT and heights of the Warta valley', async () => {
    const models = await db.query<{ rodzaj: string; plik: string }>('SELECT rodzaj, plik FROM sip.modele_wysokosciowe ORDER BY rodzaj');
    expect(models.map((m) => m.rodzaj)).toEqual(['NMPT', 'NMT']);
    const rasters: Record<string, Float32Array> = {};
    for (const m of models) {
      const tiff = await fromFile(path.join(sampleDir, m.plik));
      const image = await tiff.getImage();
      expect(image.getGeoKeys()?.ProjectedCSTypeGeoKey).toBe(2177);
      const [r] = (await image.readRasters()) as unknown as Float32Array[];
      rasters[m.rodzaj] = r!;
    }
    const nmt = rasters.NMT!;
    const nmpt = rasters.NMPT!;
    let min = Infinity, max = -Infinity, below = 0;
    for (let i = 0; i < nmt.length; i++) {
      min = Math.min(min, nmt[i]!); max = Math.max(max, nmt[i]!);
      if (nmpt[i]! < nmt[i]! - 1e-3) below++;
    }
    expect(min).toBeGreaterThan(45);
    expect(max).toBeLessThan(95);
    expect(max - min).toBeGreaterThan(15);
    expect(below).toBe(0);
  });
});

describe('PostGIS transformations agree with the PROJ reference values', () => {
  it('transforms 4326 → 2177 and 2180 within 1 mm', async () => {
    for (const p of REFERENCE) {
      const [r] = await db.query<{ x1: number; y1: number; x2: number; y2: number }>(`
        WITH g AS (SELECT ST_SetSRID(ST_MakePoint($1, $2), 4326) AS p)
        SELECT ST_X(ST_Transform(p, 2177)) x1, ST_Y(ST_Transform(p, 2177)) y1, ST_X(ST_Transform(p, 2180)) x2, ST_Y(ST_Transform(p, 2180)) y2 FROM g`, p.lonlat);
      expect(Math.abs(r!.x1 - p.pl2000[0])).toBeLessThan(0.001);
      expect(Math.abs(r!.y1 - p.pl2000[1])).toBeLessThan(0.001);
      expect(Math.abs(r!.x2 - p.pl1992[0])).toBeLessThan(0.001);
      expect(Math.abs(r!.y2 - p.pl1992[1])).toBeLessThan(0.001);
    }
  });
});
