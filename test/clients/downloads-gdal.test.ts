// Extracts and map sheets opened by the tools users have: GDAL (ogrinfo, ogr2ogr, gdalinfo, gdallocationinfo) and
// poppler (pdftotext, pdftoppm); counts, attributes and CRS compared with the database.
import { shapefileFieldName } from '../../server/formats/shapefile-names.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { startApp, type TestApp } from '../support/app.ts';
import { sheetAt, SHEET_SIZE } from '../../server/domain/sheets.ts';

const run = promisify(execFile);
let app: TestApp;
const work = mkdtempSync(path.join(tmpdir(), 'downloads-gdal-'));
const BOX = [6426900, 5808100, 6427700, 5808900];
const LAYERS = ['egib:dzialki', 'egib:budynki', 'egib:kontury_uzytkow', 'gesut:przewody_wodociagowe', 'gesut:urzadzenia', 'sip:drzewa'];
const TABLE: Record<string, { table: string; where?: string; key: string }> = {
  'egib:dzialki': { table: 'egib.dzialki', key: 'idDzialki' },
  'egib:budynki': { table: 'egib.budynki', key: 'idBudynku' },
  'egib:kontury_uzytkow': { table: 'egib.kontury_uzytkow', key: 'idKonturu' },
  'gesut:przewody_wodociagowe': { table: 'gesut.przewody', where: `"branza" = 'w'`, key: 'idPrzewodu' },
  'gesut:urzadzenia': { table: 'gesut.urzadzenia', key: 'idUrzadzenia' },
  'sip:drzewa': { table: 'sip.drzewa', key: 'numerInwentarzowy' },
};

beforeAll(async () => { app = await startApp({ DOWNLOADS_DIR: path.join(work, 'files') }); });
afterAll(async () => { await app?.close(); });

async function tool(cmd: string, args: string[]): Promise<string> {
  const { stdout } = await run(cmd, args, { maxBuffer: 256 * 1024 * 1024, env: { ...process.env, CPL_DEBUG: 'OFF', GDAL_HTTP_TIMEOUT: '20' } });
  return stdout;
}

async function download(url: string, name: string): Promise<string> {
  const r = await fetch(app.url + url);
  if (r.status !== 200) throw new Error(`${url}: ${r.status} ${await r.text()}`);
  const file = path.join(work, name);
  writeFileSync(file, Buffer.from(await r.arrayBuffer()));
  return file;
}

const where = (l: string) => `ST_Intersects(geom, ST_MakeEnvelope($1, $2, $3, $4, 2177))${TABLE[l]!.where ? ` AND ${TABLE[l]!.where}` : ''}`;

async function dbKeys(l: string): Promise<string[]> {
  const t = TABLE[l]!;
  const rows = await app.db.query<{ k: string }>(`SELECT "${t.key}"::text AS k FROM ${t.table} WHERE ${where(l)} ORDER BY 1`, BOX);
  return rows.map((r) => r.k);
}

/** Values of one attribute of a layer of a GDAL data source, through ogr2ogr to CSV. */
async function gdalKeys(source: string, layer: string, attribute: string): Promise<string[]> {
  const out = await tool('ogr2ogr', ['-f', 'CSV', '/vsistdout/', source, layer, '-select', attribute]);
  return out.trim().split('\n').slice(1).map((s) => s.replace(/^"|"$/g, '')).sort();
}

function featureCounts(ogrinfo: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const m of ogrinfo.matchAll(/Layer name: (\S+)[\s\S]*?Feature Count: (\d+)/g)) counts[m[1]!] = Number(m[2]);
  return counts;
}

const query = `layers=${LAYERS.join(',')}&bbox=${BOX.join(',')}`;

/** Every attribute of every feature of a layer as GDAL reads it (through GeoJSON), by key. */
async function gdalRecords(source: string, layer: string, key: string): Promise<Map<string, Record<string, unknown>>> {
  const fc = JSON.parse(await tool('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', source, layer])) as { features: { properties: Record<string, unknown> }[] };
  return new Map(fc.features.map((f) => [String(f.properties[key]), f.properties]));
}

