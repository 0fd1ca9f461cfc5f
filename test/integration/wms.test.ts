// WMS 1.3.0 / 1.1.1 over HTTP against the sample database: capabilities valid against the OGC schemas,
// pixels at coordinates taken from the database, CRS axis order of both versions, formats, exception
// reports and image exceptions, GetFeatureInfo and GetLegendGraphic.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { startApp, type TestApp } from '../support/app.ts';
import { validateXml } from '../support/xml.ts';
import { transform } from '../../server/crs/definitions.ts';
import { BRANCHES } from '../../server/catalog/layers.ts';
import { CRS_LIST } from '../../server/crs/definitions.ts';
import { fetchMapScene, renderMap } from '../../server/render/render-map.ts';
import { glyphRangeOffLoop, paintScene, renderMapImage } from '../../server/render/render-pool.ts';
import { glyphRange } from '../../server/style/glyphs.ts';
import { encodeImage } from '../../server/render/encode.ts';

let app: TestApp;
beforeAll(async () => { app = await startApp(); });
afterAll(async () => { await app?.close(); });

interface Got { status: number; type: string; body: Buffer; text: string }
async function get(query: string, path = '/ows'): Promise<Got> {
  const r = await fetch(`${app.url}${path}?${query}`);
  const body = Buffer.from(await r.arrayBuffer());
  return { status: r.status, type: r.headers.get('content-type') ?? '', body, text: body.toString('utf8') };
}

interface Pixels { width: number; height: number; channels: number; data: Buffer; at(x: number, y: number): [number, number, number, number] }
async function pixels(png: Buffer): Promise<Pixels> {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return {
    width: info.width, height: info.height, channels: info.channels, data,
    at: (x, y) => { const i = (y * info.width + x) * 4; return [data[i]!, data[i + 1]!, data[i + 2]!, data[i + 3]!]; },
  };
}
const hex = (c: string) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16));

/** A GetMap URL of a box centred on a native point at a scale (0.28 mm pixels), 1.3.0 EPSG:2177 (northing first). */
function mapAround(x: number, y: number, scale: number, layers: string, size = 101, extra = ''): string {
  const half = (size * scale * 0.00028) / 2;
  return `SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=${layers}&STYLES=&CRS=EPSG:2177&BBOX=${y - half},${x - half},${y + half},${x + half}&WIDTH=${size}&HEIGHT=${size}&FORMAT=image/png${extra}`;
}

/** Valid against an OGC schema (xmllint, offline); the report is the failure message. */
function expectValid(xml: string, schema: string): void {
  const v = validateXml(xml, schema);
  expect(v.valid, v.output).toBe(true);
}

async function firstRow<R>(sql: string, params: unknown[] = []): Promise<R> {
  const [row] = await app.db.query(sql, params);
  expect(row, sql).toBeDefined();
  return row as R;
}

