// Run configuration: seed, scale, extent. All lengths inside the generator are
// integer millimetres in EPSG:2177 (x = easting, y = northing).

import { M, type Rect } from './geom.ts';

/** Stary Rynek (centre of the market square), EPSG:2177, metres. */
export const MARKET_X = 6427477;
export const MARKET_Y = 5808863;

/** Half side of the open market square, m (the square is ~140 m × 140 m). */
export const MARKET_HALF = 70;
/** Mean river axis, m east of the market. */
export const RIVER_OFFSET = 850;

export const SCALES: Record<string, number> = { district: 1, city: 8 };

export interface Config {
  seed: number;
  /** As given on the command line: 'district', 'city' or a number. */
  scaleLabel: string | number;
  /** Side-length multiplier (district = 1 → 2 km). */
  s: number;
  bbox: Rect;
  /** Raster pixel size in metres, or null to skip the rasters. */
  rasterRes: number | null;
  /** Municipal TERYT of the cadastral unit (Poznań). */
  unit: string;
}

export function parseScale(arg: string): { s: number; label: string | number } {
  const named = SCALES[arg];
  if (named !== undefined) return { s: named, label: arg };
  const s = Number(arg);
  if (!Number.isFinite(s) || s < 0.3 || s > 20) throw new Error(`--scale must be district, city or a number in [0.3, 20], got ${arg}`);
  return { s, label: s };
}

export function makeConfig(seed: number, scaleArg: string, rasterRes: number | null | undefined): Config {
  const { s, label } = parseScale(scaleArg);
  // The extent is centred 100 m east of the market so that the district (s = 1)
  // spans 900 m west and 1100 m east of it, which keeps the Warta inside.
  const side = Math.round(2000 * s) * M;
  const cx = (MARKET_X + 100) * M;
  const cy = MARKET_Y * M;
  const bbox: Rect = { x0: cx - side / 2, y0: cy - side / 2, x1: cx + side / 2, y1: cy + side / 2 };
  // 2 m pixels keep the district rasters at 1000 × 1000; larger areas use 10 m so a
  // raster stays around 10 MB.
  const res = rasterRes === null ? null : rasterRes ?? (side / M <= 5000 ? 2 : 10);
  return { seed, scaleLabel: label, s, bbox, rasterRes: res, unit: '306401_1' };
}
