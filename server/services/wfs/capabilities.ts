// WFS 2.0.0 and 1.1.0 capabilities, written from the catalogue.
import xmlbuilder from 'xmlbuilder';
import type { Layer } from '../../catalog/types.ts';
import { CRS_LIST, NATIVE_CRS, transform } from '../../crs/definitions.ts';
import { crsUrn } from '../../crs/names.ts';
import { layerNamespaceUri, NS, SCHEMA_LOCATIONS } from '../../formats/namespaces.ts';
import { ADVERTISED_FORMATS } from './formats.ts';
import { SERVICE_METADATA } from '../ows/service-metadata.ts';

export interface CapabilitiesContext { serviceUrl: string; layers: readonly Layer[]; maxFeatures: number }

const COMPARISON = ['PropertyIsEqualTo', 'PropertyIsNotEqualTo', 'PropertyIsLessThan', 'PropertyIsGreaterThan',
  'PropertyIsLessThanOrEqualTo', 'PropertyIsGreaterThanOrEqualTo', 'PropertyIsLike', 'PropertyIsNull', 'PropertyIsNil', 'PropertyIsBetween'];
const SPATIAL = ['BBOX', 'Equals', 'Disjoint', 'Intersects', 'Touches', 'Crosses', 'Within', 'Contains', 'Overlaps', 'DWithin', 'Beyond'];
const GEOMETRY_OPERANDS = ['gml:Envelope', 'gml:Point', 'gml:LineString', 'gml:Polygon', 'gml:MultiPoint', 'gml:MultiCurve', 'gml:MultiSurface'];

