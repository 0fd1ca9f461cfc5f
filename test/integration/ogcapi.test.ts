// OGC API – Features (Parts 1, 2, 3) over HTTP against the sample database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from '../support/app.ts';

let app: TestApp;
beforeAll(async () => { app = await startApp(); });
afterAll(async () => { await app?.close(); });

interface Fc { type: string; numberMatched: number; numberReturned: number; features: { id: string; geometry: { coordinates: unknown }; properties: Record<string, unknown> }[]; links: { rel: string; href: string }[] }
const get = (p: string, headers: Record<string, string> = {}) => fetch(`${app.url}/ogcapi${p}`, { headers });
const json = async <T = Record<string, unknown>>(p: string) => { const r = await get(p); expect(r.status, p).toBe(200); return r.json() as Promise<T>; };
async function dbCount(sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await app.db.query<{ n: number }>(sql, params);
  return Number(row!.n);
}

describe('OGC API – Features Part 1', () => {
  it('has a landing page, conformance, an OpenAPI document and the collections', async () => {
    const landing = await json<{ links: { rel: string }[] }>('');
    expect(landing.links.map((l) => l.rel)).toEqual(expect.arrayContaining(['self', 'service-desc', 'service-doc', 'conformance', 'data']));
    const conf = await json<{ conformsTo: string[] }>('/conformance');
    expect(conf.conformsTo).toContain('http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core');
    const api = await get('/api');
    expect(api.headers.get('content-type')).toMatch(/openapi/);
    const doc = await api.json() as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\.0/);
    expect(Object.keys(doc.paths)).toContain('/collections/dzialki/items');
    const cols = await json<{ collections: { id: string; extent: { spatial: { bbox: number[][] } } }[] }>('/collections');
    expect(cols.collections.map((c) => c.id)).toEqual(app.catalog.visibleLayers('anonim').map((l) => l.name));
    const [w, s, e, n] = cols.collections.find((c) => c.id === 'dzialki')!.extent.spatial.bbox[0]!;
    expect(w).toBeGreaterThan(16.8); expect(e).toBeLessThan(17.1); expect(s).toBeGreaterThan(52.3); expect(n).toBeLessThan(52.5);
  });

  it('pages through items with limit/offset, numberMatched and next/prev links', async () => {
    const total = await dbCount('SELECT count(*) AS n FROM egib.budynki');
    const page = await json<Fc>('/collections/budynki/items?limit=50&offset=100');
    expect(page.numberMatched).toBe(total);
    expect(page.numberReturned).toBe(50);
    const next = page.links.find((l) => l.rel === 'next')!;
    expect(new URL(next.href).searchParams.get('offset')).toBe('150');
    expect(page.links.find((l) => l.rel === 'prev')).toBeDefined();
    // Following next links visits every feature exactly once; every page, counted (full) or not (the short last
    // one), says the same numberMatched.
    const seen = new Set<string>();
    const districts = await dbCount('SELECT count(*) AS n FROM egib.obreby');
    let url: string | undefined = `${app.url}/ogcapi/collections/obreby/items?limit=2`;
    while (url) {
      const r = await (await fetch(url)).json() as Fc;
      expect(r.numberMatched).toBe(districts);
      for (const f of r.features) seen.add(f.id);
      url = r.links.find((l) => l.rel === 'next')?.href;
    }
    expect(seen.size).toBe(await dbCount('SELECT count(*) AS n FROM egib.obreby'));
  });

  it('serves a single item and 404 for a missing one', async () => {
    const [one] = await app.db.query<{ id: number; idDzialki: string }>('SELECT id, "idDzialki" FROM egib.dzialki ORDER BY id LIMIT 1');
    const f = await json<{ id: string; properties: { idDzialki: string } }>(`/collections/dzialki/items/dzialki.${one!.id}`);
    expect(f.properties.idDzialki).toBe(one!.idDzialki);
    const missing = await get('/collections/dzialki/items/dzialki.999999999');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/problem\+json/);
    expect((await get('/collections/nie_ma')).status).toBe(404);
  });

  it('filters by bbox and by queryables as parameters', async () => {
    const [c] = await app.db.query<{ lon: number; lat: number }>(`SELECT ST_X(p) lon, ST_Y(p) lat FROM (SELECT ST_Transform(ST_Centroid(ST_Extent(geom))::geometry(Point, 2177), 4326) p FROM egib.dzialki) x`);
    const box = [c!.lon - 0.003, c!.lat - 0.002, c!.lon + 0.003, c!.lat + 0.002];
    const expected = await dbCount(`SELECT count(*) AS n FROM egib.dzialki WHERE ST_Intersects(geom, ST_Transform(ST_MakeEnvelope($1, $2, $3, $4, 4326), 2177))`, box);
    const r = await json<Fc>(`/collections/dzialki/items?bbox=${box.join(',')}&limit=1`);
    expect(r.numberMatched).toBe(expected);
    const [o] = await app.db.query<{ id: string }>('SELECT "idObrebu" AS id FROM egib.obreby ORDER BY 1 LIMIT 1');
    const byObreb = await json<Fc>(`/collections/dzialki/items?idObrebu=${o!.id}&limit=1`);
    expect(byObreb.numberMatched).toBe(await dbCount('SELECT count(*) AS n FROM egib.dzialki WHERE "idObrebu" = $1', [o!.id]));
  });

  it('serves items as CSV with WKT (f=csv): the page of the GeoJSON, the role\'s attributes', async () => {
    const res = await get('/collections/dzialki/items?limit=5&offset=3&f=csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const [header, ...rows] = (await res.text()).trim().split(/\r?\n/);
    expect(header!.split(',')[0]).toBe('id');
    expect(header).toContain('idDzialki');
    expect(header).toMatch(/,WKT$/);
    expect(header).not.toContain('wlasciciele');
    const fc = await json<Fc>('/collections/dzialki/items?limit=5&offset=3');
    expect(rows.map((r) => r.split(',')[0])).toEqual(fc.features.map((f) => f.id));
    expect(rows.every((r) => /"(MULTI)?POLYGON \(/.test(r))).toBe(true);
  });

  it('serves HTML for browsers', async () => {
    const r = await get('/collections/dzialki/items?limit=5', { accept: 'text/html' });
    expect(r.headers.get('content-type')).toMatch(/text\/html/);
    expect(await r.text()).toMatch(/<table>/);
  });
  it('honours datetime on the catalogue\'s temporal property, refuses it where there is none, and declares it', async () => {
    const since = await dbCount(`SELECT count(*) AS n FROM egib.dzialki WHERE "poczatekWersjiObiektu" >= '2019-01-01T00:00:00Z'`);
    expect(since).toBeGreaterThan(0);
    expect(since).toBeLessThan(await dbCount('SELECT count(*) AS n FROM egib.dzialki'));
    expect((await json<Fc>('/collections/dzialki/items?limit=1&datetime=2019-01-01T00:00:00Z/..')).numberMatched).toBe(since);
    const until = await dbCount(`SELECT count(*) AS n FROM egib.dzialki WHERE "poczatekWersjiObiektu" < '2016-01-01T00:00:00Z'`);
    expect((await json<Fc>('/collections/dzialki/items?limit=1&datetime=../2015-12-31')).numberMatched).toBe(until);
    const [one] = await app.db.query<{ t: Date; id: number }>(`SELECT "poczatekWersjiObiektu" AS t, id FROM sip.drzewa WHERE "poczatekWersjiObiektu" IS NOT NULL ORDER BY id LIMIT 1`);
    const sameInstant = await dbCount(`SELECT count(*) AS n FROM sip.drzewa WHERE "poczatekWersjiObiektu" = $1`, [one!.t]);
    const instant = await json<Fc>(`/collections/drzewa/items?limit=1&datetime=${encodeURIComponent(one!.t.toISOString())}`);
    expect(instant.numberMatched).toBe(sameInstant);
    for (const q of ['/collections/arkusze/items?datetime=2019-01-01', '/collections/dzialki/items?datetime=2019-13-01', '/collections/dzialki/items?datetime=../..', '/collections/dzialki/items?datetime=2020-01-01/2019-01-01']) {
      const r = await get(q);
      expect(r.status, q).toBe(400);
      expect(((await r.json()) as { parameter: string }).parameter).toBe('datetime');
    }
    const api = await json<{ paths: Record<string, { get: { parameters: { name: string; schema: { maximum?: number; default?: number } }[] } }> }>('/api');
    const params = (path: string) => api.paths[path]!.get.parameters;
    expect(params('/collections/dzialki/items').map((p) => p.name)).toContain('datetime');
    expect(params('/collections/arkusze/items').map((p) => p.name)).not.toContain('datetime');
    const limit = params('/collections/dzialki/items').find((p) => p.name === 'limit')!;
    expect(limit.schema.maximum).toBe(10_000);
    const over = await json<Fc>('/collections/przewody/items?limit=20000');
    expect(over.numberReturned).toBe(10_000); // the maximum the definition declares is the one enforced
  });

  it('offers the preferred page size in next links to clients paging with a small limit', async () => {
    const n = await dbCount('SELECT count(*) AS n FROM egib.dzialki');
    const first = await json<Fc>('/collections/dzialki/items?limit=10');
    const next = new URL(first.links.find((l) => l.rel === 'next')!.href);
    expect(next.searchParams.get('offset')).toBe('10');
    expect(next.searchParams.get('limit')).toBe('1000');
    let url: string | undefined = next.href;
    const ids = new Set(first.features.map((f) => f.id));
    let requests = 1;
    while (url) {
      const r = await (await fetch(url)).json() as Fc;
      for (const f of r.features) ids.add(f.id);
      url = r.links.find((l) => l.rel === 'next')?.href;
      requests++;
    }
    expect(ids.size).toBe(n);
    expect(requests).toBe(1 + Math.ceil((n - 10) / 1000));
  });
});

describe('numbers and names of the 2021 model', () => {
  it('carries areas with their declared precision (no binary noise) and code names beside codes', async () => {
    const fc = await json<{ features: { properties: Record<string, unknown> }[] }>('/collections/dzialki/items?limit=200&f=json');
    const decimals = (v: unknown) => (String(v).split('.')[1] ?? '').length;
    expect(fc.features.length).toBe(200);
    for (const f of fc.features) {
      expect(decimals(f.properties.powierzchniaGeometryczna), String(f.properties.powierzchniaGeometryczna)).toBeLessThanOrEqual(2);
      expect(decimals(f.properties.poleEwidencyjne), String(f.properties.poleEwidencyjne)).toBeLessThanOrEqual(4);
    }
    // GML from the WFS of the same service: the same clean numbers.
    const gml = await (await fetch(`${app.url}/ows?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=egib:dzialki&COUNT=200`)).text();
    expect(gml).toContain('<egib:powierzchniaGeometryczna>');
    expect(gml).not.toMatch(/>-?\d+\.\d{5,}</);
    const b = await json<{ features: { properties: Record<string, unknown> }[] }>(`/collections/budynki/items?limit=5&rodzajWgKST=110&f=json`);
    for (const f of b.features) expect(f.properties.nazwaRodzajuWgKST).toBe('Budynki mieszkalne');
    const p = await json<{ features: { properties: Record<string, unknown> }[] }>(`/collections/przewody/items?limit=5&branza=c&f=json`);
    for (const f of p.features) expect(f.properties.nazwaBranzy).toBe('Sieć ciepłownicza');
  });
});

describe('OGC API – Features Part 2 (CRS)', () => {
  it('answers in the requested CRS, in its axis order, with Content-Crs', async () => {
    const [p] = await app.db.query<{ id: number; x: number; y: number; lon: number; lat: number }>(`SELECT id, ST_X(geom) x, ST_Y(geom) y,
      ST_X(ST_Transform(geom, 4326)) lon, ST_Y(ST_Transform(geom, 4326)) lat FROM sip.drzewa ORDER BY id LIMIT 1`);
    const at = async (crs?: string) => {
      const r = await get(`/collections/drzewa/items/drzewa.${p!.id}${crs ? `?crs=${encodeURIComponent(crs)}` : ''}`);
      return { crs: r.headers.get('content-crs'), xy: ((await r.json()) as { geometry: { coordinates: number[] } }).geometry.coordinates };
    };
    const def = await at();
    expect(def.crs).toBe('<http://www.opengis.net/def/crs/OGC/1.3/CRS84>');
    expect(def.xy[0]).toBeCloseTo(p!.lon, 7);
    const pl2000 = await at('http://www.opengis.net/def/crs/EPSG/0/2177');
    expect(pl2000.crs).toBe('<http://www.opengis.net/def/crs/EPSG/0/2177>');
    expect(pl2000.xy[0]).toBeCloseTo(p!.y, 2); // northing first, as EPSG:2177 defines
    expect(pl2000.xy[1]).toBeCloseTo(p!.x, 2);
    const wgs = await at('http://www.opengis.net/def/crs/EPSG/0/4326');
    expect(wgs.xy[0]).toBeCloseTo(p!.lat, 7);
  });

  it('names the CRS once per response (Content-Crs), never inside geometry objects', async () => {
    for (const crs of ['http://www.opengis.net/def/crs/EPSG/0/2177', 'http://www.opengis.net/def/crs/EPSG/0/2180', 'http://www.opengis.net/def/crs/EPSG/0/3857', 'http://www.opengis.net/def/crs/EPSG/0/4258']) {
      const r = await get(`/collections/przewody/items?limit=5&crs=${encodeURIComponent(crs)}`);
      expect(r.headers.get('content-crs')).toBe(`<${crs}>`);
      const fc = await r.json() as { features: { geometry: Record<string, unknown> }[] };
      for (const f of fc.features) expect(Object.keys(f.geometry).sort()).toEqual(['coordinates', 'type']);
    }
  });

  it('accepts bbox-crs and refuses unknown CRSs with 400', async () => {
    const [e] = await app.db.query<{ minx: number; miny: number; maxx: number; maxy: number }>('SELECT ST_XMin(x) minx, ST_YMin(x) miny, ST_XMax(x) maxx, ST_YMax(x) maxy FROM (SELECT ST_Extent(geom) x FROM sip.drzewa) t');
    const all = await dbCount('SELECT count(*) AS n FROM sip.drzewa');
    const r = await json<Fc>(`/collections/drzewa/items?limit=1&bbox-crs=${encodeURIComponent('http://www.opengis.net/def/crs/EPSG/0/2177')}&bbox=${[e!.miny - 1, e!.minx - 1, e!.maxy + 1, e!.maxx + 1].join(',')}`);
    expect(r.numberMatched).toBe(all);
    expect((await get('/collections/drzewa/items?crs=http://www.opengis.net/def/crs/EPSG/0/31467')).status).toBe(400);
    expect((await get('/collections/drzewa/items?bbox=1,2,3')).status).toBe(400);
  });
});

describe('OGC API – Features Part 3 (CQL2, queryables)', () => {
  it('publishes queryables without hidden attributes', async () => {
    const q = await json<{ properties: Record<string, unknown> }>('/collections/dzialki/queryables');
    expect(Object.keys(q.properties)).toEqual(expect.arrayContaining(['idDzialki', 'numerDzialki', 'geom']));
    expect(Object.keys(q.properties)).not.toContain('wlasciciele');
  });

  it('filters with CQL2 text and JSON like PostGIS', async () => {
    const expected = await dbCount(`SELECT count(*) AS n FROM gesut.przewody WHERE "branza" = 'w' AND srednica >= 200`);
    const text = await json<Fc>(`/collections/przewody/items?limit=1&filter=${encodeURIComponent(`"branza" = 'w' AND srednica >= 200`)}`);
    expect(text.numberMatched).toBe(expected);
    const cql2json = JSON.stringify({ op: 'and', args: [{ op: '=', args: [{ property: 'branza' }, 'w'] }, { op: '>=', args: [{ property: 'srednica' }, 200] }] });
    const js = await json<Fc>(`/collections/przewody/items?limit=1&filter-lang=cql2-json&filter=${encodeURIComponent(cql2json)}`);
    expect(js.numberMatched).toBe(expected);
    const [c] = await app.db.query<{ lon: number; lat: number }>(`SELECT ST_X(p) lon, ST_Y(p) lat FROM (SELECT ST_Transform(ST_Centroid(ST_Extent(geom))::geometry(Point, 2177), 4326) p FROM egib.budynki) x`);
    const poly = `POLYGON((${c!.lon - 0.002} ${c!.lat - 0.001},${c!.lon + 0.002} ${c!.lat - 0.001},${c!.lon + 0.002} ${c!.lat + 0.001},${c!.lon - 0.002} ${c!.lat + 0.001},${c!.lon - 0.002} ${c!.lat - 0.001}))`;
    const sp = await json<Fc>(`/collections/budynki/items?limit=1&filter=${encodeURIComponent(`S_INTERSECTS(geom, ${poly})`)}`);
    expect(sp.numberMatched).toBe(await dbCount(`SELECT count(*) AS n FROM egib.budynki WHERE ST_Intersects(geom, ST_Transform(ST_GeomFromText($1, 4326), 2177))`, [poly]));
  });

  it('answers malformed filters and parameters with a JSON problem and 400', async () => {
    for (const q of ['filter=' + encodeURIComponent('srednica >>> 3'), 'filter=' + encodeURIComponent("wlasciciele LIKE '%a%'"), 'filter-lang=sql&filter=1', 'limit=0', 'offset=-3', 'nieznany=1', 'sortby=nope', 'f=xml']) {
      const r = await get(`/collections/przewody/items?${q}`);
      expect({ q, status: r.status }).toEqual({ q, status: 400 });
      expect(r.headers.get('content-type')).toMatch(/problem\+json/);
    }
  });
});
