// The 3D service against the sample database: the 3D Tiles tileset, its GLB contents (Khronos glTF validator,
// bounding volumes, feature metadata, size), CityJSON (schema) and the shadow study.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import validator from 'gltf-validator';
import { startApp, type TestApp } from '../support/app.ts';
import { readGlb } from '../../server/threed/glb.ts';
import { closeRenderPool } from '../../server/render/render-pool.ts';
import { ecefToGeodetic, type Vec3 } from '../../server/threed/geodesy.ts';
import { multiply } from '../../server/threed/tileset.ts';
import fs, { mkdtempSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS: its default export arrives as the module object under NodeNext typing.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

const SCHEMA_DIR = path.resolve(import.meta.dirname, '../fixtures/cityjson-schema');

/** The CityJSON schema files (test/fixtures/cityjson-schema/README.md) with ajv; null when valid. */
function validateCityJson(doc: unknown): unknown[] | null {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  for (const f of ['metadata', 'cityobjects', 'geomprimitives']) ajv.addSchema(JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, `${f}.schema.json`), 'utf8')));
  const validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, 'cityjson.schema.json'), 'utf8')));
  return validate(doc) ? null : (validate.errors ?? []);
}

let app: TestApp;
beforeAll(async () => { app = await startApp(); });
afterAll(async () => { await app?.close(); await closeRenderPool(); });

interface Tile { boundingVolume: { region: number[] }; geometricError: number; refine?: string; transform?: number[]; contents?: { uri: string; group: number; boundingVolume?: { region: number[] } }[]; children?: Tile[] }
interface Tileset { asset: { version: string }; geometricError: number; root: Tile; groups: { properties: { id: string } }[] }

