// The access rules end to end: every role × every service × the protected data. Owners of parcels (personal data,
// the catalogue's attribute egib:dzialki/wlasciciele) are visible only to PERSONAL_DATA_ROLES; for everyone else
// the attribute does not exist — not in schemas, not in features, and a filter, sort or property selection naming
// it fails exactly as for a property that never existed. The caller's role comes from a real API key (header),
// and for one entitled and one plain role also from a session cookie and from the apikey= URL parameter (GDAL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader as Pbf } from 'pbf';
import { startApp, type TestApp } from '../support/app.ts';
import { ROLES, PERSONAL_DATA_ROLES, type Role } from '../../server/catalog/roles.ts';
import { Browser, TEST_PASSWORD, usersWithKeys } from '../security/browser-session.ts';

let app: TestApp;
let users: Map<Role, { login: string; key: string; id: number }>;
/** A parcel owned by a natural person: its id, a point inside it, the owner's name and PESEL. */
let parcel: { id: string; x: number; y: number; lon: number; lat: number; surname: string; fullName: string; pesel: string };

beforeAll(async () => {
  app = await startApp({ AUTH_CACHE_MS: '0' });
  users = await usersWithKeys(app.db, ROLES.filter((r) => r !== 'anonim'));
  const [row] = await app.db.query<typeof parcel>(`
    SELECT d."idDzialki" AS id, ST_X(c) AS x, ST_Y(c) AS y, ST_X(ST_Transform(c, 4326)) AS lon, ST_Y(ST_Transform(c, 4326)) AS lat,
           w.nazwisko AS surname, w.imie || ' ' || w.nazwisko AS "fullName", w.pesel
    FROM egib.dzialki d CROSS JOIN LATERAL ST_PointOnSurface(d.geom) c
    JOIN egib.udzialy_wlasnosci u ON u."idDzialki" = d."idDzialki" JOIN egib.wlasciciele w ON w.id = u."idPodmiotu"
    WHERE w."rodzajPodmiotu" = 'osoba fizyczna' AND w.pesel IS NOT NULL AND length(w.nazwisko) >= 6
      AND ST_Distance(c, ST_Boundary(d.geom)) > 3
    ORDER BY d.id LIMIT 1`);
  if (!row) throw new Error('the sample data have no parcel owned by a person');
  parcel = row;
});
afterAll(async () => { await app?.close(); });

const entitled = (role: Role) => PERSONAL_DATA_ROLES.includes(role);
const headersOf = (role: Role): Record<string, string> => (role === 'anonim' ? {} : { 'X-API-Key': users.get(role)!.key });

async function get(role: Role, path: string): Promise<{ status: number; text: string; type: string | null }> {
  const res = await fetch(app.url + path, { headers: headersOf(role) });
  return { status: res.status, text: await res.text(), type: res.headers.get('content-type') };
}

const WFS = '/ows?SERVICE=WFS&VERSION=2.0.0';
const idFilter = () => encodeURIComponent(`<fes:Filter xmlns:fes="http://www.opengis.net/fes/2.0"><fes:PropertyIsEqualTo><fes:ValueReference>idDzialki</fes:ValueReference><fes:Literal>${parcel.id}</fes:Literal></fes:PropertyIsEqualTo></fes:Filter>`);
const likeFilter = (property: string) => encodeURIComponent(`<fes:Filter xmlns:fes="http://www.opengis.net/fes/2.0"><fes:PropertyIsLike wildCard="%" singleChar="_" escapeChar="\\"><fes:ValueReference>${property}</fes:ValueReference><fes:Literal>%${parcel.surname}%</fes:Literal></fes:PropertyIsLike></fes:Filter>`);

/** A hidden property must fail exactly like one that does not exist: same status, same text but for the name. */
async function expectSameAsMissing(role: Role, make: (property: string) => string): Promise<void> {
  const hidden = await get(role, make('wlasciciele'));
  const missing = await get(role, make('wlascicielx'));
  expect(hidden.status).toBeGreaterThanOrEqual(400);
  expect(hidden.status).toBeLessThan(500);
  expect(hidden.status).toBe(missing.status);
  expect(hidden.text.replaceAll('wlasciciele', 'wlascicielx')).toBe(missing.text);
  expect(hidden.text).not.toContain(parcel.surname);
}

