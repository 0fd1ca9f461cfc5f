// Sheet index, extracts, jobs and the download register over real HTTP against the sample PostGIS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { startApp, type TestApp } from '../support/app.ts';
import { sheetAt, parseGodlo } from '../../server/domain/sheets.ts';
import { downloadStats } from '../../server/services/downloads/stats.ts';

let app: TestApp;
const downloadsDir = mkdtempSync(path.join(tmpdir(), 'downloads-'));
// The sample district: 6426577…6428577 E, 5807863…5809863 N.
const BOX = [6427000, 5808200, 6427400, 5808500];

beforeAll(async () => { app = await startApp({ DOWNLOADS_DIR: downloadsDir }); });
afterAll(async () => { await app?.close(); });

async function getJson(url: string, init?: RequestInit): Promise<{ status: number; body: any; headers: Headers }> {
  const r = await fetch(app.url + url, init);
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : undefined, headers: r.headers };
}

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await app.db.query<{ n: number }>(sql, params);
  return Number(row!.n);
}

describe('sheet index', () => {
  it('lists the 1:1000 sheets of a box, the same as the pl2000.arkusze view computes in SQL', async () => {
    const { status, body, headers } = await getJson(`/api/sheets?scale=1000&bbox=${BOX.join(',')}`);
    expect(status).toBe(200);
    expect(headers.get('content-type')).toContain('application/geo+json');
    const names = body.features.map((f: any) => f.properties.godlo).sort();
    const sql = await app.db.query<{ godlo: string }>(
      'SELECT godlo FROM pl2000.arkusze WHERE skala = 1000 AND ST_Intersects(geom, ST_MakeEnvelope($1, $2, $3, $4, 2177)) AND NOT ST_Touches(geom, ST_MakeEnvelope($1, $2, $3, $4, 2177)) ORDER BY godlo', BOX);
    expect(names).toEqual(sql.map((r) => r.godlo).sort());
    expect(names.length).toBeGreaterThan(0);
    for (const f of body.features) {
      expect(f.properties.skala).toBe(1000);
      const [[a, b], , [c, d]] = f.geometry.coordinates[0];
      expect([c - a, d - b]).toEqual([800, 500]);
    }
  });

  it('every sheet of the SQL grid has the godło the TypeScript module gives its centre, at all five scales', async () => {
    const rows = await app.db.query<{ godlo: string; skala: number; x: number; y: number }>(
      'SELECT godlo, skala, ST_X(ST_Centroid(geom)) AS x, ST_Y(ST_Centroid(geom)) AS y FROM pl2000.arkusze');
    expect(new Set(rows.map((r) => r.skala))).toEqual(new Set([10000, 5000, 2000, 1000, 500]));
    for (const r of rows) expect(sheetAt(r.skala as 500, r.x, r.y)!.godlo).toBe(r.godlo);
    expect(new Set(rows.map((r) => r.godlo)).size).toBe(rows.length);
  });

  it('gives the sheets of a point at every scale, and a sheet by its name in another CRS', async () => {
    const { body } = await getJson('/api/sheets?point=6427577,5808863');
    expect(body.features.map((f: any) => f.properties.skala)).toEqual([10000, 5000, 2000, 1000, 500]);
    const godlo = body.features[3].properties.godlo;
    const one = await getJson(`/api/sheets/${godlo}?crs=EPSG:4326`);
    expect(one.status).toBe(200);
    expect(one.body.properties).toMatchObject({ godlo, skala: 1000 });
    const [lon, lat] = one.body.geometry.coordinates[0][0];
    expect(lon).toBeGreaterThan(16.9); expect(lon).toBeLessThan(17);
    expect(lat).toBeGreaterThan(52.3); expect(lat).toBeLessThan(52.5);
  });

  it('answers a polygon (POST GeoJSON) with the sheets it really meets, not all of its box', async () => {
    // A thin diagonal triangle meets fewer 1:500 sheets than its bounding box holds.
    const polygon = { type: 'Polygon', coordinates: [[[6427000, 5808000], [6428000, 5809000], [6427010, 5808000], [6427000, 5808000]]] };
    const r = await getJson('/api/sheets?scale=500', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(polygon) });
    expect(r.status).toBe(200);
    const inBox = await getJson('/api/sheets?scale=500&bbox=6427000,5808000,6428000,5809000');
    expect(r.body.features.length).toBeGreaterThan(0);
    expect(r.body.features.length).toBeLessThan(inBox.body.features.length);
  });

  it('refuses bad requests with JSON problems', async () => {
    expect((await getJson('/api/sheets?scale=1234&bbox=1,2,3,4')).status).toBe(400);
    expect((await getJson('/api/sheets?scale=1000')).status).toBe(400);
    expect((await getJson('/api/sheets?scale=1000&bbox=a,b,c,d')).status).toBe(400);
    const tooMany = await getJson('/api/sheets?scale=500&bbox=6300000,5700000,6500000,5900000');
    expect(tooMany.status).toBe(413);
    expect(tooMany.headers.get('content-type')).toContain('application/problem+json');
    expect((await getJson('/api/sheets/6.177.11.99')).status).toBe(404);
    expect((await getJson('/api/sheets/7.105.15')).status).toBe(404);
  });

  it('publishes the grid as the catalogue layer sip:arkusze (WFS)', async () => {
    const r = await fetch(`${app.url}/wfs?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=sip:arkusze&RESULTTYPE=hits`);
    const text = await r.text();
    expect(r.status).toBe(200);
    expect(Number(/numberMatched="(\d+)"/.exec(text)![1])).toBe(await count('SELECT count(*) AS n FROM pl2000.arkusze'));
  });

  it('draws the grid in WMS GetMap (sheet frames in their red)', async () => {
    const r = await fetch(`${app.url}/wms?SERVICE=WMS&VERSION=1.1.1&REQUEST=GetMap&LAYERS=sip:arkusze&STYLES=&SRS=EPSG:2177&BBOX=6426600,5807900,6428600,5809900&WIDTH=400&HEIGHT=400&FORMAT=image/png`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('image/png');
    const { data, info } = await sharp(Buffer.from(await r.arrayBuffer())).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    let red = 0;
    for (let i = 0; i < info.width * info.height; i++) if (data[i * 3]! > 150 && data[i * 3 + 1]! < 100 && data[i * 3 + 2]! < 100) red++;
    expect(red).toBeGreaterThan(100);
  });
});

