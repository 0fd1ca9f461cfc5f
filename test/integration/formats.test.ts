// The format registry (server/formats/registry.ts) on the real server: GET /api/formats describes every entry, and
// every format is reachable on each surface its entry names (WFS GetFeature under every advertised name and both
// versions, OGC API items under its f=, extracts under its id) and answers in its own media type; a surface that
// does not offer a format refuses it.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startApp, type TestApp } from '../support/app.ts';
import { FORMATS, formatsOf, type FormatSpec } from '../../server/formats/registry.ts';

let app: TestApp;
beforeAll(async () => { app = await startApp(); });
afterAll(async () => { await app?.close(); });

const BOX = '6427000,5808100,6427400,5808500';
const all: readonly FormatSpec[] = FORMATS;
const bare = (type: string | null) => (type ?? '').replace(/;\s*charset=[^;]+/i, '').replace(/\s+/g, '');

describe('/api/formats', () => {
  it('describes every format of the registry with the surfaces that offer it', async () => {
    const res = await fetch(`${app.url}/api/formats`);
    expect(res.status).toBe(200);
    const body = await res.json() as { formats: { id: string; mediaType: string; extension: string; zipped: boolean; surfaces: { wfs?: string[]; ogcapi?: string; extract?: boolean } }[] };
    expect(body.formats.map((f) => f.id)).toEqual(all.map((f) => f.id));
    expect(body.formats.filter((f) => f.surfaces.extract).map((f) => f.id)).toEqual(['gpkg', 'shp', 'dxf', 'gml', 'geojson', 'csv', 'tif']);
    expect(body.formats.find((f) => f.id === 'shp')).toMatchObject({ zipped: true, extension: 'zip' });
    expect(body.formats.find((f) => f.id === 'geojson')!.surfaces.ogcapi).toBe('json');
    expect(body.formats.find((f) => f.id === 'csv')!.surfaces.wfs).toEqual(['text/csv']);
    expect(body.formats.some((f) => 'writer' in f)).toBe(false);
  });
});

describe('every format where its entry says', () => {
  it('WFS GetFeature: every advertised name, in capabilities and as OUTPUTFORMAT', async () => {
    for (const version of ['2.0.0', '1.1.0'] as const) {
      const caps = await (await fetch(`${app.url}/wfs?SERVICE=WFS&REQUEST=GetCapabilities&VERSION=${version}`)).text();
      for (const f of formatsOf('wfs')) {
        for (const name of f.surfaces.wfs!.advertised[version] ?? []) {
          expect(caps).toContain(`>${name}<`);
          const res = await fetch(`${app.url}/wfs?SERVICE=WFS&VERSION=${version}&REQUEST=GetFeature&TYPENAMES=sip:drzewa&COUNT=2&OUTPUTFORMAT=${encodeURIComponent(name)}`);
          expect({ version, name, status: res.status, type: bare(res.headers.get('content-type')) }).toEqual({ version, name, status: 200, type: bare(f.mediaType) });
          const body = await res.text();
          if (f.id === 'csv') expect(body.split('\n')[0]).toMatch(/^id,.*WKT$/);
          else if (f.id === 'geojson') expect((JSON.parse(body) as { features: unknown[] }).features).toHaveLength(2);
          else expect(body).toMatch(/<wfs:FeatureCollection/);
        }
      }
    }
    // Offered nowhere in WFS: refused as the protocol says.
    for (const f of all.filter((x) => !x.surfaces.wfs)) {
      const res = await fetch(`${app.url}/wfs?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=sip:drzewa&COUNT=2&OUTPUTFORMAT=${f.id}`);
      expect({ id: f.id, status: res.status }).toEqual({ id: f.id, status: 400 });
    }
  });

  it('OGC API items: f= of every OGC API format, and no other', async () => {
    for (const f of formatsOf('ogcapi')) {
      const res = await fetch(`${app.url}/ogcapi/collections/drzewa/items?limit=3&f=${f.surfaces.ogcapi!.f}`);
      expect({ f: f.id, status: res.status, type: bare(res.headers.get('content-type')) }).toEqual({ f: f.id, status: 200, type: bare(f.mediaType) });
      expect((await res.text()).length).toBeGreaterThan(20);
    }
    const offered = new Set(formatsOf('ogcapi').map((f) => f.surfaces.ogcapi!.f));
    for (const f of all.filter((x) => !offered.has(x.id))) {
      const res = await fetch(`${app.url}/ogcapi/collections/drzewa/items?limit=3&f=${f.id}`);
      expect({ id: f.id, status: res.status }).toEqual({ id: f.id, status: 400 });
      expect((await res.json() as { detail: string }).detail).toContain([...offered].join(', '));
    }
  });

  it('extracts: every extract format by its id, as one file of its type and extension', async () => {
    for (const f of formatsOf('extract')) {
      const layers = f.content === 'terrain' ? 'nmt' : 'egib:budynki';
      const res = await fetch(`${app.url}/api/extract?layers=${layers}&format=${f.id}&bbox=${BOX}`);
      expect({ id: f.id, status: res.status, type: res.headers.get('content-type') }).toEqual({ id: f.id, status: 200, type: f.mediaType });
      expect(res.headers.get('content-disposition')).toMatch(new RegExp(`filename="sip-poznan-[^"]+\\.${f.extension}"`));
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(100);
    }
    for (const f of all.filter((x) => !x.surfaces.extract)) {
      const res = await fetch(`${app.url}/api/extract?layers=egib:budynki&format=${f.id}&bbox=${BOX}`);
      expect({ id: f.id, status: res.status }).toEqual({ id: f.id, status: 400 });
    }
  });
});
