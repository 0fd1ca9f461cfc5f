// The OpenAPI 3.0 definition of the OGC API, generated from the catalogue (one path set per collection).
import type { Layer } from '../../catalog/types.ts';
import type { Role } from '../../catalog/roles.ts';
import { visibleAttributes } from '../../catalog/catalog.ts';
import { SERVICE_METADATA } from '../ows/service-metadata.ts';
import { CRS_URIS } from './collections.ts';
import { formatsOf } from '../../formats/registry.ts';

const param = (name: string, description: string, schema: Record<string, unknown>, style?: Record<string, unknown>) =>
  ({ name, in: 'query', required: false, description, schema, ...(style ?? {}) });

export function openApi(layers: readonly Layer[], role: Role, base: string, limits: { defaultLimit: number; maxFeatures: number }): Record<string, unknown> {
  const common = [
    param('f', 'Format: json or html', { type: 'string', enum: ['json', 'html'] }),
  ];
  const itemsParams = [
    param('bbox', 'Bounding box: minx,miny,maxx,maxy in bbox-crs (default CRS84)', { type: 'array', minItems: 4, maxItems: 6, items: { type: 'number' } }, { style: 'form', explode: false }),
    param('bbox-crs', 'CRS of bbox', { type: 'string', format: 'uri', enum: CRS_URIS }),
    param('crs', 'CRS of the response geometries', { type: 'string', format: 'uri', enum: CRS_URIS }),
    // The page size the server prefers (default) and enforces (maximum): clients that read the definition, such as
    // GDAL's OAPIF driver, page by it instead of their own small default.
    param('limit', 'Page size', { type: 'integer', minimum: 1, maximum: limits.maxFeatures, default: limits.defaultLimit }),
    param('offset', 'Index of the first feature (0-based)', { type: 'integer', minimum: 0, default: 0 }),
    param('filter', 'CQL2 filter', { type: 'string' }),
    param('filter-lang', 'Filter language', { type: 'string', enum: ['cql2-text', 'cql2-json'], default: 'cql2-text' }),
    param('filter-crs', 'CRS of geometry literals in filter', { type: 'string', format: 'uri', enum: CRS_URIS }),
    param('properties', 'Properties to return', { type: 'array', items: { type: 'string' } }, { style: 'form', explode: false }),
    param('sortby', 'Sort keys, - for descending', { type: 'array', items: { type: 'string' } }, { style: 'form', explode: false }),
    param('f', `Format: ${[...formatsOf('ogcapi').map((f) => f.surfaces.ogcapi!.f), 'html'].join(', ')}`, { type: 'string', enum: [...formatsOf('ogcapi').map((f) => f.surfaces.ogcapi!.f), 'html'] }),
  ];
  const itemsContent = Object.fromEntries([...formatsOf('ogcapi').map((f) => [f.mediaType.replace(/;.*/, ''), {}]), ['text/html', {}]]);
  const paths: Record<string, unknown> = {
    '/': { get: { summary: 'Landing page', operationId: 'getLandingPage', parameters: common, responses: { 200: { description: 'Landing page' } } } },
    '/conformance': { get: { summary: 'Conformance classes', operationId: 'getConformance', parameters: common, responses: { 200: { description: 'Conformance' } } } },
    '/collections': { get: { summary: 'Collections', operationId: 'getCollections', parameters: common, responses: { 200: { description: 'Collections' } } } },
  };
  for (const l of layers) {
    const attrParams = visibleAttributes(l, role).map((a) => param(a.name, `Equality filter on ${a.name}`, { type: a.type === 'integer' ? 'integer' : a.type === 'number' ? 'number' : 'string' }));
    paths[`/collections/${l.name}`] = { get: { summary: l.title.pl, operationId: `describe_${l.name}`, parameters: common, responses: { 200: { description: 'Collection' }, 404: { description: 'Not found' } } } };
    // datetime (Part 1 §7.15.4) only where the catalogue names a temporal property; elsewhere it is refused (400).
    const datetime = l.temporal ? [param('datetime', `Instant or interval (RFC 3339, start/end, .. for open) compared with ${l.temporal}`, { type: 'string' })] : [];
    paths[`/collections/${l.name}/items`] = { get: { summary: `${l.title.pl}: obiekty`, operationId: `items_${l.name}`, parameters: [...itemsParams, ...datetime, ...attrParams],
      responses: { 200: { description: 'Features', content: itemsContent }, 400: { description: 'Bad request' } } } };
    paths[`/collections/${l.name}/items/{featureId}`] = { get: { summary: `${l.title.pl}: obiekt`, operationId: `item_${l.name}`,
      parameters: [{ name: 'featureId', in: 'path', required: true, schema: { type: 'string' } }, param('crs', 'CRS of the geometry', { type: 'string', format: 'uri', enum: CRS_URIS }), ...common],
      responses: { 200: { description: 'Feature' }, 404: { description: 'Not found' } } } };
    paths[`/collections/${l.name}/queryables`] = { get: { summary: `${l.title.pl}: queryables`, operationId: `queryables_${l.name}`, parameters: common, responses: { 200: { description: 'Queryables' } } } };
  }
  return {
    openapi: '3.0.3',
    info: { title: SERVICE_METADATA.title.pl, description: SERVICE_METADATA.abstract.en, version: '1.0.0',
      contact: { name: SERVICE_METADATA.provider.name, email: SERVICE_METADATA.provider.email }, license: { name: 'Materiały zasobu geodezyjnego: licencja art. 40c Pgik, opłaty wg /api/terms; dane SIP miasta: otwarte dane', url: `${base}/api/terms` } },
    servers: [{ url: base }],
    paths,
  };
}
