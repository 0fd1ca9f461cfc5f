// Prepared statements (QueryOptions.prepare): the tile statements are kept as named statements on each connection,
// give the same answers as unprepared ones, and are not prepared at all when DB_PREPARED_STATEMENTS is off.
import { afterAll, describe, expect, it } from 'vitest';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { PostgresDatabase } from '../../server/db/postgres.ts';
import { Catalog } from '../../server/catalog/catalog.ts';
import { mvtInDatabase } from '../../server/services/tiles/mvt.ts';
import { catalogLatitude, layersAtZoom, tileSets } from '../../server/services/tiles/sets.ts';
import { tileNativeBox } from '../../server/services/tiles/tile.ts';
import { loadConfig } from '../../server/config.ts';
import { sampleUrl } from '../support/db.ts';

// One connection each, so that pg_prepared_statements (per session) shows what this pool prepared.
const prepared = new PostgresDatabase({ connectionString: sampleUrl(), poolSize: 1, statementTimeoutMs: 60_000 });
const plain = new PostgresDatabase({ connectionString: sampleUrl(), poolSize: 1, statementTimeoutMs: 60_000, preparedStatements: false });
afterAll(async () => { await prepared.close(); await plain.close(); });

const SQL = 'SELECT $1::int * 2 AS twice';
const ours = (db: PostgresDatabase) => db.query<{ statement: string }>(`SELECT statement FROM pg_prepared_statements WHERE name LIKE 'sip\\_%'`);

describe('prepared statements', () => {
  it('keeps a statement asked to be prepared, once per text, with fresh values each call', async () => {
    expect(await prepared.query(SQL, [2], { prepare: true })).toEqual([{ twice: 4 }]);
    expect(await prepared.query(SQL, [21], { prepare: true })).toEqual([{ twice: 42 }]);
    await prepared.query('SELECT $1::text AS t', ['not prepared']);
    expect((await ours(prepared)).map((r) => r.statement)).toEqual([SQL]);
  });

  it('prepares nothing when turned off (DB_PREPARED_STATEMENTS=false)', async () => {
    expect(loadConfig({ DB_PREPARED_STATEMENTS: 'false' }).preparedStatements).toBe(false);
    expect(loadConfig({}).preparedStatements).toBe(true);
    expect(await plain.query(SQL, [5], { prepare: true })).toEqual([{ twice: 10 }]);
    expect(await ours(plain)).toEqual([]);
  });

  it('answers tiles identically prepared and not, over several tiles of one statement text', async () => {
    const catalog = await Catalog.load(prepared);
    const set = tileSets(catalog, 'anonim').get('egib')!;
    const [c] = await prepared.query<{ lon: number; lat: number }>(
      'SELECT ST_X(p) lon, ST_Y(p) lat FROM (SELECT ST_Transform(ST_SetSRID(ST_Centroid(ST_Extent(geom)::geometry), 2177), 4326) p FROM egib.dzialki) q');
    const n = 2 ** 16;
    const x0 = Math.floor(((c!.lon + 180) / 360) * n);
    const phi = (c!.lat * Math.PI) / 180;
    const y0 = Math.floor(((1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2) * n);
    const layers = layersAtZoom(set, 16, catalogLatitude(catalog));
    const contents = (b: Buffer) => {
      const vt = new VectorTile(new PbfReader(b));
      return Object.keys(vt.layers).sort().map((k) => `${k}:${vt.layers[k]!.length}`).join(' ');
    };
    let features = 0;
    for (const [dx, dy] of [[0, 0], [1, 0], [0, 1], [-1, -1], [2, 2], [0, 0]] as const) {
      const t = { z: 16, x: x0 + dx, y: y0 + dy };
      const a = await mvtInDatabase(prepared, layers, 'anonim', t, tileNativeBox(t)!);
      const b = await mvtInDatabase(plain, layers, 'anonim', t, tileNativeBox(t)!);
      expect(contents(a)).toBe(contents(b));
      features += a.length;
    }
    expect(features).toBeGreaterThan(0);
    expect((await ours(prepared)).length).toBe(2); // the doubling statement and the one text of the egib z16 tiles
    expect(await ours(plain)).toEqual([]);
  });
});
