// The portals' JSON API on the real server and the sample database: portal descriptions from the catalogue,
// search of parcels, buildings and addresses checked against the database, and clear errors for bad input.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startApp, type TestApp } from '../support/app.ts';
import { PORTALS } from '../../server/catalog/portals.ts';

let app: TestApp;
beforeAll(async () => { app = await startApp(); });
afterAll(async () => { await app?.close(); });

const get = (path: string) => fetch(`${app.url}${path}`);
const search = async (q: string, kinds?: string) => {
  const res = await get(`/api/search?${new URLSearchParams({ q, ...(kinds ? { kinds } : {}) })}`);
  expect(res.status).toBe(200);
  return (await res.json() as { results: { kind: string; featureId: string; label: string; bbox: number[] }[] }).results;
};

describe('/api/portals', () => {
  it('lists the six portals with texts in both languages', async () => {
    const body = await (await get('/api/portals')).json() as { portals: { id: string; title: { pl: string; en: string }; href: string }[] };
    expect(body.portals.map((p) => p.id)).toEqual(['klienci', 'geodeci', 'projektanci', 'rzeczoznawcy', 'komornicy', 'branzysci']);
    for (const p of body.portals) { expect(p.title.pl).toBeTruthy(); expect(p.title.en).toBeTruthy(); expect(p.href).toBe(`/portal/${p.id}`); }
  });

  it('describes a portal from the catalogue: layers with titles, legends and attribute titles; branches under their parent', async () => {
    const res = await get('/api/portals/branzysci');
    expect(res.status).toBe(200);
    const p = await res.json() as { defaultLayers: string[]; tools: string[]; layers: { typeName: string; collection: string; parent?: string; selection?: { attribute: string; value: string }; legendUrl: string; attributes: { name: string; title: { pl: string } }[] }[]; extent: number[]; style: string };
    expect(p.defaultLayers).toEqual(PORTALS.find((x) => x.id === 'branzysci')!.layers.filter((l) => p.layers.some((x) => x.typeName === l)));
    const branches = p.layers.filter((l) => l.parent === 'gesut:przewody');
    expect(branches.length).toBeGreaterThanOrEqual(6);
    const [row] = await app.db.query<{ n: number }>(`SELECT count(DISTINCT "branza")::int AS n FROM gesut.przewody`);
    expect(new Set(branches.map((b) => b.selection!.value)).size).toBeGreaterThanOrEqual(row!.n - 1);
    const parcels = p.layers.find((l) => l.typeName === 'egib:dzialki')!;
    expect(parcels.collection).toBe('dzialki');
    expect(parcels.attributes.find((a) => a.name === 'idDzialki')!.title.pl).toBe('Identyfikator działki');
    // Owners are personal data: an anonymous caller's catalogue does not list them.
    expect(parcels.attributes.some((a) => a.name === 'wlasciciele')).toBe(false);
    const legend = await get(new URL(parcels.legendUrl).pathname + new URL(parcels.legendUrl).search);
    expect(legend.headers.get('content-type')).toBe('image/png');
    const [w, s, e, n] = p.extent;
    expect(w).toBeGreaterThan(16.8); expect(e).toBeLessThan(17.1); expect(s).toBeGreaterThan(52.3); expect(n).toBeLessThan(52.5);
    expect(p.style).toMatch(/\/tiles\/style\.json$/);
  });

  it('answers an unknown portal with a JSON problem', async () => {
    const res = await get('/api/portals/nieznany');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });
});

