// Building solids, GLB encoding and the geodesy under the 3D service, without a database.
import { describe, expect, it } from 'vitest';
import validator from 'gltf-validator';
import { BuildingShape, orientedBox, type Polygon2, type RoofKind } from '../../server/threed/building-shape.ts';
import { MeshBuilder } from '../../server/threed/building-mesh.ts';
import { meshGlb, readGlb } from '../../server/threed/glb.ts';
import { EnuFrame, ecefToGeodetic, geodeticToEcef, gridToLocal, lonLatOf, trueNorthGridAzimuth } from '../../server/threed/geodesy.ts';
import { regionOf } from '../../server/threed/tileset.ts';

const E = 6427477, N = 5808863;
const L_SHAPE: Polygon2 = [[[E, N], [E + 20, N], [E + 20, N + 10], [E + 10, N + 10], [E + 10, N + 30], [E, N + 30]]];
const COURTYARD: Polygon2 = [
  [[E, N], [E + 40, N], [E + 40, N + 30], [E, N + 30]],
  [[E + 10, N + 10], [E + 10, N + 20], [E + 30, N + 20], [E + 30, N + 10]],
];
const ROOFS: RoofKind[] = ['płaski', 'jednospadowy', 'dwuspadowy', 'czterospadowy', 'mansardowy'];

/** Signed volume (divergence theorem) and unmatched directed edges of a solid's faces. */
function solidStats(shape: BuildingShape): { volume: number; openEdges: number } {
  const key = (p: number[]) => p.map((v) => Math.round(v * 1000)).join(',');
  const edges = new Map<string, number>();
  let volume = 0;
  for (const s of shape.surfaces()) {
    for (const ring of s.rings) {
      for (let i = 0; i < ring.length; i++) {
        const a = ring[i]!, b = ring[(i + 1) % ring.length]!;
        const k = `${key(a)}>${key(b)}`, rev = `${key(b)}>${key(a)}`;
        if ((edges.get(rev) ?? 0) > 0) edges.set(rev, edges.get(rev)! - 1); else edges.set(k, (edges.get(k) ?? 0) + 1);
      }
    }
    // Fan triangles of the outer ring minus holes: volume = Σ (a · (b × c)) / 6 relative to a reference point.
    const ref = s.rings[0]![0]!;
    for (const ring of s.rings) {
      for (let i = 1; i + 1 < ring.length + 1; i++) {
        const a = ring[0]!, b = ring[i % ring.length]!, c = ring[(i + 1) % ring.length]!;
        const [ax, ay, az] = [a[0] - E, a[1] - N, a[2]], [bx, by, bz] = [b[0] - E, b[1] - N, b[2]], [cx, cy, cz] = [c[0] - E, c[1] - N, c[2]];
        volume += (ax * (by * cz - bz * cy) - ay * (bx * cz - bz * cx) + az * (bx * cy - by * cx)) / 6;
      }
    }
    void ref;
  }
  return { volume, openEdges: [...edges.values()].reduce((n, v) => n + v, 0) };
}

describe('building solids', () => {
  it('are closed and have the volume of a prism plus the roof, for every roof kind and footprint shape', () => {
    for (const poly of [L_SHAPE, COURTYARD]) {
      const area = poly === L_SHAPE ? 20 * 10 + 10 * 20 : 40 * 30 - 20 * 10;
      for (const roof of ROOFS) {
        const shape = new BuildingShape([poly], { ground: 60, eaves: 10, ridge: 14, roof });
        const { volume, openEdges } = solidStats(shape);
        expect(openEdges, `${roof}: open edges`).toBe(0);
        // Between the prism up to the eaves and the prism up to the ridge.
        expect(volume, roof).toBeGreaterThanOrEqual(area * 10 - 1e-6);
        expect(volume, roof).toBeLessThanOrEqual(area * 14 + 1e-6);
        if (roof === 'płaski') expect(volume).toBeCloseTo(area * 10, 6);
      }
    }
  });

  it('lays a gable ridge along the long side at the ridge height', () => {
    const rect: Polygon2 = [[[E, N], [E + 30, N], [E + 30, N + 12], [E, N + 12]]];
    const s = new BuildingShape([rect], { ground: 60, eaves: 9, ridge: 15, roof: 'dwuspadowy' });
    expect(s.roofZ([E + 15, N + 6])).toBeCloseTo(75, 6); // ridge along the 30 m side, in the middle
    expect(s.roofZ([E + 15, N])).toBeCloseTo(69, 6); // eaves on the long sides
    expect(s.roofZ([E, N + 6])).toBeCloseTo(75, 6); // gable end: full height at the ridge
    const box = orientedBox(rect[0]!);
    expect(box.halfLength).toBeCloseTo(15, 6);
    expect(box.halfWidth).toBeCloseTo(6, 6);
  });
});

