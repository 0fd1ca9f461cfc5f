// The 3D Tiles 1.1 tileset of the city: a quadtree over a grid of square tiles in EPSG:2177. The leaves (level 0)
// are today's tiles with up to four contents in groups (terrain, LOD2 buildings, planned buildings, trees); a
// tile of level L ≥ 1 covers 2^L × 2^L leaves with coarser contents (terrain sampled wider, LOD1 buildings:
// simplified footprints, flat roofs, small buildings dropped, no trees) and is REPLACEd by its children when a
// viewer's screen-space error asks for more detail, so a city-wide view loads a few coarse tiles and only the
// tiles near the camera refine down to LOD2 (3D Tiles 1.1 §"Geometric error", §"Refinement"). Every tile has its
// own east-north-up frame; 3D Tiles transforms compose down the tree, so a child's transform is relative to its
// parent's. Bounding volumes are regions (EPSG:4979 radians, ellipsoidal heights) of the content's PL-2000 box
// densified along its edges, so the convergence of meridians and the curvature are accounted for.
import { EnuFrame, lonLatOf, type HeightModel, type Mat4 } from './geodesy.ts';

export type Box = [number, number, number, number];

export interface TileGrid { origin: [number, number]; size: number; columns: number; rows: number }

export function tileGrid(extent: Box, size: number): TileGrid {
  return {
    origin: [extent[0], extent[1]], size,
    columns: Math.max(1, Math.ceil((extent[2] - extent[0]) / size - 1e-9)),
    rows: Math.max(1, Math.ceil((extent[3] - extent[1]) / size - 1e-9)),
  };
}

export function tileBox(g: TileGrid, i: number, j: number): Box {
  const x = g.origin[0] + i * g.size, y = g.origin[1] + j * g.size;
  return [x, y, x + g.size, y + g.size];
}

export function validTile(g: TileGrid, i: number, j: number): boolean {
  return Number.isInteger(i) && Number.isInteger(j) && i >= 0 && j >= 0 && i < g.columns && j < g.rows;
}

/** The level above the leaves whose one tile covers the whole grid (0 for a grid of one tile). */
export function topLevel(g: TileGrid): number {
  return Math.max(0, Math.ceil(Math.log2(Math.max(g.columns, g.rows)) - 1e-9));
}

/** Columns and rows of the tiles of a level. */
export function levelSize(g: TileGrid, level: number): { columns: number; rows: number } {
  const k = 2 ** level;
  return { columns: Math.ceil(g.columns / k), rows: Math.ceil(g.rows / k) };
}

export function validLevelTile(g: TileGrid, level: number, i: number, j: number): boolean {
  if (!Number.isInteger(level) || level < 0 || level > topLevel(g)) return false;
  const s = levelSize(g, level);
  return Number.isInteger(i) && Number.isInteger(j) && i >= 0 && j >= 0 && i < s.columns && j < s.rows;
}

/** The box of a tile of level ≥ 1, clipped to the grid (level 0: tileBox, unclipped as it always was). */
export function levelBox(g: TileGrid, level: number, i: number, j: number): Box {
  if (level === 0) return tileBox(g, i, j);
  const side = g.size * 2 ** level;
  const x = g.origin[0] + i * side, y = g.origin[1] + j * side;
  return [x, y, Math.min(x + side, g.origin[0] + g.columns * g.size), Math.min(y + side, g.origin[1] + g.rows * g.size)];
}

export function levelFrame(g: TileGrid, level: number, i: number, j: number, hm: HeightModel): EnuFrame {
  const b = levelBox(g, level, i, j);
  return EnuFrame.at((b[0] + b[2]) / 2, (b[1] + b[3]) / 2, 0, hm);
}

/**
 * What a tile of level L ≥ 1 leaves out, and the geometric error (metres) that bounds it. LOD1 blocks (flat roof
 * at the middle of eaves and ridge) depart from LOD2 roofs by at most half the roof's rise (a few metres);
 * footprints are simplified with a tolerance of 0.5·2^(L−1) m; level 1 keeps every building, level 2 drops those
 * under 25 m² (sheds, garages: ≤ ~5 m across, a few metres high), each level up quadruples that area (the side
 * of a dropped building doubles). The error doubles per level (8, 16, 32, 64 m…), as the side of the tile does: a
 * viewer refines a tile when error × screen height ÷ (distance × 2·tan(fov/2)) exceeds its bound (16 px in
 * CesiumJS and in our view), so level 1 turns into LOD2 leaves within ~430 m of an 800 px high 50° view and
 * level 4 into level 3 within ~3.4 km.
 */
