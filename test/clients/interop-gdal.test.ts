// The interoperability repros of issue 15 with the clients people use, each compared with PostGIS on the same
// database: GDAL 3.6 (WFS, GML, OAPIF, OGCAPI, GPKG), OWSLib 0.27 (WFS bbox) and geopandas (GeoJSON in WGS 84).
// CRS names and axis order: README, "CRS names and axis order".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startApp, type TestApp } from '../support/app.ts';
import { pythonWith } from '../support/python.ts';

const run = promisify(execFile);
let app: TestApp;
const work = mkdtempSync(path.join(tmpdir(), 'interop-'));
beforeAll(async () => { app = await startApp(); });
afterAll(async () => { await app?.close(); });

async function gdal(cmd: string, args: string[], env: Record<string, string> = {}): Promise<{ stdout: string; stderr: string }> {
  return run(cmd, args, { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, GDAL_HTTP_TIMEOUT: '60', CPL_DEBUG: 'OFF', ...env } });
}
async function dbCount(sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await app.db.query<{ n: number }>(sql, params);
  return Number(row!.n);
}
const point = (out: string) => /POINT \(([-\d.]+) ([-\d.]+)\)/.exec(out)!.slice(1, 3).map(Number) as [number, number];

describe('WFS axis order by CRS name (item 1) and KVP BBOX with a CRS (item 2)', () => {
  it('GDAL places a tree where PostGIS does for SRSNAME=EPSG:4326, the URN form and EPSG:2177', async () => {
    const [t] = await app.db.query<{ x: number; y: number; lon: number; lat: number }>(`SELECT ST_X(geom) x, ST_Y(geom) y,
      ST_X(ST_Transform(geom, 4326)) lon, ST_Y(ST_Transform(geom, 4326)) lat FROM sip.drzewa WHERE "numerInwentarzowy" = 'ZZM-0002381'`);
    const read = async (srs: string) => point((await gdal('ogrinfo', ['-ro', '-q', `WFS:${app.url}/ows?SRSNAME=${srs}`, 'sip:drzewa',
      '-where', "numerInwentarzowy='ZZM-0002381'"])).stdout);
    const [lon, lat] = await read('EPSG:4326');
    expect(lon).toBeCloseTo(t!.lon, 6); // was 52.409 (latitude) before: the Arabian Sea
    expect(lat).toBeCloseTo(t!.lat, 6);
    const [ulon, ulat] = await read('urn:ogc:def:crs:EPSG::4326');
    expect(ulon).toBeCloseTo(t!.lon, 6);
    expect(ulat).toBeCloseTo(t!.lat, 6);
    const [x, y] = await read('EPSG:2177');
    expect(x).toBeCloseTo(t!.x, 2); // easting first
    expect(y).toBeCloseTo(t!.y, 2);
  });

  it('OWSLib getfeature(bbox=(…, "EPSG:2177")) and a lon/lat EPSG:4326 box return the database\'s features', async () => {
    const box2177 = [6427400, 5808800, 6427600, 5809000] as const;
    const box4326 = [16.933, 52.407, 16.936, 52.409] as const;
    const n2177 = await dbCount('SELECT count(*) AS n FROM sip.drzewa WHERE ST_Intersects(geom, ST_MakeEnvelope($1, $2, $3, $4, 2177))', [...box2177]);
    const n4326 = await dbCount('SELECT count(*) AS n FROM sip.drzewa WHERE ST_Intersects(geom, ST_Transform(ST_MakeEnvelope($1, $2, $3, $4, 4326), 2177))', [...box4326]);
    expect(n2177).toBeGreaterThan(0);
    expect(n4326).toBeGreaterThan(0);
    const script = String.raw`
import json, sys, re
from owslib.wfs import WebFeatureService
url = sys.argv[1]
out = {}
for version in ['2.0.0', '1.1.0']:
  wfs = WebFeatureService(url, version=version)
  for name, box in [('2177', (${box2177.join(', ')}, 'EPSG:2177')), ('4326', (${box4326.join(', ')}, 'EPSG:4326'))]:
    gml = wfs.getfeature(typename=['sip:drzewa'], bbox=box).read()
    if isinstance(gml, bytes): gml = gml.decode('utf-8')
    out[version + ':' + name] = len(re.findall(r'<sip:drzewa ', gml))
print(json.dumps(out))
`;
    const { stdout } = await run(pythonWith(['owslib'], 'python3-owslib'), ['-c', script, `${app.url}/ows`]);
    const counts = JSON.parse(stdout) as Record<string, number>;
    expect(counts).toEqual({ '2.0.0:2177': n2177, '2.0.0:4326': n4326, '1.1.0:2177': n2177, '1.1.0:4326': n4326 });
  });

  it('geopandas reads SRSNAME=EPSG:4326 GeoJSON with the Old Market Square at lon ≈ 16.93, lat ≈ 52.41', async () => {
    const [b] = await app.db.query<{ id: number; lon: number; lat: number }>(`SELECT id, ST_X(ST_Transform(ST_PointOnSurface(geom), 4326)) lon,
      ST_Y(ST_Transform(ST_PointOnSurface(geom), 4326)) lat FROM egib.budynki WHERE ulica = 'Stary Rynek' ORDER BY id LIMIT 1`);
    const url = `${app.url}/ows?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&RESOURCEID=budynki.${b!.id}&SRSNAME=EPSG:4326&OUTPUTFORMAT=application/json`;
    const script = String.raw`
import json, sys
import geopandas as gpd
df = gpd.read_file(sys.argv[1])
g = df.geometry.iloc[0]
print(json.dumps({'crs': df.crs.to_epsg() if df.crs else None, 'minx': g.bounds[0], 'miny': g.bounds[1], 'maxx': g.bounds[2], 'maxy': g.bounds[3]}))
`;
    const { stdout } = await run(pythonWith(['geopandas'], 'python3-geopandas'), ['-c', script, url]);
    const r = JSON.parse(stdout) as { crs: number | null; minx: number; miny: number; maxx: number; maxy: number };
    expect(r.crs).toBe(4326);
    expect(r.minx).toBeCloseTo(16.93, 1);
    expect(r.miny).toBeCloseTo(52.41, 1);
    expect(r.minx).toBeLessThanOrEqual(b!.lon);
    expect(r.maxx).toBeGreaterThanOrEqual(b!.lon);
    expect(r.miny).toBeLessThanOrEqual(b!.lat);
    expect(r.maxy).toBeGreaterThanOrEqual(b!.lat);
  });
});

