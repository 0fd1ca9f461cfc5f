// The terrain model (NMT GeoTIFF): windowed reads, bilinear heights, and an adaptive triangle mesh per tile
// (RTIN, @mapbox/martini) whose vertical error is bounded, with skirts hiding cracks between tiles.
import { fromFile, type GeoTIFF, type GeoTIFFImage } from 'geotiff';
import Martini from '@mapbox/martini';
import type { ToLocal } from './building-mesh.ts';
import type { MeshData } from './glb.ts';

export type Box = [number, number, number, number];

/** A block of DEM cells with bilinear interpolation between cell centres. */
export class HeightGrid {
  constructor(
    /** Easting and northing of the centre of the first (north-west) cell. */
    readonly e0: number, readonly n0: number,
    readonly cell: number, readonly width: number, readonly height: number,
    readonly values: Float32Array,
  ) {}

  /** Height at a point (clamped to the grid's edge). */
  at(e: number, n: number): number {
    const fx = Math.min(Math.max((e - this.e0) / this.cell, 0), this.width - 1);
    const fy = Math.min(Math.max((this.n0 - n) / this.cell, 0), this.height - 1);
    const x0 = Math.min(Math.floor(fx), this.width - 2), y0 = Math.min(Math.floor(fy), this.height - 2);
    const tx = fx - x0, ty = fy - y0;
    const v = (x: number, y: number) => this.values[y * this.width + x]!;
    if (this.width < 2 || this.height < 2) return v(0, 0);
    return (v(x0, y0) * (1 - tx) + v(x0 + 1, y0) * tx) * (1 - ty) + (v(x0, y0 + 1) * (1 - tx) + v(x0 + 1, y0 + 1) * tx) * ty;
  }

  range(): [number, number] {
    let lo = Infinity, hi = -Infinity;
    for (const v of this.values) { if (v < lo) lo = v; if (v > hi) hi = v; }
    return [lo, hi];
  }
}

/** A single-band elevation GeoTIFF, north up (as data/README.md describes the NMT). */
export class Dem {
  private constructor(private readonly tiff: GeoTIFF, private readonly image: GeoTIFFImage,
    readonly extent: Box, readonly cell: number, readonly width: number, readonly height: number) {}

  static async open(file: string): Promise<Dem> {
    const tiff = await fromFile(file);
    const image = await tiff.getImage();
    const [minx, miny, maxx, maxy] = image.getBoundingBox() as Box;
    const [rx] = image.getResolution();
    return new Dem(tiff, image, [minx, miny, maxx, maxy], Math.abs(rx!), image.getWidth(), image.getHeight());
  }

  /** Reads only the cells covering a box (plus one cell around it), as a HeightGrid. */
  async read(box: Box): Promise<HeightGrid> {
    const [minx, , , maxy] = this.extent;
    const clamp = (v: number, hi: number) => Math.min(Math.max(v, 0), hi);
    const x0 = clamp(Math.floor((box[0] - minx) / this.cell) - 1, this.width - 1);
    const x1 = clamp(Math.ceil((box[2] - minx) / this.cell) + 1, this.width);
    const y0 = clamp(Math.floor((maxy - box[3]) / this.cell) - 1, this.height - 1);
    const y1 = clamp(Math.ceil((maxy - box[1]) / this.cell) + 1, this.height);
    const w = Math.max(1, x1 - x0), h = Math.max(1, y1 - y0);
    const [band] = await this.image.readRasters({ window: [x0, y0, x0 + w, y0 + h], samples: [0] }) as unknown as [ArrayLike<number>];
    return new HeightGrid(minx + (x0 + 0.5) * this.cell, maxy - (y0 + 0.5) * this.cell, this.cell, w, h, Float32Array.from(band));
  }

  close(): void { void this.tiff.close?.(); }
}

export interface TerrainMeshOptions {
  /** Samples per side: 2^k + 1. */
  gridSize: number;
  /** Largest vertical error of the simplified mesh, metres. */
  maxError: number;
  /** Depth of the skirts along the tile's edges, metres. */
  skirt: number;
}