/** WGS 84 box of a layer [west, south, east, north]; the whole service area when the layer is empty. */
export function wgs84Box(layer: Layer): [number, number, number, number] {
  const e = layer.extent ?? [6_418_000, 5_800_000, 6_440_000, 5_820_000];
  const corners = [[e[0], e[1]], [e[0], e[3]], [e[2], e[1]], [e[2], e[3]]].map((c) => transform(NATIVE_CRS.code, 'EPSG:4326', c as [number, number]));
  const xs = corners.map((c) => c[0]);
  const ys = corners.map((c) => c[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

const round = (n: number) => Number(n.toFixed(7));

type El = xmlbuilder.XMLElement;

function serviceIdentification(root: El, ows: string, versions: string[]): void {
  const si = root.ele(`${ows}:ServiceIdentification`);
  si.ele(`${ows}:Title`, SERVICE_METADATA.title.pl);
  si.ele(`${ows}:Abstract`, SERVICE_METADATA.abstract.pl);
  const kw = si.ele(`${ows}:Keywords`);
  for (const k of SERVICE_METADATA.keywords) kw.ele(`${ows}:Keyword`, k);
  si.ele(`${ows}:ServiceType`, { codeSpace: 'OGC' }, 'WFS');
  for (const v of versions) si.ele(`${ows}:ServiceTypeVersion`, v);
  si.ele(`${ows}:Fees`, SERVICE_METADATA.fees);
  si.ele(`${ows}:AccessConstraints`, SERVICE_METADATA.accessConstraints);
}

function serviceProvider(root: El, ows: string): void {
  const sp = root.ele(`${ows}:ServiceProvider`);
  const p = SERVICE_METADATA.provider;
  sp.ele(`${ows}:ProviderName`, p.name);
  sp.ele(`${ows}:ProviderSite`, { 'xlink:href': p.site });
  const sc = sp.ele(`${ows}:ServiceContact`);
  sc.ele(`${ows}:IndividualName`, p.contactName);
  sc.ele(`${ows}:PositionName`, p.position);
  const ci = sc.ele(`${ows}:ContactInfo`);
  ci.ele(`${ows}:Phone`).ele(`${ows}:Voice`, p.phone);
  const addr = ci.ele(`${ows}:Address`);
  addr.ele(`${ows}:DeliveryPoint`, p.street);
  addr.ele(`${ows}:City`, p.city);
  addr.ele(`${ows}:PostalCode`, p.postcode);
  addr.ele(`${ows}:Country`, p.country);
  addr.ele(`${ows}:ElectronicMailAddress`, p.email);
}

function operation(parent: El, ows11: boolean, name: string, url: string, params: Record<string, string[]> = {}, post = true): El {
  const ows = 'ows';
  const op = parent.ele(`${ows}:Operation`, { name });
  const http = op.ele(`${ows}:DCP`).ele(`${ows}:HTTP`);
  http.ele(`${ows}:Get`, { 'xlink:href': url + '?' });
  if (post) http.ele(`${ows}:Post`, { 'xlink:href': url });
  for (const [p, values] of Object.entries(params)) {
    const el = op.ele(`${ows}:Parameter`, { name: p });
    // OWS 1.1 wraps the values in AllowedValues; OWS 1.0 (WFS 1.1) lists them directly.
    if (ows11) { const av = el.ele('ows:AllowedValues'); for (const v of values) av.ele('ows:Value', v); }
    else for (const v of values) el.ele(`${ows}:Value`, v);
  }
  return op;
}

function constraint(parent: El, name: string, value: string, tag = 'ows:Constraint'): void {
  const c = parent.ele(tag, { name });
  c.ele('ows:NoValues');
  c.ele('ows:DefaultValue', value);
}

export function capabilities20(ctx: CapabilitiesContext): string {
  const doc = xmlbuilder.create('wfs:WFS_Capabilities', { version: '1.0', encoding: 'UTF-8' });
  doc.att({
    version: '2.0.0', 'xmlns:wfs': NS.wfs20, 'xmlns:ows': NS.ows11, 'xmlns:fes': NS.fes20, 'xmlns:gml': NS.gml32,
    'xmlns:xlink': NS.xlink, 'xmlns:xsi': NS.xsi, 'xsi:schemaLocation': `${NS.wfs20} ${SCHEMA_LOCATIONS.wfs20}`,
  });
  serviceIdentification(doc, 'ows', ['2.0.0', '1.1.0']);
  serviceProvider(doc, 'ows');
  const om = doc.ele('ows:OperationsMetadata');
  const typeNames = ctx.layers.map((l) => l.typeName);
  operation(om, true, 'GetCapabilities', ctx.serviceUrl, { AcceptVersions: ['2.0.0', '1.1.0'], AcceptFormats: ['text/xml'], Sections: ['ServiceIdentification', 'ServiceProvider', 'OperationsMetadata', 'FeatureTypeList', 'Filter_Capabilities'] });
  operation(om, true, 'DescribeFeatureType', ctx.serviceUrl, { outputFormat: ['application/gml+xml; version=3.2', 'text/xml; subtype=gml/3.2'] });
  const gf = operation(om, true, 'GetFeature', ctx.serviceUrl, { outputFormat: ADVERTISED_FORMATS['2.0.0'], resultType: ['results', 'hits'], resolve: ['none', 'local'] });
  constraint(gf, 'CountDefault', String(ctx.maxFeatures));
  operation(om, true, 'GetPropertyValue', ctx.serviceUrl, { outputFormat: ['application/gml+xml; version=3.2'], resolve: ['none', 'local'] });
  operation(om, true, 'ListStoredQueries', ctx.serviceUrl);
  operation(om, true, 'DescribeStoredQueries', ctx.serviceUrl);
  const version = om.ele('ows:Parameter', { name: 'version' }).ele('ows:AllowedValues');
  version.ele('ows:Value', '2.0.0'); version.ele('ows:Value', '1.1.0');
  const tn = om.ele('ows:Parameter', { name: 'typeNames' }).ele('ows:AllowedValues');
  for (const t of typeNames) tn.ele('ows:Value', t);
  const yes = ['ImplementsBasicWFS', 'ImplementsResultPaging', 'KVPEncoding', 'XMLEncoding'];
  const no = ['ImplementsTransactionalWFS', 'ImplementsLockingWFS', 'ImplementsInheritance', 'ImplementsRemoteResolve',
    'ImplementsStandardJoins', 'ImplementsSpatialJoins', 'ImplementsTemporalJoins', 'ImplementsFeatureVersioning', 'ManageStoredQueries', 'SOAPEncoding'];
  for (const c of yes) constraint(om, c, 'TRUE');
  for (const c of no) constraint(om, c, 'FALSE');
  constraint(om, 'QueryExpressions', 'wfs:Query');

  const ftl = doc.ele('wfs:FeatureTypeList');
  for (const l of ctx.layers) {
    const ft = ftl.ele('wfs:FeatureType', { [`xmlns:${l.namespace}`]: layerNamespaceUri(l.namespace) });
    ft.ele('wfs:Name', l.typeName);
    ft.ele('wfs:Title', { 'xml:lang': 'pl' }, l.title.pl);
    ft.ele('wfs:Title', { 'xml:lang': 'en' }, l.title.en);
    ft.ele('wfs:Abstract', { 'xml:lang': 'pl' }, l.abstract.pl);
    ft.ele('wfs:Abstract', { 'xml:lang': 'en' }, l.abstract.en);
    if (l.keywords?.length) { const kw = ft.ele('ows:Keywords'); for (const k of l.keywords) kw.ele('ows:Keyword', k); }
    ft.ele('wfs:DefaultCRS', crsUrn(NATIVE_CRS));
    for (const c of CRS_LIST.slice(1)) ft.ele('wfs:OtherCRS', crsUrn(c));
    const of = ft.ele('wfs:OutputFormats');
    for (const f of ADVERTISED_FORMATS['2.0.0']) of.ele('wfs:Format', f);
    const [w, s, e, n] = wgs84Box(l);
    const bb = ft.ele('ows:WGS84BoundingBox');
    bb.ele('ows:LowerCorner', `${round(w)} ${round(s)}`);
    bb.ele('ows:UpperCorner', `${round(e)} ${round(n)}`);
  }

  const fc = doc.ele('fes:Filter_Capabilities');
  const conf = fc.ele('fes:Conformance');
  for (const c of ['ImplementsQuery', 'ImplementsAdHocQuery', 'ImplementsResourceId', 'ImplementsMinStandardFilter', 'ImplementsStandardFilter',
    'ImplementsMinSpatialFilter', 'ImplementsSpatialFilter', 'ImplementsSorting', 'ImplementsMinimumXPath']) constraint(conf, c, 'TRUE', 'fes:Constraint');
  for (const c of ['ImplementsFunctions', 'ImplementsMinTemporalFilter', 'ImplementsTemporalFilter', 'ImplementsVersionNav', 'ImplementsExtendedOperators'])
    constraint(conf, c, 'FALSE', 'fes:Constraint');
  fc.ele('fes:Id_Capabilities').ele('fes:ResourceIdentifier', { name: 'fes:ResourceId' });
  const sc = fc.ele('fes:Scalar_Capabilities');
  sc.ele('fes:LogicalOperators');
  const co = sc.ele('fes:ComparisonOperators');
  for (const c of COMPARISON) co.ele('fes:ComparisonOperator', { name: c });
  const sp = fc.ele('fes:Spatial_Capabilities');
  const go = sp.ele('fes:GeometryOperands');
  for (const g of GEOMETRY_OPERANDS) go.ele('fes:GeometryOperand', { name: g });
  const so = sp.ele('fes:SpatialOperators');
  for (const s of SPATIAL) so.ele('fes:SpatialOperator', { name: s });
  return doc.end({ pretty: true });
}

export function capabilities11(ctx: CapabilitiesContext): string {
  const doc = xmlbuilder.create('wfs:WFS_Capabilities', { version: '1.0', encoding: 'UTF-8' });
  doc.att({
    version: '1.1.0', 'xmlns:wfs': NS.wfs11, 'xmlns:ows': NS.ows10, 'xmlns:ogc': NS.ogc, 'xmlns:gml': NS.gml31,
    'xmlns:xlink': NS.xlink, 'xmlns:xsi': NS.xsi, 'xsi:schemaLocation': `${NS.wfs11} ${SCHEMA_LOCATIONS.wfs11}`,
  });
  serviceIdentification(doc, 'ows', ['1.1.0']);
  serviceProvider(doc, 'ows');
  const om = doc.ele('ows:OperationsMetadata');
  operation(om, false, 'GetCapabilities', ctx.serviceUrl, { AcceptVersions: ['1.1.0', '2.0.0'], AcceptFormats: ['text/xml'] });
  operation(om, false, 'DescribeFeatureType', ctx.serviceUrl, { outputFormat: [ 'text/xml; subtype=gml/3.1.1'] });
  operation(om, false, 'GetFeature', ctx.serviceUrl, { resultType: ['results', 'hits'], outputFormat: ADVERTISED_FORMATS['1.1.0'] });
  const ftl = doc.ele('wfs:FeatureTypeList');
  const ops = ftl.ele('wfs:Operations');
  ops.ele('wfs:Operation', 'Query');
  for (const l of ctx.layers) {
    const ft = ftl.ele('wfs:FeatureType', { [`xmlns:${l.namespace}`]: layerNamespaceUri(l.namespace) });
    ft.ele('wfs:Name', l.typeName);
    ft.ele('wfs:Title', l.title.pl);
    ft.ele('wfs:Abstract', l.abstract.pl);
    if (l.keywords?.length) { const kw = ft.ele('ows:Keywords'); for (const k of l.keywords) kw.ele('ows:Keyword', k); }
    ft.ele('wfs:DefaultSRS', crsUrn(NATIVE_CRS));
    for (const c of CRS_LIST.slice(1)) ft.ele('wfs:OtherSRS', crsUrn(c));
    const of = ft.ele('wfs:OutputFormats');
    for (const f of ADVERTISED_FORMATS['1.1.0']) of.ele('wfs:Format', f);
    const [w, s, e, n] = wgs84Box(l);
    const bb = ft.ele('ows:WGS84BoundingBox');
    bb.ele('ows:LowerCorner', `${round(w)} ${round(s)}`);
    bb.ele('ows:UpperCorner', `${round(e)} ${round(n)}`);
  }
  const fc = doc.ele('ogc:Filter_Capabilities');
  const sp = fc.ele('ogc:Spatial_Capabilities');
  const go = sp.ele('ogc:GeometryOperands');
  // Filter Encoding 1.1 enumerates the operands it allows; the multi-geometries are not among them.
  for (const g of GEOMETRY_OPERANDS.filter((o) => !o.startsWith('gml:Multi'))) go.ele('ogc:GeometryOperand', g);
  const so = sp.ele('ogc:SpatialOperators');
  for (const s of SPATIAL) so.ele('ogc:SpatialOperator', { name: s });
  const sc = fc.ele('ogc:Scalar_Capabilities');
  sc.ele('ogc:LogicalOperators');
  const co = sc.ele('ogc:ComparisonOperators');
  for (const c of ['LessThan', 'GreaterThan', 'LessThanEqualTo', 'GreaterThanEqualTo', 'EqualTo', 'NotEqualTo', 'Like', 'Between', 'NullCheck']) co.ele('ogc:ComparisonOperator', c);
  const id = fc.ele('ogc:Id_Capabilities');
  id.ele('ogc:EID'); id.ele('ogc:FID');
  return doc.end({ pretty: true });
}
