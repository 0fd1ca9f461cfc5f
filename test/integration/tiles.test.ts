// Vector tiles over HTTP against the sample database: tiles decoded and compared with PostGIS, zoom ranges from
// the catalogue's scales, empty tiles, bad addresses, TileJSON, the MapLibre style (validated with the style
// spec), its labels' glyph PBFs, OGC API – Tiles, gzip, and the HTTP validators (ETag, Last-Modified, 304).
import { request as httpRequest } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader as Pbf } from 'pbf';
import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { startApp, type TestApp } from '../support/app.ts';
import { LABEL_TEXT_PROPERTY, networkLabel } from '../../server/catalog/cartography.ts';

let app: TestApp;
beforeAll(async () => { app = await startApp(); });
afterAll(async () => { await app?.close(); });

const get = (p: string, headers: Record<string, string> = {}) => fetch(`${app.url}${p}`, { headers });
async function json<T = Record<string, unknown>>(p: string): Promise<T> {
  const r = await get(p);
  expect(r.status, p).toBe(200);
  expect(r.headers.get('content-type'), p).toMatch(/json/);
  return r.json() as Promise<T>;
}
async function tile(p: string): Promise<{ status: number; type: string | null; vt: VectorTile; bytes: Buffer; headers: Headers }> {
  const r = await get(p, { 'accept-encoding': 'identity' });
  const bytes = Buffer.from(await r.arrayBuffer());
  return { status: r.status, type: r.headers.get('content-type'), vt: new VectorTile(new Pbf(bytes)), bytes, headers: r.headers };
}
const layerNames = (vt: VectorTile) => Object.keys(vt.layers).sort();

