// The neutral map request every map protocol (WMS, tiles) builds, and the geometry of the view it implies:
// the pixel transform, the scale denominator and the box in the native CRS that selects the data.
import type { Layer } from '../catalog/types.ts';
import type { Role } from '../catalog/roles.ts';
import type { CrsDefinition } from '../crs/definitions.ts';
import proj4 from 'proj4';
import { NATIVE_CRS } from '../crs/definitions.ts';

export type ImageFormat = 'png' | 'png8' | 'jpeg' | 'webp';

/** [minx, miny, maxx, maxy] with x = easting/longitude, whatever the CRS's axis order. */
export type Box = [number, number, number, number];

export interface MapLayer {
  layer: Layer;
  /** Style name, validated against the layer's styles. */
  style: string;
}

export interface MapRequest {
  /** Leaf layers in paint order (first = bottom). */
  layers: readonly MapLayer[];
  crs: CrsDefinition;
  /** The outer edges of the image's pixels in the target CRS, x first. */
  bbox: Box;
  width: number;
  height: number;
  transparent: boolean;
  /** Background colour #rrggbb (ignored when transparent). */
  background: string;
  role: Role;
  /** Output resolution; symbols and text scale with dpi / 90.7 (the 0.28 mm standard pixel). */
  dpi?: number;
}

/** The OGC standardised rendering pixel: 0.28 mm, about 90.7 dpi. */
export const STANDARD_PIXEL_M = 0.00028;
export const STANDARD_DPI = 0.0254 / STANDARD_PIXEL_M;

/** Where Polish data can be (PL-2000/PL-1992 areas of use with a margin), lon/lat. */
const DATA_DOMAIN: Box = [13.5, 48.5, 24.5, 55.5];

export function isValidBox(b: readonly number[]): b is Box {
  return b.length === 4 && b.every(Number.isFinite) && b[0]! < b[2]! && b[1]! < b[3]!;
}

/** Points of a box on an n×n grid (edges included): transforms of the whole box, not just its corners. */
function gridPoints(b: Box, n = 9): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) out.push([b[0] + ((b[2] - b[0]) * i) / (n - 1), b[1] + ((b[3] - b[1]) * j) / (n - 1)]);
  }
  return out;
}

function boundsOf(points: readonly [number, number][]): Box | undefined {
  let minx = Infinity, miny = Infinity, maxx = -Infinity, maxy = -Infinity;
  for (const [x, y] of points) {
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    if (x < minx) minx = x; if (x > maxx) maxx = x;
    if (y < miny) miny = y; if (y > maxy) maxy = y;
  }
  return minx <= maxx && miny <= maxy ? [minx, miny, maxx, maxy] : undefined;
}

type Convert = (p: [number, number]) => [number, number];
const converters = new Map<string, Convert>();

/**
 * A transform between two listed CRSs (their definitions are registered by crs/definitions.ts), made once per pair:
 * proj4(from, to, point) parses both definitions on every call (measured 0.6 ms per tile request for a box).
 */
function converter(from: string, to: string): Convert {
  const key = `${from}>${to}`;
  let c = converters.get(key);
  if (!c) {
    const p = proj4(from, to);
    converters.set(key, c = (xy) => p.forward(xy) as [number, number]);
  }
  return c;
}

/** Bounds of a box transformed between two listed CRSs (x first), sampled on a grid. */
export function transformBox(b: Box, from: string, to: string): Box | undefined {
  if (from === to) return b;
  const convert = converter(from, to);
  return boundsOf(gridPoints(b).map((p) => {
    try { return convert(p); } catch { return [NaN, NaN] as [number, number]; }
  }));
}

/**
 * The request's box in the native CRS, grown by marginPx pixels, or undefined when it cannot contain data.
 * The box goes through longitude/latitude clamped to the data's domain, so a whole-world request in any
 * CRS becomes a finite native box instead of the diverging values a transverse Mercator gives far away.
 */
export function nativeBox(req: Pick<MapRequest, 'crs' | 'bbox' | 'width'>, marginPx = 0): Box | undefined {
  const geo = req.crs.geographic ? req.bbox : transformBox(req.bbox, req.crs.code, 'EPSG:4326');
  if (!geo) return undefined;
  const clamped: Box = [Math.max(geo[0], DATA_DOMAIN[0]), Math.max(geo[1], DATA_DOMAIN[1]), Math.min(geo[2], DATA_DOMAIN[2]), Math.min(geo[3], DATA_DOMAIN[3])];
  if (!isValidBox(clamped)) return undefined;
  const native = req.crs.code === NATIVE_CRS.code ? req.bbox : transformBox(clamped, 'EPSG:4326', NATIVE_CRS.code);
  if (!native) return undefined;
  const pad = marginPx * nativePixelSize(req);
  return [native[0] - pad, native[1] - pad, native[2] + pad, native[3] + pad];
}

/**
 * Ground size of one pixel in metres, measured in the native CRS across the middle of the image: the
 * true scale at Poznań whatever the request's CRS (a nominal Web Mercator scale would be 1.6× too large here).
 */
export function nativePixelSize(req: Pick<MapRequest, 'crs' | 'bbox' | 'width'>): number {
  const [minx, miny, maxx, maxy] = req.bbox;
  if (req.crs.code === NATIVE_CRS.code) return (maxx - minx) / req.width;
  const cy = (miny + maxy) / 2;
  try {
    const convert = converter(req.crs.code, NATIVE_CRS.code);
    const a = convert([minx, cy]);
    const b = convert([maxx, cy]);
    const d = Math.hypot(b[0] - a[0], b[1] - a[1]) / req.width;
    if (Number.isFinite(d) && d > 0) return d;
  } catch { /* outside the projection's domain: fall through */ }
  // Far outside the data: a nominal size is good enough (nothing is drawn there).
  return req.crs.geographic ? ((maxx - minx) / req.width) * 111_320 : (maxx - minx) / req.width;
}

/** Scale denominator with the standard 0.28 mm pixel (WMS, SLD). */
export function scaleDenominator(req: Pick<MapRequest, 'crs' | 'bbox' | 'width' | 'dpi'>): number {
  const pixel = req.dpi ? 0.0254 / req.dpi : STANDARD_PIXEL_M;
  return nativePixelSize(req) / pixel;
}

/** Symbol size factor for the output resolution (1 at the standard 90.7 dpi). */
export function symbolScale(req: Pick<MapRequest, 'dpi'>): number {
  return req.dpi ? req.dpi / STANDARD_DPI : 1;
}

/** Inclusive at both ends, with a relative tolerance: a request computed as exactly 1:10000 shows a layer whose max is 10000. */
export function inScaleRange(range: { min?: number; max?: number } | undefined, scale: number): boolean {
  const eps = 1e-6 * scale;
  if (range?.min !== undefined && scale < range.min - eps) return false;
  if (range?.max !== undefined && scale > range.max + eps) return false;
  return true;
}

/** Affine map from the target CRS to pixels (y down): px = (x - minx) * sx, py = (maxy - y) * sy. */
export function pixelTransform(req: Pick<MapRequest, 'bbox' | 'width' | 'height'>): { sx: number; sy: number; minx: number; maxy: number } {
  const [minx, miny, maxx, maxy] = req.bbox;
  return { sx: req.width / (maxx - minx), sy: req.height / (maxy - miny), minx, maxy };
}