export function lodOf(level: number): { geometricError: number; minArea: number; simplify: number } {
  const k = 2 ** (level - 1);
  return { geometricError: 8 * k, minArea: level <= 1 ? 0 : 25 * 4 ** (level - 2), simplify: 0.5 * k };
}

/** The terrain mesh of a tile of a level: the same 257 samples over a wider box, a looser error, deeper skirts. */
export function terrainOfLevel(base: { gridSize: number; maxError: number; skirt: number; texture: number }, level: number) {
  const k = 2 ** level;
  const maxError = base.maxError * k;
  return { ...base, maxError, skirt: level === 0 ? base.skirt : base.skirt + 2 * maxError };
}

/** a⁻¹·b of two rigid transforms (rotation + translation, column-major): b relative to a. */
export function relativeTransform(a: Mat4, b: Mat4): Mat4 {
  // a⁻¹ = [Rᵀ, −Rᵀt]
  const r = (row: number, col: number) => a[col * 4 + row]!;
  const inv: Mat4 = new Array(16).fill(0);
  for (let row = 0; row < 3; row++) for (let col = 0; col < 3; col++) inv[col * 4 + row] = r(col, row);
  for (let row = 0; row < 3; row++) inv[12 + row] = -(r(0, row) * a[12]! + r(1, row) * a[13]! + r(2, row) * a[14]!);
  inv[15] = 1;
  return multiply(inv, b);
}

export function multiply(a: Mat4, b: Mat4): Mat4 {
  const out: Mat4 = new Array(16).fill(0);
  for (let col = 0; col < 4; col++) for (let row = 0; row < 4; row++) {
    let s = 0;
    for (let k = 0; k < 4; k++) s += a[k * 4 + row]! * b[col * 4 + k]!;
    out[col * 4 + row] = s;
  }
  return out;
}

/** The local frame of a tile's contents: east-north-up at the tile's centre, on the quasigeoid (normal height 0). */
export function tileFrame(g: TileGrid, i: number, j: number, hm: HeightModel): EnuFrame {
  const b = tileBox(g, i, j);
  return EnuFrame.at((b[0] + b[2]) / 2, (b[1] + b[3]) / 2, 0, hm);
}

/** A 3D Tiles region [west, south, east, north, minHeight, maxHeight] of a PL-2000 box and normal-height range. */
export function regionOf(box: Box, minH: number, maxH: number, hm: HeightModel): number[] {
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  const k = 8;
  for (let a = 0; a <= k; a++) for (let b = 0; b <= k; b++) {
    if (a !== 0 && a !== k && b !== 0 && b !== k) continue; // edges only: the grid→geographic map is smooth
    const [lon, lat] = lonLatOf(box[0] + ((box[2] - box[0]) * a) / k, box[1] + ((box[3] - box[1]) * b) / k);
    w = Math.min(w, lon); e = Math.max(e, lon); s = Math.min(s, lat); n = Math.max(n, lat);
  }
  // Margin: 1e-7 rad ≈ 0.6 m covers the edges' curvature between samples and quantization of the content.
  const rad = (d: number) => (d * Math.PI) / 180;
  return [rad(w) - 1e-7, rad(s) - 1e-7, rad(e) + 1e-7, rad(n) + 1e-7, minH + hm.anomaly - 0.5, maxH + hm.anomaly + 0.5];
}

export function unionRegion(regions: readonly number[][]): number[] {
  return [0, 1, 2, 3, 4, 5].map((k) => (k === 0 || k === 1 || k === 4 ? Math.min(...regions.map((r) => r[k]!)) : Math.max(...regions.map((r) => r[k]!))));
}

/** The content layers of a tile, in the order of the tileset's groups. */
export const CONTENT_LAYERS = [
  { id: 'teren', title: { pl: 'Teren (NMT)', en: 'Terrain (DTM)' } },
  { id: 'budynki', title: { pl: 'Budynki', en: 'Buildings' } },
  { id: 'projektowane', title: { pl: 'Budynki projektowane', en: 'Planned buildings' } },
  { id: 'drzewa', title: { pl: 'Drzewa', en: 'Trees' } },
] as const;
export type ContentLayer = (typeof CONTENT_LAYERS)[number]['id'];

export interface TileSummary {
  i: number; j: number;
  /** Per content layer present in the tile: its PL-2000 box and normal-height range. */
  contents: Partial<Record<ContentLayer, { box: Box; minH: number; maxH: number; count: number }>>;
}

/** The contents of the levels above the leaves, by `level/i/j` (only terrain, buildings and planned buildings). */
export type LevelSummaries = ReadonlyMap<string, TileSummary['contents']>;