/** The WebMercatorQuad tile holding a longitude/latitude. */
function tileAt(lon: number, lat: number, z: number): { z: number; x: number; y: number } {
  const n = 2 ** z;
  const phi = (lat * Math.PI) / 180;
  return { z, x: Math.floor(((lon + 180) / 360) * n), y: Math.floor(((1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2) * n) };
}

let centre: { lon: number; lat: number };
beforeAll(async () => {
  // The middle of a parcel near the middle of the data: a tile there is full.
  const [c] = await app.db.query<{ lon: number; lat: number }>(`SELECT ST_X(p) lon, ST_Y(p) lat FROM (
    SELECT ST_Transform(ST_PointOnSurface(d.geom), 4326) p FROM egib.dzialki d,
      (SELECT ST_SetSRID(ST_Centroid(ST_Extent(geom)::geometry), 2177) c FROM egib.dzialki) e
    ORDER BY d.geom <-> e.c LIMIT 1) s`);
  centre = c!;
});

/** Features of a layer PostGIS puts in a tile: intersecting the tile with its 64/4096 buffer. */
async function postgisCount(table: string, t: { z: number; x: number; y: number }, where = 'TRUE', params: unknown[] = []): Promise<number> {
  const [r] = await app.db.query<{ n: number }>(
    `SELECT count(*) n FROM ${table} t WHERE ${where} AND ST_Intersects(ST_Transform(t.geom, 3857), ST_TileEnvelope($1, $2, $3, margin => 64.0 / 4096))`,
    [t.z, t.x, t.y, ...params]);
  return Number(r!.n);
}

describe('vector tiles', () => {
  it('decodes a z16 tile of each register with its layers and as many features as PostGIS finds there', async () => {
    const t = tileAt(centre.lon, centre.lat, 16);
    const egib = await tile(`/tiles/egib/${t.z}/${t.x}/${t.y}.mvt`);
    expect(egib.status).toBe(200);
    expect(egib.type).toBe('application/vnd.mapbox-vector-tile');
    // Web maps elsewhere fetch tiles with XHR.
    expect(egib.headers.get('access-control-allow-origin')).toBe('*');
    const head = await fetch(`${app.url}/tiles/egib/${t.z}/${t.x}/${t.y}.mvt`, { method: 'HEAD', headers: { 'accept-encoding': 'identity' } });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBe(egib.bytes.length);
    expect(layerNames(egib.vt).filter((n) => n !== 'obreby_etykiety')).toEqual(['budynki', 'dzialki', 'kontury_uzytkow', 'obreby']);
    for (const [layer, table] of [['dzialki', 'egib.dzialki'], ['budynki', 'egib.budynki'], ['kontury_uzytkow', 'egib.kontury_uzytkow'], ['obreby', 'egib.obreby']] as const) {
      const expected = await postgisCount(table, t);
      expect({ layer, n: egib.vt.layers[layer]!.length }).toEqual({ layer, n: expected });
    }
    expect(egib.vt.layers.dzialki!.extent).toBe(4096);
    expect(egib.vt.layers.dzialki!.length).toBeGreaterThan(5);

    const gesut = await tile(`/tiles/gesut/${t.z}/${t.x}/${t.y}.mvt`);
    // The branch layers are parts of przewody: the register set carries przewody once.
    expect(layerNames(gesut.vt).every((n) => ['przewody', 'urzadzenia'].includes(n))).toBe(true);
    expect(gesut.vt.layers.przewody!.length).toBe(await postgisCount('gesut.przewody', t));
    const water = await tile(`/tiles/przewody_wodociagowe/${t.z}/${t.x}/${t.y}.mvt`);
    expect(water.vt.layers.przewody_wodociagowe?.length ?? 0).toBe(await postgisCount('gesut.przewody', t, 't."branza" = $4', ['w']));
  });

  it('carries the attributes the role may see, typed, with the feature key as id', async () => {
    const t = tileAt(centre.lon, centre.lat, 16);
    const { vt } = await tile(`/tiles/egib/${t.z}/${t.x}/${t.y}.mvt`);
    const f = vt.layers.dzialki!.feature(0);
    expect(typeof f.id).toBe('number');
    const [row] = await app.db.query<Record<string, unknown>>('SELECT "idDzialki", "numerDzialki", "poleEwidencyjne", "poczatekWersjiObiektu" FROM egib.dzialki WHERE id = $1', [f.id]);
    expect(f.properties.idDzialki).toBe(row!.idDzialki);
    expect(f.properties.numerDzialki).toBe(row!.numerDzialki);
    expect(f.properties.poleEwidencyjne).toBeCloseTo(Number(row!.poleEwidencyjne), 6);
    expect(f.properties.poczatekWersjiObiektu).toBe((row!.poczatekWersjiObiektu as Date).toISOString());
    // Owners are personal data: never in an anonymous tile.
    expect('wlasciciele' in f.properties).toBe(false);
    const b = vt.layers.budynki!.feature(0);
    expect(typeof b.properties.liczbaKondygnacjiNadziemnych).toBe('number');
    expect(b.type).toBe(3);
    // Geometry in tile units, inside the tile and its buffer.
    for (const ring of f.loadGeometry()) for (const p of ring) { expect(p.x).toBeGreaterThanOrEqual(-64); expect(p.x).toBeLessThanOrEqual(4160); }
  });

  it('holds only the layers visible at the zoom (catalogue scales at the true scale of Poznań)', async () => {
    // The districts' label anchors (obreby_etykiety) lie in one tile each: left out of the per-zoom lists.
    const at = async (z: number) => { const t = tileAt(centre.lon, centre.lat, z); return layerNames((await tile(`/tiles/egib/${z}/${t.x}/${t.y}.mvt`)).vt).filter((n) => n !== 'obreby_etykiety'); };
    // obreby to 1:100 000 (zoom 10.7), dzialki and budynki to 1:25 000 (12.7), kontury to 1:10 000 (14.1).
    expect(await at(10)).toEqual(['obreby']);
    // Parcels start their tiles at 13 (tileMinZoom, issue 19: a zoom-12 tile of the whole city was 0.86 MB gzip).
    expect(await at(12)).toEqual(['budynki', 'obreby']);
    expect(await at(13)).toEqual(['budynki', 'dzialki', 'obreby']);
    expect(await at(14)).toEqual(['budynki', 'dzialki', 'kontury_klasyfikacyjne', 'kontury_uzytkow', 'obreby']);
    // A district's name once: at zoom 10 the tile holds every district and one label anchor (a point) per district.
    const t10 = tileAt(centre.lon, centre.lat, 10);
    const { vt } = await tile(`/tiles/egib/10/${t10.x}/${t10.y}.mvt`);
    const [districts] = await app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM egib.obreby');
    expect(vt.layers.obreby_etykiety!.length).toBe(districts!.n);
    expect(vt.layers.obreby_etykiety!.feature(0).type).toBe(1);
    const t = tileAt(centre.lon, centre.lat, 9);
    expect((await get(`/tiles/egib/9/${t.x}/${t.y}.mvt`)).status).toBe(204);
  });

  it('answers 204 for a tile without data, 400 for a bad address and 404 for an unknown set', async () => {
    const empty = await get('/tiles/egib/16/10000/20000.mvt');
    expect(empty.status).toBe(204);
    expect((await empty.arrayBuffer()).byteLength).toBe(0);
    expect((await get('/tiles/sip_poznan/3/4/2.mvt')).status).toBe(204);
    for (const bad of ['23/0/0', '2/4/0', '2/0/4', 'a/0/0', '1/x/0', '1/0/-1', '1/0.5/0', '01.5/0/0', '99999999999/0/0']) {
      const r = await get(`/tiles/egib/${bad}.mvt`);
      expect({ bad, status: r.status }).toEqual({ bad, status: 400 });
      expect(r.headers.get('content-type')).toMatch(/application\/problem\+json/);
      const body = await r.json() as { status: number; detail: string };
      expect(body.status).toBe(400);
    }
    const unknown = await get('/tiles/nothing/1/0/0.mvt');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/problem\+json/);
    expect((await get('/tiles/nothing.json')).status).toBe(404);
  });
});

