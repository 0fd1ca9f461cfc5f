// The JSON documents of the tiles: TileJSON 3.0 of a set, and the OGC API – Tiles resources (tile matrix set
// WebMercatorQuad, tileset lists, tileset metadata). All from the catalogue: fields are the attributes the
// role may see, zoom ranges the layers' scale ranges.
import type { Layer, ValueType } from '../../catalog/types.ts';
import type { Role } from '../../catalog/roles.ts';
import { NATIVE_CRS } from '../../crs/definitions.ts';
import { transformBox, type Box } from '../../render/map-request.ts';
import { SERVICE_METADATA } from '../ows/service-metadata.ts';
import { tileAttributes } from './mvt.ts';
import { labelPointsLayer, layerStyle } from '../../style/model.ts';
import { extentOf, FULL_ATTRIBUTES_ZOOM, layerTileZooms, MAX_DATA_ZOOM, setZooms, type TileSet } from './sets.ts';
import { MERCATOR_HALF } from './tile.ts';

export const MVT_TYPE = 'application/vnd.mapbox-vector-tile';
export const TMS_ID = 'WebMercatorQuad';
export const TMS_URI = 'http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad';
const CRS_3857 = 'http://www.opengis.net/def/crs/EPSG/0/3857';
const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
const REL_TILING_SCHEME = 'http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme';

export const ATTRIBUTION = `© ${SERVICE_METADATA.provider.name}`;

/** The area of the sample district, for a set without data (empty database), native. */
const FALLBACK_EXTENT: Box = [6_426_477, 5_807_863, 6_428_677, 5_809_863];

const r7 = (n: number) => Number(n.toFixed(7));

/** A set's bounds in longitude/latitude [w, s, e, n]. */
export function geoBounds(layers: readonly Layer[]): Box {
  const b = transformBox(extentOf(layers) ?? FALLBACK_EXTENT, NATIVE_CRS.code, 'EPSG:4326')!;
  return [r7(b[0]), r7(b[1]), r7(b[2]), r7(b[3])];
}

export function centreOf(b: Box): [number, number] {
  return [r7((b[0] + b[2]) / 2), r7((b[1] + b[3]) / 2)];
}

const TILEJSON_TYPE: Record<ValueType, string> = { string: 'String', integer: 'Number', number: 'Number', boolean: 'Boolean', date: 'String', dateTime: 'String' };

/** TileJSON 3.0.0 of a set. */
export function tileJson(set: TileSet, tilesUrl: string, role: Role, latitude: number): Record<string, unknown> {
  const { minzoom, maxzoom } = setZooms(set, latitude);
  const bounds = geoBounds(set.layers);
  return {
    tilejson: '3.0.0',
    name: set.id,
    description: `${set.description.pl}. Wszystkie atrybuty od poziomu ${FULL_ATTRIBUTES_ZOOM}, niżej tylko te, których używa styl (all attributes from zoom ${FULL_ATTRIBUTES_ZOOM}, below only those the style uses).`,
    version: '1.0.0',
    attribution: ATTRIBUTION,
    scheme: 'xyz',
    tiles: [tilesUrl],
    minzoom,
    maxzoom,
    bounds,
    center: [...centreOf(bounds), Math.max(minzoom, 14)],
    vector_layers: set.layers.flatMap((l) => {
      const z = layerTileZooms(l, latitude);
      const layer = {
        id: l.name,
        description: l.title.pl,
        minzoom: Math.min(z.min, maxzoom),
        maxzoom: Math.min(z.max, maxzoom),
        fields: Object.fromEntries(tileAttributes(l, role).map((a) => [a.name, TILEJSON_TYPE[a.type]])),
      };
      // A layer labelled once per feature has its label anchors beside it (mvt.ts).
      const label = layerStyle(l)?.label;
      const labelAttr = label?.once ? tileAttributes(l, role).find((a) => a.name === label.attribute) : undefined;
      return labelAttr
        ? [layer, { ...layer, id: labelPointsLayer(l.name), description: `${l.title.pl} – punkty etykiet`, fields: { [labelAttr.name]: TILEJSON_TYPE[labelAttr.type] } }]
        : [layer];
    }),
  };
}

/**
 * The WebMercatorQuad tile matrix set (OGC 2D TMS 2.0 JSON, OGC 17-083r4, as OGC API – Tiles 1.0 requires), levels
 * 0–24 as the standard defines them. It also carries the TMS 1.0 JSON members (17-083r2: identifier, supportedCRS,
 * boundingBox lowerCorner/upperCorner, each matrix's identifier and topLeftCorner), which the 2.0 schema admits as
 * additional members: GDAL 3.6's OGCAPI driver (Debian 12, Ubuntu 22.04) reads only the 1.0 encoding and otherwise
 * takes the document for a file name ("Destination buffer too small", "Invalid tiling matrix set name").
 */
