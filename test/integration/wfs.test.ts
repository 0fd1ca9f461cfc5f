// WFS 2.0 / 1.1 over HTTP against the sample database: schema-valid documents, paging, filters, CRS axis
// order, stored queries and exception reports.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startApp, type TestApp } from '../support/app.ts';
import { validateWithApplicationSchema, validateWithApplicationSchemas, validateXml } from '../support/xml.ts';

let app: TestApp;
beforeAll(async () => { app = await startApp(); });
afterAll(async () => { await app?.close(); });

const ows = (query: string) => fetch(`${app.url}/ows?${query}`);
const text = async (query: string) => { const r = await ows(query); return { status: r.status, type: r.headers.get('content-type') ?? '', body: await r.text() }; };
async function dbCount(sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await app.db.query<{ n: number }>(sql, params);
  return Number(row!.n);
}
/** An attribute of the first element that has it (the XML declaration is not an element). */
const attr = (xml: string, name: string) => new RegExp(`<[\\w:]+\\s[^>]*?\\b${name}="([^"]*)"`).exec(xml)?.[1];

describe('WFS capabilities and schemas', () => {
  it('serves WFS 2.0.0 capabilities that validate and list every layer', async () => {
    const r = await text('SERVICE=WFS&REQUEST=GetCapabilities');
    expect(r.status).toBe(200);
    const v = validateXml(r.body, 'wfs/2.0/wfs.xsd');
    expect(v.output).toMatch(/validates/);
    for (const l of app.catalog.visibleLayers('anonim')) expect(r.body).toContain(`<wfs:Name>${l.typeName}</wfs:Name>`);
    expect(r.body).toMatch(/<ows:Constraint name="ImplementsResultPaging">\s*<ows:NoValues\/>\s*<ows:DefaultValue>TRUE/);
    expect(r.body).toMatch(/<ows:Operation name="GetFeature">[\s\S]*<ows:Constraint name="CountDefault">/);
    for (const crs of ['urn:ogc:def:crs:EPSG::2180', 'urn:ogc:def:crs:EPSG::4326', 'urn:ogc:def:crs:EPSG::3857', 'urn:ogc:def:crs:EPSG::4258', 'urn:ogc:def:crs:OGC:1.3:CRS84']) expect(r.body).toContain(crs);
  });

  it('negotiates versions: AcceptVersions, VERSION=1.1.0, and refuses unknown ones', async () => {
    const v11 = await text('SERVICE=WFS&REQUEST=GetCapabilities&ACCEPTVERSIONS=1.1.0');
    expect(attr(v11.body, 'version')).toBe('1.1.0');
    expect(validateXml(v11.body, 'wfs/1.1.0/wfs.xsd').output).toMatch(/validates/);
    const pick = await text('SERVICE=WFS&REQUEST=GetCapabilities&ACCEPTVERSIONS=10.0.0,2.0.0,1.1.0');
    expect(attr(pick.body, 'version')).toBe('2.0.0');
    const none = await text('SERVICE=WFS&REQUEST=GetCapabilities&ACCEPTVERSIONS=9.9.9');
    expect(none.status).toBe(400);
    expect(none.body).toContain('exceptionCode="VersionNegotiationFailed"');
  });

  it('describes feature types with a schema that feature collections validate against', async () => {
    const xsd = (await text('SERVICE=WFS&VERSION=2.0.0&REQUEST=DescribeFeatureType&TYPENAMES=egib:dzialki,egib:budynki')).body;
    expect(xsd).toContain('<xs:element name="dzialki" type="egib:dzialkiType" substitutionGroup="gml:AbstractFeature"/>');
    expect(xsd).not.toContain('wlasciciele'); // owners are not for anonymous users
    const fc = (await text('SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=egib:dzialki,egib:budynki&COUNT=40')).body;
    const v = validateWithApplicationSchema(fc, xsd, 'https://sip.poznan.pl/ns/egib');
    expect(v.output).toMatch(/validates/);
  });

  it('returns GML of every layer that validates against wfs.xsd and its DescribeFeatureType', async () => {
    for (const layer of app.catalog.visibleLayers('anonim')) {
      const xsd = (await text(`SERVICE=WFS&VERSION=2.0.0&REQUEST=DescribeFeatureType&TYPENAMES=${layer.typeName}`)).body;
      const fc = (await text(`SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=${layer.typeName}&COUNT=5&SRSNAME=EPSG:4326`)).body;
      const v = validateWithApplicationSchema(fc, xsd, `https://sip.poznan.pl/ns/${layer.namespace}`);
      expect({ layer: layer.typeName, out: v.output }).toEqual({ layer: layer.typeName, out: expect.stringMatching(/validates/) });
    }
  });

  it('describes the geometry type stored (LineString, Polygon, MultiPolygon, Point), schema-valid in 2.0 and 1.1.0', async () => {
    const want: Record<string, string> = { LineString: 'LineStringPropertyType', Polygon: 'PolygonPropertyType', MultiPolygon: 'MultiPolygonPropertyType', Point: 'PointPropertyType' };
    for (const typeName of ['gesut:przewody', 'sip:arkusze', 'egib:dzialki', 'sip:drzewa']) {
      const layer = app.catalog.layers.find((l) => l.typeName === typeName)!;
      for (const [version, wfs] of [['2.0.0', '2.0'], ['1.1.0', '1.1.0']] as const) {
        const xsd = (await text(`SERVICE=WFS&VERSION=${version}&REQUEST=DescribeFeatureType&TYPENAMES=${typeName}`)).body;
        expect(xsd).toMatch(new RegExp(`<xs:element name="geom" type="gml:${want[layer.geometry.type]}"`));
        expect(xsd).not.toMatch(/type="gml:(Curve|Surface|MultiSurface|MultiCurve)PropertyType"/);
        const fc = (await text(`SERVICE=WFS&VERSION=${version}&REQUEST=GetFeature&TYPENAMES=${typeName}&COUNT=3`)).body;
        expect({ typeName, version, out: validateWithApplicationSchema(fc, xsd, `https://sip.poznan.pl/ns/${layer.namespace}`, wfs).output })
          .toEqual({ typeName, version, out: expect.stringMatching(/validates/) });
      }
    }
  });

  it('describes types of several namespaces with a wrapper schema importing each namespace (and every type without TYPENAMES)', async () => {
    const wrapper = (await text('SERVICE=WFS&VERSION=2.0.0&REQUEST=DescribeFeatureType&TYPENAMES=egib:dzialki,sip:drzewa')).body;
    expect(wrapper).not.toContain('targetNamespace');
    const imports = [...wrapper.matchAll(/<xs:import namespace="([^"]+)" schemaLocation="([^"]+)"/g)].map((m) => [m[1], m[2]!.replace(/&amp;/g, '&')] as const);
    expect(imports.map((i) => i[0])).toEqual(['https://sip.poznan.pl/ns/egib', 'https://sip.poznan.pl/ns/sip']);
    for (const [ns, url] of imports) {
      const xsd = await (await fetch(url)).text();
      expect(xsd).toContain(`targetNamespace="${ns}"`);
    }
    const all = (await text('SERVICE=WFS&VERSION=2.0.0&REQUEST=DescribeFeatureType')).body;
    expect([...all.matchAll(/<xs:import namespace="([^"]+)"/g)].map((m) => m[1])).toEqual(['https://sip.poznan.pl/ns/egib', 'https://sip.poznan.pl/ns/gesut', 'https://sip.poznan.pl/ns/sip']);
    // A GetFeature across namespaces points each namespace at its own schema, and validates against them.
    const fc = (await text('SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=egib:dzialki,sip:drzewa&COUNT=30')).body;
    const locations = /xsi:schemaLocation="([^"]+)"/.exec(fc)![1]!.replace(/&amp;/g, '&').split(' ');
    expect(locations).toContain('https://sip.poznan.pl/ns/sip');
    const egib = await (await fetch(locations[locations.indexOf('https://sip.poznan.pl/ns/egib') + 1]!)).text();
    const sip = await (await fetch(locations[locations.indexOf('https://sip.poznan.pl/ns/sip') + 1]!)).text();
    expect(validateWithApplicationSchemas(fc, [[egib, 'https://sip.poznan.pl/ns/egib'], [sip, 'https://sip.poznan.pl/ns/sip']]).output).toMatch(/validates/);
    // The wrapper schema itself validates the collection, its imports read from local copies (xmllint runs offline).
    const dir = mkdtempSync(path.join(tmpdir(), 'wrapper-'));
    let local = wrapper;
    for (const [ns, url] of imports) {
      const file = path.join(dir, `${ns!.split('/').pop()}.xsd`);
      writeFileSync(file, await (await fetch(url)).text());
      local = local.replace(`schemaLocation="${url.replace(/&/g, '&amp;')}"`, `schemaLocation="file://${file}"`);
    }
    writeFileSync(path.join(dir, 'wrapper.xsd'), local);
    writeFileSync(path.join(dir, 'all.xsd'), `<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:test:all">
  <xs:import namespace="http://www.opengis.net/wfs/2.0" schemaLocation="http://schemas.opengis.net/wfs/2.0/wfs.xsd"/>
  <xs:import schemaLocation="file://${path.join(dir, 'wrapper.xsd')}"/>
</xs:schema>`);
    expect(local).not.toContain('http://127.0.0.1');
    expect(validateXml(fc, path.join(dir, 'all.xsd')).output).toMatch(/validates/);
  });

  it('resolves type names by namespace URI: NAMESPACES, Clark notation and prefixes bound in XML', async () => {
    const n = await dbCount('SELECT count(*) AS n FROM egib.dzialki');
    const hits = async (q: string) => Number(attr((await text(`SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&RESULTTYPE=hits&${q}`)).body, 'numberMatched'));
    expect(await hits(`NAMESPACES=${encodeURIComponent('xmlns(e,https://sip.poznan.pl/ns/egib)')}&TYPENAMES=e:dzialki`)).toBe(n);
    expect(await hits(`TYPENAMES=${encodeURIComponent('{https://sip.poznan.pl/ns/egib}dzialki')}`)).toBe(n);
    const v11 = (await text(`SERVICE=WFS&VERSION=1.1.0&REQUEST=GetFeature&RESULTTYPE=hits&NAMESPACE=${encodeURIComponent('xmlns(e=https://sip.poznan.pl/ns/egib)')}&TYPENAME=e:dzialki`)).body;
    expect(Number(attr(v11, 'numberOfFeatures'))).toBe(n);
    const dft = (await text(`SERVICE=WFS&VERSION=2.0.0&REQUEST=DescribeFeatureType&NAMESPACES=${encodeURIComponent('xmlns(x,https://sip.poznan.pl/ns/sip)')}&TYPENAMES=x:drzewa`));
    expect(dft.status).toBe(200);
    expect(dft.body).toContain('<xs:element name="drzewa"');
    const trees = await dbCount('SELECT count(*) AS n FROM sip.drzewa');
    const post = await fetch(`${app.url}/ows`, { method: 'POST', headers: { 'Content-Type': 'application/xml' }, body: `<wfs:GetFeature service="WFS" version="2.0.0" resultType="hits"
      xmlns:wfs="http://www.opengis.net/wfs/2.0"><wfs:Query typeNames="s:drzewa" xmlns:s="https://sip.poznan.pl/ns/sip"/></wfs:GetFeature>` });
    expect(Number(attr(await post.text(), 'numberMatched'))).toBe(trees);
    // A prefix bound to another namespace is not this service's.
    const other = await text(`NAMESPACES=${encodeURIComponent('xmlns(e,http://example.com/other)')}&SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=e:dzialki`);
    expect(other.status).toBe(400);
  });

  it('answers WFS 1.1.0 RESULTTYPE=hits with numberOfFeatures = the database count', async () => {
    const hits = (await text('SERVICE=WFS&VERSION=1.1.0&REQUEST=GetFeature&TYPENAME=gesut:przewody&RESULTTYPE=hits')).body;
    expect(Number(attr(hits, 'numberOfFeatures'))).toBe(await dbCount('SELECT count(*) AS n FROM gesut.przewody'));
  });

  it('returns WFS 1.1.0 GML 3.1.1 that validates', async () => {
    const xsd = (await text('SERVICE=WFS&VERSION=1.1.0&REQUEST=DescribeFeatureType&TYPENAME=gesut:przewody')).body;
    const fc = (await text('SERVICE=WFS&VERSION=1.1.0&REQUEST=GetFeature&TYPENAME=gesut:przewody&MAXFEATURES=5')).body;
    expect(attr(fc, 'numberOfFeatures')).toBe('5');
    expect(validateWithApplicationSchema(fc, xsd, 'https://sip.poznan.pl/ns/gesut', '1.1.0').output).toMatch(/validates/);
  });
});