describe('/api/search', () => {
  it('finds a parcel by its full identifier, and by district number or name + parcel number', async () => {
    const [p] = await app.db.query<{ id: string; nr: string; obreb: string; nazwa: string; key: number }>(
      `SELECT d."idDzialki" AS id, d."numerDzialki" AS nr, d."idObrebu" AS obreb, o."nazwaObrebu" AS nazwa, d.id AS key
       FROM egib.dzialki d JOIN egib.obreby o USING ("idObrebu") WHERE d."numerDzialki" LIKE '%/%' ORDER BY d.id LIMIT 1`);
    const byId = await search(p!.id);
    expect(byId[0]).toMatchObject({ kind: 'parcel', label: p!.id, featureId: `dzialki.${p!.key}` });
    const byNumber = await search(`${p!.obreb.split('.').pop()} ${p!.nr}`, 'parcel');
    expect(byNumber.map((h) => h.label)).toEqual([p!.id]);
    const byName = await search(`${p!.nazwa.toLowerCase()} ${p!.nr}`, 'parcel');
    expect(byName.map((h) => h.label)).toEqual([p!.id]);
    // The bbox (CRS:84) is the parcel's, as PostGIS computes it.
    const [b] = await app.db.query<{ w: number; s: number; e: number; n: number }>(
      `SELECT ST_XMin(g) AS w, ST_YMin(g) AS s, ST_XMax(g) AS e, ST_YMax(g) AS n FROM (SELECT ST_Transform(geom, 4326) AS g FROM egib.dzialki WHERE id = $1) x`, [p!.key]);
    expect(byId[0]!.bbox[0]).toBeCloseTo(b!.w, 6); expect(byId[0]!.bbox[3]).toBeCloseTo(b!.n, 6);
  });

  it('finds a building by identifier and an address by street and number; a street as the extent of its buildings', async () => {
    const [b] = await app.db.query<{ id: string; ulica: string; nr: string }>(`SELECT "idBudynku" AS id, ulica, "numerPorzadkowy" AS nr FROM egib.budynki WHERE ulica IS NOT NULL AND "numerPorzadkowy" IS NOT NULL ORDER BY id LIMIT 1 OFFSET 10`);
    expect((await search(b!.id))[0]).toMatchObject({ kind: 'building', label: b!.id });
    const address = await search(`${b!.ulica} ${b!.nr}`, 'street');
    expect(address.some((h) => h.label === `${b!.ulica} ${b!.nr}` && h.featureId.startsWith('budynki.'))).toBe(true);
    const street = await search(b!.ulica, 'street');
    const [n] = await app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM egib.budynki WHERE ulica = $1`, [b!.ulica]);
    const hit = street.find((h) => h.label === b!.ulica)!;
    expect(hit).toBeDefined();
    // The number says what it counts ("54 budynki"), not a house number.
    expect((hit as unknown as { detail: string; count: number }).count).toBe(n!.n);
    expect((hit as unknown as { detail: string }).detail).toMatch(new RegExp(`^${n!.n} budyn(ek|ki|ków)$`));
  });

  it('finds the parcels of a land register (KW) and the buildings on them', async () => {
    const [kw] = await app.db.query<{ kw: string; n: number }>(`SELECT "numerKW" AS kw, count(*)::int AS n FROM egib.dzialki WHERE "numerKW" IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1`);
    const [b] = await app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM egib.budynki WHERE "idDzialki" IN (SELECT "idDzialki" FROM egib.dzialki WHERE "numerKW" = $1)`, [kw!.kw]);
    const hits = await search(kw!.kw.toLowerCase(), 'register');
    expect(hits.filter((h) => h.featureId.startsWith('dzialki.')).length).toBe(Math.min(kw!.n, 10));
    expect(hits.filter((h) => h.featureId.startsWith('budynki.')).length).toBe(Math.min(b!.n, 10 - Math.min(kw!.n, 10)));
  });

  it('treats wildcards and quotes as text, and answers bad parameters with a 400 problem', async () => {
    expect(await search('%%')).toEqual([]);
    expect(await search("' OR 1=1 --")).toEqual([]);
    for (const q of ['?q=a', '?q=', '?q=abc&kinds=owners', '?q=abc&limit=0', '?q=abc&limit=500', `?q=${'x'.repeat(201)}`]) {
      const res = await get(`/api/search${q}`);
      expect(res.status, q).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
  });
});

describe('client pages', () => {
  it('serves a portal page for each portal and 404 for others', async () => {
    // Served only when the client is built (npm test builds it first).
    const { clientBuilt } = await import('../../server/http/client.ts');
    if (!clientBuilt()) return;
    for (const p of PORTALS) {
      const res = await get(`/portal/${p.id}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
    }
    expect((await get('/portal/nieznany')).status).toBe(404);
    const traversal = await get('/assets/..%2f..%2fpackage.json');
    expect([403, 404]).toContain(traversal.status);
    expect(await traversal.text()).not.toContain('"dependencies"');
  });
});
