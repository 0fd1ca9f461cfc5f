// A building's solid from its footprint and heights: walls, a roof from its kind (LOD2) or flat (LOD1), and the
// ground face. The roof is the lower envelope of a few planes laid on the footprint's minimum-area rectangle
// (ridge along the long side): a gable is min of two planes, a hip of four, a mansard of six. Any footprint shape
// (L-shaped tenements, courtyards) gets a consistent roof: each plane covers the part of the footprint where it
// is lowest, and walls follow the roof line, with a vertex wherever the line has a kink.
// Coordinates: x = easting, y = northing (EPSG:2177), z = normal height (PL-EVRF2007-NH), metres.

export type RoofKind = 'płaski' | 'jednospadowy' | 'dwuspadowy' | 'czterospadowy' | 'mansardowy';
export type P2 = [number, number];
export type P3 = [number, number, number];
/** A polygon: outer ring then holes, not closed (the last point is not the first repeated). */
export type Polygon2 = P2[][];

export type SurfaceKind = 'roof' | 'wall' | 'ground';
/** A planar face: outer ring then holes, counter-clockwise seen from outside the solid. */
export interface Surface { kind: SurfaceKind; rings: P3[][] }

export interface BuildingHeights {
  /** Terrain height at the building (PL-EVRF2007-NH). */
  ground: number;
  /** Eaves and ridge above the terrain. */
  eaves: number;
  ridge: number;
  roof: RoofKind;
  /** Walls start this far below the terrain height, so a building on a slope does not float (0 for CityJSON). */
  skirt?: number;
}

/** z = a + bx·(x − cx) + by·(y − cy) */
interface Plane { a: number; bx: number; by: number }

const EPS = 1e-9;
/** Points closer than this (metres) are one point. */
const MERGE = 1e-4;

function dedupeRing(ring: readonly P3[]): P3[] {
  const out: P3[] = [];
  const same = (a: P3, b: P3) => Math.abs(a[0] - b[0]) < MERGE && Math.abs(a[1] - b[1]) < MERGE && Math.abs(a[2] - b[2]) < MERGE;
  for (const p of ring) if (!out.length || !same(out[out.length - 1]!, p)) out.push(p);
  while (out.length > 1 && same(out[0]!, out[out.length - 1]!)) out.pop();
  return out;
}

function ringArea(r: readonly P2[]): number {
  let s = 0;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) s += (r[j]![0] - r[i]![0]) * (r[j]![1] + r[i]![1]);
  return s / 2;
}

/** Rings without a closing duplicate or repeated points; the outer counter-clockwise, holes clockwise. */
export function normalisePolygon(poly: Polygon2): Polygon2 {
  const out: Polygon2 = [];
  poly.forEach((ring, k) => {
    const r: P2[] = [];
    for (const p of ring) {
      const last = r[r.length - 1];
      if (!last || Math.abs(last[0] - p[0]) > 1e-6 || Math.abs(last[1] - p[1]) > 1e-6) r.push([p[0], p[1]]);
    }
    while (r.length > 1 && Math.abs(r[0]![0] - r[r.length - 1]![0]) < 1e-6 && Math.abs(r[0]![1] - r[r.length - 1]![1]) < 1e-6) r.pop();
    if (r.length < 3) return;
    const ccw = ringArea(r) > 0;
    if ((k === 0) !== ccw) r.reverse();
    out.push(r);
  });
  return out;
}

/** Minimum-area rectangle of points (rotating edges of the convex hull): centre, long axis, half sizes. */
export function orientedBox(points: readonly P2[]): { c: P2; u: P2; v: P2; halfLength: number; halfWidth: number } {
  const hull = convexHull(points);
  let best = { area: Infinity, c: [0, 0] as P2, u: [1, 0] as P2, hl: 0, hw: 0 };
  for (let i = 0; i < hull.length; i++) {
    const a = hull[i]!, b = hull[(i + 1) % hull.length]!;
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
    if (len < EPS) continue;
    const u: P2 = [(b[0] - a[0]) / len, (b[1] - a[1]) / len];
    let minU = Infinity, maxU = -Infinity, minV = Infinity, maxV = -Infinity;
    for (const p of hull) {
      const pu = p[0] * u[0] + p[1] * u[1], pv = -p[0] * u[1] + p[1] * u[0];
      minU = Math.min(minU, pu); maxU = Math.max(maxU, pu); minV = Math.min(minV, pv); maxV = Math.max(maxV, pv);
    }
    const area = (maxU - minU) * (maxV - minV);
    if (area < best.area - 1e-9) {
      const cu = (minU + maxU) / 2, cv = (minV + maxV) / 2;
      best = { area, c: [cu * u[0] - cv * u[1], cu * u[1] + cv * u[0]], u, hl: (maxU - minU) / 2, hw: (maxV - minV) / 2 };
    }
  }
  let { u, hl, hw } = best;
  if (hw > hl) { [hl, hw] = [hw, hl]; u = [-u[1], u[0]]; }
  return { c: best.c, u, v: [-u[1], u[0]], halfLength: hl, halfWidth: hw };
}

