// The map part of GetMap and GetFeatureInfo in KVP: layers and styles against the layer tree, CRS/SRS with
// the axis order of the version (1.3.0 follows the CRS definition, 1.1.1 is always x/y), BBOX, size, format,
// transparency and background. Every mistake is an OwsException with the WMS code.
import type { Role } from '../../catalog/roles.ts';
import type { Catalog } from '../../catalog/catalog.ts';
import { resolveCrs } from '../../crs/names.ts';
import { CRS_LIST } from '../../crs/definitions.ts';
import { OwsException } from '../../errors/service-error.ts';
import type { Kvp } from '../ows/params.ts';
import type { Box, ImageFormat, MapLayer, MapRequest } from '../../render/map-request.ts';
import { DEFAULT_STYLE, layerStyle } from '../../render/styles.ts';
import { drawnLayers, findNode, type TreeNode } from './layer-tree.ts';
import { boxProblem } from '../../crs/area.ts';
import type { WmsVersion } from '../../errors/protocol.ts';

export const FORMATS: Record<string, ImageFormat> = {
  'image/png': 'png',
  'image/png;mode=8bit': 'png8',
  'image/png8': 'png8',
  'image/jpeg': 'jpeg',
  'image/jpg': 'jpeg',
  'image/webp': 'webp',
};

/** The formats capabilities advertise (the others are accepted aliases). */
export const ADVERTISED_FORMATS = ['image/png', 'image/png; mode=8bit', 'image/jpeg', 'image/webp'];

export function imageFormat(value: string | undefined): ImageFormat | undefined {
  return value === undefined ? undefined : FORMATS[value.toLowerCase().replace(/\s+/g, '')];
}

export interface RequestedLayer { node: TreeNode; style: string }

/** The CRS parameter's name in the version. */
export const crsParam = (version: WmsVersion) => (version === '1.3.0' ? 'CRS' : 'SRS');

function parseBoolean(kvp: Kvp, name: string): boolean {
  const v = kvp.get(name)?.trim().toUpperCase();
  if (v === undefined || v === '') return false;
  if (v === 'TRUE') return true;
  if (v === 'FALSE') return false;
  throw new OwsException('InvalidParameterValue', `${name} must be TRUE or FALSE, got "${kvp.get(name)}"`, name);
}