describe('WFS counts, namespaces and geometry types (items 3, 4, 6)', () => {
  it('GDAL reads the WFS 1.1.0 feature count (numberOfFeatures of RESULTTYPE=hits) as the database count', async () => {
    for (const [typeName, table] of [['egib:budynki', 'egib.budynki'], ['gesut:przewody', 'gesut.przewody']] as const) {
      const { stdout } = await gdal('ogrinfo', ['-ro', '-so', `WFS:${app.url}/ows?VERSION=1.1.0`, typeName]);
      expect(Number(/Feature Count: (\d+)/.exec(stdout)![1]), typeName).toBe(await dbCount(`SELECT count(*) AS n FROM ${table}`));
    }
  });

  it('GDAL reads a GetFeature whose type name is bound by NAMESPACES or written in Clark notation', async () => {
    const n = await dbCount('SELECT count(*) AS n FROM egib.obreby');
    const base = `${app.url}/ows?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature`;
    for (const q of [`NAMESPACES=${encodeURIComponent('xmlns(e,https://sip.poznan.pl/ns/egib)')}&TYPENAMES=e:obreby`,
      `TYPENAMES=${encodeURIComponent('{https://sip.poznan.pl/ns/egib}obreby')}`]) {
      const file = path.join(work, `ns-${q.slice(0, 4)}.gml`);
      writeFileSync(file, Buffer.from(await (await fetch(`${base}&${q}`)).arrayBuffer()));
      const { stdout } = await gdal('ogrinfo', ['-ro', '-so', '-al', file], { GML_DOWNLOAD_SCHEMA: 'NO' });
      expect(Number(/Feature Count: (\d+)/.exec(stdout)![1]), q).toBe(n);
    }
  });

  it('ogr2ogr writes GeoPackage layers of the stored geometry types (not COMPOUNDCURVE/CURVEPOLYGON/MULTISURFACE)', async () => {
    const cases = [
      ['gesut:przewody', "branza = 'g'", `SELECT count(*) AS n FROM gesut.przewody WHERE "branza" = 'g'`, 'Line String'], // gas (GESUT 2021 code, sql/009)
      ['sip:arkusze', 'skala = 1000', 'SELECT count(*) AS n FROM pl2000.arkusze WHERE skala = 1000', 'Polygon'],
      ['egib:dzialki', "idObrebu = '306401_1.0002'", `SELECT count(*) AS n FROM egib.dzialki WHERE "idObrebu" = '306401_1.0002'`, 'Multi Polygon'],
    ] as const;
    for (const [typeName, where, sql, type] of cases) {
      const out = path.join(work, `${typeName.replace(':', '_')}.gpkg`);
      await gdal('ogr2ogr', ['-f', 'GPKG', out, `WFS:${app.url}/ows`, typeName, '-where', where]);
      const { stdout } = await gdal('ogrinfo', ['-ro', '-so', '-al', out]);
      expect(/Geometry: (.+)/.exec(stdout)![1], typeName).toBe(type);
      expect(Number(/Feature Count: (\d+)/.exec(stdout)![1]), typeName).toBe(await dbCount(sql));
    }
  });
});