function convexHull(points: readonly P2[]): P2[] {
  const p = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (p.length < 3) return p;
  const cross = (o: P2, a: P2, b: P2) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: P2[] = [], upper: P2[] = [];
  for (const q of p) { while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, q) <= 0) lower.pop(); lower.push(q); }
  for (let i = p.length - 1; i >= 0; i--) { const q = p[i]!; while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, q) <= 0) upper.pop(); upper.push(q); }
  return lower.slice(0, -1).concat(upper.slice(0, -1));
}

/** The roof planes of a roof kind over an oriented box (absolute heights). */
function roofPlanes(box: ReturnType<typeof orientedBox>, eavesZ: number, rise: number, kind: RoofKind): Plane[] {
  const { u, v, halfLength: L } = box;
  const W = Math.max(box.halfWidth, 0.5);
  // Along the short axis s = (p − c)·v, along the long axis t = (p − c)·u.
  const plane = (a: number, ks: number, kt: number): Plane => ({ a, bx: ks * v[0] + kt * u[0], by: ks * v[1] + kt * u[1] });
  if (kind === 'płaski' || rise < 0.05) return [plane(eavesZ, 0, 0)];
  if (kind === 'jednospadowy') return [plane(eavesZ + rise / 2, rise / (2 * W), 0)];
  const k = rise / W;
  const gable = [plane(eavesZ + rise, -k, 0), plane(eavesZ + rise, k, 0)];
  if (kind === 'dwuspadowy') return gable;
  const ends = [plane(eavesZ + k * L, 0, -k), plane(eavesZ + k * L, 0, k)];
  if (kind === 'czterospadowy') return [...gable, ...ends];
  // Mansard: steep lower slopes up to 70 % of the rise within the outer quarter, a shallow top above.
  const ks = (0.7 * rise) / (0.25 * W), kf = (0.3 * rise) / (0.75 * W);
  return [
    plane(eavesZ + ks * W, -ks, 0), plane(eavesZ + ks * W, ks, 0),
    plane(eavesZ + rise, -kf, 0), plane(eavesZ + rise, kf, 0),
    plane(eavesZ + ks * L, 0, -ks), plane(eavesZ + ks * L, 0, ks),
  ];
}

/** The part of a ring where g(p) ≤ 0 for a linear g (Sutherland–Hodgman against one half-plane). */
function clipRing(ring: readonly P2[], g: (p: P2) => number): P2[] {
  const out: P2[] = [];
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i]!, b = ring[(i + 1) % ring.length]!;
    const ga = g(a), gb = g(b);
    if (ga <= 0) out.push(a);
    if ((ga < 0 && gb > 0) || (ga > 0 && gb < 0)) {
      const t = ga / (ga - gb);
      out.push([a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]);
    }
  }
  return out;
}

export class BuildingShape {
  readonly polygons: Polygon2[];
  private readonly planes: Plane[];
  private readonly c: P2;
  readonly base: number;

  constructor(polygons: readonly Polygon2[], readonly h: BuildingHeights) {
    this.polygons = polygons.map(normalisePolygon).filter((p) => p.length > 0);
    const pts = this.polygons.flatMap((p) => p[0]!);
    const box = orientedBox(pts);
    this.c = box.c;
    this.planes = roofPlanes(box, h.ground + h.eaves, Math.max(0, h.ridge - h.eaves), h.roof);
    this.base = h.ground - (h.skirt ?? 0);
  }

  private planeZ(pl: Plane, p: P2): number { return pl.a + pl.bx * (p[0] - this.c[0]) + pl.by * (p[1] - this.c[1]); }

