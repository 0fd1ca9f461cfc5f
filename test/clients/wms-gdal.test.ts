// GDAL's WMS driver as users run it: the WMS: URL (1.1.1, JPEG by default), service description XML files
// for 1.1.1 and 1.3.0, and gdallocationinfo's GetFeatureInfo. The pixels GDAL reads must be the ones the
// service draws for the same box.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { startApp, type TestApp } from '../support/app.ts';
import { transform } from '../../server/crs/definitions.ts';

const run = promisify(execFile);
let app: TestApp;
const work = mkdtempSync(path.join(tmpdir(), 'gdal-wms-'));
beforeAll(async () => { app = await startApp(); });
afterAll(async () => { await app?.close(); });

async function gdal(cmd: string, args: string[]): Promise<string> {
  const { stdout } = await run(cmd, args, { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, GDAL_HTTP_TIMEOUT: '60', CPL_DEBUG: 'OFF' } });
  return stdout;
}

async function rgb(file: string | Buffer): Promise<Buffer> {
  return sharp(file).removeAlpha().raw().toBuffer();
}

/** The centre of the parcels and a 400 m box around it, easting first. */
async function area(): Promise<{ x: number; y: number; box: [number, number, number, number] }> {
  const [c] = await app.db.query<{ x: number; y: number }>('SELECT ST_X(ST_Centroid(ST_Extent(geom))) x, ST_Y(ST_Centroid(ST_Extent(geom))) y FROM egib.dzialki');
  const x = Math.round(c!.x), y = Math.round(c!.y);
  return { x, y, box: [x - 200, y - 200, x + 200, y + 200] };
}

function serviceXml(version: string, crs: string, layers: string, box: readonly number[], size: number, bboxOrder?: string): string {
  return `<GDAL_WMS>
  <Service name="WMS"><Version>${version}</Version><ServerUrl>${app.url}/ows?</ServerUrl><Layers>${layers}</Layers>
    <${version === '1.3.0' ? 'CRS' : 'SRS'}>${crs}</${version === '1.3.0' ? 'CRS' : 'SRS'}><ImageFormat>image/png</ImageFormat>
    ${bboxOrder ? `<BBoxOrder>${bboxOrder}</BBoxOrder>` : ''}</Service>
  <DataWindow><UpperLeftX>${box[0]}</UpperLeftX><UpperLeftY>${box[3]}</UpperLeftY><LowerRightX>${box[2]}</LowerRightX><LowerRightY>${box[1]}</LowerRightY>
    <SizeX>${size}</SizeX><SizeY>${size}</SizeY></DataWindow>
  <BandsCount>3</BandsCount>
</GDAL_WMS>`;
}

async function direct(query: string): Promise<Buffer> {
  const r = await fetch(`${app.url}/ows?${query}`);
  expect(r.headers.get('content-type')).toBe('image/png');
  return Buffer.from(await r.arrayBuffer());
}

