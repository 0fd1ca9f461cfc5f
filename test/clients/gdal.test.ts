// GDAL as users run it: ogrinfo and ogr2ogr against the WFS and the OGC API, compared with the database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startApp, type TestApp } from '../support/app.ts';

const run = promisify(execFile);
let app: TestApp;
const work = mkdtempSync(path.join(tmpdir(), 'gdal-'));
beforeAll(async () => { app = await startApp(); });
afterAll(async () => { await app?.close(); });

async function gdal(cmd: string, args: string[]): Promise<string> {
  const { stdout } = await run(cmd, args, { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, GDAL_HTTP_TIMEOUT: '60', CPL_DEBUG: 'OFF' } });
  return stdout;
}
async function dbCount(sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await app.db.query<{ n: number }>(sql, params);
  return Number(row!.n);
}
function geojsonFeatures(file: string): { id?: string; properties: Record<string, unknown> }[] {
  return (JSON.parse(readFileSync(file, 'utf8')) as { features: { id?: string; properties: Record<string, unknown> }[] }).features;
}

describe('GDAL WFS driver', () => {
  it('lists every layer of the catalogue', async () => {
    const out = await gdal('ogrinfo', ['-ro', '-q', `WFS:${app.url}/ows`]);
    for (const l of app.catalog.visibleLayers('anonim')) expect(out).toContain(`${l.typeName} (`);
  });

  it('reads the feature count from RESULTTYPE=hits', async () => {
    const out = await gdal('ogrinfo', ['-ro', '-so', `WFS:${app.url}/ows`, 'egib:budynki']);
    expect(Number(/Feature Count: (\d+)/.exec(out)![1])).toBe(await dbCount('SELECT count(*) AS n FROM egib.budynki'));
  });

  it('pages through a whole layer: the download equals the database', async () => {
    const out = path.join(work, 'dzialki.json');
    await gdal('ogr2ogr', ['-f', 'GeoJSON', out, `WFS:${app.url}/ows`, 'egib:dzialki', '--config', 'OGR_WFS_PAGE_SIZE', '700', '--config', 'OGR_WFS_PAGING_ALLOWED', 'ON']);
    const features = geojsonFeatures(out);
    const ids = new Set(features.map((f) => f.properties.idDzialki));
    const n = await dbCount('SELECT count(*) AS n FROM egib.dzialki');
    expect(features.length).toBe(n);
    expect(ids.size).toBe(n);
  });

  it('applies -spat and -where on the server with the same result as PostGIS', async () => {
    const [c] = await app.db.query<{ x: number; y: number }>('SELECT ST_X(ST_Centroid(ST_Extent(geom))) AS x, ST_Y(ST_Centroid(ST_Extent(geom))) AS y FROM egib.dzialki');
    const box = [c!.x - 300, c!.y - 200, c!.x + 300, c!.y + 200];
    const out = path.join(work, 'spat.json');
    await gdal('ogr2ogr', ['-f', 'GeoJSON', out, `WFS:${app.url}/ows`, 'egib:dzialki', '-spat', ...box.map(String),
      '-where', "poleEwidencyjne > 0.02 AND numerDzialki LIKE '1%'"]);
    const expected = await dbCount(`SELECT count(*) AS n FROM egib.dzialki WHERE ST_Intersects(geom, ST_MakeEnvelope($1, $2, $3, $4, 2177))
      AND "poleEwidencyjne" > 0.02 AND "numerDzialki" LIKE '1%'`, box);
    expect(expected).toBeGreaterThan(0);
    expect(geojsonFeatures(out).length).toBe(expected);
  });

  it('reads a network branch layer with its attributes', async () => {
    const out = await gdal('ogrinfo', ['-ro', '-al', '-q', `WFS:${app.url}/ows`, 'gesut:przewody_cieplownicze', '-where', "funkcja = 'magistralny'"]);
    const n = await dbCount(`SELECT count(*) AS n FROM gesut.przewody WHERE "branza" = 'c' AND funkcja = 'magistralny'`);
    expect((out.match(/OGRFeature\(/g) ?? []).length).toBe(n);
    if (n > 0) expect(out).toContain('branza (String) = c');
  });
});

describe('GDAL OGC API – Features driver', () => {
  it('lists the collections and pages through one with the database count', async () => {
    const list = await gdal('ogrinfo', ['-ro', '-q', `OAPIF:${app.url}/ogcapi`]);
    for (const l of app.catalog.visibleLayers('anonim')) expect(list).toContain(`${l.name} (`);
    const out = path.join(work, 'drzewa.json');
    await gdal('ogr2ogr', ['-f', 'GeoJSON', out, `OAPIF:${app.url}/ogcapi`, 'drzewa', '-oo', 'PAGE_SIZE=250']);
    expect(geojsonFeatures(out).length).toBe(await dbCount('SELECT count(*) AS n FROM sip.drzewa'));
  });
});
