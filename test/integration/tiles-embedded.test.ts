// The embedded database (PGlite) has no ST_AsMVT: the tile service detects that and encodes in JavaScript. The
// JavaScript tile must hold the same layers and features as ST_AsMVT's for the same data — compared with the
// shared PostGIS sample for a full tile, and over HTTP in embedded mode. Only some tables are loaded (time).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { EmbeddedDatabase } from '../../server/db/embedded.ts';
import { migrate } from '../../server/db/migrate.ts';
import { MIGRATIONS_DIR } from '../../server/db/index.ts';
import { loadDataSet, readManifest } from '../../server/db/sample-data.ts';
import { loadConfig } from '../../server/config.ts';
import { Catalog } from '../../server/catalog/catalog.ts';
import { createApp } from '../../server/http/app.ts';
import { createLogger } from '../../server/log.ts';
import { connectSample } from '../support/db.ts';
import type { PostgresDatabase } from '../../server/db/postgres.ts';
import { encodeTile, mvtEncoder } from '../../server/services/tiles/mvt.ts';
import { catalogLatitude, layersAtZoom, tileSets } from '../../server/services/tiles/sets.ts';
import { tileNativeBox } from '../../server/services/tiles/tile.ts';
import { TEST_ENV } from '../support/test-env.ts';

const TABLES = ['egib.obreby', 'egib.dzialki', 'egib.budynki', 'gesut.przewody'];

let embedded: EmbeddedDatabase;
let sample: PostgresDatabase;
let embeddedCatalog: Catalog;
let sampleCatalog: Catalog;

beforeAll(async () => {
  const dir = loadConfig(process.env).sampleDataDir;
  const manifest = readManifest(dir);
  embedded = await EmbeddedDatabase.open(undefined);
  await migrate(embedded, MIGRATIONS_DIR);
  await loadDataSet(embedded, dir, { ...manifest, tables: manifest.tables.filter((t) => TABLES.includes(t.table)) });
  embeddedCatalog = await Catalog.load(embedded);
  sample = connectSample();
  sampleCatalog = await Catalog.load(sample);
}, 300_000);

afterAll(async () => {
  await embedded?.close();
  await sample?.close();
});

function decode(bytes: Buffer): VectorTile { return new VectorTile(new PbfReader(bytes)); }

/** Per layer: the sorted feature ids, and the properties by id. */
function summary(vt: VectorTile): Record<string, { ids: number[]; props: Record<number, Record<string, unknown>> }> {
  const out: Record<string, { ids: number[]; props: Record<number, Record<string, unknown>> }> = {};
  for (const [name, layer] of Object.entries(vt.layers)) {
    const ids: number[] = [];
    const props: Record<number, Record<string, unknown>> = {};
    for (let i = 0; i < layer.length; i++) {
      const f = layer.feature(i);
      ids.push(Number(f.id));
      props[Number(f.id)] = f.properties;
    }
    out[name] = { ids: ids.sort((a, b) => a - b), props };
  }
  return out;
}

