// WMS 1.3.0 and 1.1.1 capabilities from the layer tree: bounding boxes in every offered CRS in the axis
// order of the version, scale ranges, styles with their LegendURL, and GetLegendGraphic (SLD 1.1 extension).
import xmlbuilder from 'xmlbuilder';
import { CRS_LIST, NATIVE_CRS, type CrsDefinition } from '../../crs/definitions.ts';
import { NS } from '../../formats/namespaces.ts';
import { SERVICE_METADATA } from '../ows/service-metadata.ts';
import { transformBox, STANDARD_PIXEL_M, type Box } from '../../render/map-request.ts';
import { layerStyle, styleNames } from '../../render/styles.ts';
import { legendLayout } from '../../render/legend.ts';
import { drawnLayers, type TreeNode } from './layer-tree.ts';
import { ADVERTISED_FORMATS } from './map-params.ts';
import { EXCEPTION_FORMATS } from './exceptions.ts';
import type { WmsVersion } from '../../errors/protocol.ts';
import { INFO_FORMATS } from './feature-info.ts';

export interface WmsCapabilitiesContext {
  serviceUrl: string;
  tree: TreeNode;
  maxSize: number;
  updateSequence: string;
}

type El = xmlbuilder.XMLElement;

/** The area of the sample district, for a tree without data (empty database). */
const FALLBACK_EXTENT: Box = [6_426_477, 5_807_863, 6_428_677, 5_809_863];

/** Native extent of a node: its layer's, or the union of its children's. */
function nativeExtent(node: TreeNode): Box | undefined {
  if (node.layer?.extent) return node.layer.extent;
  const boxes = node.children.map(nativeExtent).filter((b): b is Box => !!b);
  if (!boxes.length) return undefined;
  return [Math.min(...boxes.map((b) => b[0])), Math.min(...boxes.map((b) => b[1])), Math.max(...boxes.map((b) => b[2])), Math.max(...boxes.map((b) => b[3]))];
}

/** Rounded outwards, so the advertised box always contains the data: cm in metres, 1e-7° in degrees. */
function roundOut(b: Box, crs: CrsDefinition): Box {
  const f = crs.geographic ? 1e7 : 100;
  return [Math.floor(b[0] * f) / f, Math.floor(b[1] * f) / f, Math.ceil(b[2] * f) / f, Math.ceil(b[3] * f) / f];
}

function boxIn(native: Box, crs: CrsDefinition): Box {
  const b = crs.code === NATIVE_CRS.code ? native : transformBox(native, NATIVE_CRS.code, crs.code)!;
  return roundOut(b, crs);
}

/** Scale range of a node: its layer's, or the widest range of its children (open if any child is open). */
function scaleRange(node: TreeNode): { min?: number; max?: number } {
  if (node.layer) return node.layer.scale ?? {};
  const ranges = node.children.map(scaleRange);
  if (!ranges.length) return {};
  const mins = ranges.map((r) => r.min), maxs = ranges.map((r) => r.max);
  return {
    ...(mins.every((m) => m !== undefined) ? { min: Math.min(...(mins as number[])) } : {}),
    ...(maxs.every((m) => m !== undefined) ? { max: Math.max(...(maxs as number[])) } : {}),
  };
}

/** Legend sizes by the layers drawn (a group's members can differ between roles); text measuring is not free. */
const legendCache = new Map<string, { width: number; height: number }>();
function legendSize(node: TreeNode): { width: number; height: number } {
  const layers = drawnLayers(node);
  const key = layers.map((l) => l.typeName).join(',');
  let size = legendCache.get(key);
  if (!size) {
    const l = legendLayout(layers, { language: 'pl' });
    size = { width: l.width, height: l.height };
    legendCache.set(key, size);
  }
  return size;
}

function legendUrl(ctx: WmsCapabilitiesContext, node: TreeNode, version: WmsVersion, style: string): string {
  const q = new URLSearchParams({ SERVICE: 'WMS', VERSION: version, REQUEST: 'GetLegendGraphic', LAYER: node.name, STYLE: style, FORMAT: 'image/png', ...(version === '1.3.0' ? { SLD_VERSION: '1.1.0' } : {}) });
  return `${ctx.serviceUrl}?${q}`;
}