/** Every tile of the tree with its absolute transform (3D Tiles transforms compose down the tree) and its parent. */
function tilesOf(ts: Tileset): { tile: Tile; transform: number[]; parent?: Tile }[] {
  const out: { tile: Tile; transform: number[]; parent?: Tile }[] = [];
  const walk = (tile: Tile, parentTransform: number[], parent?: Tile) => {
    const transform = tile.transform ? multiply(parentTransform, tile.transform) : parentTransform;
    out.push({ tile, transform, ...(parent ? { parent } : {}) });
    for (const c of tile.children ?? []) walk(c, transform, tile);
  };
  walk(ts.root, [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
  return out;
}
/** The leaves (LOD2 contents under tiles/). */
const leavesOf = (ts: Tileset) => tilesOf(ts).filter((t) => !t.tile.children?.length && t.tile.contents?.length);

async function getTileset(): Promise<Tileset> {
  const res = await fetch(`${app.url}/3d/tileset.json`);
  expect(res.status).toBe(200);
  return (await res.json()) as Tileset;
}

async function glbOf(uri: string): Promise<Uint8Array> {
  const res = await fetch(`${app.url}/3d/${uri}`);
  expect(res.status, uri).toBe(200);
  expect(res.headers.get('content-type')).toBe('model/gltf-binary');
  return new Uint8Array(await res.arrayBuffer());
}

/** Every vertex of a GLB in ECEF: node transforms (incl. dequantization), glTF y-up → 3D Tiles z-up, tile transform. */
async function ecefVertices(glb: Uint8Array, transform: number[]): Promise<Vec3[]> {
  const doc = await readGlb(glb);
  const out: Vec3[] = [];
  const t = transform;
  for (const node of doc.getRoot().listNodes()) {
    const mesh = node.getMesh();
    if (!mesh) continue;
    const m = node.getWorldMatrix();
    const inst = node.getExtension('EXT_mesh_gpu_instancing') as unknown as { getAttribute(n: string): { getCount(): number; getElement(i: number, t: number[]): number[] } | null } | null;
    const translations = inst?.getAttribute('TRANSLATION');
    const scales = inst?.getAttribute('SCALE');
    for (const prim of mesh.listPrimitives()) {
      const pos = prim.getAttribute('POSITION')!;
      const el: number[] = [];
      const instances = translations ? translations.getCount() : 1;
      for (let k = 0; k < instances; k++) {
        const tr = translations ? translations.getElement(k, []) : [0, 0, 0];
        const sc = scales ? scales.getElement(k, []) : [1, 1, 1];
        for (let i = 0; i < pos.getCount(); i++) {
          pos.getElement(i, el);
          let x = m[0]! * el[0]! + m[4]! * el[1]! + m[8]! * el[2]! + m[12]!;
          let y = m[1]! * el[0]! + m[5]! * el[1]! + m[9]! * el[2]! + m[13]!;
          let z = m[2]! * el[0]! + m[6]! * el[1]! + m[10]! * el[2]! + m[14]!;
          x = x * sc[0]! + tr[0]!; y = y * sc[1]! + tr[1]!; z = z * sc[2]! + tr[2]!;
          // y-up → z-up: (x, y, z) → (x, −z, y)
          const [ex, ey, ez] = [x, -z, y];
          out.push([
            t[0]! * ex + t[4]! * ey + t[8]! * ez + t[12]!,
            t[1]! * ex + t[5]! * ey + t[9]! * ez + t[13]!,
            t[2]! * ex + t[6]! * ey + t[10]! * ez + t[14]!,
          ]);
        }
      }
    }
  }
  return out;
}

function inRegion(p: Vec3, r: number[]): boolean {
  const [lon, lat, h] = ecefToGeodetic(p);
  const rl = (lon * Math.PI) / 180, rp = (lat * Math.PI) / 180;
  return rl >= r[0]! && rl <= r[2]! && rp >= r[1]! && rp <= r[3]! && h >= r[4]! - 1e-3 && h <= r[5]! + 1e-3;
}

describe('3D Tiles', () => {
  it('serves a 3D Tiles 1.1 tileset whose tiles hold terrain, buildings, planned buildings and trees', async () => {
    const ts = await getTileset();
    expect(ts.asset.version).toBe('1.1');
    expect(ts.geometricError).toBeGreaterThan(0);
    expect(ts.groups.map((g) => g.properties.id)).toEqual(['teren', 'budynki', 'projektowane', 'drzewa']);
    const tiles = leavesOf(ts).map((t) => t.tile);
    expect(tiles.length).toBe(4); // 2 km district, 1 km tiles
    const uris = tiles.flatMap((t) => t.contents!.map((c) => c.uri));
    for (const layer of ['teren', 'budynki', 'projektowane', 'drzewa']) expect(uris.some((u) => u.endsWith(`/${layer}.glb`)), layer).toBe(true);
    // Regions: radians round Poznań (16.93°E, 52.41°N), ellipsoidal heights = normal heights + ~34 m.
    const r = ts.root.boundingVolume.region;
    expect(r[0]! * 180 / Math.PI).toBeGreaterThan(16.8); expect(r[2]! * 180 / Math.PI).toBeLessThan(17.1);
    expect(r[1]! * 180 / Math.PI).toBeGreaterThan(52.3); expect(r[3]! * 180 / Math.PI).toBeLessThan(52.5);
    expect(r[4]).toBeGreaterThan(52 + 34 - 10); expect(r[5]).toBeLessThan(200);
  });

  it('GLB contents pass the Khronos glTF validator with no errors, carry feature metadata and stay under 1 MB', async () => {
    const ts = await getTileset();
    const report: string[] = [];
    for (const { tile } of tilesOf(ts)) {
      for (const c of tile.contents ?? []) {
        const glb = await glbOf(c.uri);
        const result = await validator.validateBytes(glb);
        const errors = result.issues.messages.filter((m: { severity: number }) => m.severity === 0);
        expect(errors, `${c.uri}: ${JSON.stringify(errors.slice(0, 3))}`).toEqual([]);
        report.push(`${c.uri} ${(glb.length / 1024).toFixed(0)} kB, ${result.issues.numWarnings} warnings`);
        if (c.uri.endsWith('budynki.glb')) expect(glb.length).toBeLessThanOrEqual(1024 * 1024);
        if (c.uri.startsWith('tiles/') && c.uri.endsWith('budynki.glb')) {
          const json = JSON.parse(new TextDecoder().decode(glb.subarray(20, 20 + new DataView(glb.buffer, glb.byteOffset).getUint32(12, true))));
          expect(json.extensionsUsed).toEqual(expect.arrayContaining(['EXT_mesh_features', 'EXT_structural_metadata', 'EXT_meshopt_compression']));
          const meta = json.extensions.EXT_structural_metadata;
          const cls = meta.schema.classes.budynek;
          // Attribute titles from the catalogue, ids per building in one mesh.
          expect(cls.properties.idBudynku.name).toBe('Identyfikator budynku');
          expect(cls.properties.wysokoscKalenicy.componentType).toBe('FLOAT64');
          expect(json.meshes.length).toBe(1);
          expect(json.meshes[0].primitives.length).toBe(1);
          const fid = json.meshes[0].primitives[0].extensions.EXT_mesh_features.featureIds[0];
          expect(fid.featureCount).toBe(meta.propertyTables[0].count);
          expect(fid.featureCount).toBeGreaterThan(100);
        }
      }
    }
    console.log(report.join('\n'));
  });

  it('the bounding volumes contain every vertex of their content', async () => {
    const ts = await getTileset();
    for (const { tile, transform } of tilesOf(ts)) {
      for (const c of tile.contents ?? []) {
        const pts = await ecefVertices(await glbOf(c.uri), transform);
        expect(pts.length).toBeGreaterThan(0);
        const outside = pts.filter((p) => !inRegion(p, tile.boundingVolume.region));
        expect(outside.length, `${c.uri}: ${outside.length} of ${pts.length} outside the tile's region`).toBe(0);
        const contentOutside = pts.filter((p) => !inRegion(p, c.boundingVolume!.region));
        expect(contentOutside.length, `${c.uri} outside its content region`).toBe(0);
        expect(pts.every((p) => inRegion(p, ts.root.boundingVolume.region))).toBe(true);
      }
    }
  });

  it('puts a building where PostGIS has it: the content vertex nearest a footprint corner is within 5 cm', async () => {
    const [b] = await app.db.query<{ x: number; y: number; z: number }>(
      `SELECT ST_X(p) AS x, ST_Y(p) AS y, m."rzednaTerenu"::float8 + m."wysokoscOkapu"::float8 AS z
       FROM (SELECT ST_PointN(ST_ExteriorRing(ST_GeometryN(geom, 1)), 1) AS p, * FROM sip.budynki_3d WHERE "rodzajDachu" = 'płaski' ORDER BY id LIMIT 1) m`);
    const ts = await getTileset();
    const { lonLatOf, geodeticToEcef } = await import('../../server/threed/geodesy.ts');
    const [lon, lat] = lonLatOf(b!.x, b!.y);
    const target = geodeticToEcef(lon, lat, b!.z + 34.0);
    let best = Infinity;
    for (const { tile, transform } of leavesOf(ts)) {
      const c = tile.contents!.find((x) => x.uri.endsWith('budynki.glb'));
      if (!c) continue;
      for (const p of await ecefVertices(await glbOf(c.uri), transform)) best = Math.min(best, Math.hypot(p[0] - target[0], p[1] - target[1], p[2] - target[2]));
    }
    expect(best).toBeLessThan(0.05);
  });

  it('is a quadtree: LOD1 parents REPLACEd by their LOD2 leaves, errors decreasing, parents lighter than their children', async () => {
    const ts = await getTileset();
    const all = tilesOf(ts);
    // The district's 2 × 2 leaves under one level-1 tile under the root.
    expect(ts.root.children!.length).toBe(1);
    const parent = ts.root.children![0]!;
    expect(parent.children!.length).toBe(4);
    expect(parent.refine).toBe('REPLACE');
    expect(parent.contents!.map((c) => c.uri).sort()).toEqual(['lod/1/0/0/budynki.glb', 'lod/1/0/0/projektowane.glb', 'lod/1/0/0/teren.glb']);
    expect(ts.geometricError).toBeGreaterThan(parent.geometricError);
    for (const { tile, parent: up } of all) {
      expect(['ADD', 'REPLACE']).toContain(tile.refine);
      if (up) expect(tile.geometricError, 'a child is no coarser than its parent').toBeLessThan(up.geometricError);
      if (!tile.children?.length) expect(tile.geometricError).toBe(0);
      // What a 3D Tiles validator checks of bounding volumes: a child's region within its parent's, contents within their tile's.
      const r = tile.boundingVolume.region;
      expect(r[0]!).toBeLessThan(r[2]!); expect(r[1]!).toBeLessThan(r[3]!); expect(r[4]!).toBeLessThan(r[5]!);
      if (up) {
        const q = up.boundingVolume.region;
        expect(r[0]! >= q[0]! && r[1]! >= q[1]! && r[2]! <= q[2]! && r[3]! <= q[3]! && r[4]! >= q[4]! && r[5]! <= q[5]!, 'child region inside the parent region').toBe(true);
      }
      for (const c of tile.contents ?? []) {
        const cr = c.boundingVolume!.region;
        expect(cr[0]! >= r[0]! && cr[1]! >= r[1]! && cr[2]! <= r[2]! && cr[3]! <= r[3]! && cr[4]! >= r[4]! && cr[5]! <= r[5]!, `${c.uri} region inside its tile's`).toBe(true);
      }
    }
    // The parent's contents weigh less than its four children's, and its blocks have fewer triangles and no metadata.
    const triangles = async (glb: Uint8Array) => (await readGlb(glb)).getRoot().listMeshes().flatMap((m) => m.listPrimitives()).reduce((n, p) => n + p.getIndices()!.getCount() / 3, 0);
    for (const layer of ['teren', 'budynki']) {
      const p = await glbOf(`lod/1/0/0/${layer}.glb`);
      let sum = 0, kidTriangles = 0;
      for (const child of parent.children!) {
        const g = await glbOf(child.contents!.find((c) => c.uri.endsWith(`/${layer}.glb`))!.uri);
        sum += g.length; kidTriangles += await triangles(g);
      }
      console.log(`lod/1/0/0/${layer}.glb: ${(p.length / 1024).toFixed(0)} kB, ${await triangles(p)} triangles; its 4 leaves ${(sum / 1024).toFixed(0)} kB, ${kidTriangles} triangles`);
      expect(p.length).toBeLessThan(sum);
      expect(await triangles(p)).toBeLessThan(kidTriangles);
      if (layer === 'budynki') {
        const json = JSON.parse(new TextDecoder().decode(p.subarray(20, 20 + new DataView(p.buffer, p.byteOffset).getUint32(12, true))));
        expect(json.extensionsUsed ?? []).not.toContain('EXT_structural_metadata');
        expect(json.scenes[0].extras).toMatchObject({ lod: 1, level: 1 });
      }
    }
  });

  it('answers unknown tiles and contents with JSON problems', async () => {
    for (const path of ['/3d/tiles/9/9/budynki.glb', '/3d/tiles/0/0/domy.glb', '/3d/tiles/-1/0/teren.glb', '/3d/tiles/a/0/teren.glb',
      '/3d/lod/2/0/0/teren.glb', '/3d/lod/1/1/0/budynki.glb', '/3d/lod/0/0/0/teren.glb', '/3d/lod/1/0/0/drzewa.glb', '/3d/lod/x/0/0/teren.glb']) {
      const res = await fetch(app.url + path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
  });
});

describe('CityJSON', () => {
  it('downloads an area as CityJSON 2.0 that validates against the schema, heights in PL-EVRF2007-NH', async () => {
    const res = await fetch(`${app.url}/3d/cityjson?bbox=6427377,5808763,6427677,5809063`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/city+json');
    const doc = await res.json() as { version: string; metadata: { referenceSystem: string; title: string }; CityObjects: Record<string, { type: string; attributes: Record<string, unknown>; geometry: { lod: string }[] }>; vertices: number[][]; transform: { translate: number[] } };
    expect(doc.version).toBe('2.0');
    expect(doc.metadata.referenceSystem).toBe('https://www.opengis.net/def/crs/EPSG/0/2177');
    expect(doc.metadata.title).toContain('PL-EVRF2007-NH');
    const objects = Object.values(doc.CityObjects);
    expect(objects.length).toBeGreaterThan(20);
    expect(objects.every((o) => o.type === 'Building')).toBe(true);
    expect(objects.some((o) => o.geometry[0]!.lod === '2.2')).toBe(true);
    const one = objects.find((o) => o.attributes.idBudynku)!;
    expect(one.attributes.rzednaTerenu).toBeGreaterThan(50);
    // Heights: the translate's z is in metres above the PL-EVRF2007-NH datum (terrain of the Old Town ~ 55–65 m).
    expect(doc.transform.translate[2]).toBeGreaterThan(45);
    const errors = validateCityJson(doc);
    expect(errors, JSON.stringify(errors?.slice(0, 3))).toBeNull();
  });

  it('refuses a bad or too large bbox with a JSON problem', async () => {
    for (const q of ['', '?bbox=1,2,3', '?bbox=6427677,5808763,6427377,5809063', '?bbox=6420000,5800000,6430000,5810000']) {
      const res = await fetch(`${app.url}/3d/cityjson${q}`);
      expect(res.status, q).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
  });
});

describe('shadow study', () => {
  it('gives per-parcel and per-facade hours of sun lost to a planned building on 21 June, and a CSV report', async () => {
    const list = await (await fetch(`${app.url}/3d/planned.json`)).json() as { planned: { id: number; height: number }[] };
    expect(list.planned.length).toBeGreaterThan(5);
    const tallest = [...list.planned].sort((a, b) => b.height - a.height)[0]!;
    const res = await fetch(`${app.url}/3d/shadow-study?planned=${tallest.id}&date=2026-06-21&step=15`);
    expect(res.status).toBe(200);
    const study = await res.json() as { parcels: { idDzialki: string; hoursLostMax: number; hoursLostMean: number }[]; facades: { hoursLost: number; sunHoursBefore: number; sunHoursAfter: number }[]; grid: { width: number; height: number; hoursLost: number[] }; sun: { steps: number }; computeMs: number; planned: { numerPozwolenia: string } };
    expect(study.planned.numerPozwolenia).toMatch(/^UA-IV\.6740\./);
    expect(study.sun.steps).toBeGreaterThan(50); // 15-minute steps over ~15 h of sun above 5°
    expect(study.grid.hoursLost.length).toBe(study.grid.width * study.grid.height);
    expect(Math.max(...study.grid.hoursLost)).toBeGreaterThan(0.5);
    expect(study.parcels.some((p) => p.hoursLostMax > 0)).toBe(true);
    for (const f of study.facades) {
      expect(f.sunHoursAfter).toBeCloseTo(f.sunHoursBefore - f.hoursLost, 1);
      expect(f.hoursLost).toBeGreaterThan(0);
    }
    console.log(`shadow study of planned ${tallest.id} (${tallest.height} m): ${study.computeMs} ms, ${study.parcels.filter((p) => p.hoursLostMax > 0).length} parcels and ${study.facades.length} facades lose sun`);
    const csv = await fetch(`${app.url}/3d/shadow-study?planned=${tallest.id}&date=2026-06-21&step=15&f=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain('attachment');
    const text = await csv.text();
    expect(text).toContain(study.parcels[0]!.idDzialki);
  });

  it('in the equinox mode judges residential facades against §60 (3 h, 1.5 h downtown), lists the own parcel apart, and writes CSV and PDF reports', async () => {
    const list = await (await fetch(`${app.url}/3d/planned.json`)).json() as { planned: { id: number; height: number; attributes: { idDzialki: string } }[] };
    const tallest = [...list.planned].sort((a, b) => b.height - a.height)[0]!;
    type Study = { mode: string; dates: string[]; window: { from: string; to: string }; threshold: number; sun: { first: string; last: string };
      parcels: { idDzialki: string }[]; ownParcels: { idDzialki: string }[];
      facades: { residential: boolean; verdict: string | null; sunHoursBefore: number; sunHoursAfter: number; hoursLost: number; date: string }[] };
    const get = async (q: string) => {
      const res = await fetch(`${app.url}/3d/shadow-study?planned=${tallest.id}&mode=equinox&date=2026-03-21&step=15${q}`);
      expect(res.status).toBe(200);
      return await res.json() as Study;
    };
    const study = await get('');
    expect(study.mode).toBe('equinox');
    expect(study.dates).toEqual(['2026-03-21', '2026-09-21']);
    expect(study.window).toEqual({ from: '07:00', to: '17:00' });
    expect(study.sun.first).toBe('07:07');
    expect(study.sun.last).toBe('16:52');
    expect(study.threshold).toBe(3);
    // The investment's own parcel is never a neighbour losing sun.
    const own = tallest.attributes.idDzialki;
    expect(study.ownParcels.map((p) => p.idDzialki)).toContain(own);
    expect(study.parcels.map((p) => p.idDzialki)).not.toContain(own);
    const residential = study.facades.filter((f) => f.residential);
    expect(residential.length).toBeGreaterThan(0);
    for (const f of study.facades) {
      expect(f.verdict === null).toBe(!f.residential);
      expect(f.sunHoursBefore).toBeLessThanOrEqual(10);
      expect(f.sunHoursAfter).toBeCloseTo(f.sunHoursBefore - f.hoursLost, 1);
      expect(study.dates).toContain(f.date);
      if (f.verdict === 'naruszenie') { expect(f.sunHoursBefore).toBeGreaterThanOrEqual(3); expect(f.sunHoursAfter).toBeLessThan(3); }
      if (f.verdict === 'spełnia') expect(f.sunHoursAfter).toBeGreaterThanOrEqual(3);
    }
    const downtown = await get('&zabudowa=srodmiejska');
    expect(downtown.threshold).toBe(1.5);
    const bad = (s: Study) => s.facades.filter((f) => f.verdict === 'naruszenie').length;
    expect(bad(downtown)).toBeLessThanOrEqual(bad(study));
    console.log(`equinox study of planned ${tallest.id}: ${residential.length} residential facades lose sun; violations: ${bad(study)} at 3 h, ${bad(downtown)} at 1.5 h`);

    const csv = await (await fetch(`${app.url}/3d/shadow-study?planned=${tallest.id}&mode=equinox&date=2026-03-21&f=csv`)).text();
    expect(csv).toContain('Działka inwestycji');
    expect(csv).toContain('§60');
    const pdfRes = await fetch(`${app.url}/3d/shadow-study?planned=${tallest.id}&mode=equinox&date=2026-03-21&f=pdf`);
    expect(pdfRes.status).toBe(200);
    expect(pdfRes.headers.get('content-type')).toBe('application/pdf');
    expect(pdfRes.headers.get('content-disposition')).toContain(`zacienienie-${tallest.id}-rownonoc-2026.pdf`);
    const dir = mkdtempSync(path.join(tmpdir(), 'sip-shadow-'));
    const file = path.join(dir, 'raport.pdf');
    writeFileSync(file, Buffer.from(await pdfRes.arrayBuffer()));
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('Analiza nasłonecznienia');
    expect(text).toContain('warunków technicznych');
    expect(text).toContain('2026-03-21 i 2026-09-21, godz. 07:00–17:00');
    expect(text).toContain(own);
    expect(text).toMatch(/3,00 h/);
  });

  it('refuses bad parameters with JSON problems and an unknown building with 404', async () => {
    for (const q of ['', '?planned=abc', '?planned=1&date=2026-02-30', '?planned=1&step=7', '?planned=1&f=xml', '?planned=1&minAltitude=x', '?planned=1&mode=winter', '?planned=1&zabudowa=wiejska']) {
      const res = await fetch(`${app.url}/3d/shadow-study${q}`);
      expect(res.status, q).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    const res = await fetch(`${app.url}/3d/shadow-study?planned=999999&date=2026-06-21`);
    expect(res.status).toBe(404);
  });
});
