// WFS KVP parameters → the neutral GetFeature parameters. Tolerant of what GDAL, OWSLib and QGIS send.
import type { Filter } from '../../query/filter.ts';
import type { SortKey } from '../../query/feature-query.ts';
import { resolveCrs } from '../../crs/names.ts';
import { OwsException } from '../../errors/service-error.ts';
import { groups, list, type Kvp } from '../ows/params.ts';
import type { GetFeatureParams, WfsQuery } from './get-feature.ts';
import { boxProblem } from '../../crs/area.ts';
import { GET_FEATURE_BY_ID, isGetFeatureById } from './stored-queries.ts';
import { canonicalTypeName, kvpResolver, parseNamespacesKvp, type PrefixResolver } from './type-names.ts';

/** The prefix bindings of a KVP request: NAMESPACES (2.0) or NAMESPACE (1.1.0). */
export function kvpPrefixes(kvp: Kvp): PrefixResolver {
  return kvpResolver(parseNamespacesKvp(kvp.first('NAMESPACES', 'NAMESPACE')));
}

export type FesParser = (xml: string) => Filter;

export function parseSortBy(value: string | undefined): SortKey[] | undefined {
  if (!value) return undefined;
  return list(value).map((item) => {
    const [name, dir] = item.split(/\s+/);
    const d = (dir ?? 'ASC').toUpperCase();
    if (!['ASC', 'DESC', 'A', 'D'].includes(d)) throw new OwsException('InvalidParameterValue', `Sort order ${dir} must be ASC or DESC`, 'sortBy');
    return { property: stripPrefix(name!), descending: d.startsWith('D') };
  });
}

/** egib:numerDzialki or egib:dzialki/egib:numerDzialki → numerDzialki. */
export function stripPrefix(name: string): string {
  const last = name.split('/').pop()!;
  return last.includes(':') ? last.slice(last.indexOf(':') + 1) : last;
}

/**
 * BBOX=minx,miny,maxx,maxy[,crs] in the axis order its CRS name implies (same convention as SRSNAME: EPSG:nnnn
 * x/y, URN/URI the CRS's own order); without a CRS, the layer's CRS as its URN: northing first.
 */
export function bboxFilter(value: string, _version: string): Filter {
  const parts = value.split(',').map((s) => s.trim());
  if (parts.length !== 4 && parts.length !== 5) throw new OwsException('InvalidParameterValue', 'BBOX must be minx,miny,maxx,maxy[,crs]', 'bbox');
  const nums = parts.slice(0, 4).map(Number);
  if (nums.some((n) => !Number.isFinite(n))) throw new OwsException('InvalidParameterValue', 'BBOX coordinates must be numbers', 'bbox');
  const crsName = parts[4] ?? 'urn:ogc:def:crs:EPSG::2177';
  const resolved = resolveCrs(crsName, true);
  if (!resolved) throw new OwsException('InvalidParameterValue', `CRS ${crsName} is not supported`, 'bbox');
  let [a, b, c, d] = nums as [number, number, number, number];
  if (resolved.axisOrder === 'yx') [a, b, c, d] = [b, a, d, c];
  if (a >= c || b >= d) throw new OwsException('InvalidParameterValue', 'BBOX minimum must be less than its maximum on both axes', 'bbox');
  const outside = boxProblem(resolved.crs, [a, b, c, d]);
  if (outside) throw new OwsException('InvalidParameterValue', `BBOX: ${outside}`, 'bbox');
  return {
    op: 'spatial', relation: 'bbox',
    geometry: { kind: 'geometry', crs: resolved.crs.code, geometry: { type: 'Polygon', coordinates: [[[a, b], [c, b], [c, d], [a, d], [a, b]]] } },
  };
}


