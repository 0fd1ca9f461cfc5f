// Tile sets from the catalogue: one per register (egib, gesut, sip), one of everything (sip_poznan, the OGC API
// dataset tiles), and one per layer (e.g. dzialki). Which layers a tile of a zoom level holds follows the layers'
// scale ranges, converted to zooms at the data's latitude (style/zoom.ts).
import type { Layer, Text } from '../../catalog/types.ts';
import type { Role } from '../../catalog/roles.ts';
import type { Catalog } from '../../catalog/catalog.ts';
import { SERVICE_METADATA } from '../ows/service-metadata.ts';
import { layerStyle } from '../../style/model.ts';
import { latitudeOf, zoomRange } from '../../style/zoom.ts';
import type { Box } from '../../render/map-request.ts';

/** Tiles up to this zoom carry full detail (4096 units over ≤ 370 m at Poznań: 9 cm); clients overzoom beyond. */
export const MAX_DATA_ZOOM = 16;
/** The deepest tile a client may ask for (the tile grid of WebMercatorQuad goes further; nobody needs it here). */
export const MAX_REQUEST_ZOOM = 22;
/**
 * From this zoom (1:5000 at Poznań) tiles carry every attribute the role may see; below it only the attributes
 * the style reads (rules, labels) and the key. Attributes are about 80 % of a tile's bytes (measured on the
 * sample at z14: parcels 300 KiB with all, 68 KiB without), and a map below 1:5000 is looked at, not queried:
 * a client wanting a feature's attributes there fetches it by its id from OGC API – Features.
 */
export const FULL_ATTRIBUTES_ZOOM = 15;
export const TILE_EXTENT = 4096;
export const TILE_BUFFER = 64;
/** The name of the set of all layers (as the WMS root layer). */
export const ALL_SET = 'sip_poznan';

export interface TileSet {
  id: string;
  title: Text;
  description: Text;
  /** Layers in paint order (bottom first); their names are the tile's layer names. */
  layers: Layer[];
  /** True for a set of one layer (its id is the layer's name). */
  single: boolean;
}

const REGISTERS: readonly Layer['namespace'][] = ['egib', 'gesut', 'sip'];

const zIndex = (l: Layer) => layerStyle(l)?.zIndex ?? 50;

/**
 * The layers of a set: a layer restricted to part of a table (a GESUT branch) is left out when the set holds its
 * whole-table layer already (the branch is in there, coloured by the same rules).
 */
function setLayers(layers: readonly Layer[]): Layer[] {
  const whole = new Set(layers.filter((l) => !l.where).map((l) => l.table));
  return layers.filter((l) => !(l.where && whole.has(l.table))).sort((a, b) => zIndex(a) - zIndex(b));
}

/** Every tile set the role may use, by id. */
export function tileSets(catalog: Catalog, role: Role): Map<string, TileSet> {
  const visible = catalog.visibleLayers(role);
  const sets = new Map<string, TileSet>();
  for (const ns of REGISTERS) {
    const members = visible.filter((l) => l.namespace === ns);
    if (!members.length) continue;
    sets.set(ns, { id: ns, title: members[0]!.group, description: members[0]!.group, layers: setLayers(members), single: false });
  }
  if (visible.length) sets.set(ALL_SET, { id: ALL_SET, title: SERVICE_METADATA.title, description: SERVICE_METADATA.abstract, layers: setLayers(visible), single: false });
  for (const l of visible) sets.set(l.name, { id: l.name, title: l.title, description: l.abstract, layers: [l], single: true });
  return sets;
}

/** The register sets (the sources of the MapLibre style). */
export function registerSets(sets: Map<string, TileSet>): TileSet[] {
  return REGISTERS.flatMap((ns) => (sets.has(ns) ? [sets.get(ns)!] : []));
}

/** Union of the native extents of some layers. */
export function extentOf(layers: readonly Layer[]): Box | undefined {
  const boxes = layers.map((l) => l.extent).filter((b): b is Box => !!b);
  if (!boxes.length) return undefined;
  return [Math.min(...boxes.map((b) => b[0])), Math.min(...boxes.map((b) => b[1])), Math.max(...boxes.map((b) => b[2])), Math.max(...boxes.map((b) => b[3]))];
}

const latitudes = new WeakMap<Catalog, number>();
/** The latitude scales are converted at: the middle of all the data. */
export function catalogLatitude(catalog: Catalog): number {
  let lat = latitudes.get(catalog);
  if (lat === undefined) latitudes.set(catalog, lat = latitudeOf(extentOf(catalog.layers)));
  return lat;
}

/**
 * The tile zoom levels that hold a layer: its MapLibre zoom range [min, max) meets the tile's [z, z+1). A layer
 * shown from zoom 12.74 (1:25 000 at Poznań) is in the tiles from 12 on, unless the catalogue starts its tiles
 * later (Layer.tileMinZoom).
 */
export function layerTileZooms(layer: Pick<Layer, 'scale' | 'tileMinZoom'>, latitude: number): { min: number; max: number } {
  const r = zoomRange(layer.scale, latitude);
  const min = Math.max(0, Math.floor(r.min + 1e-9), layer.tileMinZoom ?? 0);
  const max = r.max === undefined ? MAX_REQUEST_ZOOM : Math.min(MAX_REQUEST_ZOOM, Math.ceil(r.max - 1e-9) - 1);
  return { min, max };
}

/** The layers of a set present in tiles of zoom z. */
export function layersAtZoom(set: TileSet, z: number, latitude: number): Layer[] {
  return set.layers.filter((l) => { const r = layerTileZooms(l, latitude); return z >= r.min && z <= r.max; });
}

/** The zoom range of a set's TileJSON: from its first layer's level to the full-detail level. */
export function setZooms(set: TileSet, latitude: number): { minzoom: number; maxzoom: number } {
  const mins = set.layers.map((l) => layerTileZooms(l, latitude).min);
  const minzoom = Math.min(MAX_DATA_ZOOM, ...mins);
  return { minzoom, maxzoom: MAX_DATA_ZOOM };
}
