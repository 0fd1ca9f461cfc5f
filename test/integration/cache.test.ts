// The data version (sql/006_data_version.sql) and the HTTP caching built on it, on a database of its own
// (changes here must not touch the shared sample): triggers on every data table, visible at commit, validators
// and 304 for tiles and WMS maps, invalidation on UPDATE, and the memory bound of the response cache.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { freshDatabase } from '../support/db.ts';
import { PostgresDatabase } from '../../server/db/postgres.ts';
import { migrate } from '../../server/db/migrate.ts';
import { MIGRATIONS_DIR } from '../../server/db/index.ts';
import { Catalog } from '../../server/catalog/catalog.ts';
import { createApp } from '../../server/http/app.ts';
import { loadConfig } from '../../server/config.ts';
import { createLogger } from '../../server/log.ts';
import { ResponseCache, responseCache, etagMatches, notModifiedSince } from '../../server/http/cache.ts';
import { loadCacheSettings } from '../../server/config.ts';
import { transform } from '../../server/crs/definitions.ts';
import { TEST_ENV } from '../support/test-env.ts';

let fresh: { url: string; drop(): Promise<void> };
let db: PostgresDatabase;
let server: Server;
let url: string;

/** Stary Rynek in PL-2000 zone 6: a parcel and a building around it. */
const X = 6_427_477, Y = 5_808_862;

