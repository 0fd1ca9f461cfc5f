// Faces of many buildings → one indexed triangle mesh in a tile's local frame (glTF y-up), with a feature id
// and a colour per vertex. Flat shading: every face has its own vertices and normal.
import earcut from 'earcut';
import type { P3, Surface, SurfaceKind } from './building-shape.ts';
import type { MeshData } from './glb.ts';

export type Rgb = [number, number, number];
/** Grid point (E, N, H) → local east-north-up metres. */
export type ToLocal = (e: number, n: number, h: number) => [number, number, number];

export interface MeshFeature { surfaces: readonly Surface[]; colours: Record<SurfaceKind, Rgb> }

/** Triangles of a face: walls are quads, roofs and ground faces are triangulated in plan (earcut). */
export function triangulate(s: Surface): { points: P3[]; triangles: number[] } {
  const points = s.rings.flat();
  if (s.kind === 'wall' && s.rings.length === 1 && s.rings[0]!.length === 4) return { points, triangles: [0, 1, 2, 0, 2, 3] };
  const flat: number[] = [];
  const holes: number[] = [];
  s.rings.forEach((r, i) => { if (i > 0) holes.push(flat.length / 2); for (const p of r) flat.push(p[0], p[1]); });
  const tri = earcut(flat, holes, 2);
  // earcut returns triangles in the rings' winding; keep the face's orientation (ccw from outside).
  const triangles: number[] = [];
  for (let i = 0; i < tri.length; i += 3) {
    const a = points[tri[i]!]!, b = points[tri[i + 1]!]!, c = points[tri[i + 2]!]!;
    const ccwInPlan = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]) > 0;
    const wantCcw = s.kind !== 'ground';
    if (ccwInPlan === wantCcw) triangles.push(tri[i]!, tri[i + 1]!, tri[i + 2]!);
    else triangles.push(tri[i]!, tri[i + 2]!, tri[i + 1]!);
  }
  return { points, triangles };
}

export class MeshBuilder {
  private pos: number[] = [];
  private nrm: number[] = [];
  private col: number[] = [];
  private fid: number[] = [];
  private idx: number[] = [];
  /** Bounds of the local ENU coordinates (east, north, up). */
  readonly min: [number, number, number] = [Infinity, Infinity, Infinity];
  readonly max: [number, number, number] = [-Infinity, -Infinity, -Infinity];

  constructor(private readonly toLocal: ToLocal) {}

  get vertexCount(): number { return this.pos.length / 3; }

  addFeature(featureId: number, f: MeshFeature): void {
    for (const s of f.surfaces) this.addSurface(featureId, s, f.colours[s.kind]);
  }

  addSurface(featureId: number, s: Surface, colour: Rgb): void {
    const { points, triangles } = triangulate(s);
    if (!triangles.length) return;
    const local = points.map((p) => this.toLocal(p[0], p[1], p[2]));
    // Face normal (Newell) in ENU, then to glTF y-up (east, up, −north).
    let nx = 0, ny = 0, nz = 0;
    for (let i = 0; i < triangles.length; i += 3) {
      const a = local[triangles[i]!]!, b = local[triangles[i + 1]!]!, c = local[triangles[i + 2]!]!;
      const ux = b[0] - a[0], uy = b[1] - a[1], uz = b[2] - a[2], vx = c[0] - a[0], vy = c[1] - a[1], vz = c[2] - a[2];
      nx += uy * vz - uz * vy; ny += uz * vx - ux * vz; nz += ux * vy - uy * vx;
    }
    const len = Math.hypot(nx, ny, nz);
    if (len < 1e-9) return;
    nx /= len; ny /= len; nz /= len;
    const base = this.vertexCount;
    for (const p of local) {
      for (let k = 0; k < 3; k++) { if (p[k]! < this.min[k]!) this.min[k] = p[k]!; if (p[k]! > this.max[k]!) this.max[k] = p[k]!; }
      this.pos.push(p[0], p[2], -p[1]);
      this.nrm.push(nx, nz, -ny);
      this.col.push(colour[0], colour[1], colour[2]);
      this.fid.push(featureId);
    }
    for (const t of triangles) this.idx.push(base + t);
  }

  build(): MeshData {
    return {
      positions: Float32Array.from(this.pos), normals: Float32Array.from(this.nrm), colors: Float32Array.from(this.col),
      featureIds: Uint32Array.from(this.fid), indices: Uint32Array.from(this.idx),
    };
  }
}

/** '#rrggbb' → linear RGB 0..1 (glTF colours are linear). */
export function hexToLinear(hex: string): Rgb {
  const v = (i: number) => {
    const c = parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return [v(0), v(1), v(2)];
}