interface TileJson { tilejson: string; tiles: string[]; minzoom: number; maxzoom: number; bounds: number[]; center: number[]; vector_layers: { id: string; minzoom: number; maxzoom: number; fields: Record<string, string> }[] }

describe('TileJSON', () => {
  it('describes a set: tile URL template, zooms from the scale ranges, bounds, layers and fields', async () => {
    const tj = await json<TileJson>('/tiles/egib.json');
    expect(tj.tilejson).toBe('3.0.0');
    expect(tj.tiles).toEqual([`${app.url}/tiles/egib/{z}/{x}/{y}.mvt`]);
    expect(tj.minzoom).toBe(10);
    expect(tj.maxzoom).toBe(16);
    const [w, s, e, n] = tj.bounds;
    expect(w).toBeGreaterThan(16.8); expect(e).toBeLessThan(17.1); expect(s).toBeGreaterThan(52.3); expect(n).toBeLessThan(52.5);
    expect(tj.vector_layers.map((l) => l.id)).toEqual(['kontury_uzytkow', 'kontury_klasyfikacyjne', 'budynki', 'dzialki', 'obreby', 'obreby_etykiety']);
    const dz = tj.vector_layers.find((l) => l.id === 'dzialki')!;
    expect(dz).toMatchObject({ minzoom: 13, maxzoom: 16 });
    expect(dz.fields).toMatchObject({ idDzialki: 'String', poleEwidencyjne: 'Number' });
    expect(dz.fields.wlasciciele).toBeUndefined();
    expect(await json('/tiles/egib/tilejson.json')).toEqual(tj);
    const one = await json<TileJson>('/tiles/drzewa.json');
    expect(one.vector_layers.map((l) => l.id)).toEqual(['drzewa']);
    expect(one.minzoom).toBe(15);
    // Every layer of every set decodes from the template.
    const list = await json<{ tilesets: { id: string; tilejson: string }[] }>('/tiles');
    expect(list.tilesets.map((s) => s.id)).toEqual(expect.arrayContaining(['egib', 'gesut', 'sip', 'sip_poznan', 'dzialki', 'przewody_gazowe']));
  });
});

interface StyleDoc { version: number; sources: Record<string, { type: string; url: string }>; layers: { id: string; type: string; source?: string; 'source-layer'?: string; minzoom?: number; maxzoom?: number; filter?: unknown; paint?: Record<string, unknown> }[]; glyphs?: string }