function tileOf(lon: number, lat: number, z: number): { x: number; y: number } {
  const n = 2 ** z;
  const rad = (lat * Math.PI) / 180;
  return { x: Math.floor(((lon + 180) / 360) * n), y: Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n) };
}

describe.each(ROLES.map((r) => [r]))('role %s', (role) => {
  const sees = () => entitled(role);

  it('WFS DescribeFeatureType lists the owners only when entitled', async () => {
    const r = await get(role, `${WFS}&REQUEST=DescribeFeatureType&TYPENAMES=egib:dzialki`);
    expect(r.status).toBe(200);
    expect(r.text.includes('name="wlasciciele"')).toBe(sees());
  });

  it('WFS GetFeature (GeoJSON and GML) carries the owners only when entitled', async () => {
    for (const format of ['application/json', 'application/gml+xml; version=3.2']) {
      const r = await get(role, `${WFS}&REQUEST=GetFeature&TYPENAMES=egib:dzialki&OUTPUTFORMAT=${encodeURIComponent(format)}&FILTER=${idFilter()}`);
      expect(r.status, r.text.slice(0, 300)).toBe(200);
      expect(r.text).toContain(parcel.id);
      expect(r.text.includes(parcel.surname)).toBe(sees());
      expect(r.text.includes('wlasciciele')).toBe(sees());
      expect(r.text).not.toContain(parcel.pesel); // PESEL is never published, to anyone
    }
  });

  it('WFS filters, PROPERTYNAME, SORTBY and GetPropertyValue on the owners work only when entitled', async () => {
    const filter = (p: string) => `${WFS}&REQUEST=GetFeature&TYPENAMES=egib:dzialki&OUTPUTFORMAT=application/json&COUNT=5&FILTER=${likeFilter(p)}`;
    const propertyName = (p: string) => `${WFS}&REQUEST=GetFeature&TYPENAMES=egib:dzialki&OUTPUTFORMAT=application/json&COUNT=1&PROPERTYNAME=${p}`;
    const sortBy = (p: string) => `${WFS}&REQUEST=GetFeature&TYPENAMES=egib:dzialki&OUTPUTFORMAT=application/json&COUNT=1&SORTBY=${p}`;
    const value = (p: string) => `${WFS}&REQUEST=GetPropertyValue&TYPENAMES=egib:dzialki&VALUEREFERENCE=${p}&COUNT=1&FILTER=${idFilter()}`;
    if (sees()) {
      const r = await get(role, filter('wlasciciele'));
      expect(r.status).toBe(200);
      expect(r.text).toContain(parcel.id);
      for (const make of [propertyName, sortBy]) expect((await get(role, make('wlasciciele'))).status).toBe(200);
      const v = await get(role, value('wlasciciele'));
      expect(v.status).toBe(200);
      expect(v.text).toContain(parcel.surname);
    } else {
      for (const make of [filter, propertyName, sortBy, value]) await expectSameAsMissing(role, make);
    }
  });

  it('WFS XML POST with a filter on the owners is refused unless entitled', async () => {
    const body = `<wfs:GetFeature service="WFS" version="2.0.0" outputFormat="application/json" xmlns:wfs="http://www.opengis.net/wfs/2.0" xmlns:fes="http://www.opengis.net/fes/2.0">
      <wfs:Query typeNames="egib:dzialki"><fes:Filter><fes:PropertyIsLike wildCard="%" singleChar="_" escapeChar="\\"><fes:ValueReference>wlasciciele</fes:ValueReference><fes:Literal>%${parcel.surname}%</fes:Literal></fes:PropertyIsLike></fes:Filter></wfs:Query></wfs:GetFeature>`;
    const res = await fetch(`${app.url}/ows`, { method: 'POST', body, headers: { 'content-type': 'application/xml', ...headersOf(role) } });
    const text = await res.text();
    expect(res.status).toBe(sees() ? 200 : 400);
    expect(text.includes(parcel.surname)).toBe(sees());
  });

  it('OGC API: schema, queryables, items and the feature carry the owners only when entitled', async () => {
    const q = await get(role, '/ogcapi/collections/dzialki/queryables');
    expect(q.status).toBe(200);
    expect(q.text.includes('wlasciciele')).toBe(sees());
    const api = await get(role, '/ogcapi/api');
    expect(api.text.includes('wlasciciele')).toBe(sees());
    const items = await get(role, `/ogcapi/collections/dzialki/items?idDzialki=${encodeURIComponent(parcel.id)}`);
    expect(items.status).toBe(200);
    expect(items.text).toContain(parcel.id);
    expect(items.text.includes(parcel.surname)).toBe(sees());
    const html = await get(role, `/ogcapi/collections/dzialki/items?idDzialki=${encodeURIComponent(parcel.id)}&f=html`);
    expect(html.text.includes(parcel.surname)).toBe(sees());
    const fid = (JSON.parse(items.text) as { features: { id: string }[] }).features[0]!.id;
    const one = await get(role, `/ogcapi/collections/dzialki/items/${fid}`);
    expect(one.status).toBe(200);
    expect(one.text.includes(parcel.surname)).toBe(sees());
    expect(one.text).not.toContain(parcel.pesel);
  });

  it('OGC API: CQL2 filters, properties, sortby and query parameters on the owners only when entitled', async () => {
    const cql = (p: string) => `/ogcapi/collections/dzialki/items?filter=${encodeURIComponent(`${p} LIKE '%${parcel.surname}%'`)}`;
    const cqlJson = (p: string) => `/ogcapi/collections/dzialki/items?filter-lang=cql2-json&filter=${encodeURIComponent(JSON.stringify({ op: 'like', args: [{ property: p }, `%${parcel.surname}%`] }))}`;
    const props = (p: string) => `/ogcapi/collections/dzialki/items?limit=1&properties=${p}`;
    const sort = (p: string) => `/ogcapi/collections/dzialki/items?limit=1&sortby=-${p}`;
    const param = (p: string) => `/ogcapi/collections/dzialki/items?${p}=${encodeURIComponent(parcel.surname)}`;
    if (sees()) {
      const r = await get(role, cql('wlasciciele'));
      expect(r.status).toBe(200);
      expect(r.text).toContain(parcel.id);
      for (const make of [cqlJson, props, sort]) expect((await get(role, make('wlasciciele'))).status).toBe(200);
    } else {
      for (const make of [cql, cqlJson, props, sort, param]) await expectSameAsMissing(role, make);
    }
  });

  it('WMS GetFeatureInfo (JSON, HTML, GML, text) shows the owners only when entitled; GetMap draws for everyone', async () => {
    const half = 20;
    const map = `/ows?SERVICE=WMS&VERSION=1.1.1&SRS=EPSG:2177&BBOX=${parcel.x - half},${parcel.y - half},${parcel.x + half},${parcel.y + half}&WIDTH=101&HEIGHT=101&LAYERS=egib:dzialki&STYLES=`;
    for (const format of ['application/json', 'text/html', 'application/vnd.ogc.gml', 'text/plain']) {
      const r = await get(role, `${map}&REQUEST=GetFeatureInfo&QUERY_LAYERS=egib:dzialki&X=50&Y=50&INFO_FORMAT=${encodeURIComponent(format)}`);
      expect(r.status, r.text.slice(0, 300)).toBe(200);
      expect(r.text).toContain(parcel.id);
      expect(r.text.includes(parcel.surname)).toBe(sees());
    }
    const png = await fetch(`${app.url}${map}&REQUEST=GetMap&FORMAT=image/png`, { headers: headersOf(role) });
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(png.headers.get('cache-control')).toMatch(role === 'anonim' ? /^public/ : /^private/);
  });

  it('vector tiles and TileJSON never carry the owners (computed attributes stay out of tiles)', async () => {
    const t = tileOf(parcel.lon, parcel.lat, 17);
    const res = await fetch(`${app.url}/tiles/egib/17/${t.x}/${t.y}.mvt`, { headers: headersOf(role) });
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    const vt = new VectorTile(new Pbf(bytes));
    expect(vt.layers.dzialki?.length ?? 0).toBeGreaterThan(0);
    expect(bytes.includes(parcel.surname)).toBe(false);
    const keys = new Set<string>();
    for (let i = 0; i < vt.layers.dzialki!.length; i++) for (const k of Object.keys(vt.layers.dzialki!.feature(i).properties)) keys.add(k);
    expect(keys.has('wlasciciele')).toBe(false);
    const tj = await get(role, '/tiles/egib.json');
    expect(tj.text).not.toContain('wlasciciele');
  });

  it('downloads (GeoJSON and CSV extracts) carry the owners only when entitled', async () => {
    const bbox = `${parcel.x - 5},${parcel.y - 5},${parcel.x + 5},${parcel.y + 5}`;
    for (const format of ['geojson', 'csv']) {
      const r = await get(role, `/api/extract?layers=egib:dzialki&format=${format}&bbox=${bbox}`);
      expect(r.status, r.text.slice(0, 300)).toBe(200);
      expect(r.text).toContain(parcel.id);
      expect(r.text.includes(parcel.surname)).toBe(sees());
      expect(r.text).not.toContain(parcel.pesel);
    }
  });

  it(entitled(role)
    ? 'search finds the parcels of an owner by name or PESEL (an entitled role), never echoing the PESEL'
    : 'search finds nothing by an owner\'s name or PESEL and never returns owners', async () => {
    for (const q of [parcel.pesel, parcel.fullName]) {
      const r = await get(role, `/api/search?q=${encodeURIComponent(q)}`);
      expect(r.status).toBe(200);
      const results = JSON.stringify((JSON.parse(r.text) as { results: unknown[] }).results); // the query itself is echoed
      expect(results).not.toContain(parcel.pesel);
      if (entitled(role)) expect(results).toContain(parcel.id);
      else expect(results).not.toContain(parcel.fullName);
    }
  });
});

