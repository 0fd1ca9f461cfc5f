// Tile addresses of WebMercatorQuad: validated from the URL, and the box of native data a tile needs.
import { HttpProblem } from '../../errors/service-error.ts';
import { CRS_LIST } from '../../crs/definitions.ts';
import { nativeBox, type Box } from '../../render/map-request.ts';
import type { Layer } from '../../catalog/types.ts';
import { layersAtZoom, MAX_REQUEST_ZOOM, TILE_BUFFER, TILE_EXTENT, type TileSet } from './sets.ts';

export interface TileAddress { z: number; x: number; y: number }

/** Half the side of the Web Mercator square, metres. */
export const MERCATOR_HALF = 20_037_508.342789244;
const WEB_MERCATOR = CRS_LIST.find((c) => c.code === 'EPSG:3857')!;

const DIGITS = /^\d{1,8}$/;

/** Parses z/x/y path segments; anything but in-range integers is the client's mistake (400). */
export function parseTileAddress(z: string, x: string, y: string, names: { z: string; x: string; y: string } = { z: 'z', x: 'x', y: 'y' }): TileAddress {
  const bad = (name: string, detail: string) => new HttpProblem(400, 'Bad Request', detail, { parameter: name });
  if (!DIGITS.test(z)) throw bad(names.z, `${names.z} must be an integer from 0 to ${MAX_REQUEST_ZOOM}, got "${z}"`);
  const zi = Number(z);
  if (zi > MAX_REQUEST_ZOOM) throw bad(names.z, `${names.z} must be an integer from 0 to ${MAX_REQUEST_ZOOM}, got ${zi}`);
  const n = 2 ** zi;
  for (const [name, v] of [[names.x, x], [names.y, y]] as const) {
    if (!DIGITS.test(v) || Number(v) >= n) throw bad(name, `${name} must be an integer from 0 to ${n - 1} at level ${zi}, got "${v}"`);
  }
  return { z: zi, x: Number(x), y: Number(y) };
}

/** The tile's square in EPSG:3857 [minx, miny, maxx, maxy]. */
export function tileBounds(t: TileAddress): Box {
  const size = (2 * MERCATOR_HALF) / 2 ** t.z;
  const minx = -MERCATOR_HALF + t.x * size;
  const maxy = MERCATOR_HALF - t.y * size;
  return [minx, maxy - size, minx + size, maxy];
}

/**
 * The native (EPSG:2177) box that selects a tile's data through the spatial index: the tile with its buffer,
 * transformed on a grid; undefined far from where the data can be.
 */
export function tileNativeBox(t: TileAddress): Box | undefined {
  return nativeBox({ crs: WEB_MERCATOR, bbox: tileBounds(t), width: TILE_EXTENT }, TILE_BUFFER);
}

/**
 * What a tile of a set asks of the database: the layers visible at its zoom and its native box; undefined for a tile
 * that is empty without asking (no layer at the zoom, or far from where the data can be).
 */
export function tileQuery(set: TileSet, t: TileAddress, latitude: number): { layers: Layer[]; box: Box } | undefined {
  const layers = layersAtZoom(set, t.z, latitude);
  const box = layers.length ? tileNativeBox(t) : undefined;
  return box && { layers, box };
}