describe('MapLibre style', () => {
  it('is a valid style spec v8 document whose layers use the sources and source layers of this service', async () => {
    const style = await json<StyleDoc>('/tiles/style.json');
    const errors = validateStyleMin(style as never);
    expect(errors.map((e) => e.message)).toEqual([]);
    expect(style.version).toBe(8);
    // Labels: glyphs from this service only (the client may run offline).
    expect(style.glyphs).toBe(`${app.url}/tiles/fonts/{fontstack}/{range}.pbf`);
    const sourceLayers = new Map<string, Set<string>>();
    for (const [id, src] of Object.entries(style.sources)) {
      expect(src.type).toBe('vector');
      expect(src.url.startsWith(app.url)).toBe(true);
      const tj = await json<TileJson>(new URL(src.url).pathname);
      sourceLayers.set(id, new Set(tj.vector_layers.map((l) => l.id)));
    }
    const dataLayers = style.layers.filter((l) => l.type !== 'background');
    expect(dataLayers.length).toBeGreaterThan(10);
    for (const l of dataLayers) {
      expect(sourceLayers.get(l.source!)?.has(l['source-layer']!), `${l.id}: ${l.source}/${l['source-layer']}`).toBe(true);
    }
    // Every catalogue layer of the registers is drawn (branch layers through przewody).
    const drawn = new Set(dataLayers.map((l) => l['source-layer']));
    for (const name of ['obreby', 'dzialki', 'budynki', 'kontury_uzytkow', 'przewody', 'urzadzenia', 'budynki_projektowane', 'drzewa']) expect(drawn.has(name), name).toBe(true);
  });

  it('takes zooms, colours and paint order from the catalogue styles', async () => {
    const style = await json<StyleDoc>('/tiles/style.json');
    const ids = style.layers.map((l) => l.id);
    // Paint order = zIndex: land use, buildings, parcels, planned buildings, lines, devices, trees, districts.
    const first = (prefix: string) => ids.findIndex((id) => id.startsWith(prefix));
    const order = ['egib-kontury_uzytkow', 'egib-budynki', 'egib-dzialki', 'sip-budynki_projektowane', 'gesut-przewody', 'gesut-urzadzenia', 'sip-drzewa', 'egib-obreby'].map(first);
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const dz = style.layers.filter((l) => l['source-layer'] === 'dzialki');
    // From the tiles' first level (tileMinZoom 13), not from 1:25 000 (12.74): no layer waits for data its tiles lack.
    expect(Math.min(...dz.map((l) => l.minzoom ?? 0))).toBeCloseTo(13, 1);
    const bud = style.layers.filter((l) => l['source-layer'] === 'budynki');
    expect(Math.min(...bud.map((l) => l.minzoom ?? 0))).toBeCloseTo(12.74, 1);
    // Parcel boundaries turn grey below 1:5000 (zoom 15.06): two bands.
    expect(dz.some((l) => l.maxzoom !== undefined && Math.abs(l.maxzoom - 15.06) < 0.02)).toBe(true);
    const text = JSON.stringify(style);
    expect(text).toContain('#0000ff'); // water supply (base-map 0,0,255)
    expect(text).toContain('#b9daf3'); // OFU waters
    expect(text).toContain('#ecc6b0'); // residential buildings
    // Service connections (przyłącze) are hidden at small scales: a width filter in the lower band.
    const przewody = style.layers.filter((l) => l['source-layer'] === 'przewody');
    expect(przewody.some((l) => JSON.stringify(l.filter ?? null).includes('przyłącze'))).toBe(true);
    expect(przewody.some((l) => 'line-dasharray' in (l.paint ?? {}))).toBe(true);
  });
});