describe('OGC API with GDAL (items 9, 10)', () => {
  it('GDAL 3.6 reads the tile matrix set document (TMS 1.0 members next to 2.0) and no longer takes it for a file name', async () => {
    // GDAL's TMS parser (the one its OGCAPI driver uses) given the served document as a COG tiling scheme.
    const out = path.join(work, 'tms.tif');
    await gdal('gdal_create', ['-of', 'GTiff', '-outsize', '10', '10', '-bands', '1', '-a_srs', 'EPSG:3857', '-a_ullr', '1884000', '6872000', '1885000', '6871000', path.join(work, 'small.tif')]);
    await gdal('gdal_translate', ['-q', '-of', 'COG', '-co', `TILING_SCHEME=${app.url}/ogcapi/tileMatrixSets/WebMercatorQuad`, path.join(work, 'small.tif'), out]);
    const info = (await gdal('gdalinfo', [out])).stdout;
    expect(info).toContain('Size is 256, 256'); // snapped to one 256-pixel tile of the served matrix set
    // The OGCAPI driver fetches the document and parses it without the two errors of the issue.
    const open = await gdal('ogrinfo', ['-ro', '-so', `OGCAPI:${app.url}/ogcapi/collections/dzialki`, '-oo', 'API=TILES'], { CPL_DEBUG: 'ON' })
      .catch((err: { stdout: string; stderr: string }) => err);
    expect(open.stderr).toContain('/tileMatrixSets/WebMercatorQuad');
    expect(open.stderr).not.toMatch(/Destination buffer too small|Invalid tiling matrix set name|Cannot parse CRS|No tileMatrix/);
  });

  it('GDAL lists the dataset\'s collections and the zoom levels of dzialki\'s vector tiles, and reads every parcel at z16 with the tile\'s attributes', async () => {
    // The dataset level: GDAL 3.6 follows the landing page's data link and offers each collection as a subdataset.
    const landing = (await gdal('ogrinfo', ['-ro', `OGCAPI:${app.url}/ogcapi`, '-oo', 'API=TILES'])).stdout;
    expect(landing).toContain(`=OGCAPI:${app.url}/ogcapi/collections/dzialki`);
    // GDAL 3.6 takes the collection's CRS84 bbox for coordinates of the tile matrix set (gdalogcapidataset.cpp,
    // InitWithTilesAPI: minCol = (dfXMin - dfOriX) / mResX / mTileWidth), so the area goes in EPSG:3857 options.
    const [b] = await app.db.query<{ x0: number; y0: number; x1: number; y1: number }>(`SELECT ST_XMin(e) x0, ST_YMin(e) y0, ST_XMax(e) x1,
      ST_YMax(e) y1 FROM (SELECT ST_Extent(ST_Transform(geom, 3857))::geometry e FROM egib.dzialki) s`);
    const area = ['-oo', `MINX=${b!.x0}`, '-oo', `MINY=${b!.y0}`, '-oo', `MAXX=${b!.x1}`, '-oo', `MAXY=${b!.y1}`];
    const source = `OGCAPI:${app.url}/ogcapi/collections/dzialki`;
    const open = await gdal('ogrinfo', ['-ro', '-q', source, '-oo', 'API=TILES', ...area], { CPL_DEBUG: 'ON' })
      .then((r) => ({ ...r, ok: true }), (err: { stdout: string; stderr: string }) => ({ stdout: err.stdout, stderr: err.stderr, ok: false }));
    const tileset = await (await fetch(`${app.url}/ogcapi/collections/dzialki/tiles/WebMercatorQuad`)).json() as {
      layers: { id: string; propertiesSchema: { properties: Record<string, unknown> } }[]; links: { rel: string; type: string; href: string }[] };
    const fields = Object.keys(tileset.layers.find((l) => l.id === 'dzialki')!.propertiesSchema.properties);
    const parcels = await dbCount('SELECT count(*) AS n FROM egib.dzialki');
    if (!open.ok) {
      // The CMake builds of GDAL 3.6.0–3.7.0 (Debian 12's 3.6.2 among them) compile the driver's vector-tile code out:
      // frmts/ogcapi/CMakeLists.txt defines OGR_ENABLE_DRIVER_GML only if that variable is set, and gdal.cmake adds
      // frmts before ogr/ogrsf_frmts, where it is set; InitWithTilesAPI's `#ifdef OGR_ENABLE_DRIVER_GML` vector branch
      // is then empty and the open fails silently after the tile matrix set (fixed in 3.7.1, OSGeo/gdal#7993).
      const [, major, minor, patch] = /GDAL (\d+)\.(\d+)\.(\d+)/.exec((await gdal('ogrinfo', ['--version'])).stdout)!.map(Number);
      const v = major! * 10000 + minor! * 100 + patch!;
      expect(v >= 30600 && v < 30701, `GDAL ${major}.${minor}.${patch} failed to open the vector tiles:\n${open.stderr}`).toBe(true);
      expect(open.stderr).toContain('/ogcapi/tileMatrixSets/WebMercatorQuad'); // it walked tilesets → tileset → tiling scheme
      expect(open.stderr).not.toMatch(/ERROR \d+:/);
      // What that driver would hand each tile to — GDAL's MVT driver — reads the tile the tileset's item link names.
      const [p] = await app.db.query<{ x: number; y: number }>(`SELECT ST_X(p) x, ST_Y(p) y FROM (SELECT ST_Transform(ST_PointOnSurface(geom), 3857) p
        FROM egib.dzialki ORDER BY "idDzialki" LIMIT 1) s`);
      const size = (2 * 20037508.342789244) / 2 ** 16;
      const col = Math.floor((p!.x + 20037508.342789244) / size);
      const row = Math.floor((20037508.342789244 - p!.y) / size);
      const item = tileset.links.find((l) => l.rel === 'item' && l.type === 'application/vnd.mapbox-vector-tile')!.href;
      const response = await fetch(item.replace('{tileMatrix}', '16').replace('{tileRow}', String(row)).replace('{tileCol}', String(col)));
      expect(response.status).toBe(200);
      const file = path.join(work, 'dzialki-16.mvt');
      writeFileSync(file, Buffer.from(await response.arrayBuffer()));
      const tile = (await gdal('ogrinfo', ['-ro', '-so', '-oo', 'Z=16', '-oo', `X=${col}`, '-oo', `Y=${row}`, file, 'dzialki'])).stdout;
      expect(Number(/Feature Count: (\d+)/.exec(tile)![1])).toBeGreaterThan(0);
      // (mvt_id: GDAL's field for the tile's feature ids)
      expect([...tile.matchAll(/^(\w+): \w+ \(/gm)].map((m) => m[1]).filter((f) => f !== 'mvt_id').sort()).toEqual([...fields].sort());
      return;
    }
    // A GDAL whose driver has its vector code: one layer per zoom level, and z16 (full detail) holds every parcel —
    // cut at tile edges, so distinct identifiers are counted — with the attributes of the tiles (from the describedBy schema).
    expect(open.stdout).toMatch(/: Zoom level 16\b/);
    const out = path.join(work, 'dzialki-tiles.gpkg');
    await gdal('ogr2ogr', ['-f', 'GPKG', out, source, '-oo', 'API=TILES', ...area, 'Zoom level 16', '-nln', 'z16']);
    const info = (await gdal('ogrinfo', ['-ro', '-so', out, 'z16'])).stdout;
    for (const f of fields) expect(info, f).toMatch(new RegExp(`^${f}: `, 'm'));
    const distinct = (await gdal('ogrinfo', ['-ro', '-q', '-sql', 'SELECT count(DISTINCT idDzialki) AS n FROM z16', out])).stdout;
    expect(Number(/n \(Integer\) = (\d+)/.exec(distinct)![1])).toBe(parcels);
  });

  it('GDAL 3.6 pages a whole collection in the server\'s page size (next links), with the database count', async () => {
    const out = path.join(work, 'przewody.json');
    const { stderr } = await gdal('ogr2ogr', ['-f', 'GeoJSON', out, `OAPIF:${app.url}/ogcapi`, 'przewody'], { CPL_DEBUG: 'ON' });
    const n = await dbCount('SELECT count(*) AS n FROM gesut.przewody');
    const features = (JSON.parse(readFileSync(out, 'utf8')) as { features: { id?: unknown; properties: { idPrzewodu: string } }[] }).features;
    expect(features.length).toBe(n);
    expect(new Set(features.map((f) => f.properties.idPrzewodu)).size).toBe(n);
    const requests = (stderr.match(/HTTP: Fetch\([^)]*\/collections\/przewody\/items/g) ?? []).length;
    // GDAL asks for limit=10 and follows next links; they carry the preferred 1000: 1 + ⌈(n−10)/1000⌉ pages (was 1,809).
    expect(requests).toBeLessThanOrEqual(2 + Math.ceil((n - 10) / 1000));
  });
});
