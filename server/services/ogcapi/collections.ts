// OGC API – Features documents built from the catalogue: landing page, conformance, collections, queryables.
import type { Layer, ValueType } from '../../catalog/types.ts';
import type { Role } from '../../catalog/roles.ts';
import { visibleAttributes } from '../../catalog/catalog.ts';
import { CRS_LIST, NATIVE_CRS } from '../../crs/definitions.ts';
import { crsUri } from '../../crs/names.ts';
import { SERVICE_METADATA } from '../ows/service-metadata.ts';
import { wgs84Box } from '../wfs/capabilities.ts';
import { TILES_CONFORMANCE } from '../tiles/conformance.ts';

export interface Link { href: string; rel: string; type?: string; title?: string }

export const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
  'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter',
  'http://www.opengis.net/spec/cql2/1.0/conf/cql2-text',
  'http://www.opengis.net/spec/cql2/1.0/conf/cql2-json',
  'http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2',
  'http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators',
  'http://www.opengis.net/spec/cql2/1.0/conf/case-insensitive-comparison',
  'http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions',
  'http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions-plus',
  'http://www.opengis.net/spec/cql2/1.0/conf/spatial-functions',
  ...TILES_CONFORMANCE,
];

/** The CRSs of every collection, as OGC URIs (CRS84 first: the default). */
export const CRS_URIS = [crsUri(CRS_LIST.find((c) => c.code === 'CRS:84')!), ...CRS_LIST.filter((c) => c.code !== 'CRS:84').map(crsUri)];

export function landingPage(base: string): { title: string; description: string; links: Link[] } {
  return {
    title: SERVICE_METADATA.title.pl,
    description: SERVICE_METADATA.abstract.pl,
    links: [
      { href: `${base}?f=json`, rel: 'self', type: 'application/json', title: 'this document' },
      { href: `${base}?f=html`, rel: 'alternate', type: 'text/html', title: 'this document as HTML' },
      { href: `${base}/api`, rel: 'service-desc', type: 'application/vnd.oai.openapi+json;version=3.0', title: 'the API definition' },
      { href: `${base}/api.html`, rel: 'service-doc', type: 'text/html', title: 'the API documentation' },
      { href: `${base}/conformance`, rel: 'conformance', type: 'application/json', title: 'conformance classes' },
      { href: `${base}/collections`, rel: 'data', type: 'application/json', title: 'collections' },
      { href: `${base}/tiles`, rel: 'http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector', type: 'application/json', title: 'vector tilesets' },
      { href: `${base}/tileMatrixSets`, rel: 'http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes', type: 'application/json', title: 'tile matrix sets' },
    ],
  };
}

/**
 * A collection. `base` is the OGC API root (…/ogcapi); the WFS endpoint beside it (…/ows) serves the collection's
 * GML application schema, linked as `describedBy` of type text/xml: GDAL 3.6's OGCAPI driver takes the vector-tile
 * layers' fields only from such a link (rel compared as written there: RFC 8288 §2.1.1 compares relation types
 * case-insensitively, so this is the IANA `describedby`); it cannot learn them from the tiles
 * (OGCAPITiledLayer::EstablishFields marks the definition done before reading a tile; fixed in GDAL 3.7).
 */
export function collectionDocument(layer: Layer, base: string): Record<string, unknown> {
  const url = `${base}/collections/${layer.name}`;
  const ows = `${base.replace(/\/ogcapi$/, '')}/ows`;
  return {
    id: layer.name,
    title: layer.title.pl,
    description: layer.abstract.pl,
    keywords: layer.keywords ?? [],
    itemType: 'feature',
    extent: { spatial: { bbox: [wgs84Box(layer).map((n) => Number(n.toFixed(7)))], crs: 'http://www.opengis.net/def/crs/OGC/1.3/CRS84' } },
    crs: CRS_URIS,
    storageCrs: crsUri(NATIVE_CRS),
    links: [
      { href: url, rel: 'self', type: 'application/json', title: 'this collection' },
      { href: `${url}?f=html`, rel: 'alternate', type: 'text/html', title: 'this collection as HTML' },
      { href: `${url}/items`, rel: 'items', type: 'application/geo+json', title: 'features' },
      { href: `${url}/items?f=html`, rel: 'items', type: 'text/html', title: 'features as HTML' },
      { href: `${url}/queryables`, rel: 'http://www.opengis.net/def/rel/ogc/1.0/queryables', type: 'application/schema+json', title: 'queryables' },
      { href: `${url}/tiles`, rel: 'http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector', type: 'application/json', title: 'vector tilesets' },
      {
        href: `${ows}?SERVICE=WFS&VERSION=2.0.0&REQUEST=DescribeFeatureType&TYPENAMES=${encodeURIComponent(layer.typeName)}`,
        rel: 'describedBy', type: 'text/xml', title: 'GML application schema (XML Schema) of the features',
      },
    ],
  };
}

const JSON_SCHEMA_TYPE: Record<ValueType, Record<string, string>> = {
  string: { type: 'string' }, integer: { type: 'integer' }, number: { type: 'number' }, boolean: { type: 'boolean' },
  date: { type: 'string', format: 'date' }, dateTime: { type: 'string', format: 'date-time' },
};

const GEOMETRY_SCHEMA: Record<string, string> = {
  Point: 'https://geojson.org/schema/Point.json', LineString: 'https://geojson.org/schema/LineString.json',
  Polygon: 'https://geojson.org/schema/Polygon.json', MultiPoint: 'https://geojson.org/schema/MultiPoint.json',
  MultiLineString: 'https://geojson.org/schema/MultiLineString.json', MultiPolygon: 'https://geojson.org/schema/MultiPolygon.json',
};

/** Queryables: the properties a role may filter on, as JSON Schema. */
export function queryables(layer: Layer, role: Role, base: string): Record<string, unknown> {
  const properties: Record<string, unknown> = {
    [layer.geometry.column]: { title: 'Geometria', 'x-ogc-role': 'primary-geometry', format: `geometry-${layer.geometry.type.toLowerCase()}`, $ref: GEOMETRY_SCHEMA[layer.geometry.type] },
  };
  for (const a of visibleAttributes(layer, role)) {
    properties[a.name] = { title: a.title.pl, description: a.description, ...JSON_SCHEMA_TYPE[a.type] };
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `${base}/collections/${layer.name}/queryables`,
    type: 'object',
    title: layer.title.pl,
    properties,
    additionalProperties: false,
  };
}