/** RTIN mesh of a tile box from heights, in the tile's local frame (glTF y-up), with UVs over the box. */
export function terrainMesh(grid: HeightGrid, box: Box, toLocal: ToLocal, o: TerrainMeshOptions): MeshData & { min: number[]; max: number[]; triangles: number } {
  const n = o.gridSize;
  const stepE = (box[2] - box[0]) / (n - 1), stepN = (box[3] - box[1]) / (n - 1);
  const heights = new Float32Array(n * n);
  for (let row = 0; row < n; row++) for (let col = 0; col < n; col++) {
    heights[row * n + col] = grid.at(box[0] + col * stepE, box[3] - row * stepN);
  }
  const mesh = new Martini(n).createTile(heights).getMesh(o.maxError);
  const grid2 = (i: number): [number, number, number] => {
    const col = mesh.vertices[2 * i]!, row = mesh.vertices[2 * i + 1]!;
    return [box[0] + col * stepE, box[3] - row * stepN, heights[row * n + col]!];
  };
  const vertexCount = mesh.vertices.length / 2;
  const points: [number, number, number][] = [];
  const uv: number[] = [];
  for (let i = 0; i < vertexCount; i++) {
    points.push(grid2(i));
    uv.push(mesh.vertices[2 * i]! / (n - 1), mesh.vertices[2 * i + 1]! / (n - 1));
  }
  // Triangles counter-clockwise seen from above (the grid's rows run southwards, which flips martini's order).
  const tris: number[] = [];
  for (let t = 0; t < mesh.triangles.length; t += 3) {
    const a = mesh.triangles[t]!, b = mesh.triangles[t + 1]!, c = mesh.triangles[t + 2]!;
    const pa = points[a]!, pb = points[b]!, pc = points[c]!;
    const ccw = (pb[0] - pa[0]) * (pc[1] - pa[1]) - (pb[1] - pa[1]) * (pc[0] - pa[0]) > 0;
    tris.push(a, ccw ? b : c, ccw ? c : b);
  }
  // Skirts: every boundary edge (used by one triangle) gets a wall hanging below it.
  const edgeUse = new Map<string, [number, number]>();
  for (let t = 0; t < tris.length; t += 3) {
    for (let k = 0; k < 3; k++) {
      const a = tris[t + k]!, b = tris[t + ((k + 1) % 3)]!;
      const key = a < b ? `${a},${b}` : `${b},${a}`;
      if (edgeUse.has(key)) edgeUse.delete(key); else edgeUse.set(key, [a, b]);
    }
  }
  const skirtIndex = new Map<number, number>();
  const below = (i: number) => {
    let j = skirtIndex.get(i);
    if (j === undefined) {
      const p = points[i]!;
      j = points.length;
      points.push([p[0], p[1], p[2] - o.skirt]);
      uv.push(uv[2 * i]!, uv[2 * i + 1]!);
      skirtIndex.set(i, j);
    }
    return j;
  };
  for (const [a, b] of edgeUse.values()) {
    // The interior lies left of a→b (triangles are ccw), so the outward face is a, b, b', a' reversed.
    const a2 = below(a), b2 = below(b);
    tris.push(b, a, a2, b, a2, b2);
  }
  const local = points.map((p) => toLocal(p[0], p[1], p[2]));
  const min = [Infinity, Infinity, Infinity], max = [-Infinity, -Infinity, -Infinity];
  const positions = new Float32Array(local.length * 3);
  local.forEach((p, i) => {
    positions.set([p[0], p[2], -p[1]], 3 * i);
    for (let k = 0; k < 3; k++) { min[k] = Math.min(min[k]!, p[k]!); max[k] = Math.max(max[k]!, p[k]!); }
  });
  // Smooth normals: area-weighted face normals summed per vertex (y-up).
  const normals = new Float32Array(positions.length);
  for (let t = 0; t < tris.length; t += 3) {
    const [a, b, c] = [tris[t]!, tris[t + 1]!, tris[t + 2]!];
    const ax = positions[3 * a]!, ay = positions[3 * a + 1]!, az = positions[3 * a + 2]!;
    const ux = positions[3 * b]! - ax, uy = positions[3 * b + 1]! - ay, uz = positions[3 * b + 2]! - az;
    const vx = positions[3 * c]! - ax, vy = positions[3 * c + 1]! - ay, vz = positions[3 * c + 2]! - az;
    const nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
    for (const i of [a, b, c]) { normals[3 * i] = normals[3 * i]! + nx; normals[3 * i + 1] = normals[3 * i + 1]! + ny; normals[3 * i + 2] = normals[3 * i + 2]! + nz; }
  }
  for (let i = 0; i < normals.length; i += 3) {
    const l = Math.hypot(normals[i]!, normals[i + 1]!, normals[i + 2]!) || 1;
    normals[i] = normals[i]! / l; normals[i + 1] = normals[i + 1]! / l; normals[i + 2] = normals[i + 2]! / l;
    if (l === 1 && normals[i + 1] === 0) normals[i + 1] = 1;
  }
  return { positions, normals, uvs: Float32Array.from(uv), indices: Uint32Array.from(tris), min, max, triangles: mesh.triangles.length / 3 };
}