/** 1.3.0 declares xlink on the root; the 1.1.1 DTD declares it on each OnlineResource. */
function onlineResource(parent: El, href: string, version: WmsVersion): void {
  parent.ele('OnlineResource', { ...(version === '1.1.1' ? { 'xmlns:xlink': NS.xlink } : {}), 'xlink:type': 'simple', 'xlink:href': href });
}

function dcp(parent: El, url: string, version: WmsVersion): void {
  onlineResource(parent.ele('DCPType').ele('HTTP').ele('Get'), url + '?', version);
}

function contact(parent: El): void {
  const p = SERVICE_METADATA.provider;
  const ci = parent.ele('ContactInformation');
  const pp = ci.ele('ContactPersonPrimary');
  pp.ele('ContactPerson', p.contactName);
  pp.ele('ContactOrganization', p.name);
  ci.ele('ContactPosition', p.position);
  const a = ci.ele('ContactAddress');
  a.ele('AddressType', 'postal');
  a.ele('Address', p.street);
  a.ele('City', p.city);
  a.ele('StateOrProvince', 'wielkopolskie');
  a.ele('PostCode', p.postcode);
  a.ele('Country', p.country);
  ci.ele('ContactVoiceTelephone', p.phone);
  ci.ele('ContactElectronicMailAddress', p.email);
}

function keywords(parent: El, words: readonly string[] | undefined): void {
  if (!words?.length) return;
  const kl = parent.ele('KeywordList');
  for (const k of words) kl.ele('Keyword', k);
}

function writeLayer(parent: El, node: TreeNode, ctx: WmsCapabilitiesContext, version: WmsVersion, isRoot: boolean): void {
  const el = parent.ele('Layer', { queryable: '1', opaque: '0' });
  el.ele('Name', node.name);
  el.ele('Title', node.title.pl);
  if (node.abstract) el.ele('Abstract', node.abstract.pl);
  keywords(el, isRoot ? SERVICE_METADATA.keywords : node.layer?.keywords);
  const offered = version === '1.3.0' ? CRS_LIST : CRS_LIST.filter((c) => c.code.startsWith('EPSG:'));
  // CRSs are inherited: the root lists them once.
  if (isRoot) for (const c of offered) el.ele(version === '1.3.0' ? 'CRS' : 'SRS', c.code);
  const native = nativeExtent(node) ?? nativeExtent(ctx.tree) ?? FALLBACK_EXTENT;
  const geo = boxIn(native, CRS_LIST.find((c) => c.code === 'CRS:84')!);
  if (version === '1.3.0') {
    const gb = el.ele('EX_GeographicBoundingBox');
    gb.ele('westBoundLongitude', geo[0]); gb.ele('eastBoundLongitude', geo[2]);
    gb.ele('southBoundLatitude', geo[1]); gb.ele('northBoundLatitude', geo[3]);
  } else {
    el.ele('LatLonBoundingBox', { minx: geo[0], miny: geo[1], maxx: geo[2], maxy: geo[3] });
  }
  for (const c of offered) {
    const b = c.geographic ? geo : boxIn(native, c);
    // 1.3.0 writes the box in the CRS's own axis order (northing/latitude first where the CRS says so).
    const yx = version === '1.3.0' && c.axisOrder === 'yx';
    el.ele('BoundingBox', { [version === '1.3.0' ? 'CRS' : 'SRS']: c.code, minx: yx ? b[1] : b[0], miny: yx ? b[0] : b[1], maxx: yx ? b[3] : b[2], maxy: yx ? b[2] : b[3] });
  }
  const styles = node.layer ? styleNames(node.layer) : ['default'];
  for (const s of styles) {
    const st = el.ele('Style');
    st.ele('Name', s);
    st.ele('Title', (node.layer ? layerStyle(node.layer, s)?.title.pl : undefined) ?? 'Domyślny');
    const size = legendSize(node);
    const lu = st.ele('LegendURL', { width: size.width, height: size.height });
    lu.ele('Format', 'image/png');
    onlineResource(lu, legendUrl(ctx, node, version, s), version);
  }
  const range = scaleRange(node);
  if (version === '1.3.0') {
    if (range.min !== undefined) el.ele('MinScaleDenominator', range.min);
    if (range.max !== undefined) el.ele('MaxScaleDenominator', range.max);
  } else if (range.min !== undefined || range.max !== undefined) {
    // 1.1.1 hints are the ground size of a pixel's diagonal.
    const hint = (d: number) => Number((d * STANDARD_PIXEL_M * Math.SQRT2).toFixed(4));
    el.ele('ScaleHint', { min: hint(range.min ?? 0), max: hint(range.max ?? 1e9) });
  }
  for (const child of node.children) writeLayer(el, child, ctx, version, false);
}