describe('OGC API – Tiles', () => {
  it('lists the tiles conformance classes and the WebMercatorQuad tile matrix set', async () => {
    const conf = await json<{ conformsTo: string[] }>('/ogcapi/conformance');
    for (const c of ['core', 'tileset', 'tilesets-list', 'dataset-tilesets', 'geodata-tilesets', 'mvt']) expect(conf.conformsTo).toContain(`http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/${c}`);
    const list = await json<{ tileMatrixSets: { id: string }[] }>('/ogcapi/tileMatrixSets');
    expect(list.tileMatrixSets.map((t) => t.id)).toEqual(['WebMercatorQuad']);
    const tms = await json<{ crs: string; tileMatrices: { id: string; scaleDenominator: number; matrixWidth: number }[] }>('/ogcapi/tileMatrixSets/WebMercatorQuad');
    expect(tms.crs).toBe('http://www.opengis.net/def/crs/EPSG/0/3857');
    expect(tms.tileMatrices).toHaveLength(25);
    expect(tms.tileMatrices[0]!.scaleDenominator).toBeCloseTo(559082264.028717, 3);
    expect(tms.tileMatrices[16]!.matrixWidth).toBe(65536);
    expect((await get('/ogcapi/tileMatrixSets/WorldCRS84Quad')).status).toBe(404);
  });

  it('serves dataset and collection tilesets with the same tiles as /tiles ({tileMatrix}/{tileRow}/{tileCol})', async () => {
    const t = tileAt(centre.lon, centre.lat, 16);
    const sets = await json<{ tilesets: { links: { rel: string; href: string }[] }[] }>('/ogcapi/collections/dzialki/tiles');
    const meta = sets.tilesets[0]!.links.find((l) => l.rel === 'self')!.href;
    const ts = await json<{ dataType: string; layers: { id: string; minTileMatrix: string }[]; links: { rel: string; href: string; templated?: boolean }[] }>(new URL(meta).pathname);
    expect(ts.dataType).toBe('vector');
    expect(ts.layers).toMatchObject([{ id: 'dzialki', minTileMatrix: '13' }]);
    const item = ts.links.find((l) => l.rel === 'item')!;
    expect(item.templated).toBe(true);
    const url = new URL(item.href.replace('{tileMatrix}', String(t.z)).replace('{tileRow}', String(t.y)).replace('{tileCol}', String(t.x)));
    const ogc = await tile(url.pathname);
    const plain = await tile(`/tiles/dzialki/${t.z}/${t.x}/${t.y}.mvt`);
    expect(ogc.status).toBe(200);
    expect(ogc.bytes.equals(plain.bytes)).toBe(true);
    // Dataset tiles: every layer of the service in one tile.
    const ds = await tile(`/ogcapi/tiles/WebMercatorQuad/${t.z}/${t.y}/${t.x}`);
    expect(layerNames(ds.vt)).toEqual(expect.arrayContaining(['dzialki', 'budynki', 'przewody']));
    const dsMeta = await json<{ layers: { id: string }[] }>('/ogcapi/tiles/WebMercatorQuad');
    expect(dsMeta.layers.map((l) => l.id)).toEqual(expect.arrayContaining(['dzialki', 'przewody', 'drzewa']));
    expect((await json<{ tilesets: unknown[] }>('/ogcapi/tiles')).tilesets).toHaveLength(1);
    expect((await get('/ogcapi/collections/nothing/tiles')).status).toBe(404);
    expect((await get('/ogcapi/collections/dzialki/tiles/WorldCRS84Quad')).status).toBe(404);
    expect((await get(`/ogcapi/collections/dzialki/tiles/WebMercatorQuad/23/0/0`)).status).toBe(400);
    // Row and column are not swapped: the /tiles x/y order at the OGC address is another (empty) tile.
    expect((await get(`/ogcapi/collections/dzialki/tiles/WebMercatorQuad/${t.z}/${t.x}/${t.y}`)).status).toBe(204);
  });
});