describe('GLB of a tile', () => {
  it('passes the Khronos glTF validator with no errors, compressed and not, and keeps one feature id per building', async () => {
    const frame = EnuFrame.at(E, N, 0, { anomaly: 34 });
    const mb = new MeshBuilder((e, n, h) => gridToLocal(frame, e, n, h, { anomaly: 34 }));
    const polys = [L_SHAPE, COURTYARD.map((r) => r.map(([x, y]) => [x! + 60, y!] as [number, number]))];
    polys.forEach((poly, id) => mb.addFeature(id, { surfaces: new BuildingShape([poly], { ground: 60, eaves: 10, ridge: 14, roof: ROOFS[id + 2]! }).surfaces(), colours: { roof: [1, 0, 0], wall: [1, 1, 1], ground: [0.5, 0.5, 0.5] } }));
    const data = mb.build();
    for (const compress of [false, true]) {
      const glb = await meshGlb(data, { name: 'budynki', color: [1, 1, 1, 1] }, { compress }, {
        classId: 'budynek', className: 'Budynki',
        properties: [{ name: 'idBudynku', title: 'Identyfikator budynku', type: 'STRING' }, { name: 'wysokosc', title: 'Wysokość', type: 'FLOAT64' }, { name: 'kondygnacje', title: 'Kondygnacje', type: 'INT32' }],
        rows: [{ idBudynku: 'A.1', wysokosc: 14, kondygnacje: 4 }, { idBudynku: 'B.1', wysokosc: null, kondygnacje: 3 }],
      });
      const report = await validator.validateBytes(glb);
      expect(report.issues.messages.filter((m) => m.severity === 0), `compress=${compress}`).toEqual([]);
      const doc = await readGlb(glb);
      const prims = doc.getRoot().listMeshes().flatMap((m) => m.listPrimitives());
      expect(prims.length).toBe(1);
      const ids = prims[0]!.getAttribute('_FEATURE_ID_0')!;
      const seen = new Set<number>();
      for (let i = 0; i < ids.getCount(); i++) seen.add(ids.getScalar(i));
      expect([...seen].sort()).toEqual([0, 1]);
    }
  });
});

