// A small GeoJSON page written by PostgreSQL (query/feature-query.ts geoJsonPage) must be byte for byte the page
// featureJson writes from the rows Node reads (the streamed path of large pages): for every layer and a role that sees
// every attribute, in the native CRS and in degrees, and for values where JSON texts of PostgreSQL and JavaScript
// part ways unless the statement mends them (trailing zeros of numerics, NaN, timestamps with microseconds, control
// characters in text, dates, computed attributes). A type whose text cannot be made the same gets no such statement.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../server/catalog/catalog.ts';
import type { LayerSpec } from '../../server/catalog/types.ts';
import type { Role } from '../../server/catalog/roles.ts';
import { CRS_LIST, NATIVE_CRS } from '../../server/crs/definitions.ts';
import type { PostgresDatabase } from '../../server/db/postgres.ts';
import { featureJson } from '../../server/formats/geojson.ts';
import { geoJsonPage, planQuery, streamFeatures, type FeatureQuery, type FeatureRow } from '../../server/query/feature-query.ts';
import { connectSample } from '../support/db.ts';

let db: PostgresDatabase;
const schema = `test_geojson_page_${process.pid}`;

beforeAll(async () => {
  db = connectSample();
  await db.exec(`CREATE SCHEMA ${schema};
    CREATE TABLE ${schema}.odd (
      id integer PRIMARY KEY, geom geometry(Point, 2177), tekst text, liczba numeric(12,4), ulamek numeric(12,6),
      duza bigint, krotka smallint, flaga boolean, dzien date, chwila timestamptz, kod varchar(8), zmienna double precision);
    INSERT INTO ${schema}.odd VALUES
      (1, ST_SetSRID(ST_MakePoint(6427000.1234, 5808000.5678), 2177), E'cudzysłów " ukośnik \\\\ nowa\\nlinia \\t tab \\u0001 \\u001f ż', 12.3400, 0.000001,
        9007199254740991, -7, true, '2024-02-29', '2024-05-31 23:59:59.999999+02', 'ABC', 1e-7),
      (2, NULL, '', -0.0000, 123456.789000, 0, 0, false, '1999-12-31', '1970-01-01 00:00:00+00', NULL, NULL),
      (3, ST_SetSRID(ST_MakePoint(6427100, 5808100), 2177), NULL, 'NaN', NULL, NULL, NULL, NULL, NULL, '2001-09-09 01:46:40.5+00', 'x', 1e21),
      (4, ST_SetSRID(ST_MakePoint(6427200, 5808200), 2177), 'ąćęłńóśźż ĄĆĘŁŃÓŚŹŻ €😀', 99999999.9999, -1.5, -42, 32767, NULL, '0001-01-01', '2024-01-01 12:00:00.0005+00', '', 0)`);
});

afterAll(async () => {
  await db?.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await db?.close();
});

/** The page as featureJson writes it from rows, joined as the GeoJSON writer joins features. */
async function fromRows(q: FeatureQuery): Promise<{ text: string; count: number }> {
  const rows: FeatureRow[] = [];
  for await (const batch of streamFeatures(db, q, planQuery(q))) rows.push(...batch);
  return { text: rows.map((r) => featureJson(r)).join(','), count: rows.length };
}

const ODD: LayerSpec = {
  namespace: 'test', name: 'odd', group: { pl: 'Test', en: 'Test' } as never, title: { pl: 'Test', en: 'Test' }, abstract: { pl: '', en: '' },
  table: `${schema}.odd`, key: 'id', geometry: { column: 'geom', type: 'Point' },
  attributes: ['tekst', 'liczba', 'ulamek', 'duza', 'krotka', 'flaga', 'dzien', 'chwila', 'kod'].map((name) => ({ name, title: { pl: name, en: name } }))
    .concat([{ name: 'wyliczony', title: { pl: 'w', en: 'w' }, type: 'string', sql: `(t."kod" || ' ' || t."id")` } as never]),
  style: { stroke: '#000000' } as never, keywords: [],
} as unknown as LayerSpec;

describe('GeoJSON pages written by PostgreSQL', () => {
  it('are the bytes featureJson writes, for every layer, in the native CRS and in degrees', async () => {
    const catalog = await Catalog.load(db);
    const role: Role = 'admin';
    let checked = 0;
    for (const layer of catalog.layers) {
      for (const crs of [NATIVE_CRS, CRS_LIST.find((c) => c.code === 'EPSG:4326')!]) {
        const q: FeatureQuery = { layer, role, offset: 3, limit: 200, crs };
        const plan = planQuery(q);
        expect(plan.geoJson, `${layer.typeName}: every catalogued type has a GeoJSON statement`).toBeDefined();
        const expected = await fromRows(q);
        expect(await geoJsonPage(db, plan), `${layer.typeName} in ${crs.code}`).toEqual(expected);
        checked += expected.count;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('writes values whose JSON texts differ between PostgreSQL and JavaScript as JavaScript does', async () => {
    const [layer] = (await Catalog.load(db, [{ ...ODD, attributes: ODD.attributes }])).layers;
    const q: FeatureQuery = { layer: layer!, role: 'admin', offset: 0, limit: 10, crs: NATIVE_CRS };
    const expected = await fromRows(q);
    expect(expected.count).toBe(4);
    // The rows' own values are the tricky ones (a sanity check of the fixture, as JavaScript writes it).
    expect(expected.text).toContain('"liczba":12.34,');
    expect(expected.text).toContain('"chwila":"2024-05-31T21:59:59.999Z"');
    expect(expected.text).toContain('"liczba":null'); // NaN
    expect(expected.text).toContain('"wyliczony":"x 3"');
    expect(await geoJsonPage(db, planQuery(q))).toEqual(expected);
    // A page past the end: no features, no text.
    expect(await geoJsonPage(db, planQuery({ ...q, offset: 10 }))).toEqual({ text: '', count: 0 });
  });

  it('leaves out the statement for a type whose text PostgreSQL writes otherwise (a float)', async () => {
    const spec = { ...ODD, attributes: [...ODD.attributes, { name: 'zmienna', title: { pl: 'z', en: 'z' } }] } as LayerSpec;
    const [layer] = (await Catalog.load(db, [spec])).layers;
    const plan = planQuery({ layer: layer!, role: 'admin', offset: 0, limit: 10, crs: NATIVE_CRS });
    expect(plan.geoJson).toBeUndefined();
    // Without the float it has one.
    expect(planQuery({ layer: layer!, role: 'admin', offset: 0, limit: 10, crs: NATIVE_CRS, properties: ['tekst'] }).geoJson).toBeDefined();
  });
});
