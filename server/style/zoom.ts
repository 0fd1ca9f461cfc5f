// Scale denominators (WMS, SLD, the catalogue's scale ranges: 0.28 mm pixels, true ground scale) and web map
// zoom levels, converted at Poznań's latitude.
//
// Web Mercator stretches distances by 1/cos φ: a pixel of a MapLibre map at zoom z covers
//   C / (512 · 2^z) · cos φ metres of ground (C = 2π·6 378 137 m; MapLibre zoom z shows 512-pixel tiles of
// level z, i.e. the 256-pixel tile matrix z+1 of WebMercatorQuad), so with the 0.28 mm standard pixel the true
// scale is  S(z) = C · cos φ / (512 · 0.00028 · 2^z) = 279 541 132 · cos φ / 2^z  (the WebMercatorQuad table's
// 559 082 264 / 2^z is its nominal scale at the equator for 256-pixel tiles). At 52.4° N that is 1.64 times
// smaller than the nominal number: a layer whose catalogue range ends at 1:25 000 appears from zoom 12.74.
import type { Box } from '../render/map-request.ts';
import { transformBox } from '../render/map-request.ts';
import { NATIVE_CRS } from '../crs/definitions.ts';

export const EARTH_CIRCUMFERENCE_M = 2 * Math.PI * 6_378_137;
const STANDARD_PIXEL_M = 0.00028;
/** The latitude of Poznań's centre (Stary Rynek), for when the data's extent is not known. */
export const POZNAN_LATITUDE = 52.4083;

/** True scale denominator of a MapLibre (512-pixel) map at a zoom and latitude. */
export function scaleAtZoom(zoom: number, latitude = POZNAN_LATITUDE): number {
  return (EARTH_CIRCUMFERENCE_M * Math.cos((latitude * Math.PI) / 180)) / (512 * STANDARD_PIXEL_M * 2 ** zoom);
}

/** The MapLibre zoom at which a map has the given true scale denominator (fractional). */
export function zoomForScale(scale: number, latitude = POZNAN_LATITUDE): number {
  return Math.log2((EARTH_CIRCUMFERENCE_M * Math.cos((latitude * Math.PI) / 180)) / (512 * STANDARD_PIXEL_M * scale));
}

/** Zoom values rounded to 1/100 (style JSON stays readable, and 1 % of a zoom step is invisible). */
export function roundZoom(z: number): number {
  return Math.round(z * 100) / 100;
}

/** The latitude of the middle of a native (EPSG:2177) extent, or Poznań's. */
export function latitudeOf(extent: Box | undefined): number {
  if (!extent) return POZNAN_LATITUDE;
  const geo = transformBox(extent, NATIVE_CRS.code, 'EPSG:4326');
  return geo ? (geo[1] + geo[3]) / 2 : POZNAN_LATITUDE;
}

/**
 * A layer's MapLibre zoom range on the vector-tile map: its scale range, starting no earlier than the zoom its tiles
 * start at (Layer.tileMinZoom).
 */
export function layerZoomRange(layer: { scale?: { min?: number; max?: number }; tileMinZoom?: number }, latitude = POZNAN_LATITUDE): { min: number; max?: number } {
  const r = zoomRange(layer.scale, latitude);
  return { ...r, min: Math.max(r.min, layer.tileMinZoom ?? 0) };
}

/** A layer's scale range as a MapLibre zoom range: [min, max) (max undefined = no limit). */
export function zoomRange(scale: { min?: number; max?: number } | undefined, latitude = POZNAN_LATITUDE): { min: number; max?: number } {
  return {
    min: scale?.max !== undefined ? zoomForScale(scale.max, latitude) : 0,
    ...(scale?.min !== undefined ? { max: zoomForScale(scale.min, latitude) } : {}),
  };
}
