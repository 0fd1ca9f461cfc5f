// OWSLib (Debian's python3-owslib, 0.27) as Python users run it: WebMapService 1.1.1 and 1.3.0 read the
// capabilities, draw maps, ask GetFeatureInfo and get ServiceExceptions for mistakes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { startApp, type TestApp } from '../support/app.ts';

let app: TestApp;
beforeAll(async () => { app = await startApp(); });
afterAll(async () => { await app?.close(); });

/** A Python with OWSLib: the first python3 on PATH (may be a pyenv shim without it), else Debian's. */
function python(): string {
  for (const candidate of ['python3', '/usr/bin/python3']) {
    if (spawnSync(candidate, ['-c', 'import owslib'], { stdio: 'ignore' }).status === 0) return candidate;
  }
  throw new Error('OWSLib not found: install python3-owslib (scripts/setup-debian.sh)');
}

const SCRIPT = String.raw`
import base64, json, sys
from owslib.wms import WebMapService
from owslib.util import ServiceException

url, version, bbox_s, point_s = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
bbox = tuple(float(v) for v in bbox_s.split(','))
out = {}
wms = WebMapService(url, version=version)
out['version'] = wms.identification.version
out['title'] = wms.identification.title
out['layers'] = sorted(wms.contents.keys())
d = wms.contents['egib:dzialki']
out['dzialki'] = {
  'crs': sorted(set(d.crsOptions)),
  'styles': {k: v.get('legend') for k, v in d.styles.items()},
  'queryable': d.queryable,
  'wgs84': list(d.boundingBoxWGS84),
  'parent': d.parent.name if d.parent else None,
}
out['children_of_gesut'] = [c.name for c in wms.contents['gesut'].children]
out['formats'] = wms.getOperationByName('GetMap').formatOptions
srs = 'EPSG:2177'
img = wms.getmap(layers=['egib', 'gesut'], styles=['', ''], srs=srs, bbox=bbox, size=(300, 300), format='image/png')
out['png'] = base64.b64encode(img.read()).decode()
x, y = (float(v) for v in point_s.split(','))
info = wms.getfeatureinfo(layers=['egib:dzialki'], styles=[''], srs=srs, bbox=bbox, size=(300, 300), format='image/png',
  query_layers=['egib:dzialki'], info_format='application/json', xy=(150, 150))
out['info'] = json.loads(info.read())
try:
  wms.getmap(layers=['no_such_layer'], styles=[''], srs=srs, bbox=bbox, size=(10, 10), format='image/png')
  out['error'] = None
except ServiceException as e:
  out['error'] = str(e)
print(json.dumps(out))
`;

interface Result {
  version: string; title: string; layers: string[];
  dzialki: { crs: string[]; styles: Record<string, string | null>; queryable: number; wgs84: number[]; parent: string | null };
  children_of_gesut: string[]; formats: string[]; png: string;
  info: { features: { properties: Record<string, unknown> }[] }; error: string | null;
}

async function owslib(version: '1.1.1' | '1.3.0'): Promise<{ r: Result; x: number; y: number; id: string }> {
  const [p] = await app.db.query<{ x: number; y: number; id: string }>(`SELECT ST_X(c) x, ST_Y(c) y, id FROM (
    SELECT ST_PointOnSurface(geom) c, geom, "idDzialki" id FROM egib.dzialki) s WHERE ST_Distance(c, ST_Boundary(geom)) > 5 ORDER BY id LIMIT 1`);
  const { x, y, id } = p!;
  // OWSLib passes the box through as given: x/y for 1.1.1, the CRS's order (northing first) for 1.3.0.
  const box = version === '1.1.1' ? [x - 60, y - 60, x + 60, y + 60] : [y - 60, x - 60, y + 60, x + 60];
  // Asynchronously: the service answering OWSLib runs in this process.
  const { stdout } = await promisify(execFile)(python(), ['-c', SCRIPT, `${app.url}/ows`, version, box.join(','), `${x},${y}`], { maxBuffer: 32 * 1024 * 1024, timeout: 60_000 });
  return { r: JSON.parse(stdout) as Result, x, y, id };
}

describe('OWSLib WebMapService', () => {
  for (const version of ['1.1.1', '1.3.0'] as const) {
    it(`reads ${version} capabilities, draws a map, asks GetFeatureInfo and sees exceptions`, async () => {
      const { r, id } = await owslib(version);
      expect(r.version).toBe(version);
      expect(r.title).toContain('SIP Poznań');
      for (const l of app.catalog.visibleLayers('anonim')) expect(r.layers).toContain(l.typeName);
      expect(r.layers).toEqual(expect.arrayContaining(['sip_poznan', 'egib', 'gesut', 'sip']));
      expect(r.dzialki.crs).toContain('EPSG:2177');
      expect(r.dzialki.styles.default).toMatch(/REQUEST=GetLegendGraphic&LAYER=egib%3Adzialki/);
      expect(r.dzialki.parent).toBe('egib');
      expect(r.dzialki.wgs84[0]).toBeGreaterThan(16.8);
      expect(r.dzialki.wgs84[1]).toBeGreaterThan(52.3);
      expect(r.children_of_gesut).toContain('gesut:przewody');
      expect(r.formats).toEqual(expect.arrayContaining(['image/png', 'image/jpeg', 'image/webp']));
      const png = Buffer.from(r.png, 'base64');
      const meta = await sharp(png).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['png', 300, 300]);
      const { data } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      let ink = 0;
      for (let i = 0; i < data.length; i += 3) if (data[i]! < 200) ink++;
      expect(ink).toBeGreaterThan(500); // parcels and lines were drawn where OWSLib asked
      expect(r.info.features.map((f) => f.properties.idDzialki)).toEqual([id]);
      expect(r.error).toContain('LayerNotDefined');
    });
  }
});