describe('extracts', () => {
  it('sends a small extract at once and records it in the register in the same transaction', async () => {
    const before = await count('SELECT count(*) AS n FROM portal.pobrania');
    const r = await fetch(`${app.url}/api/extract?layers=egib:budynki&format=geojson&bbox=${BOX.join(',')}&portal=projektanci`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-disposition')).toMatch(/attachment; filename="sip-poznan-budynki-/);
    const fc = await r.json() as any;
    const expected = await count('SELECT count(*) AS n FROM egib.budynki WHERE ST_Intersects(geom, ST_MakeEnvelope($1, $2, $3, $4, 2177))', BOX);
    expect(fc.features).toHaveLength(expected);
    for (let i = 0; i < 50 && (await count('SELECT count(*) AS n FROM portal.pobrania')) === before; i++) await new Promise((r) => setTimeout(r, 100));
    const [rec] = await app.db.query<any>('SELECT * FROM portal.pobrania ORDER BY id DESC LIMIT 1');
    expect(await count('SELECT count(*) AS n FROM portal.pobrania')).toBe(before + 1);
    expect(rec).toMatchObject({ portal: 'projektanci', format: 'geojson', uzytkownik_id: null, rola: 'anonim', warstwy: ['egib:budynki'] });
    expect(Number(rec.liczbaObiektow)).toBe(expected);
    expect(Number(rec.rozmiarBajtow)).toBe(Number(r.headers.get('content-length')));
  });

  it('hides personal data from roles not entitled to it', async () => {
    const r = await fetch(`${app.url}/api/extract?layers=egib:dzialki&format=csv&bbox=${BOX.join(',')}`);
    const csv = await r.text();
    expect(csv.split('\n')[0]).toContain('idDzialki');
    expect(csv).not.toContain('wlasciciele');
  });

  it('limits: area per role, features, formats, invalid polygons', async () => {
    const big = await getJson('/api/extract?layers=egib:budynki&format=gpkg&bbox=6400000,5790000,6440000,5830000');
    expect(big.status).toBe(413);
    expect(big.body.maxAreaKm2).toBe(4);
    expect((await getJson(`/api/extract?layers=egib:budynki&format=xls&bbox=${BOX.join(',')}`)).status).toBe(400);
    expect((await getJson(`/api/extract?layers=egib:nic&format=gpkg&bbox=${BOX.join(',')}`)).status).toBe(400);
    expect((await getJson(`/api/extract?layers=egib:budynki&format=gpkg`)).status).toBe(400);
    const bowtie = JSON.stringify({ type: 'Polygon', coordinates: [[[6427000, 5808000], [6427500, 5808500], [6427500, 5808000], [6427000, 5808500], [6427000, 5808000]]] });
    expect((await getJson(`/api/extract?layers=egib:budynki&format=gpkg&polygon=${encodeURIComponent(bowtie)}`)).status).toBe(422);
  });

  it('refuses too many features for a direct download and points to the jobs', async () => {
    const limited = await startApp({ DOWNLOADS_DIR: downloadsDir, DOWNLOADS_SYNC_MAX_FEATURES: '5', DOWNLOADS_MAX_FEATURES: '1000' });
    try {
      const r = await fetch(`${limited.url}/api/extract?layers=egib:budynki&format=gpkg&bbox=${BOX.join(',')}`);
      expect(r.status).toBe(413);
      expect((await r.json() as any).detail).toContain('/api/extracts');
      const r2 = await fetch(`${limited.url}/api/extracts`, { method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ layers: ['egib:dzialki', 'egib:budynki'], format: 'gpkg', area: { bbox: [6426577, 5807863, 6428577, 5809863] } }) });
      expect(r2.status).toBe(413);
      expect((await r2.json() as any).maxFeatures).toBe(1000);
    } finally { await limited.close(); }
  });
});