export interface TilesetOptions { grid: TileGrid; hm: HeightModel; tiles: readonly TileSummary[]; levels?: LevelSummaries; rootError: number }

/** The URI of a content of a tile: leaves under tiles/, coarser levels under lod/{level}/. */
export function contentUri(level: number, i: number, j: number, layer: ContentLayer): string {
  return level === 0 ? `tiles/${i}/${j}/${layer}.glb` : `lod/${level}/${i}/${j}/${layer}.glb`;
}

interface TileJson {
  boundingVolume: { region: number[] }; geometricError: number; refine: 'ADD' | 'REPLACE'; transform: Mat4;
  contents: { uri: string; group: number; boundingVolume: { region: number[] } }[]; children?: TileJson[];
}

export function buildTileset(o: TilesetOptions): Record<string, unknown> {
  const leaves = new Map(o.tiles.filter((t) => Object.keys(t.contents).length > 0).map((t) => [`${t.i}/${t.j}`, t]));
  const top = topLevel(o.grid);
  const contentsOf = (level: number, i: number, j: number, contents: TileSummary['contents']) =>
    CONTENT_LAYERS.map((l, group) => ({ l, group, c: contents[l.id] })).filter((x) => x.c).map((p) => ({
      uri: contentUri(level, i, j, p.l.id), group: p.group, boundingVolume: { region: regionOf(p.c!.box, p.c!.minH, p.c!.maxH, o.hm) },
    }));
  /** The tile (level, i, j) and its subtree; its transform relative to its parent's absolute one. */
  const node = (level: number, i: number, j: number, parent: Mat4 | undefined): TileJson | undefined => {
    const absolute = levelFrame(o.grid, level, i, j, o.hm).matrix();
    const transform = parent ? relativeTransform(parent, absolute) : absolute;
    if (level === 0) {
      const t = leaves.get(`${i}/${j}`);
      if (!t) return undefined;
      const contents = contentsOf(0, i, j, t.contents);
      return { boundingVolume: { region: unionRegion(contents.map((c) => c.boundingVolume.region)) }, geometricError: 0, refine: 'ADD', transform, contents };
    }
    const children: TileJson[] = [];
    for (const [di, dj] of [[0, 0], [1, 0], [0, 1], [1, 1]] as const) {
      const ci = 2 * i + di, cj = 2 * j + dj;
      if (!validLevelTile(o.grid, level - 1, ci, cj)) continue;
      const child = node(level - 1, ci, cj, absolute);
      if (child) children.push(child);
    }
    if (!children.length) return undefined;
    const contents = contentsOf(level, i, j, o.levels?.get(`${level}/${i}/${j}`) ?? {});
    const region = unionRegion([...children.map((c) => c.boundingVolume.region), ...contents.map((c) => c.boundingVolume.region)]);
    return { boundingVolume: { region }, geometricError: lodOf(level).geometricError, refine: 'REPLACE', transform, contents, children };
  };
  const children: TileJson[] = [];
  if (top === 0) { for (const t of leaves.values()) children.push(node(0, t.i, t.j, undefined)!); } else {
    const t = node(top, 0, 0, undefined);
    if (t) children.push(t);
  }
  const rootRegion = children.length ? unionRegion(children.map((c) => c.boundingVolume.region)) : regionOf(
    [o.grid.origin[0], o.grid.origin[1], o.grid.origin[0] + o.grid.size * o.grid.columns, o.grid.origin[1] + o.grid.size * o.grid.rows], 0, 1, o.hm);
  return {
    asset: { version: '1.1', generator: 'SIP Poznań' },
    schema: {
      id: 'sip_poznan_tileset',
      classes: { warstwa: { name: 'Warstwa', properties: { id: { type: 'STRING' }, nazwa: { type: 'STRING', name: 'Nazwa' }, name: { type: 'STRING', name: 'Name' } } } },
    },
    groups: CONTENT_LAYERS.map((l) => ({ class: 'warstwa', properties: { id: l.id, nazwa: l.title.pl, name: l.title.en } })),
    geometricError: o.rootError,
    root: { boundingVolume: { region: rootRegion }, geometricError: o.rootError, refine: top === 0 ? 'ADD' : 'REPLACE', children },
    extras: {
      crs: 'EPSG:2177', verticalCrs: 'EPSG:9651 (PL-EVRF2007-NH)',
      heightAnomaly: o.hm.anomaly,
      tileGrid: { origin: o.grid.origin, size: o.grid.size, columns: o.grid.columns, rows: o.grid.rows, levels: top },
    },
  };
}