export function webMercatorQuad(): Record<string, unknown> {
  const cell0 = (2 * MERCATOR_HALF) / 256;
  const lower = [-MERCATOR_HALF, -MERCATOR_HALF];
  const upper = [MERCATOR_HALF, MERCATOR_HALF];
  return {
    id: TMS_ID,
    identifier: TMS_ID,
    title: 'Google Maps Compatible for the World',
    uri: TMS_URI,
    crs: CRS_3857,
    supportedCRS: CRS_3857,
    orderedAxes: ['X', 'Y'],
    boundingBox: { crs: CRS_3857, orderedAxes: ['X', 'Y'], lowerLeft: lower, upperRight: upper, lowerCorner: lower, upperCorner: upper },
    wellKnownScaleSet: 'http://www.opengis.net/def/wkss/OGC/1.0/GoogleMapsCompatible',
    tileMatrices: Array.from({ length: 25 }, (_, z) => ({
      id: String(z),
      identifier: String(z),
      scaleDenominator: cell0 / 2 ** z / 0.00028,
      cellSize: cell0 / 2 ** z,
      cornerOfOrigin: 'topLeft',
      pointOfOrigin: [-MERCATOR_HALF, MERCATOR_HALF],
      topLeftCorner: [-MERCATOR_HALF, MERCATOR_HALF],
      tileWidth: 256,
      tileHeight: 256,
      matrixWidth: 2 ** z,
      matrixHeight: 2 ** z,
    })),
  };
}

export function tileMatrixSetList(base: string): Record<string, unknown> {
  return {
    tileMatrixSets: [{
      id: TMS_ID, title: 'Google Maps Compatible for the World', uri: TMS_URI, crs: CRS_3857,
      links: [{ rel: 'self', type: 'application/json', href: `${base}/tileMatrixSets/${TMS_ID}`, title: 'WebMercatorQuad' }],
    }],
    links: [{ rel: 'self', type: 'application/json', href: `${base}/tileMatrixSets` }],
  };
}

const DIMENSION: Record<string, number> = { Point: 0, MultiPoint: 0, LineString: 1, MultiLineString: 1, Polygon: 2, MultiPolygon: 2 };
const SCHEMA_TYPE: Record<ValueType, Record<string, string>> = {
  string: { type: 'string' }, integer: { type: 'integer' }, number: { type: 'number' }, boolean: { type: 'boolean' },
  date: { type: 'string', format: 'date' }, dateTime: { type: 'string', format: 'date-time' },
};

/** OGC tileset metadata of a set at `url` (the tileset resource; tiles below it). */
export function tilesetMetadata(set: TileSet, url: string, base: string, role: Role, latitude: number, tileJsonUrl: string): Record<string, unknown> {
  const bounds = geoBounds(set.layers);
  return {
    title: set.title.pl,
    description: set.description.pl,
    dataType: 'vector',
    crs: CRS_3857,
    tileMatrixSetURI: TMS_URI,
    layers: set.layers.map((l) => {
      const z = layerTileZooms(l, latitude);
      return {
        id: l.name,
        title: l.title.pl,
        description: l.abstract.pl,
        dataType: 'vector',
        geometryDimension: DIMENSION[l.geometry.type],
        minTileMatrix: String(Math.min(z.min, MAX_DATA_ZOOM)),
        maxTileMatrix: String(Math.min(z.max, MAX_DATA_ZOOM)),
        propertiesSchema: {
          type: 'object',
          properties: Object.fromEntries(tileAttributes(l, role).map((a) => [a.name, { title: a.title.pl, ...SCHEMA_TYPE[a.type] }])),
        },
      };
    }),
    boundingBox: { lowerLeft: [bounds[0], bounds[1]], upperRight: [bounds[2], bounds[3]], crs: CRS84 },
    centerPoint: { coordinates: centreOf(bounds), tileMatrix: String(Math.max(setZooms(set, latitude).minzoom, 14)), crs: CRS84 },
    links: [
      { rel: 'self', type: 'application/json', href: url, title: 'this tileset' },
      { rel: REL_TILING_SCHEME, type: 'application/json', href: `${base}/tileMatrixSets/${TMS_ID}`, title: 'WebMercatorQuad' },
      { rel: 'item', type: MVT_TYPE, href: `${url}/{tileMatrix}/{tileRow}/{tileCol}`, templated: true, title: 'Mapbox Vector Tiles' },
      { rel: 'alternate', type: 'application/vnd.mapbox.tile+json', href: tileJsonUrl, title: 'TileJSON' },
    ],
  };
}

/** A list of tilesets (one: WebMercatorQuad) of the resource at `url` (…/tiles). */
export function tilesetList(set: TileSet, url: string, base: string): Record<string, unknown> {
  return {
    links: [{ rel: 'self', type: 'application/json', href: url }],
    tilesets: [{
      title: set.title.pl,
      dataType: 'vector',
      crs: CRS_3857,
      tileMatrixSetURI: TMS_URI,
      links: [
        { rel: 'self', type: 'application/json', href: `${url}/${TMS_ID}`, title: 'tileset metadata' },
        { rel: REL_TILING_SCHEME, type: 'application/json', href: `${base}/tileMatrixSets/${TMS_ID}` },
      ],
    }],
  };
}