async function waitForJob(href: string): Promise<any> {
  for (let i = 0; i < 300; i++) {
    const { body } = await getJson(href);
    if (['gotowe', 'blad', 'anulowane'].includes(body.status)) return body;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('job did not end');
}

describe('jobs', () => {
  it('runs a job: 202 with Location, progress over Server-Sent Events, the file, the register', async () => {
    const sheets = [sheetAt(1000, 6427200, 5808300)!.godlo, sheetAt(1000, 6428000, 5808300)!.godlo];
    const r = await fetch(`${app.url}/api/extracts`, { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ layers: ['egib:dzialki', 'gesut:przewody_wodociagowe'], format: 'gpkg', area: { sheets }, portal: 'geodeci' }) });
    expect(r.status).toBe(202);
    const location = r.headers.get('location')!;
    expect(location).toMatch(/^\/api\/jobs\/[0-9a-f-]{36}$/);
    // SSE: events until the job is done.
    const events = await fetch(app.url + location + '/events');
    expect(events.headers.get('content-type')).toContain('text/event-stream');
    const stream = await events.text();
    const datas = [...stream.matchAll(/^data: (.*)$/gm)].map((m) => JSON.parse(m[1]!));
    expect(datas.at(-1).status).toBe('gotowe');
    expect(stream).toMatch(/event: done/);
    const job = await waitForJob(location);
    expect(job.file.features).toBe(
      await count(`SELECT (SELECT count(*) FROM egib.dzialki WHERE ST_Intersects(geom, a)) + (SELECT count(*) FROM gesut.przewody WHERE "branza" = 'w' AND ST_Intersects(geom, a)) AS n
        FROM (SELECT ST_Union(geom) AS a FROM pl2000.arkusze WHERE godlo = ANY($1)) x`, [sheets]));
    const before = await count('SELECT count(*) AS n FROM portal.pobrania WHERE zadanie_id = $1', [job.id]);
    const file = await fetch(job.file.href);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/geopackage+sqlite3');
    const bytes = Buffer.from(await file.arrayBuffer());
    expect(bytes.subarray(0, 16).toString('latin1')).toBe('SQLite format 3\u0000');
    // The record commits once the whole file is out: poll for it.
    const registered = () => count('SELECT count(*) AS n FROM portal.pobrania WHERE zadanie_id = $1 AND portal = $2 AND format = $3', [job.id, 'geodeci', 'gpkg']);
    for (let i = 0; i < 50 && (await registered()) === before; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await registered()).toBe(before + 1);
    // A finished job cannot be cancelled.
    expect((await fetch(app.url + location, { method: 'DELETE' })).status).toBe(409);
  });

  it('cancels a waiting job; its file is never made', async () => {
    const slow = await startApp({ DOWNLOADS_DIR: downloadsDir, DOWNLOADS_CONCURRENCY: '1' });
    try {
      const post = () => fetch(`${slow.url}/api/extracts`, { method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ layers: ['egib:dzialki', 'egib:budynki', 'egib:kontury_uzytkow'], format: 'dxf', area: { bbox: [6426577, 5807863, 6428577, 5809863] } }) });
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push((await (await post()).json() as any).id);
      const last = ids.at(-1)!;
      const del = await fetch(`${slow.url}/api/jobs/${last}`, { method: 'DELETE' });
      expect(del.status).toBe(204);
      const [row] = await app.db.query<any>('SELECT status, plik FROM portal.zadania WHERE id = $1', [last]);
      expect(row.status).toBe('anulowane');
      expect((await fetch(`${slow.url}/api/jobs/${last}/file`)).status).toBe(409);
      for (const id of ids.slice(0, -1)) await waitForJob(`/api/jobs/${id}`).catch(() => undefined);
    } finally { await slow.close(); }
  });

  it('answers unknown jobs with 404 and the caller\'s downloads list', async () => {
    expect((await getJson('/api/jobs/00000000-0000-0000-0000-000000000000')).status).toBe(404);
    expect((await getJson('/api/jobs/not-a-uuid')).status).toBe(404);
    const list = await getJson('/api/downloads');
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ role: 'anonim', downloads: [] });
  });
});