export function getFeatureFromKvp(kvp: Kvp, version: '2.0.0' | '1.1.0', selfUrl: string, parseFes: FesParser): GetFeatureParams {
  const storedQuery = kvp.get('STOREDQUERY_ID');
  const common = {
    version,
    count: kvp.integer(version === '2.0.0' ? 'COUNT' : 'MAXFEATURES') ?? kvp.integer('COUNT') ?? kvp.integer('MAXFEATURES'),
    startIndex: kvp.integer('STARTINDEX') ?? 0,
    resultType: resultType(kvp.get('RESULTTYPE')),
    outputFormat: kvp.get('OUTPUTFORMAT') || undefined,
    selfUrl,
  };
  const srsName = kvp.get('SRSNAME') || undefined;
  const resolve = kvp.get('RESOLVE');
  if (resolve && !['none', 'local', 'all'].includes(resolve.toLowerCase())) throw new OwsException('InvalidParameterValue', 'RESOLVE must be none, local or all', 'resolve');

  if (storedQuery !== undefined) {
    if (!isGetFeatureById(storedQuery)) throw new OwsException('InvalidParameterValue', `Stored query ${storedQuery} does not exist; this service offers ${GET_FEATURE_BY_ID}`, 'STOREDQUERY_ID');
    const id = kvp.required('ID');
    return { ...common, startIndex: 0, queries: [{ typeNames: [typeNameOfId(id)], filter: { op: 'resourceId', ids: [id] }, srsName }], byId: true };
  }

  const typeGroups = groups(kvp.first('TYPENAMES', 'TYPENAME'));
  const prefixes = kvpPrefixes(kvp);
  const resourceIds = list(kvp.first('RESOURCEID', 'FEATUREID'));
  const filters = groups(kvp.first('FILTER') ?? (kvp.get('QUERY')?.trim().startsWith('<') ? kvp.get('QUERY') : undefined));
  const bbox = kvp.get('BBOX');
  const exclusive = [filters.length > 0, !!bbox, resourceIds.length > 0].filter(Boolean).length;
  if (exclusive > 1) throw new OwsException('InvalidParameterValue', 'FILTER, BBOX and RESOURCEID are mutually exclusive', filters.length ? 'filter' : 'bbox');
  const propertyGroups = groups(kvp.get('PROPERTYNAME'));
  const sortBy = parseSortBy(kvp.get('SORTBY'));

  if (typeGroups.length === 0) {
    if (resourceIds.length === 0) throw new OwsException('MissingParameterValue', 'Parameter TYPENAMES is required', 'typeNames');
    // Ids alone: each id names its layer.
    const byType = new Map<string, string[]>();
    for (const id of resourceIds) {
      const t = typeNameOfId(id);
      byType.set(t, [...(byType.get(t) ?? []), id]);
    }
    return { ...common, queries: [...byType].map(([t, ids]) => ({ typeNames: [t], filter: { op: 'resourceId', ids }, srsName, sortBy })) };
  }
  const queries: WfsQuery[] = typeGroups.map((g, i) => {
    const filterXml = filters[i] ?? (filters.length === 1 ? filters[0] : undefined);
    let filter: Filter | undefined;
    // A FilterError is answered as InvalidParameterValue at locator "filter" (server/errors/causes.ts).
    if (filterXml) filter = parseFes(filterXml);
    else if (bbox) filter = bboxFilter(bbox, version);
    else if (resourceIds.length) filter = { op: 'resourceId', ids: resourceIds };
    const props = propertyGroups[i] ?? (propertyGroups.length === 1 ? propertyGroups[0] : undefined);
    const properties = props && props !== '*' ? list(props).map(stripPrefix).filter((p) => !/^(geom)$/.test(p)) : undefined;
    return { typeNames: list(g).map((t) => canonicalTypeName(t, prefixes)), filter, properties, sortBy, srsName };
  });
  return { ...common, queries };
}

/** dzialki.123 → dzialki (the catalogue resolves the unprefixed name). */
function typeNameOfId(id: string): string {
  const m = /^([A-Za-z_][\w]*)\.\d+$/.exec(id.trim());
  if (!m) throw new OwsException('InvalidParameterValue', `Identifier ${id} is not of the form layer.number`, 'resourceId');
  return m[1]!;
}

function resultType(value: string | undefined): 'results' | 'hits' {
  if (!value) return 'results';
  const v = value.toLowerCase();
  if (v !== 'results' && v !== 'hits') throw new OwsException('InvalidParameterValue', 'RESULTTYPE must be results or hits', 'resultType');
  return v;
}