/** BGCOLOR 0xRRGGBB (also #RRGGBB) as #rrggbb; white when absent. */
export function parseBgColor(value: string | undefined): string {
  const v = value?.trim();
  if (!v) return '#ffffff';
  const m = /^(?:0x|#)([0-9a-f]{6})$/i.exec(v);
  if (!m) throw new OwsException('InvalidParameterValue', `BGCOLOR must be a hexadecimal colour 0xRRGGBB, got "${v}"`, 'BGCOLOR');
  return '#' + m[1]!.toLowerCase();
}

/** A positive pixel size no larger than the limit. */
function parseSize(kvp: Kvp, name: 'WIDTH' | 'HEIGHT', max: number): number {
  const raw = kvp.get(name)?.trim();
  if (!raw) throw new OwsException('MissingParameterValue', `Parameter ${name} is required`, name);
  if (!/^\+?\d+$/.test(raw) || Number(raw) < 1) throw new OwsException('InvalidParameterValue', `${name} must be a positive integer, got "${raw}"`, name);
  const n = Number(raw);
  if (n > max) throw new OwsException('InvalidParameterValue', `${name} ${n} exceeds the maximum of ${max} pixels`, name);
  return n;
}

/** Output resolution from the DPI, MAP_RESOLUTION or FORMAT_OPTIONS=dpi:N vendor parameters (QGIS, GeoServer, MapServer). */
function parseDpi(kvp: Kvp): number | undefined {
  const raw = kvp.get('DPI') ?? kvp.get('MAP_RESOLUTION') ?? /(?:^|;)dpi:(\d+(?:\.\d+)?)/i.exec(kvp.get('FORMAT_OPTIONS') ?? '')?.[1];
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new OwsException('InvalidParameterValue', `DPI must be a positive number, got "${raw}"`, 'DPI');
  return Math.min(Math.max(n, 25), 600);
}

/** LAYERS with STYLES: empty styles (STYLES=, STYLES=,,, STYLES=a,,b) mean the default. */
export function parseLayers(kvp: Kvp, tree: TreeNode, catalog: Catalog, role: Role): RequestedLayer[] {
  const raw = kvp.get('LAYERS');
  const names = (raw ?? '').split(',').map((s) => s.trim());
  if (!raw || names.every((n) => n === '')) throw new OwsException('MissingParameterValue', 'Parameter LAYERS is required', 'LAYERS');
  const stylesRaw = kvp.get('STYLES') ?? '';
  const styles = stylesRaw.trim() === '' ? [] : stylesRaw.split(',').map((s) => s.trim());
  if (styles.length > 0 && styles.length !== names.length) {
    throw new OwsException('StyleNotDefined', `STYLES lists ${styles.length} styles for ${names.length} layers`, 'STYLES');
  }
  return names.map((name, i) => {
    const node = name ? findNode(tree, name, catalog, role) : undefined;
    if (!node) throw new OwsException('LayerNotDefined', `Layer "${name}" is not offered by this service`, 'LAYERS');
    const style = styles[i] ?? '';
    const known = style === '' || (node.layer ? !!layerStyle(node.layer, style) : style.toLowerCase() === DEFAULT_STYLE);
    if (!known) throw new OwsException('StyleNotDefined', `Layer ${node.name} has no style "${style}"`, 'STYLES');
    return { node, style: style || DEFAULT_STYLE };
  });
}

export function toMapLayers(requested: readonly RequestedLayer[]): MapLayer[] {
  return requested.flatMap(({ node, style }) => drawnLayers(node).map((layer) => ({ layer, style: node.layer ? style : DEFAULT_STYLE })));
}

/** CRS (1.3.0) or SRS (1.1.1), and BBOX turned to x/y order in that CRS. */
export function parseCrsAndBox(kvp: Kvp, version: WmsVersion): Pick<MapRequest, 'crs' | 'bbox'> {
  const param = crsParam(version);
  // Clients mixing versions (SRS with 1.3.0 or CRS with 1.1.1) are common enough to accept.
  const name = (kvp.get(param) ?? kvp.get(version === '1.3.0' ? 'SRS' : 'CRS'))?.trim();
  if (!name) throw new OwsException('MissingParameterValue', `Parameter ${param} is required`, param);
  const resolved = resolveCrs(name, version === '1.1.1');
  if (!resolved || !CRS_LIST.includes(resolved.crs)) {
    throw new OwsException(version === '1.3.0' ? 'InvalidCRS' : 'InvalidSRS', `${param} ${name} is not offered (${CRS_LIST.map((c) => c.code).join(', ')})`, param);
  }
  const raw = kvp.get('BBOX')?.trim();
  if (!raw) throw new OwsException('MissingParameterValue', 'Parameter BBOX is required', 'BBOX');
  const parts = raw.split(',').map((s) => s.trim());
  const n = parts.map((s) => (s === '' ? NaN : Number(s)));
  if (n.length !== 4 || !n.every(Number.isFinite)) throw new OwsException('InvalidParameterValue', `BBOX must be four numbers minx,miny,maxx,maxy, got "${raw}"`, 'BBOX');
  if (n[0]! >= n[2]! || n[1]! >= n[3]!) throw new OwsException('InvalidParameterValue', `BBOX minimum must be less than maximum on both axes, got "${raw}"`, 'BBOX');
  const yx = resolved.axisOrder === 'yx' && !unmistakablyXy(resolved.crs.code, n as Box);
  const bbox: Box = yx ? [n[1]!, n[0]!, n[3]!, n[2]!] : [n[0]!, n[1]!, n[2]!, n[3]!];
  const outside = boxProblem(resolved.crs, bbox);
  if (outside) throw new OwsException('InvalidParameterValue', `BBOX: ${outside}`, 'BBOX');
  return { crs: resolved.crs, bbox };
}

/**
 * Coordinate ranges of CRSs whose eastings and northings cannot be mistaken for each other (PL-2000 zone 6:
 * eastings start with 6 5xx xxx ± 300 km, northings in Poland stay below 6.1 million).
 */
const DISJOINT_AXES: Record<string, { east: [number, number]; north: [number, number] }> = {
  'EPSG:2177': { east: [6_200_000, 6_800_000], north: [5_300_000, 6_100_000] },
};

/**
 * GDAL's WMS driver (3.6) sends 1.3.0 boxes easting first for every projected CRS, although EPSG:2177 is
 * northing first. Where the two readings cannot both be Polish coordinates, an easting-first box is read as
 * such instead of drawing an empty map somewhere in the Arctic; everywhere else the CRS's order rules.
 */
function unmistakablyXy(code: string, b: Box): boolean {
  const r = DISJOINT_AXES[code];
  if (!r) return false;
  const inRange = (v: number, [lo, hi]: [number, number]) => v >= lo && v <= hi;
  return inRange(b[0], r.east) && inRange(b[2], r.east) && inRange(b[1], r.north) && inRange(b[3], r.north);
}

export interface MapParams {
  request: MapRequest;
  requested: RequestedLayer[];
  format: ImageFormat | undefined;
}

/** Parses the map part; the format is required for GetMap, optional for GetFeatureInfo. */
export function parseMapParams(kvp: Kvp, version: WmsVersion, tree: TreeNode, catalog: Catalog, role: Role, maxSize: number, requireFormat: boolean): MapParams {
  const requested = parseLayers(kvp, tree, catalog, role);
  const { crs, bbox } = parseCrsAndBox(kvp, version);
  const width = parseSize(kvp, 'WIDTH', maxSize);
  const height = parseSize(kvp, 'HEIGHT', maxSize);
  const formatRaw = kvp.get('FORMAT')?.trim();
  let format: ImageFormat | undefined;
  if (requireFormat) {
    if (!formatRaw) throw new OwsException('MissingParameterValue', 'Parameter FORMAT is required', 'FORMAT');
    format = imageFormat(formatRaw);
    if (!format) throw new OwsException('InvalidFormat', `Format ${formatRaw} is not offered (${ADVERTISED_FORMATS.join(', ')})`, 'FORMAT');
  } else {
    format = imageFormat(formatRaw);
  }
  const transparent = parseBoolean(kvp, 'TRANSPARENT') && format !== 'jpeg';
  const background = parseBgColor(kvp.get('BGCOLOR'));
  const dpi = parseDpi(kvp);
  return {
    requested,
    format,
    request: { layers: toMapLayers(requested), crs, bbox, width, height, transparent, background, role, ...(dpi ? { dpi } : {}) },
  };
}

/**
 * What an image exception needs (EXCEPTIONS=INIMAGE/BLANK), read leniently from a request that may be
 * invalid elsewhere; undefined when no image can be made (then the report is XML).
 */
export function imageExceptionParams(kvp: Kvp, maxSize: number): { width: number; height: number; format: ImageFormat; transparent: boolean; background: string } | undefined {
  const width = Number(kvp.get('WIDTH')), height = Number(kvp.get('HEIGHT'));
  const format = imageFormat(kvp.get('FORMAT')?.trim());
  if (!format || !Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || width > maxSize || height > maxSize) return undefined;
  let background = '#ffffff';
  try { background = parseBgColor(kvp.get('BGCOLOR')); } catch { /* the default */ }
  return { width, height, format, transparent: kvp.get('TRANSPARENT')?.trim().toUpperCase() === 'TRUE' && format !== 'jpeg', background };
}