describe('WMS capabilities', () => {
  it('serves 1.3.0 capabilities valid against the WMS 1.3.0 and SLD 1.1 schemas, with the layer tree', async () => {
    const r = await get('SERVICE=WMS&REQUEST=GetCapabilities');
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/text\/xml/);
    // sld_capabilities.xsd imports capabilities_1_3_0.xsd and adds GetLegendGraphic as an extended operation.
    expectValid(r.text, 'sld/1.1.0/sld_capabilities.xsd');
    for (const l of app.catalog.visibleLayers('anonim')) expect(r.text).toContain(`<Name>${l.typeName}</Name>`);
    for (const g of ['sip_poznan', 'egib', 'gesut', 'sip']) expect(r.text).toContain(`<Name>${g}</Name>`);
    // The branch layers nest under the all-branch layer.
    const doc = new DOMParser().parseFromString(r.text, 'text/xml');
    const layerEls = Array.from(doc.getElementsByTagName('Layer'));
    const byName = (n: string) => layerEls.find((e) => e.getElementsByTagName('Name')[0]?.textContent === n)!;
    const parentName = (n: string) => (byName(n).parentNode as Element).getElementsByTagName('Name')[0]?.textContent;
    expect(parentName('gesut:przewody_wodociagowe')).toBe('gesut:przewody');
    expect(parentName('gesut:przewody')).toBe('gesut');
    expect(parentName('egib:dzialki')).toBe('egib');
    expect(r.text).toMatch(/<MaxScaleDenominator>25000<\/MaxScaleDenominator>/);
    expect(r.text).toMatch(/<LegendURL width="\d+" height="\d+">/);
    expect(r.text).not.toMatch(/xlink:href="[^"]*\/ows"\/>\s*<\/Get>/); // GET OnlineResources end in ?
  });

  it('writes EX_GeographicBoundingBox and the EPSG:4326 box in lat/lon order with the same numbers', async () => {
    const r = await get('SERVICE=WMS&VERSION=1.3.0&REQUEST=GetCapabilities');
    const doc = new DOMParser().parseFromString(r.text, 'text/xml');
    for (const layer of Array.from(doc.getElementsByTagName('Layer'))) {
      const geo = layer.getElementsByTagName('EX_GeographicBoundingBox')[0]!;
      const v = (n: string) => Number(geo.getElementsByTagName(n)[0]!.textContent);
      expect(v('westBoundLongitude')).toBeLessThan(v('eastBoundLongitude'));
      expect(v('southBoundLatitude')).toBeLessThan(v('northBoundLatitude'));
      const b4326 = Array.from(layer.getElementsByTagName('BoundingBox')).find((b) => b.getAttribute('CRS') === 'EPSG:4326')!;
      expect([b4326.getAttribute('minx'), b4326.getAttribute('miny')].map(Number)).toEqual([v('southBoundLatitude'), v('westBoundLongitude')]);
      const b2177 = Array.from(layer.getElementsByTagName('BoundingBox')).find((b) => b.getAttribute('CRS') === 'EPSG:2177')!;
      expect(Number(b2177.getAttribute('minx'))).toBeLessThan(6_000_000); // northing first
      expect(Number(b2177.getAttribute('miny'))).toBeGreaterThan(6_000_000);
    }
  });

  it('serves 1.1.1 capabilities with SRS, LatLonBoundingBox, x/y boxes and the DTD', async () => {
    const r = await get('SERVICE=WMS&VERSION=1.1.1&REQUEST=GetCapabilities');
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/application\/vnd\.ogc\.wms_xml/);
    expect(r.text).toContain('<!DOCTYPE WMT_MS_Capabilities SYSTEM "http://schemas.opengis.net/wms/1.1.1/WMS_MS_Capabilities.dtd">');
    const doc = new DOMParser({ onError: (level, msg) => { if (level !== 'warning') throw new Error(msg); } }).parseFromString(r.text, 'text/xml');
    expect(doc.documentElement!.tagName).toBe('WMT_MS_Capabilities');
    expect(doc.documentElement!.getAttribute('version')).toBe('1.1.1');
    expect(r.text).toContain('<SRS>EPSG:2177</SRS>');
    expect(r.text).toContain('<GetLegendGraphic>');
    expect(r.text).toContain('<Format>application/vnd.ogc.se_inimage</Format>');
    const b = /<BoundingBox SRS="EPSG:2177" minx="([\d.]+)" miny="([\d.]+)"/.exec(r.text)!;
    expect(Number(b[1])).toBeGreaterThan(6_000_000); // easting first in 1.1.1
    expect(r.text).toMatch(/<LatLonBoundingBox minx="16\.\d+" miny="52\.\d+"/);
    expect(r.text).toMatch(/<ScaleHint min="[\d.]+" max="[\d.]+"\/>/);
  });

  it('negotiates versions and the update sequence', async () => {
    const version = async (q: string) => /version="([\d.]+)"/.exec((await get(`SERVICE=WMS&REQUEST=GetCapabilities&${q}`)).text.split('\n').slice(1).join('\n'))?.[1];
    expect(await version('VERSION=100.0.0')).toBe('1.3.0');
    expect(await version('VERSION=1.2.0')).toBe('1.1.1');
    expect(await version('VERSION=0.0.1')).toBe('1.1.1');
    expect(await version('')).toBe('1.3.0');
    const caps = (await get('SERVICE=WMS&REQUEST=GetCapabilities')).text;
    const seq = /updateSequence="(\d+)"/.exec(caps)![1]!;
    const same = await get(`SERVICE=WMS&REQUEST=GetCapabilities&UPDATESEQUENCE=${seq}`);
    expect(same.text).toContain('code="CurrentUpdateSequence"');
    const higher = await get(`SERVICE=WMS&REQUEST=GetCapabilities&UPDATESEQUENCE=${Number(seq) + 10}`);
    expect(higher.text).toContain('code="InvalidUpdateSequence"');
    expect((await get('SERVICE=WMS&REQUEST=GetCapabilities&FORMAT=application/bogus')).status).toBe(200);
  });
});