beforeAll(async () => {
  fresh = await freshDatabase('sip_cache');
  db = new PostgresDatabase({ connectionString: fresh.url, poolSize: 4, statementTimeoutMs: 60_000 });
  await migrate(db, MIGRATIONS_DIR);
  await db.exec(`
    INSERT INTO egib.obreby ("idObrebu", "nazwaObrebu", geom) VALUES
      ('306401_1.0001', 'Stare Miasto', ST_Multi(ST_MakeEnvelope(${X - 500}, ${Y - 500}, ${X + 500}, ${Y + 500}, 2177)));
    INSERT INTO egib.dzialki ("idDzialki", "numerDzialki", "idObrebu", "poleEwidencyjne", polozenie, geom) VALUES
      ('306401_1.0001.1', '1', '306401_1.0001', 0.04, 'Stary Rynek', ST_Multi(ST_MakeEnvelope(${X - 10}, ${Y - 10}, ${X + 10}, ${Y + 10}, 2177))),
      ('306401_1.0001.2', '2', '306401_1.0001', 0.04, 'Stary Rynek', ST_Multi(ST_MakeEnvelope(${X + 10}, ${Y - 10}, ${X + 30}, ${Y + 10}, 2177)));`);
  const catalog = await Catalog.load(db);
  const app = createApp({ db, catalog, config: loadConfig({ DATABASE_URL: fresh.url, ...TEST_ENV }), log: createLogger('silent') });
  server = await new Promise((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  await db?.close();
  await fresh?.drop();
});

const version = async (q: { query: PostgresDatabase['query'] } = db) => {
  const [r] = await q.query<{ version: number; changed_at: Date }>('SELECT version, changed_at FROM public.data_version');
  return { version: Number(r!.version), changedAt: r!.changed_at };
};

function tileAt(lon: number, lat: number, z: number): { z: number; x: number; y: number } {
  const n = 2 ** z;
  const phi = (lat * Math.PI) / 180;
  return { z, x: Math.floor(((lon + 180) / 360) * n), y: Math.floor(((1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2) * n) };
}

describe('data version', () => {
  it('is bumped by every kind of data change, statement by statement', async () => {
    const v0 = await version();
    await db.query(`UPDATE egib.dzialki SET polozenie = polozenie WHERE "numerDzialki" = '1'`);
    const v1 = await version();
    expect(v1.version).toBe(v0.version + 1);
    expect(v1.changedAt.getTime()).toBeGreaterThanOrEqual(v0.changedAt.getTime());
    await db.query(`INSERT INTO sip.drzewa ("numerInwentarzowy", gatunek, "gatunekLacinski", wysokosc, "srednicaKorony", "obwodPnia", "stanZdrowotny", geom)
      VALUES ('T-1', 'lipa', 'Tilia cordata', 12, 6, 150, 'dobry', ST_SetSRID(ST_MakePoint(${X}, ${Y}), 2177))`);
    await db.query(`DELETE FROM sip.drzewa WHERE "numerInwentarzowy" = 'T-1'`);
    await db.exec('TRUNCATE sip.drzewa');
    expect((await version()).version).toBe(v1.version + 3);
    // Owners feed a computed attribute: their tables count as data too.
    const [t] = await db.query<{ n: number }>(`SELECT count(*) n FROM pg_trigger WHERE tgname = 'data_version_bump'`);
    const [tables] = await db.query<{ n: number }>(`SELECT count(*) n FROM pg_tables WHERE schemaname IN ('egib', 'gesut', 'sip')`);
    expect(Number(t!.n)).toBe(Number(tables!.n));
  });

  it('becomes visible with the change, at commit, and not at all when rolled back', async () => {
    const before = await version();
    const client = new pg.Client({ connectionString: fresh.url });
    await client.connect();
    try {
      await client.query('BEGIN');
      await client.query(`UPDATE egib.dzialki SET polozenie = 'w transakcji' WHERE "numerDzialki" = '2'`);
      expect((await version()).version).toBe(before.version);
      await client.query('ROLLBACK');
      expect((await version()).version).toBe(before.version);
      await client.query('BEGIN');
      await client.query(`UPDATE egib.dzialki SET polozenie = 'Stary Rynek' WHERE "numerDzialki" = '2'`);
      await client.query('COMMIT');
      expect((await version()).version).toBe(before.version + 1);
    } finally {
      await client.end();
    }
  });

  it('is an idempotent migration', async () => {
    const sql = readFileSync(path.join(MIGRATIONS_DIR, '006_data_version.sql'), 'utf8');
    const before = await version();
    await db.exec(sql);
    await db.exec(sql);
    const [t] = await db.query<{ n: number }>(`SELECT count(*) n FROM pg_trigger WHERE tgname = 'data_version_bump'`);
    const [tables] = await db.query<{ n: number }>(`SELECT count(*) n FROM pg_tables WHERE schemaname IN ('egib', 'gesut', 'sip')`);
    expect(Number(t!.n)).toBe(Number(tables!.n));
    expect((await version()).version).toBe(before.version);
  });
});

describe('HTTP caching on the data version', () => {
  it('revalidates a tile with 304 until an UPDATE changes the data, then serves the new tile', async () => {
    const [lon, lat] = transform('EPSG:2177', 'EPSG:4326', [X, Y]);
    const t = tileAt(lon, lat, 16);
    const tilePath = `${url}/tiles/egib/${t.z}/${t.x}/${t.y}.mvt`;
    const first = await fetch(tilePath);
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag')!;
    const lastModified = first.headers.get('last-modified')!;
    const decode = async (r: Response) => new VectorTile(new PbfReader(Buffer.from(await r.arrayBuffer())));
    const before = await decode(first);
    expect(before.layers.dzialki!.length).toBe(2);
    expect((await fetch(tilePath, { headers: { 'If-None-Match': etag } })).status).toBe(304);
    expect((await fetch(tilePath, { headers: { 'If-Modified-Since': lastModified } })).status).toBe(304);

    // Wait into the next second, so Last-Modified moves visibly too.
    await new Promise((r) => setTimeout(r, 1_100));
    await db.query(`UPDATE egib.dzialki SET polozenie = 'Rynek 1' WHERE "numerDzialki" = '1'`);
    // The version is polled at most once a second.
    await new Promise((r) => setTimeout(r, 1_100));
    const after = await fetch(tilePath, { headers: { 'If-None-Match': etag } });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    expect(after.headers.get('x-cache')).toBe('MISS');
    expect(Date.parse(after.headers.get('last-modified')!)).toBeGreaterThan(Date.parse(lastModified));
    const tile = await decode(after);
    const values = Array.from({ length: tile.layers.dzialki!.length }, (_, i) => tile.layers.dzialki!.feature(i).properties.polozenie);
    expect(values.sort()).toEqual(['Rynek 1', 'Stary Rynek']);
    expect((await fetch(tilePath, { headers: { 'If-Modified-Since': lastModified } })).status).toBe(200);
    expect((await fetch(tilePath, { headers: { 'If-None-Match': after.headers.get('etag')! } })).status).toBe(304);
  });

  it('caches WMS GetMap: validators, 304, the image from memory, and a new image after a change', async () => {
    const q = `SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=egib:dzialki&STYLES=&CRS=EPSG:2177&BBOX=${Y - 40},${X - 40},${Y + 40},${X + 40}&WIDTH=128&HEIGHT=128&FORMAT=image/png`;
    const first = await fetch(`${url}/ows?${q}`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('image/png');
    expect(first.headers.get('cache-control')).toBe('public, max-age=60, must-revalidate');
    const etag = first.headers.get('etag')!;
    expect(etag).toBeTruthy();
    const png = Buffer.from(await first.arrayBuffer());
    const again = await fetch(`${url}/ows?${q}`);
    expect(again.headers.get('x-cache')).toBe('HIT');
    expect(Buffer.from(await again.arrayBuffer()).equals(png)).toBe(true);
    // The same map asked with parameters in another order and case is the same resource.
    const reordered = await fetch(`${url}/ows?${q.split('&').reverse().join('&').replace('REQUEST=GetMap', 'request=getmap')}`, { headers: { 'If-None-Match': etag } });
    expect(reordered.status).toBe(304);
    // Errors carry none of the data validators.
    const bad = await fetch(`${url}/ows?${q.replace('WIDTH=128', 'WIDTH=0')}`);
    expect(bad.status).toBe(400);
    expect(bad.headers.get('cache-control')).toBeNull();
    expect(bad.headers.get('last-modified')).toBeNull();

    await db.query(`UPDATE egib.dzialki SET geom = ST_Multi(ST_MakeEnvelope(${X - 20}, ${Y - 20}, ${X + 10}, ${Y + 10}, 2177)) WHERE "numerDzialki" = '1'`);
    await responseCache(db, loadCacheSettings({})).version.refresh();
    const changed = await fetch(`${url}/ows?${q}`, { headers: { 'If-None-Match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(Buffer.from(await changed.arrayBuffer()).equals(png)).toBe(false);
    // Capabilities are revalidated too.
    const caps = await fetch(`${url}/ows?SERVICE=WMS&REQUEST=GetCapabilities`);
    expect(caps.headers.get('cache-control')).toBe('public, max-age=60, must-revalidate');
    // (fetch adds Cache-Control: no-cache to a conditional request, for which Express never answers 304: say max-age=0.)
    const capsAgain = await fetch(`${url}/ows?SERVICE=WMS&REQUEST=GetCapabilities`, { headers: { 'If-None-Match': caps.headers.get('etag')!, 'Cache-Control': 'max-age=0' } });
    expect(capsAgain.status).toBe(304);
  });
});

describe('response cache', () => {
  it('keeps at most its byte budget, emptied when the version changes, with one computation per key at a time', async () => {
    let v = 1;
    const fake = { query: async () => [{ version: v, changed_at: new Date(0) }], exec: async () => undefined };
    const cache = new ResponseCache(fake as never, { maxBytes: 10_000, pollMs: 0 });
    let produced = 0;
    const res = () => {
      const headers: Record<string, string> = {};
      const r = { statusCode: 0, headers, set(h: Record<string, string>) { Object.assign(headers, h); return r; }, setHeader(n: string, v: unknown) { headers[n] = String(v); return r; }, type() { return r; }, status(s: number) { r.statusCode = s; return r; }, end() { return r; } };
      return r;
    };
    const req = { get: () => undefined };
    const serve = (key: string, size = 3_000) => cache.serve(req as never, res() as never, { key, role: 'anonim', produce: async () => { produced++; await new Promise((r) => setTimeout(r, 5)); return { status: 200, body: Buffer.alloc(size) }; } });
    await Promise.all([serve('a'), serve('a'), serve('a')]);
    expect(produced).toBe(1);
    for (const k of ['b', 'c', 'd', 'e']) await serve(k);
    expect(cache.snapshot().bytes).toBeLessThanOrEqual(10_000);
    expect(cache.snapshot().entries).toBe(3);
    produced = 0;
    await serve('e');
    expect(produced).toBe(0);
    v = 2;
    await serve('e');
    expect(produced).toBe(1);
    expect(cache.snapshot().entries).toBe(1);
    // A body larger than the whole budget is served but not kept.
    await serve('huge', 50_000);
    expect(cache.snapshot().bytes).toBeLessThanOrEqual(10_000);
  });

  it('compares validators as RFC 9110 says and reads TILE_CACHE_MB', () => {
    expect(etagMatches('W/"1-abc"', 'W/"1-abc"')).toBe(true);
    expect(etagMatches('"1-abc"', 'W/"1-abc"')).toBe(true);
    expect(etagMatches('"x", W/"1-abc"', 'W/"1-abc"')).toBe(true);
    expect(etagMatches('*', 'W/"1-abc"')).toBe(true);
    expect(etagMatches('"1-abd"', 'W/"1-abc"')).toBe(false);
    const lm = new Date('2025-01-01T10:00:00.700Z');
    expect(notModifiedSince(lm.toUTCString(), lm)).toBe(true);
    expect(notModifiedSince(new Date(lm.getTime() - 1_000).toUTCString(), lm)).toBe(false);
    expect(notModifiedSince('not a date', lm)).toBe(false);
    expect(loadCacheSettings({}).maxBytes).toBe(64 * 1024 * 1024);
    expect(loadCacheSettings({ TILE_CACHE_MB: '0' }).maxBytes).toBe(0);
    expect(() => loadCacheSettings({ TILE_CACHE_MB: 'lots' })).toThrow(/TILE_CACHE_MB/);
  });
});