describe('the same rules through a session cookie and the apikey= URL parameter', () => {
  for (const role of ['geodeta', 'projektant'] as const) {
    it(`${role}: session cookie on WMS, OGC API and tiles`, async () => {
      const b = new Browser(app.url);
      expect((await b.login(users.get(role)!.login, TEST_PASSWORD)).status).toBe(303);
      const items = await (await b.get(`/ogcapi/collections/dzialki/items?idDzialki=${encodeURIComponent(parcel.id)}`)).text();
      expect(items.includes(parcel.surname)).toBe(entitled(role));
      const half = 20;
      const gfi = await b.get(`/wms?SERVICE=WMS&VERSION=1.1.1&REQUEST=GetFeatureInfo&SRS=EPSG:2177&BBOX=${parcel.x - half},${parcel.y - half},${parcel.x + half},${parcel.y + half}&WIDTH=101&HEIGHT=101&LAYERS=egib:dzialki&QUERY_LAYERS=egib:dzialki&STYLES=&X=50&Y=50&INFO_FORMAT=application/json`);
      expect((await gfi.text()).includes(parcel.surname)).toBe(entitled(role));
    });

    it(`${role}: apikey= in the URL, and through GDAL's WFS driver`, async () => {
      const key = users.get(role)!.key;
      const r = await fetch(`${app.url}${WFS}&REQUEST=GetFeature&TYPENAMES=egib:dzialki&OUTPUTFORMAT=application/json&FILTER=${idFilter()}&apikey=${key}`);
      expect((await r.text()).includes(parcel.surname)).toBe(entitled(role));
      // The server runs in this process: the client must run asynchronously.
      const { stdout } = await promisify(execFile)('ogrinfo', ['-ro', '-so', `WFS:${app.url}/ows?apikey=${key}`, 'egib:dzialki'], { encoding: 'utf8' });
      expect(/wlasciciele: String/.test(stdout)).toBe(entitled(role));
      const anon = await promisify(execFile)('ogrinfo', ['-ro', '-so', `WFS:${app.url}/ows`, 'egib:dzialki'], { encoding: 'utf8' });
      expect(anon.stdout).toMatch(/numerDzialki/);
      expect(anon.stdout).not.toMatch(/wlasciciele/);
    });
  }
});

describe('caching never shares what an entitled caller sees', () => {
  it('marks responses to keys and sessions private and varies on the credentials', async () => {
    const r = await fetch(`${app.url}/ows?SERVICE=WMS&REQUEST=GetCapabilities`, { headers: headersOf('geodeta') });
    expect(r.headers.get('cache-control')).toMatch(/^private/);
    expect(r.headers.get('vary')).toMatch(/Cookie/);
    const anon = await fetch(`${app.url}/ows?SERVICE=WMS&REQUEST=GetCapabilities`);
    expect(anon.headers.get('cache-control')).toMatch(/^public/);
  });
});
