// The one stored query every WFS 2.0 has: GetFeatureById.
import xmlbuilder from 'xmlbuilder';
import type { Layer } from '../../catalog/types.ts';
import { layerNamespaceUri, NS } from '../../formats/namespaces.ts';
import { OwsException } from '../../errors/service-error.ts';

export const GET_FEATURE_BY_ID = 'urn:ogc:def:query:OGC-WFS::GetFeatureById';
const ALIASES = new Set([GET_FEATURE_BY_ID, 'http://www.opengis.net/def/query/OGC-WFS/0/GetFeatureById', 'GetFeatureById']);

export function isGetFeatureById(id: string): boolean {
  return ALIASES.has(id.trim());
}

function root(name: string, layers: readonly Layer[]) {
  const doc = xmlbuilder.create(name, { version: '1.0', encoding: 'UTF-8' });
  doc.att({ 'xmlns:wfs': NS.wfs20, 'xmlns:xs': NS.xs, 'xmlns:xsi': NS.xsi, 'xsi:schemaLocation': `${NS.wfs20} http://schemas.opengis.net/wfs/2.0/wfs.xsd` });
  for (const ns of new Set(layers.map((l) => l.namespace))) doc.att(`xmlns:${ns}`, layerNamespaceUri(ns));
  return doc;
}

export function listStoredQueries(layers: readonly Layer[]): string {
  const doc = root('wfs:ListStoredQueriesResponse', layers);
  const sq = doc.ele('wfs:StoredQuery', { id: GET_FEATURE_BY_ID });
  sq.ele('wfs:Title', 'Get feature by identifier');
  for (const l of layers) sq.ele('wfs:ReturnFeatureType', l.typeName);
  return doc.end({ pretty: true });
}

export function describeStoredQueries(ids: string[], layers: readonly Layer[]): string {
  for (const id of ids) {
    if (!isGetFeatureById(id)) throw new OwsException('InvalidParameterValue', `Stored query ${id} does not exist`, 'STOREDQUERY_ID');
  }
  const doc = root('wfs:DescribeStoredQueriesResponse', layers);
  const d = doc.ele('wfs:StoredQueryDescription', { id: GET_FEATURE_BY_ID });
  d.ele('wfs:Title', 'Get feature by identifier');
  d.ele('wfs:Abstract', 'Returns the single feature whose gml:id equals the ID parameter, e.g. dzialki.123.');
  d.ele('wfs:Parameter', { name: 'ID', type: 'xs:string' });
  d.ele('wfs:QueryExpressionText', {
    returnFeatureTypes: layers.map((l) => l.typeName).join(' '),
    language: 'urn:ogc:def:queryLanguage:OGC-WFS::WFS_QueryExpression', isPrivate: 'true',
  });
  return doc.end({ pretty: true });
}