function tileAt(lon: number, lat: number, z: number): { z: number; x: number; y: number } {
  const n = 2 ** z;
  const phi = (lat * Math.PI) / 180;
  return { z, x: Math.floor(((lon + 180) / 360) * n), y: Math.floor(((1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2) * n) };
}

describe('embedded mode vector tiles', () => {
  it('detects the missing ST_AsMVT once and picks the JavaScript encoder', async () => {
    expect(await mvtEncoder(embedded)).toBe('js');
    expect(await mvtEncoder(sample)).toBe('postgis');
  });

  it('writes the same layers, features and attributes as ST_AsMVT for the same tiles', async () => {
    const [c] = await sample.query<{ lon: number; lat: number }>(`SELECT ST_X(p) lon, ST_Y(p) lat FROM (
      SELECT ST_Transform(ST_SetSRID(ST_Centroid(ST_Extent(geom)::geometry), 2177), 4326) p FROM egib.dzialki) s`);
    const latitude = catalogLatitude(sampleCatalog);
    for (const z of [16, 15, 14]) {
      const t = tileAt(c!.lon, c!.lat, z);
      const box = tileNativeBox(t)!;
      const pick = (catalog: Catalog) => ['egib', 'gesut'].flatMap((id) => layersAtZoom(tileSets(catalog, 'anonim').get(id)!, z, latitude));
      const js = summary(decode(await encodeTile(embedded, pick(embeddedCatalog), 'anonim', t, box)));
      const postgis = summary(decode(await encodeTile(sample, pick(sampleCatalog).filter((l) => l.name in js || ['obreby', 'dzialki', 'budynki', 'przewody'].includes(l.name)), 'anonim', t, box, 'postgis')));
      expect(Object.keys(js).sort(), `z${z}`).toEqual(Object.keys(postgis).sort());
      for (const name of Object.keys(postgis)) {
        // The attributes of a feature in both tiles (the first in ST_AsMVT's order may be one that only touches the
        // buffered edge, which the encoders cut differently: see below).
        const id = postgis[name]!.ids.find((i) => js[name]?.props[i] !== undefined) ?? postgis[name]!.ids[0]!;
        expect(js[name]!.props[id]).toEqual(postgis[name]!.props[id]);
        // z15 was exact with the earlier sample; the 2021 sample (issue 16) has a line along z15's buffered edge too.
        if (z >= 16) {
          expect({ z, name, n: js[name]!.ids.length }).toEqual({ z, name, n: postgis[name]!.ids.length });
          expect(js[name]!.ids).toEqual(postgis[name]!.ids);
        } else {
          // Features that only touch the buffered tile's edge are cut differently: a polygon sharing the edge is a
          // zero-area sliver in geojson-vt and nothing in ST_AsMVTGeom, a line along it the other way round
          // (measured at z14: 1 building, 2 parcels and 1 line of ~2500 each; at z15 1 line of ~3900). Any other
          // difference is a bug.
          const a = new Set(js[name]!.ids), b = new Set(postgis[name]!.ids);
          const differing = [...a].filter((i) => !b.has(i)).concat([...b].filter((i) => !a.has(i)));
          expect(differing.length).toBeLessThanOrEqual(Math.ceil(b.size / 500));
          // A label-anchor layer (<layer>_etykiety, one point per feature) is its layer's features' anchors.
          const table = sampleCatalog.layers.find((l) => l.name === name.replace(/_etykiety$/, ''))!.table;
          for (const id of differing) {
            const [r] = await sample.query<{ d: number; unit: number }>(`SELECT ST_Distance(ST_Transform(geom, 3857), ST_Boundary(ST_TileEnvelope($1, $2, $3, margin => 64.0 / 4096))) d,
                (ST_XMax(ST_TileEnvelope($1, $2, $3)) - ST_XMin(ST_TileEnvelope($1, $2, $3))) / 4096 unit FROM ${table} WHERE id = $4`, [t.z, t.x, t.y, id]);
            expect({ name, id, onEdge: r!.d < r!.unit }).toEqual({ name, id, onEdge: true });
          }
        }
      }
    }
  });

  it('serves the tiles, TileJSON and style over HTTP in embedded mode', async () => {
    const app = createApp({ db: embedded, catalog: embeddedCatalog, config: loadConfig({ ...TEST_ENV }), log: createLogger('silent') });
    const server: Server = await new Promise((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const [c] = await embedded.query<{ lon: number; lat: number }>(`SELECT ST_X(p) lon, ST_Y(p) lat FROM (
        SELECT ST_Transform(ST_PointOnSurface(geom), 4326) p FROM egib.dzialki ORDER BY id LIMIT 1) s`);
      const t = tileAt(c!.lon, c!.lat, 16);
      const r = await fetch(`${url}/tiles/egib/${t.z}/${t.x}/${t.y}.mvt`);
      expect(r.status).toBe(200);
      const vt = decode(Buffer.from(await r.arrayBuffer()));
      expect(vt.layers.dzialki!.length).toBeGreaterThan(0);
      expect(r.headers.get('etag')).toBeTruthy();
      expect((await fetch(`${url}/tiles/egib/${t.z}/${t.x}/${t.y}.mvt`, { headers: { 'If-None-Match': r.headers.get('etag')! } })).status).toBe(304);
      expect((await fetch(`${url}/tiles/egib.json`)).status).toBe(200);
      expect((await fetch(`${url}/tiles/style.json`)).status).toBe(200);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