describe('geodesy', () => {
  it('round-trips ECEF and puts the grid into a true east-north-up frame', () => {
    const [lon, lat] = lonLatOf(E, N);
    const p = geodeticToEcef(lon, lat, 95.5);
    const [lon2, lat2, h2] = ecefToGeodetic(p);
    expect(lon2).toBeCloseTo(lon, 9); expect(lat2).toBeCloseTo(lat, 9); expect(h2).toBeCloseTo(95.5, 6);
    // Grid north at Poznań (16.93°E, west of the zone's 18°E meridian) points 0.84° west of true north.
    expect(trueNorthGridAzimuth(E, N)).toBeCloseTo(0.84, 1);
    const frame = EnuFrame.at(E, N, 0, { anomaly: 34 });
    const east = gridToLocal(frame, E + 1000, N, 0, { anomaly: 34 });
    expect(Math.atan2(east[1], east[0]) * 180 / Math.PI).toBeCloseTo(0.84, 1);
    // 1 km along the grid is about 1 km on the ground (PL-2000 scale: 0.999923 on the zone's meridian, ~1.00002 here)…
    expect(Math.hypot(east[0], east[1])).toBeGreaterThan(999.9); expect(Math.hypot(east[0], east[1])).toBeLessThan(1000.1);
    // …and the tangent plane has dropped 8 cm below the ellipsoid.
    expect(east[2]).toBeCloseTo(-0.078, 2);
  });

  it('a region holds the corners of its box at its heights', () => {
    const box: [number, number, number, number] = [E, N, E + 1000, N + 1000];
    const r = regionOf(box, 50, 90, { anomaly: 34 });
    for (const [e, n] of [[box[0], box[1]], [box[2], box[3]], [box[0], box[3]], [box[2], box[1]]] as const) {
      const [lon, lat] = lonLatOf(e, n);
      expect(lon * Math.PI / 180).toBeGreaterThanOrEqual(r[0]!); expect(lon * Math.PI / 180).toBeLessThanOrEqual(r[2]!);
      expect(lat * Math.PI / 180).toBeGreaterThanOrEqual(r[1]!); expect(lat * Math.PI / 180).toBeLessThanOrEqual(r[3]!);
    }
    expect(r[4]).toBeLessThanOrEqual(84); expect(r[5]).toBeGreaterThanOrEqual(124);
  });
});

describe('tileset quadtree', () => {
  it('has levels up to one tile for the grid, errors doubling, boxes clipped, and relative transforms that compose back', async () => {
    const { buildTileset, levelBox, lodOf, multiply, relativeTransform, tileGrid, topLevel } = await import('../../server/threed/tileset.ts');
    expect(topLevel(tileGrid([0, 0, 1000, 1000], 1000))).toBe(0);
    expect(topLevel(tileGrid([0, 0, 2000, 2000], 1000))).toBe(1);
    expect(topLevel(tileGrid([0, 0, 3000, 1000], 1000))).toBe(2);
    expect(topLevel(tileGrid([0, 0, 16000, 16000], 1000))).toBe(4);
    expect([1, 2, 3, 4].map((l) => lodOf(l).geometricError)).toEqual([8, 16, 32, 64]);
    expect([1, 2, 3, 4].map((l) => lodOf(l).minArea)).toEqual([0, 25, 100, 400]);
    // A 3 × 1 grid: level 2's one tile is clipped to the grid, not 4 km wide.
    const g = tileGrid([6427000, 5808000, 6430000, 5809000], 1000);
    expect(levelBox(g, 2, 0, 0)).toEqual([6427000, 5808000, 6430000, 5809000]);
    const hm = { anomaly: 34 };
    const a = EnuFrame.at(6427500, 5808500, 0, hm).matrix(), b = EnuFrame.at(6429500, 5808500, 0, hm).matrix();
    const back = multiply(a, relativeTransform(a, b));
    back.forEach((v, k) => expect(v).toBeCloseTo(b[k]!, 6));
    const box = (i: number) => [6427000 + i * 1000, 5808000, 6428000 + i * 1000, 5808100] as [number, number, number, number];
    const ts = buildTileset({ grid: g, hm, rootError: 3200, tiles: [0, 1, 2].map((i) => ({ i, j: 0, contents: { budynki: { box: box(i), minH: 50, maxH: 70, count: 10 } } })),
      levels: new Map([['2/0/0', { budynki: { box: [6427000, 5808000, 6430000, 5808100], minH: 50, maxH: 70, count: 30 } }], ['1/0/0', {}], ['1/1/0', {}]]) }) as
      { root: { refine: string; children: { geometricError: number; refine: string; contents: { uri: string }[]; children: { geometricError: number; children: unknown[] }[] }[] } };
    expect(ts.root.refine).toBe('REPLACE');
    const top = ts.root.children[0]!;
    expect(top.geometricError).toBe(16);
    expect(top.contents.map((c) => c.uri)).toEqual(['lod/2/0/0/budynki.glb']);
    expect(top.children.map((c) => c.geometricError)).toEqual([8, 8]); // level 1: tiles 0 (leaves 0–1) and 1 (leaf 2)
    expect(top.children.map((c) => c.children.length)).toEqual([2, 1]);
  });
});