describe('HTTP caching of tiles', () => {
  it('sends ETag, Last-Modified and Cache-Control, and 304 for a current copy', async () => {
    const t = tileAt(centre.lon, centre.lat, 15);
    const path = `/tiles/sip_poznan/${t.z}/${t.x}/${t.y}.mvt`;
    const first = await get(path);
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag')!;
    const lastModified = first.headers.get('last-modified')!;
    expect(etag).toMatch(/^W\/"[0-9a-z]+-[\w-]+"$/);
    expect(new Date(lastModified).getTime()).toBeLessThanOrEqual(Date.now());
    expect(first.headers.get('cache-control')).toBe('public, max-age=60, must-revalidate');
    const body = Buffer.from(await first.arrayBuffer());

    const again = await get(path);
    expect(again.headers.get('x-cache')).toBe('HIT');
    expect(Buffer.from(await again.arrayBuffer()).equals(body)).toBe(true);
    expect(again.headers.get('etag')).toBe(etag);

    const inm = await get(path, { 'If-None-Match': etag });
    expect(inm.status).toBe(304);
    expect(inm.headers.get('etag')).toBe(etag);
    expect((await inm.arrayBuffer()).byteLength).toBe(0);
    expect((await get(path, { 'If-None-Match': `"other", ${etag.slice(2)}` })).status).toBe(304);
    expect((await get(path, { 'If-None-Match': '"other"' })).status).toBe(200);
    expect((await get(path, { 'If-Modified-Since': lastModified })).status).toBe(304);
    expect((await get(path, { 'If-Modified-Since': new Date(Date.parse(lastModified) - 10_000).toUTCString() })).status).toBe(200);
    // If-None-Match wins over If-Modified-Since.
    expect((await get(path, { 'If-None-Match': '"other"', 'If-Modified-Since': lastModified })).status).toBe(200);
    // Another tile has another tag; documents are validated the same way.
    const other = await get(`/tiles/sip_poznan/${t.z}/${t.x + 1}/${t.y}.mvt`);
    expect(other.headers.get('etag')).not.toBe(etag);
    const style = await get('/tiles/style.json');
    expect((await get('/tiles/style.json', { 'If-None-Match': style.headers.get('etag')! })).status).toBe(304);
  });
});