describe('GDAL WMS driver', () => {
  it('lists every named layer as a subdataset (gdalinfo WMS:)', async () => {
    const out = await gdal('gdalinfo', [`WMS:${app.url}/ows?`]);
    for (const l of app.catalog.visibleLayers('anonim')) expect(out).toContain(`LAYERS=${encodeURIComponent(l.typeName)}&`);
    expect(out).toContain('LAYERS=egib&');
    expect(out).toMatch(/SRS=EPSG:2177&BBOX=6\d{6}/); // 1.1.1: easting first
  });

  it('downloads a georeferenced raster from a WMS: URL with its defaults (1.1.1, JPEG)', async () => {
    const { box } = await area();
    const out = path.join(work, 'url.tif');
    await gdal('gdal_translate', ['-of', 'GTiff', '-outsize', '256', '256',
      `WMS:${app.url}/ows?SERVICE=WMS&VERSION=1.1.1&REQUEST=GetMap&LAYERS=sip_poznan&SRS=EPSG:2177&BBOX=${box.join(',')}`, out]);
    const info = await gdal('gdalinfo', ['-stats', out]);
    expect(info).toContain('Size is 256, 256');
    expect(info).toMatch(/ID\["EPSG",2177\]\]\s*$/m);
    expect(info).toContain(`Origin = (${box[0]}.000000000000000,${box[3]}.000000000000000)`);
    const mean = Number(/STATISTICS_MEAN=([\d.]+)/.exec(info)![1]);
    expect(mean).toBeLessThan(250); // not a blank image
  });

  it('reads the same pixels as a direct GetMap: 1.1.1 EPSG:2177, 1.3.0 EPSG:2177, CRS:84 and EPSG:4326', async () => {
    const { box } = await area();
    const q = 'SERVICE=WMS&REQUEST=GetMap&LAYERS=egib,gesut&STYLES=&WIDTH=400&HEIGHT=400&FORMAT=image/png';
    const expected = await rgb(await direct(`${q}&VERSION=1.1.1&SRS=EPSG:2177&BBOX=${box.join(',')}`));
    const cases: [string, string, number[], Buffer, string?][] = [
      ['1.1.1', 'EPSG:2177', box, expected],
      // GDAL 3.6 sends every 1.3.0 box easting/longitude first (its BBoxOrder default is xyXY). EPSG:2177 boxes
      // cannot be mistaken, and the service reads them either way.
      ['1.3.0', 'EPSG:2177', box, expected],
    ];
    // GDAL writes BBOX values with 8 decimals: the same numbers here give the same map.
    const r8 = (v: number) => Number(v.toFixed(8));
    const [w, s] = transform('EPSG:2177', 'EPSG:4326', [box[0], box[1]]).map(r8) as [number, number];
    const [e, n] = transform('EPSG:2177', 'EPSG:4326', [box[2], box[3]]).map(r8) as [number, number];
    const geo = await rgb(await direct(`${q}&VERSION=1.3.0&CRS=CRS:84&BBOX=${w},${s},${e},${n}`));
    // EPSG:4326 is latitude first in 1.3.0: GDAL needs to be told (BBoxOrder yxYX), or it asks for a box near Yemen.
    cases.push(['1.3.0', 'CRS:84', [w, s, e, n], geo], ['1.3.0', 'EPSG:4326', [w, s, e, n], geo, 'yxYX']);
    for (const [version, crs, b, want, order] of cases) {
      const xml = path.join(work, `svc-${version}-${crs.replace(':', '')}.xml`);
      writeFileSync(xml, serviceXml(version, crs, 'egib,gesut', b, 400, order));
      const out = path.join(work, `out-${version}-${crs.replace(':', '')}.png`);
      await gdal('gdal_translate', ['-of', 'PNG', xml, out]);
      const got = await rgb(readFileSync(out));
      expect({ version, crs, same: got.equals(want) }).toEqual({ version, crs, same: true });
    }
  });

  it('asks GetFeatureInfo through gdallocationinfo and gets the parcel at the point', async () => {
    const [p] = await app.db.query<{ x: number; y: number; id: string }>(`SELECT ST_X(c) x, ST_Y(c) y, id FROM (
      SELECT ST_PointOnSurface(geom) c, geom, "idDzialki" id FROM egib.dzialki) s WHERE ST_Distance(c, ST_Boundary(geom)) > 5 ORDER BY id LIMIT 1`);
    const box = [Math.round(p!.x) - 100, Math.round(p!.y) - 100, Math.round(p!.x) + 100, Math.round(p!.y) + 100];
    const xml = path.join(work, 'gfi.xml');
    writeFileSync(xml, serviceXml('1.1.1', 'EPSG:2177', 'egib:dzialki', box, 400));
    const out = await gdal('gdallocationinfo', ['-geoloc', xml, String(p!.x), String(p!.y)]);
    expect(out).toContain('<LocationInfo>');
    expect(out).toContain(`<egib:idDzialki>${p!.id}</egib:idDzialki>`);
  });
});
