// Ray casting against buildings (triangles in a uniform plan grid, walked with a 2D DDA) and terrain (a height
// grid marched along the ray). Coordinates are the PL-2000 grid with normal heights; rays go up towards the sun.
import type { HeightGrid } from './terrain.ts';

export type V3 = [number, number, number];

export class TriangleGrid {
  private readonly tris: Float64Array;
  private readonly cells = new Map<number, number[]>();
  private readonly stamp: Uint32Array;
  private ray = 0;
  readonly maxZ: number;
  readonly bounds: [number, number, number, number];

  /** triangles: flat array of 9 numbers per triangle. */
  constructor(triangles: readonly number[], readonly cell = 8) {
    this.tris = Float64Array.from(triangles);
    const n = this.tris.length / 9;
    this.stamp = new Uint32Array(n);
    let maxZ = -Infinity;
    const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
    for (let i = 0; i < n; i++) {
      const t = this.tris.subarray(9 * i, 9 * i + 9);
      const x0 = Math.min(t[0]!, t[3]!, t[6]!), x1 = Math.max(t[0]!, t[3]!, t[6]!);
      const y0 = Math.min(t[1]!, t[4]!, t[7]!), y1 = Math.max(t[1]!, t[4]!, t[7]!);
      maxZ = Math.max(maxZ, t[2]!, t[5]!, t[8]!);
      b[0] = Math.min(b[0], x0); b[1] = Math.min(b[1], y0); b[2] = Math.max(b[2], x1); b[3] = Math.max(b[3], y1);
      for (let cx = Math.floor(x0 / cell); cx <= Math.floor(x1 / cell); cx++) {
        for (let cy = Math.floor(y0 / cell); cy <= Math.floor(y1 / cell); cy++) {
          const k = this.key(cx, cy);
          let list = this.cells.get(k);
          if (!list) this.cells.set(k, list = []);
          list.push(i);
        }
      }
    }
    this.maxZ = maxZ;
    this.bounds = b;
  }

  get size(): number { return this.tris.length / 9; }

  private key(cx: number, cy: number): number { return (cx + 0x100000) * 0x200000 + (cy + 0x100000); }

  /** Does the ray o + t·d (t > 0, d unit with d.z > 0) hit a triangle? */
  hits(o: V3, d: V3): boolean {
    if (this.size === 0 || o[2] > this.maxZ) return false;
    const tMax = d[2] > 1e-9 ? (this.maxZ - o[2]) / d[2] : 1e5;
    // Clip the ray's plan to the triangles' bounds.
    let t0 = 0, t1 = tMax;
    for (let k = 0; k < 2; k++) {
      const lo = this.bounds[k]!, hi = this.bounds[k + 2]!;
      if (Math.abs(d[k]!) < 1e-12) { if (o[k]! < lo || o[k]! > hi) return false; continue; }
      let a = (lo - o[k]!) / d[k]!, b = (hi - o[k]!) / d[k]!;
      if (a > b) [a, b] = [b, a];
      t0 = Math.max(t0, a); t1 = Math.min(t1, b);
      if (t0 > t1) return false;
    }
    this.ray = (this.ray + 1) >>> 0 || 1;
    const c = this.cell;
    const px = o[0] + d[0] * t0, py = o[1] + d[1] * t0;
    let cx = Math.floor(px / c), cy = Math.floor(py / c);
    const sx = d[0] > 0 ? 1 : -1, sy = d[1] > 0 ? 1 : -1;
    const dtx = Math.abs(d[0]) > 1e-12 ? c / Math.abs(d[0]) : Infinity;
    const dty = Math.abs(d[1]) > 1e-12 ? c / Math.abs(d[1]) : Infinity;
    let tx = Math.abs(d[0]) > 1e-12 ? t0 + ((sx > 0 ? (cx + 1) * c - px : px - cx * c) / Math.abs(d[0])) : Infinity;
    let ty = Math.abs(d[1]) > 1e-12 ? t0 + ((sy > 0 ? (cy + 1) * c - py : py - cy * c) / Math.abs(d[1])) : Infinity;
    for (let guard = 0; guard < 100_000; guard++) {
      const list = this.cells.get(this.key(cx, cy));
      if (list) for (const i of list) {
        if (this.stamp[i] === this.ray) continue;
        this.stamp[i] = this.ray;
        if (this.hitTriangle(i, o, d)) return true;
      }
      const tNext = Math.min(tx, ty);
      if (tNext > t1) return false;
      if (tx < ty) { cx += sx; tx += dtx; } else { cy += sy; ty += dty; }
    }
    return false;
  }

  /** Möller–Trumbore, both faces, t > 1 mm. */
  private hitTriangle(i: number, o: V3, d: V3): boolean {
    const t = this.tris, j = 9 * i;
    const e1x = t[j + 3]! - t[j]!, e1y = t[j + 4]! - t[j + 1]!, e1z = t[j + 5]! - t[j + 2]!;
    const e2x = t[j + 6]! - t[j]!, e2y = t[j + 7]! - t[j + 1]!, e2z = t[j + 8]! - t[j + 2]!;
    const px = d[1] * e2z - d[2] * e2y, py = d[2] * e2x - d[0] * e2z, pz = d[0] * e2y - d[1] * e2x;
    const det = e1x * px + e1y * py + e1z * pz;
    if (Math.abs(det) < 1e-12) return false;
    const inv = 1 / det;
    const sx = o[0] - t[j]!, sy = o[1] - t[j + 1]!, sz = o[2] - t[j + 2]!;
    const u = (sx * px + sy * py + sz * pz) * inv;
    if (u < 0 || u > 1) return false;
    const qx = sy * e1z - sz * e1y, qy = sz * e1x - sx * e1z, qz = sx * e1y - sy * e1x;
    const v = (d[0] * qx + d[1] * qy + d[2] * qz) * inv;
    if (v < 0 || u + v > 1) return false;
    return (e2x * qx + e2y * qy + e2z * qz) * inv > 1e-3;
  }
}

/** Is the ray below the terrain anywhere before it rises above the highest terrain? */
export function terrainBlocks(grid: HeightGrid, maxTerrain: number, o: V3, d: V3, step = grid.cell): boolean {
  if (d[2] <= 0) return true;
  const tMax = (maxTerrain - o[2]) / d[2];
  const horiz = Math.hypot(d[0], d[1]) || 1e-9;
  const dt = step / horiz;
  for (let t = dt; t <= tMax; t += dt) {
    const z = o[2] + d[2] * t;
    if (z < grid.at(o[0] + d[0] * t, o[1] + d[1] * t) - 0.05) return true;
  }
  return false;
}