export function capabilities130(ctx: WmsCapabilitiesContext): string {
  const doc = xmlbuilder.create('WMS_Capabilities', { version: '1.0', encoding: 'UTF-8' });
  doc.att({
    version: '1.3.0', updateSequence: ctx.updateSequence, xmlns: NS.wms, 'xmlns:xlink': NS.xlink, 'xmlns:xsi': NS.xsi,
    'xmlns:sld': 'http://www.opengis.net/sld',
    'xsi:schemaLocation': `${NS.wms} http://schemas.opengis.net/wms/1.3.0/capabilities_1_3_0.xsd http://www.opengis.net/sld http://schemas.opengis.net/sld/1.1.0/sld_capabilities.xsd`,
  });
  const s = doc.ele('Service');
  s.ele('Name', 'WMS');
  s.ele('Title', SERVICE_METADATA.title.pl);
  s.ele('Abstract', SERVICE_METADATA.abstract.pl);
  keywords(s, SERVICE_METADATA.keywords);
  onlineResource(s, ctx.serviceUrl, '1.3.0');
  contact(s);
  s.ele('Fees', SERVICE_METADATA.fees);
  s.ele('AccessConstraints', SERVICE_METADATA.accessConstraints);
  s.ele('MaxWidth', ctx.maxSize);
  s.ele('MaxHeight', ctx.maxSize);
  const cap = doc.ele('Capability');
  const req = cap.ele('Request');
  const op = (name: string, formats: readonly string[]) => { const o = req.ele(name); for (const f of formats) o.ele('Format', f); dcp(o, ctx.serviceUrl, '1.3.0'); };
  op('GetCapabilities', ['text/xml']);
  op('GetMap', ADVERTISED_FORMATS);
  op('GetFeatureInfo', INFO_FORMATS);
  op('sld:GetLegendGraphic', ['image/png', 'image/jpeg', 'image/webp']);
  const ex = cap.ele('Exception');
  for (const f of EXCEPTION_FORMATS['1.3.0']) ex.ele('Format', f);
  writeLayer(cap, ctx.tree, ctx, '1.3.0', true);
  return doc.end({ pretty: true });
}

export function capabilities111(ctx: WmsCapabilitiesContext): string {
  const doc = xmlbuilder.create('WMT_MS_Capabilities', { version: '1.0', encoding: 'UTF-8', standalone: false },
    { sysID: 'http://schemas.opengis.net/wms/1.1.1/WMS_MS_Capabilities.dtd' });
  doc.att({ version: '1.1.1', updateSequence: ctx.updateSequence });
  const s = doc.ele('Service');
  s.ele('Name', 'OGC:WMS');
  s.ele('Title', SERVICE_METADATA.title.pl);
  s.ele('Abstract', SERVICE_METADATA.abstract.pl);
  keywords(s, SERVICE_METADATA.keywords);
  onlineResource(s, ctx.serviceUrl, '1.1.1');
  contact(s);
  s.ele('Fees', SERVICE_METADATA.fees);
  s.ele('AccessConstraints', SERVICE_METADATA.accessConstraints);
  const cap = doc.ele('Capability');
  const req = cap.ele('Request');
  const op = (name: string, formats: readonly string[]) => { const o = req.ele(name); for (const f of formats) o.ele('Format', f); dcp(o, ctx.serviceUrl, '1.1.1'); };
  op('GetCapabilities', ['application/vnd.ogc.wms_xml']);
  op('GetMap', ADVERTISED_FORMATS);
  op('GetFeatureInfo', INFO_FORMATS);
  op('GetLegendGraphic', ['image/png', 'image/jpeg', 'image/webp']);
  const ex = cap.ele('Exception');
  for (const f of EXCEPTION_FORMATS['1.1.1']) ex.ele('Format', f);
  writeLayer(cap, ctx.tree, ctx, '1.1.1', true);
  return doc.end({ pretty: true });
}

