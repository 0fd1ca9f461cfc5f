// POSTed WFS requests (XML encoding) → the same WfsCall as KVP. Names are matched by local name in the WFS
// namespaces (OWSLib writes undeclared prefixes and lower-case attribute names).
import { attributeOf, childElements, firstChildNamed, textOf, type XmlElement } from '../../xml/parse.ts';
import { parseFesFilter } from '../../query/fes.ts';
import type { SortKey } from '../../query/feature-query.ts';
import { OwsException } from '../../errors/service-error.ts';
import { canonicalOperation, negotiateVersion, operationVersion, type WfsCall } from './handler.ts';
import type { WfsQuery } from './get-feature.ts';
import { stripPrefix } from './kvp-request.ts';
import { isGetFeatureById, GET_FEATURE_BY_ID } from './stored-queries.ts';
import { canonicalTypeName } from './type-names.ts';

/** Type names with the prefixes bound where they are written (xmlns:s="…/ns/sip" on the element or above). */
function typeNamesIn(el: XmlElement, value: string): string[] {
  return value.split(/[\s,]+/).filter(Boolean).map((t) => canonicalTypeName(t, (p) => el.lookupNamespaceURI(p)));
}

function attr(el: XmlElement, name: string): string | undefined {
  return attributeOf(el, name) ?? attributeOf(el, name.toLowerCase()) ?? undefined;
}

function nonNegative(el: XmlElement, name: string): number | undefined {
  const v = attr(el, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v.trim())) throw new OwsException('InvalidParameterValue', `${name} must be a non-negative integer`, name);
  return Number(v);
}

function sortBy(el: XmlElement | undefined): SortKey[] | undefined {
  if (!el) return undefined;
  return childElements(el).map((sp) => {
    const ref = firstChildNamed(sp, 'ValueReference') ?? firstChildNamed(sp, 'PropertyName');
    const order = firstChildNamed(sp, 'SortOrder');
    if (!ref) throw new OwsException('InvalidParameterValue', 'SortProperty needs a ValueReference', 'SortBy');
    return { property: stripPrefix(textOf(ref).trim()), descending: /^D/i.test(order ? textOf(order).trim() : 'ASC') };
  });
}

function query(el: XmlElement, version: string): WfsQuery {
  const typeNames = typeNamesIn(el, attr(el, 'typeNames') ?? attr(el, 'typeName') ?? '');
  if (typeNames.length === 0) throw new OwsException('MissingParameterValue', 'wfs:Query needs typeNames', 'typeNames');
  const filterEl = firstChildNamed(el, 'Filter');
  // A FilterError is answered as InvalidParameterValue at locator "filter" (server/errors/causes.ts).
  const filter = filterEl ? parseFesFilter(filterEl, { legacyShortForm: true }) : undefined;
  const props = childElements(el).filter((c) => c.localName === 'PropertyName').map((c) => stripPrefix(textOf(c).trim())).filter((p) => p !== 'geom');
  return {
    typeNames,
    filter,
    properties: props.length ? props : undefined,
    sortBy: sortBy(firstChildNamed(el, 'SortBy')),
    srsName: attr(el, 'srsName'),
  };
}

export function wfsCallFromXml(root: XmlElement): WfsCall {
  const operation = canonicalOperation(root.localName ?? '');
  const rawVersion = attr(root, 'version');
  if (operation === 'GetCapabilities') {
    const av = firstChildNamed(root, 'AcceptVersions');
    const versions = av ? childElements(av).map((v) => textOf(v).trim()).join(',') : undefined;
    return { operation, version: negotiateVersion(versions, rawVersion) };
  }
  const version = operationVersion(rawVersion);
  if (operation === 'DescribeFeatureType') {
    return { operation, version, typeNames: childElements(root).filter((c) => c.localName === 'TypeName').flatMap((c) => typeNamesIn(c, textOf(c))) };
  }
  if (operation === 'DescribeStoredQueries') {
    return { operation, version, storedQueryIds: childElements(root).filter((c) => c.localName === 'StoredQueryId').map((c) => textOf(c).trim()) };
  }
  if (operation === 'ListStoredQueries') return { operation, version };
  // GetFeature / GetPropertyValue
  const count = nonNegative(root, version === '2.0.0' ? 'count' : 'maxFeatures') ?? nonNegative(root, 'count') ?? nonNegative(root, 'maxFeatures');
  const startIndex = nonNegative(root, 'startIndex') ?? 0;
  const rt = (attr(root, 'resultType') ?? 'results').toLowerCase();
  if (rt !== 'results' && rt !== 'hits') throw new OwsException('InvalidParameterValue', 'resultType must be results or hits', 'resultType');
  const children = childElements(root);
  const stored = children.find((c) => c.localName === 'StoredQuery');
  let queries: WfsQuery[];
  let byId = false;
  if (stored) {
    const id = attr(stored, 'id') ?? '';
    if (!isGetFeatureById(id)) throw new OwsException('InvalidParameterValue', `Stored query ${id} does not exist; this service offers ${GET_FEATURE_BY_ID}`, 'STOREDQUERY_ID');
    const param = childElements(stored).find((c) => c.localName === 'Parameter' && /^id$/i.test(attr(c, 'name') ?? ''));
    const fid = param ? textOf(param).trim() : '';
    const m = /^([A-Za-z_]\w*)\.\d+$/.exec(fid);
    if (!m) throw new OwsException('MissingParameterValue', 'GetFeatureById needs an ID parameter of the form layer.number', 'ID');
    queries = [{ typeNames: [m[1]!], filter: { op: 'resourceId', ids: [fid] } }];
    byId = true;
  } else {
    queries = children.filter((c) => c.localName === 'Query').map((q) => query(q, version));
    if (queries.length === 0) throw new OwsException('MissingParameterValue', `${operation} needs a wfs:Query`, 'Query');
  }
  return {
    operation, version,
    getFeature: {
      version, queries, count, startIndex, resultType: rt, byId,
      outputFormat: attr(root, 'outputFormat'),
      valueReference: attr(root, 'valueReference'),
    },
  };
}
