// QGIS 3.22 (Debian's python3-qgis) as a real client, headless: WFS 2.0 and 1.1, the SRSNAME forms of issue 15
// item 1, OGC API – Features, WMS 1.3.0 rendered to an image and the vector tiles drawn with /tiles/style.json as
// QGIS's own MapLibre converter translates it — all in one Python process (test/clients/qgis_client.py), compared
// with PostGIS on the same database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startApp, type TestApp } from '../support/app.ts';
import { pythonWith } from '../support/python.ts';
import { BRANCHES } from '../../server/catalog/styles.ts';

interface QgisResult {
  version: string;
  'wfs 2.0.0': { valid: boolean; budynki: number; 'drzewa bbox': number; error: string };
  'wfs 1.1.0': { valid: boolean; budynki: number; 'drzewa bbox': number; error: string };
  srsname: Record<string, { valid: boolean; crs: string; xy: [number, number][] }>;
  oapif: { valid: boolean; drzewa: number; bbox: number };
  wms: { valid: boolean; colours: number; errors: string[] };
  tiles: { valid: boolean; converted: boolean; warnings: string[]; styles: number; near: string[]; colours: number; errors: string[] };
}

let app: TestApp;
let qgis: QgisResult;
let tree: { x: number; y: number; lon: number; lat: number };
const TREE_BOX = [6427400, 5808800, 6427600, 5809000] as const; // EPSG:2177, easting first (QGIS's x/y)
const TREE_BOX_CRS84 = [16.933, 52.407, 16.936, 52.409] as const;

async function dbCount(sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await app.db.query<{ n: number }>(sql, params);
  return Number(row!.n);
}

function runQgis(input: unknown): Promise<QgisResult> {
  const python = pythonWith(['qgis.core'], 'python3-qgis');
  const runtime = mkdtempSync(path.join(tmpdir(), 'qgis-'));
  return new Promise((resolve, reject) => {
    const child = spawn(python, [path.join(import.meta.dirname, 'qgis_client.py')], {
      env: { ...process.env, QT_QPA_PLATFORM: 'offscreen', XDG_RUNTIME_DIR: runtime, HOME: runtime },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`qgis_client.py exited with ${code}: ${stderr.slice(-2000)}`));
      try { resolve(JSON.parse(stdout) as QgisResult); } catch { reject(new Error(`qgis_client.py printed no JSON: ${stdout.slice(-500)} ${stderr.slice(-1000)}`)); }
    });
    child.stdin.end(JSON.stringify(input));
  });
}

beforeAll(async () => {
  app = await startApp();
  // A water main (magistralny, the widest) drawn at the centre of the vector-tile map.
  const [w] = await app.db.query<{ x: number; y: number }>(`SELECT ST_X(p) x, ST_Y(p) y FROM (SELECT ST_Transform(ST_LineInterpolatePoint(geom, 0.5), 3857) p
    FROM gesut.przewody WHERE branza = 'w' AND funkcja = 'magistralny' ORDER BY ST_Length(geom) DESC, id LIMIT 1) q`);
  const [d] = await app.db.query<{ x: number; y: number }>('SELECT ST_X(ST_Centroid(ST_Extent(geom))) x, ST_Y(ST_Centroid(ST_Extent(geom))) y FROM egib.dzialki');
  tree = (await app.db.query<{ x: number; y: number; lon: number; lat: number }>(`SELECT ST_X(geom) x, ST_Y(geom) y,
    ST_X(ST_Transform(geom, 4326)) lon, ST_Y(ST_Transform(geom, 4326)) lat FROM sip.drzewa WHERE "numerInwentarzowy" = 'ZZM-0002381'`))[0]!;
  qgis = await runQgis({
    url: app.url,
    tree: [tree.lon, tree.lat, tree.x, tree.y],
    treeBox: TREE_BOX,
    treeBoxCrs84: TREE_BOX_CRS84,
    wmsExtent: [d!.x - 400, d!.y - 400, d!.x + 400, d!.y + 400],
    waterMain: [w!.x, w!.y],
    waterMainHalfSize: 40,
  });
}, 240_000);
afterAll(async () => { await app?.close(); });

describe('QGIS 3.22 headless', () => {
  it('is Debian\'s QGIS 3.22', () => {
    expect(qgis.version).toMatch(/^3\.22\./);
  });

  it('loads WFS 2.0 and 1.1 layers with the database\'s feature count and bbox results', async () => {
    const budynki = await dbCount('SELECT count(*) AS n FROM egib.budynki');
    const inBox = await dbCount('SELECT count(*) AS n FROM sip.drzewa WHERE ST_Intersects(geom, ST_MakeEnvelope($1, $2, $3, $4, 2177))', [...TREE_BOX]);
    expect(inBox).toBeGreaterThan(0);
    for (const version of ['wfs 2.0.0', 'wfs 1.1.0'] as const) {
      const r = qgis[version];
      expect(r.valid, `${version}: ${r.error}`).toBe(true);
      expect(r.budynki, version).toBe(budynki); // 1.1.0 was 0 (numberOfFeatures of hits)
      expect(r['drzewa bbox'], version).toBe(inBox);
    }
  });

  it('puts a tree where PostGIS does for srsname EPSG:4326, EPSG:2177 and the URN form', async () => {
    const t = tree;
    const at = (name: string) => { const r = qgis.srsname[name]!; expect(r.valid, name).toBe(true); expect(r.xy, name).toHaveLength(1); return r.xy[0]!; };
    for (const name of ['EPSG:4326', 'urn:ogc:def:crs:EPSG::4326']) {
      const [x, y] = at(name);
      expect(x, name).toBeCloseTo(t.lon, 6);
      expect(y, name).toBeCloseTo(t.lat, 6);
      expect(qgis.srsname[name]!.crs).toBe('EPSG:4326');
    }
    const [x, y] = at('EPSG:2177');
    expect(x).toBeCloseTo(t.x, 2);
    expect(y).toBeCloseTo(t.y, 2);
  });

  it('loads an OGC API – Features collection with the database\'s count and bbox results', async () => {
    expect(qgis.oapif.valid).toBe(true);
    expect(qgis.oapif.drzewa).toBe(await dbCount('SELECT count(*) AS n FROM sip.drzewa'));
    const inBox = await dbCount('SELECT count(*) AS n FROM sip.drzewa WHERE ST_Intersects(geom, ST_Transform(ST_MakeEnvelope($1, $2, $3, $4, 4326), 2177))', [...TREE_BOX_CRS84]);
    expect(inBox).toBeGreaterThan(0);
    expect(qgis.oapif.bbox).toBe(inBox);
  });

  it('renders WMS 1.3.0 to an image that is not blank', () => {
    expect(qgis.wms.valid).toBe(true);
    expect(qgis.wms.errors).toEqual([]);
    expect(qgis.wms.colours).toBeGreaterThan(5);
  });

  it('draws the vector tiles with /tiles/style.json: no unsupported expressions, a water main in the water colour', () => {
    expect(qgis.tiles.valid).toBe(true);
    expect(qgis.tiles.converted).toBe(true);
    expect(qgis.tiles.warnings).toEqual([]); // was 232 × "Skipping unsupported expression"
    expect(qgis.tiles.styles).toBeGreaterThan(50);
    expect(qgis.tiles.errors).toEqual([]);
    // The water supply colour of the catalogue (BRANCHES: w, the base-map 0,0,255) at the water main, not the dark
    // grey QGIS fell back to when the branch-colour expression was skipped.
    expect(qgis.tiles.near).toContain(BRANCHES.find((b) => b.value === 'w')!.colour.toLowerCase());
  });
});