describe('download statistics', () => {
  it('are for administrators only (403 JSON problem, also the page)', async () => {
    const r = await getJson('/api/admin/stats/downloads');
    expect(r.status).toBe(403);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect((await fetch(app.url + '/admin/pobrania')).status).toBe(403);
  });

  it('count downloads per portal and month', async () => {
    await app.db.query(`INSERT INTO portal.pobrania (portal, zasob, format, "rozmiarBajtow", czas) VALUES
      ('komornicy', 'test', 'gpkg', 100, '2001-01-10T12:00:00Z'), ('komornicy', 'test', 'dxf', 50, '2001-01-20T12:00:00Z'),
      ('branzysci', 'test', 'shp', 7, '2001-02-01T12:00:00Z')`);
    const s = await downloadStats(app.db, { from: '2001-01-01', to: '2001-02-28' });
    expect(s.rows).toEqual([
      { portal: 'komornicy', month: '2001-01', downloads: 2, bytes: 150, users: 0, anonymous: 2 },
      { portal: 'branzysci', month: '2001-02', downloads: 1, bytes: 7, users: 0, anonymous: 1 },
    ]);
    expect(s.totals).toEqual({ downloads: 3, bytes: 157 });
    await app.db.query(`DELETE FROM portal.pobrania WHERE zasob = 'test' AND czas < '2002-01-01'`);
  });
});

describe('godło round trip through the API', () => {
  it('a sheet fetched by name has the bounds the module gives', async () => {
    const s = parseGodlo('6.177.11.08.3')!;
    const { body } = await getJson('/api/sheets/6.177.11.08.3');
    expect(body.properties.bbox2177).toEqual(s.bounds);
  });
});