describe('WFS GetFeature', () => {
  it('counts hits like the database and pages with next/previous links', async () => {
    const n = await dbCount('SELECT count(*) AS n FROM egib.dzialki');
    const hits = (await text('SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=egib:dzialki&RESULTTYPE=hits&COUNT=1')).body;
    expect(Number(attr(hits, 'numberMatched'))).toBe(n);
    expect(attr(hits, 'numberReturned')).toBe('0');
    expect(attr(hits, 'next')).toBeDefined();
    const page = (await text('SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=egib:dzialki&COUNT=10&STARTINDEX=20&SORTBY=idDzialki DESC')).body;
    expect(attr(page, 'numberReturned')).toBe('10');
    expect(attr(page, 'next')).toMatch(/STARTINDEX=30/);
    expect(attr(page, 'previous')).toMatch(/STARTINDEX=10/);
    const ids = [...page.matchAll(/<egib:idDzialki>([^<]+)</g)].map((m) => m[1]!);
    const expected = await app.db.query<{ id: string }>('SELECT "idDzialki" AS id FROM egib.dzialki ORDER BY "idDzialki" DESC, id LIMIT 10 OFFSET 20');
    expect(ids).toEqual(expected.map((r) => r.id));
  });

  it('filters with BBOX, FES and RESOURCEID like PostGIS', async () => {
    const [ext] = await app.db.query<{ x: number; y: number }>('SELECT ST_X(ST_Centroid(ST_Extent(geom))) AS x, ST_Y(ST_Centroid(ST_Extent(geom))) AS y FROM egib.dzialki');
    const { x, y } = ext!;
    const n = await dbCount('SELECT count(*) AS n FROM egib.dzialki WHERE geom && ST_MakeEnvelope($1, $2, $3, $4, 2177) AND ST_Intersects(geom, ST_MakeEnvelope($1, $2, $3, $4, 2177))', [x - 200, y - 150, x + 200, y + 150]);
    expect(n).toBeGreaterThan(0);
    // KVP BBOX without a CRS is in the layer's CRS, urn EPSG:2177: northing first.
    const bbox = await text(`SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=egib:dzialki&RESULTTYPE=hits&BBOX=${y - 150},${x - 200},${y + 150},${x + 200}`);
    expect(Number(attr(bbox.body, 'numberMatched'))).toBe(n);
    const fes = `<fes:Filter xmlns:fes="http://www.opengis.net/fes/2.0" xmlns:gml="http://www.opengis.net/gml/3.2"><fes:And>
      <fes:PropertyIsLike wildCard="*" singleChar="?" escapeChar="\\"><fes:ValueReference>polozenie</fes:ValueReference><fes:Literal>W*</fes:Literal></fes:PropertyIsLike>
      <fes:PropertyIsGreaterThan><fes:ValueReference>poleEwidencyjne</fes:ValueReference><fes:Literal>0.05</fes:Literal></fes:PropertyIsGreaterThan></fes:And></fes:Filter>`;
    const fesN = await dbCount(`SELECT count(*) AS n FROM egib.dzialki WHERE polozenie LIKE 'W%' AND "poleEwidencyjne" > 0.05`);
    const r = await text(`SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=egib:dzialki&RESULTTYPE=hits&FILTER=${encodeURIComponent(fes)}`);
    expect(Number(attr(r.body, 'numberMatched'))).toBe(fesN);
    const [one] = await app.db.query<{ id: number }>('SELECT min(id) AS id FROM egib.budynki');
    const byId = await text(`SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&RESOURCEID=budynki.${one!.id}`);
    expect(byId.body).toContain(`gml:id="budynki.${one!.id}"`);
    expect(attr(byId.body, 'numberMatched')).toBe('1');
  });

  it('says the exact numberMatched and next link of GeoJSON pages, whether counted or known from a short page', async () => {
    // A GeoJSON page writes numberMatched after its features: a short page knows it without a count, a full one or
    // one past the end is counted (issue 19). Each must equal PostgreSQL's count.
    const n = await dbCount('SELECT count(*) AS n FROM sip.drzewa');
    type Page = { numberMatched: number; numberReturned: number; features: unknown[]; links?: { rel: string; href: string }[] };
    const page = async (q: string) => (await ows(`SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=sip:drzewa&OUTPUTFORMAT=application/json&${q}`)).json() as Promise<Page>;
    const full = await page('COUNT=5&STARTINDEX=0');
    expect([full.numberMatched, full.numberReturned, full.features.length]).toEqual([n, 5, 5]);
    expect(full.links?.find((l) => l.rel === 'next')?.href).toMatch(/STARTINDEX=5&COUNT=5/);
    const last = await page(`COUNT=10&STARTINDEX=${n - 3}`);
    expect([last.numberMatched, last.numberReturned]).toEqual([n, 3]);
    expect(last.links?.some((l) => l.rel === 'next') ?? false).toBe(false);
    const beyond = await page(`COUNT=10&STARTINDEX=${n + 5}`);
    expect([beyond.numberMatched, beyond.numberReturned]).toEqual([n, 0]);
    const [box] = await app.db.query<{ x: number; y: number }>('SELECT ST_X(geom) AS x, ST_Y(geom) AS y FROM sip.drzewa ORDER BY id LIMIT 1');
    const inBox = await dbCount('SELECT count(*) AS n FROM sip.drzewa WHERE ST_Intersects(geom, ST_MakeEnvelope($1, $2, $3, $4, 2177))', [box!.x - 100, box!.y - 100, box!.x + 100, box!.y + 100]);
    const byBox = await page(`COUNT=1000&BBOX=${box!.x - 100},${box!.y - 100},${box!.x + 100},${box!.y + 100},EPSG:2177`);
    expect(byBox.numberMatched).toBe(inBox);
    expect(byBox.features).toHaveLength(inBox);
  });

  it('writes coordinates in the axis order the SRSNAME form implies and echoes a name saying which', async () => {
    const [p] = await app.db.query<{ id: number; x: number; y: number; lon: number; lat: number }>(`SELECT id, ST_X(geom) x, ST_Y(geom) y,
      ST_X(ST_Transform(geom, 4326)) lon, ST_Y(ST_Transform(geom, 4326)) lat FROM sip.drzewa ORDER BY id LIMIT 1`);
    const pos = async (srs: string, echoed: string) => {
      const body = (await text(`SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&RESOURCEID=drzewa.${p!.id}&SRSNAME=${encodeURIComponent(srs)}`)).body;
      expect(body).toContain(`srsName="${echoed}"`);
      return /<gml:pos>([^<]+)</.exec(body)![1]!.split(' ').map(Number);
    };
    const close = (a: number[], b: number[], tol: number) => { expect(Math.abs(a[0]! - b[0]!)).toBeLessThan(tol); expect(Math.abs(a[1]! - b[1]!)).toBeLessThan(tol); };
    // URN and URI forms: the CRS's own axis order (northing/latitude first), echoed as asked.
    close(await pos('urn:ogc:def:crs:EPSG::2177', 'urn:ogc:def:crs:EPSG::2177'), [p!.y, p!.x], 0.001);
    close(await pos('urn:x-ogc:def:crs:EPSG:2177', 'urn:x-ogc:def:crs:EPSG:2177'), [p!.y, p!.x], 0.001);
    close(await pos('urn:ogc:def:crs:EPSG::4326', 'urn:ogc:def:crs:EPSG::4326'), [p!.lat, p!.lon], 1e-7);
    close(await pos('http://www.opengis.net/def/crs/EPSG/0/4326', 'http://www.opengis.net/def/crs/EPSG/0/4326'), [p!.lat, p!.lon], 1e-7);
    // The short form: x/y (easting/longitude first), echoed in the GML form every reader takes as x/y.
    close(await pos('EPSG:2177', 'http://www.opengis.net/gml/srs/epsg.xml#2177'), [p!.x, p!.y], 0.001);
    close(await pos('EPSG:4326', 'http://www.opengis.net/gml/srs/epsg.xml#4326'), [p!.lon, p!.lat], 1e-7);
    close(await pos('EPSG:3857', 'EPSG:3857'), (await app.db.query<{ x: number; y: number }>(`SELECT ST_X(ST_Transform(geom, 3857)) x, ST_Y(ST_Transform(geom, 3857)) y FROM sip.drzewa WHERE id = $1`, [p!.id])).map((r) => [r.x, r.y])[0]!, 0.001);
    close(await pos('CRS:84', 'CRS:84'), [p!.lon, p!.lat], 1e-7);
  });

  it('reads a KVP BBOX with a CRS suffix by the same convention as SRSNAME', async () => {
    const [c] = await app.db.query<{ x: number; y: number }>('SELECT ST_X(ST_Centroid(ST_Extent(geom))) x, ST_Y(ST_Centroid(ST_Extent(geom))) y FROM sip.drzewa');
    const n = await dbCount('SELECT count(*) AS n FROM sip.drzewa WHERE geom && ST_MakeEnvelope($1, $2, $3, $4, 2177)', [c!.x - 150, c!.y - 150, c!.x + 150, c!.y + 150]);
    expect(n).toBeGreaterThan(0);
    const hits = async (bbox: string) => Number(attr((await text(`SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=sip:drzewa&RESULTTYPE=hits&BBOX=${encodeURIComponent(bbox)}`)).body, 'numberMatched'));
    expect(await hits(`${c!.x - 150},${c!.y - 150},${c!.x + 150},${c!.y + 150},EPSG:2177`)).toBe(n);
    expect(await hits(`${c!.y - 150},${c!.x - 150},${c!.y + 150},${c!.x + 150},urn:ogc:def:crs:EPSG::2177`)).toBe(n);
    const geo = await app.db.query<{ w: number; s: number; e: number; n: number }>(`SELECT ST_XMin(b) w, ST_YMin(b) s, ST_XMax(b) e, ST_YMax(b) n FROM
      (SELECT ST_Transform(ST_MakeEnvelope($1, $2, $3, $4, 2177), 4326) AS b) q`, [c!.x - 150, c!.y - 150, c!.x + 150, c!.y + 150]);
    const g = geo[0]!;
    const nGeo = await dbCount('SELECT count(*) AS n FROM sip.drzewa WHERE ST_Intersects(geom, ST_Transform(ST_MakeEnvelope($1, $2, $3, $4, 4326), 2177))', [g.w, g.s, g.e, g.n]);
    expect(nGeo).toBeGreaterThan(0);
    expect(await hits(`${g.w},${g.s},${g.e},${g.n},EPSG:4326`)).toBe(nGeo);
    expect(await hits(`${g.s},${g.w},${g.n},${g.e},urn:ogc:def:crs:EPSG::4326`)).toBe(nGeo);
  });

  it('returns only the requested properties, GeoJSON and CSV', async () => {
    const gml = (await text('SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=egib:budynki&COUNT=3&PROPERTYNAME=idBudynku,egib:ulica')).body;
    expect(gml).toContain('<egib:idBudynku>');
    expect(gml).not.toContain('<egib:rodzajWgKST>');
    const json = await ows('SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=gesut:przewody_gazowe&COUNT=7&OUTPUTFORMAT=application/json');
    expect(json.headers.get('content-type')).toMatch(/geo\+json/);
    const fc = await json.json() as { features: { properties: Record<string, unknown>; geometry: { type: string; coordinates: number[][] } }[]; numberMatched: number };
    expect(fc.features).toHaveLength(7);
    expect(fc.features.every((f) => f.properties.branza === 'g')).toBe(true);
    expect(fc.numberMatched).toBe(await dbCount(`SELECT count(*) AS n FROM gesut.przewody WHERE "branza" = 'g'`));
    const csv = (await text('SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=sip:drzewa&COUNT=4&OUTPUTFORMAT=csv')).body;
    const lines = csv.trim().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/^id,numerInwentarzowy,.*,WKT$/);
    expect(lines[1]).toMatch(/POINT \(6\d{6}\.?\d* 58\d{5}/);
  });

  it('answers GetPropertyValue and the stored queries', async () => {
    const v = (await text('SERVICE=WFS&VERSION=2.0.0&REQUEST=GetPropertyValue&TYPENAMES=egib:obreby&VALUEREFERENCE=nazwaObrebu')).body;
    expect(validateXml(v, 'wfs/2.0/wfs.xsd').output).toMatch(/validates/);
    expect(v).toMatch(/<egib:nazwaObrebu>[^<]+<\/egib:nazwaObrebu>/);
    const ids = (await text('SERVICE=WFS&VERSION=2.0.0&REQUEST=GetPropertyValue&TYPENAMES=egib:obreby&VALUEREFERENCE=@gml:id')).body;
    expect(ids).toMatch(/<wfs:member>obreby\.\d+<\/wfs:member>/);
    const list = (await text('SERVICE=WFS&VERSION=2.0.0&REQUEST=ListStoredQueries')).body;
    expect(validateXml(list, 'wfs/2.0/wfs.xsd').output).toMatch(/validates/);
    const desc = (await text('SERVICE=WFS&VERSION=2.0.0&REQUEST=DescribeStoredQueries&STOREDQUERY_ID=urn:ogc:def:query:OGC-WFS::GetFeatureById')).body;
    expect(validateXml(desc, 'wfs/2.0/wfs.xsd').output).toMatch(/validates/);
    const [one] = await app.db.query<{ id: number }>('SELECT min(id) AS id FROM egib.dzialki');
    for (const sq of ['urn:ogc:def:query:OGC-WFS::GetFeatureById', 'http://www.opengis.net/def/query/OGC-WFS/0/GetFeatureById']) {
      const f = await text(`SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&STOREDQUERY_ID=${encodeURIComponent(sq)}&ID=dzialki.${one!.id}`);
      expect(f.status).toBe(200);
      expect(f.body).toMatch(new RegExp(`^<\\?xml[^>]*\\?><egib:dzialki [^>]*gml:id="dzialki.${one!.id}"`));
    }
    const missing = await text('SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&STOREDQUERY_ID=urn:ogc:def:query:OGC-WFS::GetFeatureById&ID=dzialki.999999999');
    expect(missing.status).toBe(404);
    expect(missing.body).toContain('exceptionCode="NotFound"');
  });

  it('accepts POSTed XML GetFeature with a filter, and refuses a DTD', async () => {
    const body = `<wfs:GetFeature xmlns:wfs="http://www.opengis.net/wfs/2.0" xmlns:fes="http://www.opengis.net/fes/2.0" service="WFS" version="2.0.0" resultType="hits">
      <wfs:Query typeNames="gesut:przewody"><fes:Filter><fes:PropertyIsEqualTo><fes:ValueReference>branza</fes:ValueReference>
      <fes:Literal>w</fes:Literal></fes:PropertyIsEqualTo></fes:Filter></wfs:Query></wfs:GetFeature>`;
    const r = await fetch(`${app.url}/wfs`, { method: 'POST', body, headers: { 'content-type': 'text/xml' } });
    expect(r.status).toBe(200);
    expect(Number(attr(await r.text(), 'numberMatched'))).toBe(await dbCount(`SELECT count(*) AS n FROM gesut.przewody WHERE "branza" = 'w'`));
    const xxe = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><wfs:GetFeature xmlns:wfs="http://www.opengis.net/wfs/2.0" service="WFS" version="2.0.0"><wfs:Query typeNames="egib:obreby"/></wfs:GetFeature>`;
    const bad = await fetch(`${app.url}/wfs`, { method: 'POST', body: xxe, headers: { 'content-type': 'text/xml' } });
    expect(bad.status).toBe(400);
    const t = await bad.text();
    expect(t).toContain('exceptionCode="OperationParsingFailed"');
    expect(t).not.toContain('root:');
  });
});

describe('WFS exceptions', () => {
  const cases: [string, string, number, string, string | undefined][] = [
    ['no SERVICE', 'REQUEST=GetCapabilities', 400, 'MissingParameterValue', 'service'],
    ['no REQUEST', 'SERVICE=WFS', 400, 'MissingParameterValue', 'request'],
    ['unknown REQUEST', 'SERVICE=WFS&REQUEST=Frobnicate', 400, 'OperationNotSupported', 'request'],
    ['Transaction', 'SERVICE=WFS&VERSION=2.0.0&REQUEST=Transaction', 400, 'OperationNotSupported', 'request'],
    ['unknown version', 'SERVICE=WFS&VERSION=3.0.0&REQUEST=GetFeature&TYPENAMES=egib:dzialki', 400, 'InvalidParameterValue', 'version'],
    ['no TYPENAMES', 'SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature', 400, 'MissingParameterValue', 'typeNames'],
    ['unknown type', 'SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=egib:nope', 400, 'InvalidParameterValue', 'typeNames'],
    ['unknown type in DFT', 'SERVICE=WFS&VERSION=2.0.0&REQUEST=DescribeFeatureType&TYPENAMES=egib:nope', 400, 'InvalidParameterValue', 'typeNames'],
    ['unknown SRSNAME', 'SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=egib:dzialki&SRSNAME=EPSG:31467', 400, 'InvalidParameterValue', 'srsName'],
    ['bad COUNT', 'SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=egib:dzialki&COUNT=-1', 400, 'InvalidParameterValue', 'COUNT'],
    ['bad BBOX', 'SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=egib:dzialki&BBOX=1,2,a,4', 400, 'InvalidParameterValue', 'bbox'],
    ['inverted BBOX', 'SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=egib:dzialki&BBOX=5809000,6428000,5808000,6427000', 400, 'InvalidParameterValue', 'bbox'],
    ['broken FILTER', 'SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=egib:dzialki&FILTER=%3CFilter%3E%3CAnd%3E', 400, 'InvalidParameterValue', 'filter'],
    ['filter on unknown property', `SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=egib:dzialki&FILTER=${encodeURIComponent('<Filter xmlns="http://www.opengis.net/fes/2.0"><PropertyIsEqualTo><ValueReference>nope</ValueReference><Literal>1</Literal></PropertyIsEqualTo></Filter>')}`, 400, 'InvalidParameterValue', 'filter'],
    ['filter on hidden owners', `SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=egib:dzialki&FILTER=${encodeURIComponent('<Filter xmlns="http://www.opengis.net/fes/2.0"><PropertyIsLike wildCard="*" singleChar="." escapeChar="!"><ValueReference>wlasciciele</ValueReference><Literal>*Kowal*</Literal></PropertyIsLike></Filter>')}`, 400, 'InvalidParameterValue', 'filter'],
    ['text for a number', `SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=gesut:przewody&FILTER=${encodeURIComponent('<Filter xmlns="http://www.opengis.net/fes/2.0"><PropertyIsEqualTo><ValueReference>srednica</ValueReference><Literal>abc</Literal></PropertyIsEqualTo></Filter>')}`, 400, 'InvalidParameterValue', 'filter'],
    ['sort on unknown', 'SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=egib:dzialki&SORTBY=nope', 400, 'InvalidParameterValue', 'SORTBY'],
    ['unknown output format', 'SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=egib:dzialki&OUTPUTFORMAT=image/png', 400, 'InvalidParameterValue', 'outputFormat'],
    ['unknown stored query', 'SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&STOREDQUERY_ID=nope&ID=x', 400, 'InvalidParameterValue', 'STOREDQUERY_ID'],
    ['FILTER with BBOX', 'SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=egib:dzialki&BBOX=1,2,3,4&FILTER=%3CFilter/%3E', 400, 'InvalidParameterValue', undefined],
  ];
  for (const [name, query, status, code, locator] of cases) {
    it(`${name} → ${status} ${code}`, async () => {
      const r = await text(query);
      expect(r.status).toBe(status);
      expect(r.type).toMatch(/xml/);
      expect(r.body).toContain(`exceptionCode="${code}"`);
      if (locator) expect(attr(r.body, 'locator')).toBe(locator);
      expect(validateXml(r.body, 'ows/1.1.0/owsExceptionReport.xsd').output).toMatch(/validates/);
      expect(r.body).not.toMatch(/at .*\.ts:\d+/);
    });
  }

  it('uses OWS 1.0 exception reports for WFS 1.1', async () => {
    const r = await text('SERVICE=WFS&VERSION=1.1.0&REQUEST=GetFeature&TYPENAME=egib:nope');
    expect(r.status).toBe(400);
    expect(r.body).toContain('xmlns:ows="http://www.opengis.net/ows"');
    expect(validateXml(r.body, 'ows/1.0.0/owsExceptionReport.xsd').output).toMatch(/validates/);
  });
});
