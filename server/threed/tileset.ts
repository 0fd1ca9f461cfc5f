// The 3D Tiles 1.1 tileset of the city: a grid of square tiles in EPSG:2177 under one root; each tile has its own
// east-north-up frame (tile transform) and up to four contents in groups (terrain, buildings, planned buildings,
// trees). Bounding volumes are regions (EPSG:4979 radians, ellipsoidal heights) of the content's PL-2000 box
// densified along its edges, so the convergence of meridians and the curvature are accounted for.
import { EnuFrame, lonLatOf, type HeightModel } from './geodesy.ts';

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

export interface TilesetOptions { grid: TileGrid; hm: HeightModel; tiles: readonly TileSummary[]; rootError: number }

export function buildTileset(o: TilesetOptions): Record<string, unknown> {
  const children = o.tiles.filter((t) => Object.keys(t.contents).length > 0).map((t) => {
    const parts = CONTENT_LAYERS.map((l, group) => ({ l, group, c: t.contents[l.id] })).filter((x) => x.c);
    const region = unionRegion(parts.map((p) => regionOf(p.c!.box, p.c!.minH, p.c!.maxH, o.hm)));
    return {
      boundingVolume: { region },
      geometricError: 0,
      refine: 'ADD',
      transform: tileFrame(o.grid, t.i, t.j, o.hm).matrix(),
      contents: parts.map((p) => ({
        uri: `tiles/${t.i}/${t.j}/${p.l.id}.glb`,
        group: p.group,
        boundingVolume: { region: regionOf(p.c!.box, p.c!.minH, p.c!.maxH, o.hm) },
      })),
    };
  });
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
    root: { boundingVolume: { region: rootRegion }, geometricError: o.rootError, refine: 'ADD', children },
    extras: {
      crs: 'EPSG:2177', verticalCrs: 'EPSG:9651 (PL-EVRF2007-NH)',
      heightAnomaly: o.hm.anomaly,
      tileGrid: { origin: o.grid.origin, size: o.grid.size, columns: o.grid.columns, rows: o.grid.rows },
    },
  };
}