/** A GET with the raw bytes as sent (fetch would undo the Content-Encoding). */
function raw(p: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${app.url}${p}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

interface Glyph { id: number; bitmap?: Uint8Array; width: number; height: number; left: number; top: number; advance: number }
/** Decodes a glyph PBF (glyphs.proto, as MapLibre reads it). */
function decodeGlyphs(bytes: Buffer): { name: string; range: string; glyphs: Glyph[] } {
  const out = { name: '', range: '', glyphs: [] as Glyph[] };
  new Pbf(bytes).readFields((tag, o, pbf) => {
    if (tag !== 1) return;
    pbf.readMessage((t, stack: typeof out, p) => {
      if (t === 1) stack.name = p.readString();
      else if (t === 2) stack.range = p.readString();
      else if (t === 3) {
        stack.glyphs.push(p.readMessage((f, g: Glyph, q) => {
          if (f === 1) g.id = q.readVarint(); else if (f === 2) g.bitmap = q.readBytes(); else if (f === 3) g.width = q.readVarint();
          else if (f === 4) g.height = q.readVarint(); else if (f === 5) g.left = q.readSVarint(); else if (f === 6) g.top = q.readSVarint();
          else if (f === 7) g.advance = q.readVarint();
        }, { id: -1, width: 0, height: 0, left: 0, top: 0, advance: 0 } as Glyph));
      }
    }, o);
  }, out);
  return out;
}

describe('label glyphs', () => {
  it('serves SDF glyph ranges of the style\'s fonts, Polish letters included, with caching headers', async () => {
    const style = await json<{ glyphs?: string; layers: { layout?: Record<string, unknown> }[] }>('/tiles/style.json');
    const fonts = new Set(style.layers.flatMap((l) => (l.layout?.['text-font'] as string[] | undefined) ?? []));
    expect(fonts.size).toBeGreaterThan(0);
    for (const font of fonts) {
      for (const [range, letters] of [['0-255', 'A7gó'], ['256-511', 'ąęłńśźż']] as const) {
        const url = new URL(style.glyphs!.replace('{fontstack}', encodeURIComponent(font)).replace('{range}', range)).pathname;
        const r = await raw(url, { 'accept-encoding': 'identity' });
        expect(r.status, url).toBe(200);
        expect(r.headers['content-type']).toBe('application/x-protobuf');
        expect(r.headers['cache-control']).toMatch(/max-age=\d+/);
        const doc = decodeGlyphs(r.body);
        expect(doc.name).toBe(font);
        expect(doc.range).toBe(range);
        for (const ch of letters) {
          const g = doc.glyphs.find((x) => x.id === ch.codePointAt(0))!;
          expect(g, `${font} ${ch}`).toBeDefined();
          // A signed distance field with MapLibre's 3-pixel border, of a glyph with ink.
          expect(g.width * g.height, ch).toBeGreaterThan(0);
          expect(g.bitmap!.length).toBe((g.width + 6) * (g.height + 6));
          expect(Math.max(...g.bitmap!)).toBeGreaterThan(191);
          expect(g.advance).toBeGreaterThan(0);
        }
        if (range === '0-255') {
          const space = doc.glyphs.find((x) => x.id === 32)!;
          expect(space.advance).toBeGreaterThan(0);
          expect(space.bitmap).toBeUndefined();
        }
      }
    }
    const zipped = await raw('/tiles/fonts/DejaVu%20Sans%20Book/0-255.pbf', { 'accept-encoding': 'gzip' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(decodeGlyphs(gunzipSync(zipped.body)).glyphs.length).toBeGreaterThan(200);
    expect((await raw('/tiles/fonts/Comic%20Sans/0-255.pbf')).status).toBe(404);
    expect((await raw('/tiles/fonts/DejaVu%20Sans%20Book/1-256.pbf')).status).toBe(404);
    expect((await raw('/tiles/fonts/DejaVu%20Sans%20Book/65536-65791.pbf')).status).toBe(404);
  });
});

describe('gzip of tiles', () => {
  it('gzips a tile for a client that accepts it, with Vary, the same tile inside, and a validator of its own', async () => {
    const t = tileAt(centre.lon, centre.lat, 16);
    const p = `/tiles/egib/${t.z}/${t.x}/${t.y}.mvt`;
    const plain = await raw(p, { 'accept-encoding': 'identity' });
    const zipped = await raw(p, { 'accept-encoding': 'gzip, deflate, br' });
    expect(plain.status).toBe(200);
    expect(zipped.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(zipped.headers['content-encoding']).toBe('gzip');
    for (const r of [plain, zipped]) expect(r.headers.vary).toMatch(/Accept-Encoding/i);
    expect(zipped.body.length).toBeLessThan(plain.body.length);
    expect(Number(zipped.headers['content-length'])).toBe(zipped.body.length);
    expect(gunzipSync(zipped.body).equals(plain.body)).toBe(true);
    // The two representations have different entity tags; a revalidation gets 304 with Vary.
    expect(zipped.headers.etag).not.toBe(plain.headers.etag);
    const again = await raw(p, { 'accept-encoding': 'gzip', 'if-none-match': String(zipped.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.headers.vary).toMatch(/Accept-Encoding/i);
    // gzip refused (q=0): the tile as it is.
    expect((await raw(p, { 'accept-encoding': 'gzip;q=0, identity' })).headers['content-encoding']).toBeUndefined();
    // An empty tile stays a bodiless 204 whatever the client accepts.
    const empty = await raw('/tiles/egib/16/0/0.mvt', { 'accept-encoding': 'gzip' });
    expect(empty.status).toBe(204);
    expect(empty.headers['content-encoding']).toBeUndefined();
  });
});

describe('composed labels in the tiles', () => {
  it('carry the WMS label text of a utility line ("w150") as a property the style reads with a plain get', async () => {
    const [line] = await app.db.query<{ id: number; lon: number; lat: number }>(`SELECT id, ST_X(p) lon, ST_Y(p) lat FROM (
      SELECT id, ST_Transform(ST_LineInterpolatePoint(ST_LineMerge(geom), 0.5), 4326) p FROM gesut.przewody
       WHERE branza = 'w' AND srednica > 0 AND GeometryType(ST_LineMerge(geom)) = 'LINESTRING' ORDER BY id LIMIT 1) q`);
    const t = tileAt(line!.lon, line!.lat, 18);
    const { vt } = await tile(`/tiles/gesut/${t.z}/${t.x}/${t.y}.mvt`);
    const layer = vt.layers.przewody!;
    const features = Array.from({ length: layer.length }, (_, i) => layer.feature(i));
    const f = features.find((x) => x.id === line!.id)!;
    expect(f, 'the line is in its tile').toBeDefined();
    expect(f.properties[LABEL_TEXT_PROPERTY]).toBe(networkLabel(f.properties));
    expect(String(f.properties[LABEL_TEXT_PROPERTY])).toMatch(/^w\d+$/);
  });
});