  /** Roof height above a point of the footprint. */
  roofZ(p: P2): number {
    let z = Infinity;
    for (const pl of this.planes) z = Math.min(z, this.planeZ(pl, p));
    return z;
  }

  get top(): number { return this.h.ground + Math.max(this.h.ridge, this.h.eaves); }

  /** All faces: roof parts, walls (split where the roof line kinks), ground. */
  surfaces(): Surface[] {
    const out: Surface[] = [];
    for (const poly of this.polygons) {
      // Roof: each plane over the part of the footprint where it is the lowest.
      this.planes.forEach((pl, i) => {
        let rings: P2[][] = poly.map((r) => [...r]);
        this.planes.forEach((other, j) => {
          if (i === j) return;
          // pl ≤ other (ties go to the lower index, so cells do not overlap)
          const g = (p: P2) => this.planeZ(pl, p) - this.planeZ(other, p) + (j < i ? 1e-7 : -1e-7);
          rings = rings.map((r) => clipRing(r, g));
        });
        const outer = rings[0]!;
        if (outer.length < 3 || Math.abs(ringArea(outer)) <= 1e-4) return;
        const holes = rings.slice(1).filter((r) => r.length >= 3 && Math.abs(ringArea(r)) > 1e-4);
        out.push({ kind: 'roof', rings: [outer, ...holes].map((r) => r.map((p): P3 => [p[0], p[1], this.planeZ(pl, p)])) });
      });
      // Walls: one quad per edge piece between kinks of the roof line.
      for (const ring of poly) {
        for (let i = 0; i < ring.length; i++) {
          const a = ring[i]!, b = ring[(i + 1) % ring.length]!;
          const ts = [0, 1, ...this.kinks(a, b)].sort((x, y) => x - y);
          for (let k = 0; k + 1 < ts.length; k++) {
            if ((ts[k + 1]! - ts[k]!) * Math.hypot(b[0] - a[0], b[1] - a[1]) < MERGE) continue;
            const p: P2 = [a[0] + ts[k]! * (b[0] - a[0]), a[1] + ts[k]! * (b[1] - a[1])];
            const q: P2 = [a[0] + ts[k + 1]! * (b[0] - a[0]), a[1] + ts[k + 1]! * (b[1] - a[1])];
            out.push({ kind: 'wall', rings: [[[p[0], p[1], this.base], [q[0], q[1], this.base], [q[0], q[1], this.roofZ(q)], [p[0], p[1], this.roofZ(p)]]] });
          }
        }
      }
      // Ground: the footprint seen from below, with the walls' split points so the solid's edges match up.
      out.push({ kind: 'ground', rings: poly.map((r) => this.splitRing(r).reverse().map((p): P3 => [p[0], p[1], this.base])) });
    }
    // Clipping and splitting leave points a hair apart where a crease meets a corner: merge them.
    return out.map((f) => ({ ...f, rings: f.rings.map(dedupeRing).filter((r) => r.length >= 3) })).filter((f) => f.rings.length > 0 && f.rings[0]!.length >= 3);
  }

  /** A ring with a vertex added wherever the roof line kinks above one of its edges. */
  private splitRing(ring: readonly P2[]): P2[] {
    const out: P2[] = [];
    for (let i = 0; i < ring.length; i++) {
      const a = ring[i]!, b = ring[(i + 1) % ring.length]!;
      out.push(a);
      for (const t of this.kinks(a, b).sort((x, y) => x - y)) out.push([a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]);
    }
    return out;
  }

  /** Parameters along a→b where the lowest roof plane changes. */
  private kinks(a: P2, b: P2): number[] {
    const ts: number[] = [];
    const at = (t: number): P2 => [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
    for (let i = 0; i < this.planes.length; i++) {
      for (let j = i + 1; j < this.planes.length; j++) {
        const da = this.planeZ(this.planes[i]!, a) - this.planeZ(this.planes[j]!, a);
        const db = this.planeZ(this.planes[i]!, b) - this.planeZ(this.planes[j]!, b);
        if ((da > 0) === (db > 0) || Math.abs(da - db) < EPS) continue;
        const t = da / (da - db);
        if (t <= 1e-6 || t >= 1 - 1e-6) continue;
        const p = at(t);
        const z = this.planeZ(this.planes[i]!, p);
        if (Math.abs(z - this.roofZ(p)) < 1e-6) ts.push(t);
      }
    }
    return ts;
  }
}