describe('WMS GetMap', () => {
  it('leaves a parcel interior unfilled and fills a building with its class colour', async () => {
    // A parcel interior point with no building, contour line or other parcel within 5 m.
    const p = await firstRow<{ x: number; y: number }>(`SELECT ST_X(pt) x, ST_Y(pt) y FROM (
        SELECT ST_PointOnSurface(d.geom) pt, d.geom FROM egib.dzialki d) s
      WHERE ST_Distance(pt, ST_Boundary(geom)) > 6 AND NOT EXISTS (SELECT 1 FROM egib.budynki b WHERE ST_DWithin(b.geom, pt, 5)) LIMIT 1`);
    // 1:3000 is beyond the parcel numbers' scale: no label at the centre.
    const img = await get(mapAround(p.x, p.y, 3_000, 'egib:dzialki'));
    expect(img.status).toBe(200);
    expect(img.type).toBe('image/png');
    expect((await pixels(img.body)).at(50, 50)).toEqual([255, 255, 255, 255]);
    const transparent = await pixels((await get(mapAround(p.x, p.y, 3_000, 'egib:dzialki', 101, '&TRANSPARENT=TRUE'))).body);
    expect(transparent.at(50, 50)[3]).toBe(0);

    const b = await firstRow<{ x: number; y: number }>(`SELECT ST_X(c) x, ST_Y(c) y FROM (
        SELECT ST_PointOnSurface(geom) c, geom FROM egib.budynki WHERE "rodzajWgKST" = '110' AND "statusBudynku" = 'istniejący') s
      WHERE ST_Distance(c, ST_Boundary(geom)) > 4 LIMIT 1`);
    // Above the storey labels' scale: the centre is plain fill.
    const px = (await pixels((await get(mapAround(b.x, b.y, 2_000, 'egib:budynki', 21))).body)).at(10, 10);
    expect(px.slice(0, 3)).toEqual(hex('#ecc6b0'));
  });

  it('draws a water-supply line in blue, in its branch layer and in the all-branch layer', async () => {
    // The middle of a water main with no other line within 4 m.
    const w = await firstRow<{ x: number; y: number }>(`SELECT ST_X(m) x, ST_Y(m) y FROM (
        SELECT ST_LineInterpolatePoint(geom, 0.5) m FROM gesut.przewody
        WHERE "branza" = 'w' AND funkcja <> 'przyłącze' AND status = 'istniejący' AND eksploatacja = 'czynny' AND ST_Length(geom) > 20) s
      WHERE (SELECT count(*) FROM gesut.przewody o WHERE ST_DWithin(o.geom, m, 4)) = 1
        AND NOT EXISTS (SELECT 1 FROM gesut.urzadzenia u WHERE ST_DWithin(u.geom, m, 4)) LIMIT 1`);
    const blue = hex(BRANCHES.find((b) => b.value === 'w')!.colour);
    for (const layer of ['gesut:przewody_wodociagowe', 'gesut:przewody', 'gesut']) {
      const img = await pixels((await get(mapAround(w.x, w.y, 500, layer))).body);
      const c = img.at(50, 50);
      expect({ layer, c: c.slice(0, 3) }).toEqual({ layer, c: blue });
    }
    // Another branch's layer leaves the spot empty.
    expect((await pixels((await get(mapAround(w.x, w.y, 500, 'gesut:przewody_gazowe'))).body)).at(50, 50)).toEqual([255, 255, 255, 255]);
  });

  it('draws the same image for an area in EPSG:4326 (lat/lon), CRS:84 (lon/lat) and 1.1.1 EPSG:4326 (x/y)', async () => {
    const c = await firstRow<{ x: number; y: number }>('SELECT ST_X(ST_Centroid(ST_Extent(geom))) x, ST_Y(ST_Centroid(ST_Extent(geom))) y FROM egib.dzialki');
    const [lon0, lat0] = transform('EPSG:2177', 'EPSG:4326', [c.x - 150, c.y - 100]);
    const [lon1, lat1] = transform('EPSG:2177', 'EPSG:4326', [c.x + 150, c.y + 100]);
    const q = 'REQUEST=GetMap&LAYERS=egib,gesut&STYLES=&WIDTH=300&HEIGHT=200&FORMAT=image/png';
    const latlon = await get(`SERVICE=WMS&VERSION=1.3.0&${q}&CRS=EPSG:4326&BBOX=${lat0},${lon0},${lat1},${lon1}`);
    const lonlat = await get(`SERVICE=WMS&VERSION=1.3.0&${q}&CRS=CRS:84&BBOX=${lon0},${lat0},${lon1},${lat1}`);
    const v111 = await get(`SERVICE=WMS&VERSION=1.1.1&${q}&SRS=EPSG:4326&BBOX=${lon0},${lat0},${lon1},${lat1}`);
    expect(latlon.type).toBe('image/png');
    expect(latlon.body.equals(lonlat.body)).toBe(true);
    expect(v111.body.equals(lonlat.body)).toBe(true);
    // Something was drawn, and swapping the axes in 1.3.0 EPSG:4326 does not give the same map.
    const px = await pixels(latlon.body);
    let ink = 0;
    for (let i = 0; i < px.data.length; i += 4) if (px.data[i]! < 200) ink++;
    expect(ink).toBeGreaterThan(1000);
    const swapped = await get(`SERVICE=WMS&VERSION=1.3.0&${q}&CRS=EPSG:4326&BBOX=${lon0},${lat0},${lon1},${lat1}`);
    expect(swapped.body.equals(latlon.body)).toBe(false);
  });

  it('accepts 1.1.1 EPSG:2177 easting first and 1.3.0 northing first for the same map', async () => {
    const c = await firstRow<{ x: number; y: number }>('SELECT ST_X(ST_Centroid(ST_Extent(geom))) x, ST_Y(ST_Centroid(ST_Extent(geom))) y FROM egib.dzialki');
    const q = 'REQUEST=GetMap&LAYERS=sip_poznan&STYLES=&WIDTH=256&HEIGHT=256&FORMAT=image/png';
    const a = await get(`SERVICE=WMS&VERSION=1.3.0&${q}&CRS=EPSG:2177&BBOX=${c.y - 100},${c.x - 100},${c.y + 100},${c.x + 100}`);
    const b = await get(`SERVICE=WMS&VERSION=1.1.1&${q}&SRS=EPSG:2177&BBOX=${c.x - 100},${c.y - 100},${c.x + 100},${c.y + 100}`);
    expect(a.body.equals(b.body)).toBe(true);
  });

  it('answers every advertised BoundingBox sent back verbatim as BBOX with an image (1.3.0 and 1.1.1)', async () => {
    for (const version of ['1.3.0', '1.1.1'] as const) {
      const caps = (await get(`SERVICE=WMS&VERSION=${version}&REQUEST=GetCapabilities`)).text;
      const doc = new DOMParser().parseFromString(caps, 'text/xml');
      const crsAttr = version === '1.3.0' ? 'CRS' : 'SRS';
      const named = Array.from(doc.getElementsByTagName('Layer')).filter((l) => ['egib:dzialki', 'gesut:przewody', 'sip_poznan'].includes(l.getElementsByTagName('Name')[0]!.textContent!));
      for (const layer of named) {
        const name = layer.getElementsByTagName('Name')[0]!.textContent!;
        const boxes = Array.from(layer.childNodes).filter((n): n is Element => (n as Element).tagName === 'BoundingBox');
        expect(boxes.length).toBeGreaterThanOrEqual(5);
        for (const b of boxes) {
          const bbox = ['minx', 'miny', 'maxx', 'maxy'].map((a) => b.getAttribute(a)).join(',');
          const r = await get(`SERVICE=WMS&VERSION=${version}&REQUEST=GetMap&LAYERS=${name}&STYLES=&${crsAttr}=${b.getAttribute(crsAttr)}&BBOX=${bbox}&WIDTH=256&HEIGHT=256&FORMAT=image/png`);
          expect({ version, name, crs: b.getAttribute(crsAttr), status: r.status, type: r.type }).toEqual({ version, name, crs: b.getAttribute(crsAttr), status: 200, type: 'image/png' });
          const px = await pixels(r.body);
          let ink = 0;
          for (let i = 0; i < px.data.length; i += 4) if (px.data[i]! < 250) ink++;
          // The whole service area at about 1:28 000: the district boundaries are drawn.
          if (name === 'sip_poznan') expect(ink, `${version} ${name} ${b.getAttribute(crsAttr)}`).toBeGreaterThan(0);
        }
      }
    }
  });

  it('answers EXCEPTIONS=BLANK with BGCOLOR as a fully red image, and transparent when asked', async () => {
    const base = 'SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=no_such_layer&STYLES=&CRS=EPSG:2177&BBOX=1,2,3,4&WIDTH=40&HEIGHT=30&FORMAT=image/png';
    const red = await get(`${base}&EXCEPTIONS=BLANK&BGCOLOR=0xFF0000&TRANSPARENT=FALSE`);
    expect(red.type).toBe('image/png');
    const px = await pixels(red.body);
    expect([px.width, px.height]).toEqual([40, 30]);
    for (let i = 0; i < px.data.length; i += 4) expect([...px.data.subarray(i, i + 4)]).toEqual([255, 0, 0, 255]);
    const clear = await pixels((await get(`${base}&EXCEPTIONS=BLANK&BGCOLOR=0xFF0000&TRANSPARENT=TRUE`)).body);
    for (let i = 3; i < clear.data.length; i += 4) expect(clear.data[i]).toBe(0);
    const inimage = await get(`${base}&EXCEPTIONS=INIMAGE`);
    expect(inimage.type).toBe('image/png');
    const ip = await pixels(inimage.body);
    let dark = 0;
    for (let i = 0; i < ip.data.length; i += 4) if (ip.data[i + 1]! < 128) dark++;
    expect(dark).toBeGreaterThan(0); // the message is written
    const v111 = await get(base.replace('VERSION=1.3.0', 'VERSION=1.1.1').replace('CRS=', 'SRS=') + '&EXCEPTIONS=application/vnd.ogc.se_blank&BGCOLOR=0x00FF00');
    expect((await pixels(v111.body)).at(5, 5)).toEqual([0, 255, 0, 255]);
  });

  it('writes PNG (RGB and RGBA), paletted PNG8, JPEG and WebP', async () => {
    const c = await firstRow<{ x: number; y: number }>('SELECT ST_X(ST_Centroid(ST_Extent(geom))) x, ST_Y(ST_Centroid(ST_Extent(geom))) y FROM egib.dzialki');
    const q = (format: string, extra = '') => mapAround(c.x, c.y, 1_000, 'sip_poznan', 128, extra).replace('FORMAT=image/png', `FORMAT=${encodeURIComponent(format)}`);
    const png = await get(q('image/png'));
    expect((await sharp(png.body).metadata()).channels).toBe(3);
    expect((await sharp((await get(q('image/png', '&TRANSPARENT=TRUE'))).body).metadata()).channels).toBe(4);
    const png8 = await get(q('image/png; mode=8bit', '&TRANSPARENT=TRUE'));
    expect(png8.type).toBe('image/png');
    expect(png8.body[25]).toBe(3); // IHDR colour type 3: indexed
    expect(png8.body.includes(Buffer.from('tRNS'))).toBe(true);
    expect((await get(q('image/png8'))).body[25]).toBe(3);
    const jpeg = await get(q('image/jpeg', '&TRANSPARENT=TRUE'));
    expect(jpeg.type).toBe('image/jpeg');
    expect(jpeg.body.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    const webp = await get(q('image/webp'));
    expect(webp.type).toBe('image/webp');
    expect(webp.body.subarray(8, 12).toString()).toBe('WEBP');
    expect((await sharp(webp.body).metadata()).width).toBe(128);
  });

  it('draws a group as its children, and several layers with empty styles', async () => {
    const c = await firstRow<{ x: number; y: number }>('SELECT ST_X(ST_Centroid(ST_Extent(geom))) x, ST_Y(ST_Centroid(ST_Extent(geom))) y FROM egib.dzialki');
    const around = (layers: string, styles: string) => get(mapAround(c.x, c.y, 1_000, layers, 128).replace('STYLES=', `STYLES=${styles}`));
    const group = await around('egib', '');
    const members = await around('egib:kontury_uzytkow,egib:budynki,egib:dzialki,egib:obreby', ',,,');
    expect(group.body.equals(members.body)).toBe(true);
    const defaults = await around('egib:kontury_uzytkow,egib:budynki,egib:dzialki,egib:obreby', 'default,,DEFAULT,');
    expect(defaults.body.equals(members.body)).toBe(true);
  });

  it('answers an area without data with a blank image, and small odd sizes', async () => {
    const far = await get('SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=sip_poznan&STYLES=&CRS=EPSG:4326&BBOX=-90,-180,90,180&WIDTH=8&HEIGHT=5&FORMAT=image/png');
    expect(far.status).toBe(200);
    const px = await pixels(far.body);
    expect([px.width, px.height]).toEqual([8, 5]);
    const away = await pixels((await get('SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=sip_poznan&STYLES=&CRS=EPSG:3857&BBOX=0,0,1000,1000&WIDTH=16&HEIGHT=16&FORMAT=image/png')).body);
    for (let i = 0; i < away.data.length; i++) expect(away.data[i]).toBe(255);
    // Exponent notation is a number like any other.
    expect((await get('SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=egib&STYLES=&CRS=EPSG:2177&BBOX=5.8088E6,6.4274E6,5.8090E6,6.4276E6&WIDTH=20&HEIGHT=20&FORMAT=image/png')).status).toBe(200);
  });

  it('works without SERVICE at /ows and at /wms', async () => {
    const q = 'VERSION=1.3.0&REQUEST=GetMap&LAYERS=egib&STYLES=&CRS=EPSG:2177&BBOX=5808800,6427400,5808900,6427500&WIDTH=32&HEIGHT=32&FORMAT=image/png';
    expect((await get(q)).type).toBe('image/png');
    expect((await get(q, '/wms')).type).toBe('image/png');
    expect((await get('REQUEST=GetCapabilities', '/wms')).text).toContain('<WMS_Capabilities');
  });
});

describe('map rendering off the event loop', () => {
  it('paints the same image in a render thread as on the event loop, and through the old renderMap + encodeImage', async () => {
    const c = await firstRow<{ x: number; y: number }>('SELECT ST_X(ST_Centroid(ST_Extent(geom))) x, ST_Y(ST_Centroid(ST_Extent(geom))) y FROM egib.dzialki');
    const layers = ['egib:kontury_uzytkow', 'egib:budynki', 'egib:dzialki', 'gesut:przewody'].map((t) => ({ layer: app.catalog.layers.find((l) => l.typeName === t)!, style: 'default' }));
    const half = (320 * 1000 * 0.00028) / 2; // 1:1000, with labels
    const req = {
      layers, crs: CRS_LIST.find((x) => x.code === 'EPSG:2177')!, bbox: [c.x - half, c.y - half, c.x + half, c.y + half] as [number, number, number, number],
      width: 320, height: 320, transparent: false, background: '#ffffff', role: 'anonim' as const,
    };
    const { scene, stats } = await fetchMapScene(app.db, req);
    expect(stats.features).toBeGreaterThan(20);
    expect(scene.labels.length).toBeGreaterThan(0);
    const inline = await paintScene(scene, 'png', 0);
    const threaded = await paintScene(scene, 'png', 1);
    expect(inline.labels).toBeGreaterThan(0);
    expect(threaded.labels).toBe(inline.labels);
    expect(threaded.body.equals(inline.body)).toBe(true);
    // More maps at once than threads: they queue for a thread, none is refused.
    const many = await Promise.all(Array.from({ length: 6 }, () => paintScene(scene, 'png', 1)));
    expect(many.every((m) => m.body.equals(inline.body))).toBe(true);
    // The public entry point (WMS GetMap, printed sheets) and the older canvas API draw that image too.
    const image = await renderMapImage(app.db, req, 'png');
    expect(image.contentType).toBe('image/png');
    expect(image.stats.labels).toBe(inline.labels);
    expect(image.body.equals(inline.body)).toBe(true);
    const old = await renderMap(app.db, req);
    expect((await encodeImage(old.canvas, 'png', false)).equals(inline.body)).toBe(true);
  });

  it('draws the labels\' glyph ranges in a render thread, byte for byte as on the event loop, once per range', async () => {
    const inline = glyphRange('DejaVu Sans Bold', 256); // Latin Extended-A: ą ę ł ń ś ź ż
    const twice = await Promise.all([glyphRangeOffLoop('DejaVu Sans Bold', 256, 1), glyphRangeOffLoop('DejaVu Sans Bold', 256, 1)]);
    expect(twice[0]!.equals(inline)).toBe(true);
    expect(twice[1]).toBe(twice[0]); // shared, not drawn twice
  });
});

describe('WMS exceptions', () => {
  const map13 = 'SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&STYLES=&WIDTH=32&HEIGHT=32&FORMAT=image/png';
  const ok13 = `${map13}&LAYERS=egib&CRS=EPSG:2177&BBOX=5808800,6427400,5808900,6427500`;
  const cases: [string, string, string][] = [
    ['unknown CRS', `${map13}&LAYERS=egib&CRS=EPSG:9999&BBOX=0,0,1,1`, 'InvalidCRS'],
    ['AUTO CRS', `${map13}&LAYERS=egib&CRS=AUTO2:42001,1,0,0&BBOX=0,0,1,1`, 'InvalidCRS'],
    ['unknown layer second', ok13.replace('LAYERS=egib', 'LAYERS=egib,nope'), 'LayerNotDefined'],
    ['unknown style', ok13.replace('STYLES=', 'STYLES=fancy'), 'StyleNotDefined'],
    ['unknown style second', ok13.replace('LAYERS=egib', 'LAYERS=egib,gesut').replace('STYLES=', 'STYLES=,fancy'), 'StyleNotDefined'],
    ['unknown format', ok13.replace('image/png', 'image/gif'), 'InvalidFormat'],
    ['minx >= maxx', ok13.replace('BBOX=5808800,6427400,5808900,6427500', 'BBOX=5808900,6427400,5808800,6427500'), 'InvalidParameterValue'],
    ['BBOX not numbers', ok13.replace('BBOX=5808800,', 'BBOX=abc,'), 'InvalidParameterValue'],
    ['too large', ok13.replace('WIDTH=32', 'WIDTH=5000'), 'InvalidParameterValue'],
    ['bad BGCOLOR', `${ok13}&BGCOLOR=red`, 'InvalidParameterValue'],
    ['bad TRANSPARENT', `${ok13}&TRANSPARENT=maybe`, 'InvalidParameterValue'],
    ['missing CRS', ok13.replace('CRS=EPSG:2177&', ''), 'MissingParameterValue'],
    ['unknown operation', 'SERVICE=WMS&VERSION=1.3.0&REQUEST=GetStyles', 'OperationNotSupported'],
  ];
  for (const [name, query, code] of cases) {
    it(`1.3.0 ${name} → ${code}, 400, valid report`, async () => {
      const r = await get(query);
      expect(r.status).toBe(400);
      expect(r.type).toMatch(/^text\/xml/);
      expect(r.text).toContain(`code="${code}"`);
      expect(r.text).toContain('<ServiceExceptionReport version="1.3.0" xmlns="http://www.opengis.net/ogc"');
      expectValid(r.text, 'wms/1.3.0/exceptions_1_3_0.xsd');
    });
  }

  it('1.1.1 reports InvalidSRS in the DTD format without a namespace', async () => {
    const r = await get('SERVICE=WMS&VERSION=1.1.1&REQUEST=GetMap&LAYERS=egib&STYLES=&SRS=EPSG:9999&BBOX=0,0,1,1&WIDTH=10&HEIGHT=10&FORMAT=image/png');
    expect(r.status).toBe(400);
    expect(r.type).toMatch(/^application\/vnd\.ogc\.se_xml/);
    expect(r.text).toContain('<!DOCTYPE ServiceExceptionReport SYSTEM "http://schemas.opengis.net/wms/1.1.1/exception_1_1_1.dtd">');
    const doc = new DOMParser().parseFromString(r.text, 'text/xml');
    expect(doc.documentElement!.tagName).toBe('ServiceExceptionReport');
    expect(doc.documentElement!.namespaceURI).toBeNull();
    expect(doc.getElementsByTagName('ServiceException')[0]!.getAttribute('code')).toBe('InvalidSRS');
  });

  it('answers a POST to /wms with a WMS report, never a stack trace', async () => {
    const r = await fetch(`${app.url}/wms`, { method: 'POST', body: '<GetMap/>' });
    const text = await r.text();
    expect(r.status).toBe(400);
    expect(text).toContain('<ServiceExceptionReport');
    expect(text).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe('WMS GetFeatureInfo', () => {
  async function parcelPoint() {
    return firstRow<{ x: number; y: number; id: string; nr: string }>(`SELECT ST_X(c) x, ST_Y(c) y, id, nr FROM (
      SELECT ST_PointOnSurface(geom) c, geom, "idDzialki" id, "numerDzialki" nr FROM egib.dzialki) s
      WHERE ST_Distance(c, ST_Boundary(geom)) > 5 ORDER BY id LIMIT 1`);
  }
  const info = (p: { x: number; y: number }, format: string, extra = '') =>
    mapAround(p.x, p.y, 500, 'egib:dzialki,egib:budynki').replace('GetMap', 'GetFeatureInfo') + `&QUERY_LAYERS=egib:dzialki&INFO_FORMAT=${encodeURIComponent(format)}&I=50&J=50${extra}`;

  it('returns the parcel under the pixel in every format, with titles and without owners for the public', async () => {
    const p = await parcelPoint();
    const json = await get(info(p, 'application/json'));
    expect(json.type).toMatch(/application\/json/);
    const fc = JSON.parse(json.text) as { features: { id: string; layer: string; properties: Record<string, unknown>; geometry: { type: string } }[] };
    expect(fc.features).toHaveLength(1);
    expect(fc.features[0]!.properties.idDzialki).toBe(p.id);
    expect(fc.features[0]!.layer).toBe('egib:dzialki');
    expect(fc.features[0]!.geometry.type).toMatch(/Polygon/);
    expect(fc.features[0]!.properties).not.toHaveProperty('wlasciciele');
    const html = await get(info(p, 'text/html'));
    expect(html.type).toMatch(/text\/html/);
    expect(html.text).toContain('<th>Numer działki</th>');
    expect(html.text).toContain(`<td>${p.nr}</td>`);
    expect(html.text).not.toContain('Właściciele');
    const en = await get(info(p, 'text/html', '&LANGUAGE=en'));
    expect(en.text).toContain('<th>Parcel number</th>');
    const plain = await get(info(p, 'text/plain'));
    expect(plain.text).toContain(`Identyfikator działki = '${p.id}'`);
    const gml = await get(info(p, 'application/vnd.ogc.gml'));
    expect(gml.text).toContain(`<egib:idDzialki>${p.id}</egib:idDzialki>`);
    new DOMParser({ onError: (level, msg) => { if (level !== 'warning') throw new Error(msg); } }).parseFromString(gml.text, 'text/xml');
  });

  it('accepts X/Y (GDAL sends them with 1.3.0) and 1.1.1 with FEATURE_COUNT', async () => {
    const p = await parcelPoint();
    const xy = await get(info(p, 'application/json').replace('&I=50&J=50', '&X=50&Y=50'));
    expect((JSON.parse(xy.text) as { features: unknown[] }).features).toHaveLength(1);
    const half = (101 * 500 * 0.00028) / 2;
    const v111 = await get(`SERVICE=WMS&VERSION=1.1.1&REQUEST=GetFeatureInfo&LAYERS=egib&QUERY_LAYERS=egib&STYLES=&SRS=EPSG:2177&BBOX=${p.x - half},${p.y - half},${p.x + half},${p.y + half}&WIDTH=101&HEIGHT=101&FORMAT=image/png&INFO_FORMAT=application/json&X=50&Y=50&FEATURE_COUNT=10`);
    const fc = JSON.parse(v111.text) as { features: { id: string; layer: string; properties: Record<string, unknown> }[] };
    expect(fc.features.some((f) => f.layer === 'egib:dzialki' && f.properties.idDzialki === p.id)).toBe(true);
    expect(fc.features.some((f) => f.layer === 'egib:obreby')).toBe(true);
  });

  it('refuses points outside the image, unknown formats and layers not on the map', async () => {
    const p = await parcelPoint();
    const outside = await get(info(p, 'text/html').replace('&I=50', '&I=101'));
    expect(outside.status).toBe(400);
    expect(outside.text).toContain('code="InvalidPoint"');
    expect((await get(info(p, 'text/html').replace('&J=50', '&J=-1'))).text).toContain('code="InvalidPoint"');
    const format = await get(info(p, 'image/png'));
    expect(format.text).toContain('code="InvalidFormat"');
    const notOnMap = await get(info(p, 'text/html').replace('QUERY_LAYERS=egib:dzialki', 'QUERY_LAYERS=sip:drzewa'));
    expect(notOnMap.text).toContain('code="LayerNotDefined"');
    expectValid(notOnMap.text, 'wms/1.3.0/exceptions_1_3_0.xsd');
  });
});

describe('WMS GetLegendGraphic', () => {
  it('draws the legend of a layer, with the size capabilities advertise', async () => {
    const caps = (await get('SERVICE=WMS&VERSION=1.3.0&REQUEST=GetCapabilities')).text;
    const m = /<Name>egib:kontury_uzytkow<\/Name>[\s\S]*?<LegendURL width="(\d+)" height="(\d+)">[\s\S]*?xlink:href="([^"]+)"/.exec(caps)!;
    const url = new URL(m[3]!.replace(/&amp;/g, '&'));
    const r = await get(url.searchParams.toString());
    expect(r.type).toBe('image/png');
    const meta = await sharp(r.body).metadata();
    expect([meta.width, meta.height]).toEqual([Number(m[1]), Number(m[2])]);
    expect(meta.height).toBeGreaterThan(20 * 14); // one row per land-use class
  });

  it('refuses unknown layers and styles', async () => {
    expect((await get('SERVICE=WMS&REQUEST=GetLegendGraphic&LAYER=nope&FORMAT=image/png')).text).toContain('code="LayerNotDefined"');
    expect((await get('SERVICE=WMS&REQUEST=GetLegendGraphic&LAYER=egib:dzialki&STYLE=x&FORMAT=image/png')).text).toContain('code="StyleNotDefined"');
  });
});