/** Compares GDAL's values with the database's: numbers as numbers, instants as instants, the rest as text. */
function sameValue(gdal: unknown, db: unknown): boolean {
  if (db === null || db === undefined) return gdal === null || gdal === undefined || gdal === '';
  if (db instanceof Date) return new Date(String(gdal).replace(/\//g, '-').replace(' ', 'T')).getTime() === db.getTime();
  if (typeof db === 'number') return Number(gdal) === db;
  return String(gdal) === String(db);
}

async function expectSameAttributes(source: string, layer: string, fieldOf: (name: string) => string = (n) => n): Promise<void> {
  // Stored columns only: computed attributes (code names, e.g. nazwaRodzajuWgKST) have no column to compare with.
  const attributes = app.catalog.layer('egib:budynki', 'anonim')!.attributes.filter((a) => !a.roles && !a.sql).map((a) => a.name);
  const rows = await app.db.query<Record<string, unknown>>(`SELECT ${attributes.map((a) => `"${a}"`).join(', ')} FROM egib.budynki WHERE ${where('egib:budynki')}`, BOX);
  const records = await gdalRecords(source, layer, fieldOf('idBudynku'));
  expect(records.size).toBe(rows.length);
  for (const row of rows) {
    const rec = records.get(String(row.idBudynku))!;
    for (const a of attributes) expect(sameValue(rec[fieldOf(a)], row[a]), `${row.idBudynku}.${a}: ${rec[fieldOf(a)]} vs ${row[a]}`).toBe(true);
  }
}

describe('vector extracts in GDAL', () => {
  it('GeoPackage: every layer with the database count, keys, EPSG:2177, and a valid file', async () => {
    const file = await download(`/api/extract?${query}&format=gpkg`, 'x.gpkg');
    const info = await tool('ogrinfo', ['-ro', '-so', '-al', file]);
    const counts = featureCounts(info);
    for (const l of LAYERS) {
      const keys = await dbKeys(l);
      expect(counts[l.split(':')[1]!], l).toBe(keys.length);
      expect(await gdalKeys(file, l.split(':')[1]!, TABLE[l]!.key), l).toEqual(keys.sort());
    }
    expect(info).toMatch(/ID\["EPSG",2177\]/);
    await expectSameAttributes(file, 'budynki');
    // The attribute types survive: a real number stays real.
    expect(info).toMatch(/poleEwidencyjne: Real/);
    // GDAL's own validation of the R-tree and metadata.
    const check = await tool('ogrinfo', ['-ro', '-q', file, '-sql', 'SELECT HasSpatialIndex(\'dzialki\', \'geom\') AS i']);
    expect(check).toMatch(/HasSpatialIndex.* = 1/);
  });

  it('Shapefile zip: .shp/.dbf/.prj per layer with the database counts and keys, in EPSG:2177', async () => {
    const file = await download(`/api/extract?${query}&format=shp`, 'x.zip');
    const info = await tool('ogrinfo', ['-ro', '-so', '-al', `/vsizip/${file}`]);
    const counts = featureCounts(info);
    for (const l of LAYERS) {
      const name = l.split(':')[1]!;
      const keys = await dbKeys(l);
      expect(counts[name], l).toBe(keys.length);
      // dBase names are at most 10 bytes: the documented short names.
      const field = shapefileFieldName(TABLE[l]!.key);
      expect(await gdalKeys(`/vsizip/${file}/${name}.shp`, name, field), l).toEqual(keys.sort());
    }
    expect(info).toMatch(/ID\["EPSG",2177\]/);
    // Long names have fixed, documented short names (no liczbaKo_1, no powierzc_1), listed in <layer>_pola.txt.
    await expectSameAttributes(`/vsizip/${file}/budynki.shp`, 'budynki', shapefileFieldName);
    const parcelFields = await tool('ogrinfo', ['-ro', '-so', `/vsizip/${file}/dzialki.shp`, 'dzialki']);
    expect(parcelFields).toMatch(/POLE_EW_HA: Real/);
    expect(parcelFields).toMatch(/POW_GEO_M2: Real/);
    expect(parcelFields).not.toMatch(/_1:/);
    // Polish letters in UTF-8 (the .cpg).
    const out = await tool('ogr2ogr', ['-f', 'CSV', '/vsistdout/', `/vsizip/${file}/przewody_wodociagowe.shp`, '-select', 'BRANZA_NAZ']);
    expect(out).toContain('Sieć wodociągowa');
  });

  it('GML 3.2: one collection with every layer, the database counts and EPSG:2177', async () => {
    const file = await download(`/api/extract?${query}&format=gml`, 'x.gml');
    const info = await tool('ogrinfo', ['-ro', '-so', '-al', file, '--config', 'GML_SKIP_RESOLVE_ELEMS', 'ALL']);
    const counts = featureCounts(info);
    for (const l of LAYERS) expect(counts[l.split(':')[1]!], l).toBe((await dbKeys(l)).length);
    expect(info).toMatch(/ID\["EPSG",2177\]/);
    expect(await gdalKeys(file, 'dzialki', 'idDzialki')).toEqual((await dbKeys('egib:dzialki')).sort());
  });

  it('DXF: CAD layers per class and branch with standard colour numbers, texts and XDATA attributes; a parcel number lies in its parcel', async () => {
    const file = await download(`/api/extract?${query}&format=dxf`, 'x.dxf');
    // ogrinfo lists the CAD layers (the DXF driver's one layer "entities" with a field Layer).
    const layers = (await tool('ogrinfo', ['-ro', '-q', file, '-sql', 'SELECT DISTINCT Layer FROM entities'])).match(/Layer \(String\) = (\S+)/g)!.map((m) => m.split(' = ')[1]);
    for (const l of ['EGB_DZIALKI', 'EGB_DZIALKI_NUMERY', 'EGB_BUDYNKI', 'EGB_BUDYNKI_OPISY', 'EGB_KONTURY_UZYTKOW', 'GESUT_W_WODOCIAGOWA', 'GESUT_W_WODOCIAGOWA_OPISY', 'SIP_DRZEWA']) {
      expect(layers, l).toContain(l);
    }
    expect(layers.filter((l) => /^GESUT_[A-Z]_[A-Z]+_URZADZENIA$/.test(l!)).length).toBeGreaterThan(1);
    // One entity per ring, line part and point, as before, on the class layers.
    const cadLayer: Record<string, string> = { 'egib:dzialki': 'EGB_DZIALKI', 'egib:budynki': 'EGB_BUDYNKI', 'egib:kontury_uzytkow': 'EGB_KONTURY_UZYTKOW', 'sip:drzewa': 'SIP_DRZEWA' };
    for (const [l, cad] of Object.entries(cadLayer)) {
      const t = TABLE[l]!;
      const [row] = await app.db.query<{ n: number }>(
        `SELECT coalesce(sum(CASE WHEN GeometryType(d.geom) = 'POLYGON' THEN ST_NRings(d.geom) ELSE 1 END), 0) AS n
         FROM ${t.table} t, LATERAL ST_Dump(t.geom) d WHERE ${where(l).replace('geom', 't.geom')}`, BOX);
      const info = await tool('ogrinfo', ['-ro', '-so', file, 'entities', '-where', `Layer = '${cad}'`]);
      expect(Number(/Feature Count: (\d+)/.exec(info)![1]), l).toBe(Number(row!.n));
    }
    // The layer table's AutoCAD Color Index: the base-map colours (water 0,0,255 → 5; black → 7).
    const pairs = readFileSync(file, 'utf8').split(/\r?\n/);
    const aci = new Map<string, number>();
    for (let i = 0; i + 1 < pairs.length; i += 2) {
      if (pairs[i]!.trim() === '0' && pairs[i + 1] === 'LAYER') {
        let name = '', colour = NaN;
        for (let j = i + 2; j + 1 < pairs.length && pairs[j]!.trim() !== '0'; j += 2) {
          if (pairs[j]!.trim() === '2') name = pairs[j + 1]!;
          if (pairs[j]!.trim() === '62') colour = Number(pairs[j + 1]);
        }
        aci.set(name, colour);
      }
    }
    expect(aci.get('GESUT_W_WODOCIAGOWA')).toBe(5);
    expect(aci.get('GESUT_W_WODOCIAGOWA_OPISY')).toBe(5);
    expect(aci.get('EGB_DZIALKI')).toBe(7);
    // Parcel numbers: one TEXT per parcel, carrying the parcel's attributes as XDATA, inside its parcel.
    // GDAL hands the XDATA over as RawCodeValues (group code, value, …) when asked to.
    const texts = JSON.parse(await tool('ogr2ogr', ['--config', 'DXF_INCLUDE_RAW_CODE_VALUES', 'TRUE', '-f', 'GeoJSON', '/vsistdout/', file, '-sql',
      `SELECT Text, RawCodeValues FROM entities WHERE Layer = 'EGB_DZIALKI_NUMERY'`])) as { features: { geometry: { coordinates: number[] }; properties: { Text: string; RawCodeValues: string[] } }[] };
    const rows = texts.features.map((f) => ({ x: f.geometry.coordinates[0]!, y: f.geometry.coordinates[1]!, text: f.properties.Text, xdata: (f.properties.RawCodeValues ?? []).join(' ') }));
    expect(rows[0]!.xdata).toContain('1001 SIP_POZNAN');
    expect(rows.length).toBe((await dbKeys('egib:dzialki')).length);
    let inside = 0;
    for (const r of rows) {
      const id = /idDzialki=(\S+)/.exec(r.xdata)?.[1];
      expect(id, r.xdata).toBeDefined();
      const [hit] = await app.db.query<{ inside: boolean; numer: string }>(
        `SELECT ST_Contains(geom, ST_SetSRID(ST_MakePoint($2, $3), 2177)) AS inside, "numerDzialki" AS numer FROM egib.dzialki WHERE "idDzialki" = $1`, [id, r.x, r.y]);
      expect(hit?.numer, id).toBe(r.text);
      if (hit?.inside) inside++;
    }
    expect(inside).toBe(rows.length);
    // Building labels (function symbol + storeys) and network labels (branch symbol + diameter, "w150").
    const labels = await tool('ogrinfo', ['-ro', '-q', file, '-sql', `SELECT Text, Layer FROM entities WHERE Layer IN ('EGB_BUDYNKI_OPISY', 'GESUT_W_WODOCIAGOWA_OPISY')`]);
    expect(labels).toMatch(/Text \(String\) = [mphstbzkgi]\d+/);
    expect(labels).toMatch(/Text \(String\) = w\d{2,4}\b/);
    // Polish letters read back as written (AutoCAD 2007+ DXF is UTF-8; GDAL 3.6 must be told): medium-pressure gas "gś…".
    const gasFile = await download(`/api/extract?layers=gesut:przewody_gazowe&bbox=${BOX.join(',')}&format=dxf`, 'gas.dxf');
    const gas = await tool('ogrinfo', ['--config', 'DXF_ENCODING', 'UTF-8', '-ro', '-q', gasFile, '-sql', `SELECT Text FROM entities WHERE Layer = 'GESUT_G_GAZOWA_OPISY'`]);
    expect(gas).toMatch(/Text \(String\) = gś\d+/);
    console.log(`DXF: ${layers.length} CAD layers, ${rows.length} parcel numbers inside their parcels`);
  });

  it('GeoJSON and CSV: a zip of one file per layer with the database counts', async () => {
    const gj = await download(`/api/extract?${query}&format=geojson`, 'x-geojson.zip');
    const csv = await download(`/api/extract?${query}&format=csv`, 'x-csv.zip');
    for (const l of LAYERS) {
      const name = l.split(':')[1]!;
      const n = (await dbKeys(l)).length;
      expect(featureCounts(await tool('ogrinfo', ['-ro', '-so', `/vsizip/${gj}/${name}.geojson`, name]))[name], l).toBe(n);
      expect(featureCounts(await tool('ogrinfo', ['-ro', '-so', `/vsizip/${csv}/${name}.csv`, name]))[name], l).toBe(n);
    }
    expect(await tool('ogrinfo', ['-ro', '-so', `/vsizip/${gj}/dzialki.geojson`, 'dzialki'])).toMatch(/ID\["EPSG",2177\]/);
  });

  it('another CRS: a GeoPackage in EPSG:2180 holds the features transformed by PostGIS', async () => {
    const file = await download(`/api/extract?layers=egib:budynki&bbox=${BOX.join(',')}&format=gpkg&crs=EPSG:2180`, 'x2180.gpkg');
    const info = await tool('ogrinfo', ['-ro', '-so', file, 'budynki']);
    expect(info).toMatch(/ID\["EPSG",2180\]/);
    const [e] = await app.db.query<{ minx: number; miny: number }>(`SELECT ST_XMin(e) AS minx, ST_YMin(e) AS miny FROM (SELECT ST_Extent(ST_Transform(geom, 2180)) AS e FROM egib.budynki WHERE ${where('egib:budynki')}) x`, BOX);
    const m = /Extent: \(([\d.]+), ([\d.]+)\)/.exec(info)!;
    expect(Number(m[1])).toBeCloseTo(e!.minx, 2);
    expect(Number(m[2])).toBeCloseTo(e!.miny, 2);
  });
});

describe('terrain crops', () => {
  it('NMT as GeoTIFF: the box on the model\'s 2 m grid, EPSG:2177, the same heights as the source', async () => {
    // The model's grid starts at 6426577 E, 5809863 N (2 m pixels): the box grows outwards to whole pixels.
    const file = await download(`/api/extract?layers=nmt&format=tif&bbox=6427000,5808100,6427400,5808500`, 'nmt.tif');
    const info = JSON.parse(await tool('gdalinfo', ['-json', file])) as any;
    expect(info.size).toEqual([201, 201]);
    expect(info.cornerCoordinates.upperLeft).toEqual([6426999, 5808501]);
    expect(info.cornerCoordinates.lowerRight).toEqual([6427401, 5808099]);
    expect(info.bands[0].noDataValue).toBe(-9999);
    expect(info.coordinateSystem.wkt).toMatch(/ID\["EPSG",2177\]/);
    const source = path.join(import.meta.dirname, '../../data/sample/nmt.tif');
    for (const [e, n] of [[6427100.5, 5808200.5], [6427390, 5808110]]) {
      const a = await tool('gdallocationinfo', ['-valonly', '-geoloc', file, String(e), String(n)]);
      const b = await tool('gdallocationinfo', ['-valonly', '-geoloc', source, String(e), String(n)]);
      expect(Number(a)).toBe(Number(b));
    }
  });
});

describe('map sheets', () => {
  const sheet = sheetAt(1000, 6427600, 5808700)!;

  it('GeoTIFF: gdalinfo reads EPSG:2177 and the sheet\'s corners exactly', async () => {
    const file = await download(`/api/sheets/${sheet.godlo}/map.tif?dpi=100`, 'sheet.tif');
    const info = JSON.parse(await tool('gdalinfo', ['-json', file])) as any;
    expect(info.coordinateSystem.wkt).toMatch(/ID\["EPSG",2177\]/);
    const [minE, minN, maxE, maxN] = sheet.bounds;
    expect(info.cornerCoordinates.upperLeft).toEqual([minE, maxN]);
    expect(info.cornerCoordinates.lowerRight).toEqual([maxE, minN]);
    expect(info.bands.map((b: any) => b.colorInterpretation)).toEqual(['Red', 'Green', 'Blue']);
    expect(info.size).toEqual([Math.round((0.8 / 0.0254) * 100), Math.round((0.5 / 0.0254) * 100)]);
  });

  it('PNG at 300 dpi: 80 cm × 50 cm of pixels, the resolution recorded, the map drawn', async () => {
    const file = await download(`/api/sheets/${sheet.godlo}/map.png`, 'sheet.png');
    const meta = await sharp(file).metadata();
    expect([meta.width, meta.height]).toEqual([9449, 5906]);
    expect(meta.density).toBe(300);
    const stats = await sharp(file).stats();
    expect(stats.isOpaque).toBe(true);
    // Not a blank sheet: the parcels and buildings put ink on it.
    expect(stats.channels[0]!.min).toBeLessThan(100);
    expect(SHEET_SIZE[1000]).toEqual([800, 500]);
  }, 240_000);

  it('PDF: pdftotext finds the godło, scale and clauses; pdftoppm renders the frame', async () => {
    const file = await download(`/api/sheets/${sheet.godlo}/map.pdf?dpi=100`, 'sheet.pdf');
    const text = await tool('pdftotext', ['-layout', file, '-']);
    expect(text).toContain(sheet.godlo);
    expect(text).toContain('1:1000');
    expect(text).toMatch(/Stan danych na dzień: \d{4}-\d{2}-\d{2}/);
    expect(text).toContain('Licencja danych');
    expect(text).toContain('Legenda');
    // Frame coordinates: the sheet's corners written at the frame.
    expect(text.replace(/\s/g, '')).toContain(`y=${sheet.bounds[0]}`.replace(/\B(?=(\d{3})+(?!\d))/g, ''));
    const dpi = 40;
    await tool('pdftoppm', ['-r', String(dpi), '-png', '-singlefile', file, path.join(work, 'page')]);
    const { data, info } = await sharp(path.join(work, 'page.png')).greyscale().raw().toBuffer({ resolveWithObject: true });
    const px = (cm: number) => Math.round((cm / 2.54) * dpi);
    const dark = (x: number, y: number) => data[y * info.width + x]! < 128;
    // The outer frame line 3 mm outside the map (2.2 cm from the page's left edge, 2.7 cm from its top).
    const left = px(2.2), top = px(2.7);
    let column = 0, row = 0;
    for (let y = px(4); y < px(50); y++) if (dark(left, y) || dark(left - 1, y) || dark(left + 1, y)) column++;
    for (let x = px(4); x < px(80); x++) if (dark(x, top) || dark(x, top - 1) || dark(x, top + 1)) row++;
    expect(column / (px(50) - px(4))).toBeGreaterThan(0.95);
    expect(row / (px(80) - px(4))).toBeGreaterThan(0.95);
    expect(info.width).toBe(px(85));
  }, 180_000);
});
