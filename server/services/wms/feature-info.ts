// GetFeatureInfo: the features of the queried layers under a pixel of the map, in HTML, GeoJSON, GML or
// plain text, with the catalogue's attribute titles and only the attributes the role may see.
import escapeHtml from 'escape-html';
import xmlbuilder from 'xmlbuilder';
import type { Database } from '../../db/database.ts';
import type { Catalog } from '../../catalog/catalog.ts';
import type { Role } from '../../catalog/roles.ts';
import type { Layer } from '../../catalog/types.ts';
import { NATIVE_CRS, transform } from '../../crs/definitions.ts';
import { OwsException } from '../../errors/service-error.ts';
import type { Kvp } from '../ows/params.ts';
import { nativePixelSize, type MapRequest } from '../../render/map-request.ts';
import { pickFeatures, type PickResult } from '../../render/pick.ts';
import { layerNamespaceUri, NS } from '../../formats/namespaces.ts';
import { jsonValue, valueText } from '../../formats/values.ts';
import type { Language } from '../../render/legend.ts';
import { drawnLayers, findNode, type TreeNode } from './layer-tree.ts';
import { parseMapParams } from './map-params.ts';
import type { WmsVersion } from '../../errors/protocol.ts';
import type { WmsLimits } from '../../config.ts';

export const INFO_FORMATS = ['text/html', 'application/json', 'application/vnd.ogc.gml', 'text/plain'];

type InfoFormat = 'html' | 'json' | 'gml' | 'text';

const INFO_ALIASES: Record<string, InfoFormat> = {
  'text/html': 'html',
  'application/json': 'json', 'application/geo+json': 'json', 'application/geojson': 'json',
  'application/vnd.ogc.gml': 'gml', 'application/vnd.ogc.gml/3.1.1': 'gml', 'text/xml': 'gml', 'application/gml+xml': 'gml',
  'text/plain': 'text',
};

const CONTENT_TYPES: Record<InfoFormat, string> = {
  html: 'text/html; charset=utf-8', json: 'application/json; charset=utf-8', gml: 'application/vnd.ogc.gml; charset=utf-8', text: 'text/plain; charset=utf-8',
};

/** Pixels around the point that still hit a feature: a thin line or a small symbol can be clicked. */
const TOLERANCE_PX = 5;

function pixelParam(kvp: Kvp, names: readonly string[], size: number): number {
  const raw = names.map((n) => kvp.get(n)).find((v) => v !== undefined)?.trim();
  if (raw === undefined || raw === '') throw new OwsException('InvalidPoint', `Parameter ${names[0]} is required`, names[0]);
  // Some clients send the pixel as a decimal; the pixel it falls in is meant.
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || Math.floor(n) >= size) throw new OwsException('InvalidPoint', `${names[0]}=${raw} is outside the image (0…${size - 1})`, names[0]);
  return Math.floor(n);
}

function language(kvp: Kvp): Language {
  return kvp.get('LANGUAGE')?.trim().toLowerCase().startsWith('en') ? 'en' : 'pl';
}

export interface FeatureInfoResponse { contentType: string; body: string }

export async function getFeatureInfo(kvp: Kvp, version: WmsVersion, db: Database, catalog: Catalog, tree: TreeNode, role: Role, limits: WmsLimits): Promise<FeatureInfoResponse> {
  const { request } = parseMapParams(kvp, version, tree, catalog, role, limits.maxSize, false);
  const rawQuery = kvp.get('QUERY_LAYERS');
  const names = (rawQuery ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (!names.length) throw new OwsException('MissingParameterValue', 'Parameter QUERY_LAYERS is required', 'QUERY_LAYERS');
  const onMap = new Set(request.layers.map((l) => l.layer));
  const queried: Layer[] = [];
  for (const name of names) {
    const node = findNode(tree, name, catalog, role);
    if (!node) throw new OwsException('LayerNotDefined', `Layer "${name}" is not offered by this service`, 'QUERY_LAYERS');
    const layers = drawnLayers(node);
    if (!layers.length) throw new OwsException('LayerNotQueryable', `Layer ${name} is not queryable`, 'QUERY_LAYERS');
    // A layer that is not on the map cannot be clicked on it (WMS: LayerNotDefined).
    if (!layers.every((l) => onMap.has(l))) throw new OwsException('LayerNotDefined', `Layer ${name} is not in LAYERS`, 'QUERY_LAYERS');
    for (const l of layers) if (!queried.includes(l)) queried.push(l);
  }
  const formatRaw = kvp.get('INFO_FORMAT')?.trim() || 'text/plain';
  const format = INFO_ALIASES[formatRaw.toLowerCase().replace(/\s+/g, '').replace(/;.*$/, '')];
  if (!format) throw new OwsException('InvalidFormat', `INFO_FORMAT ${formatRaw} is not offered (${INFO_FORMATS.join(', ')})`, 'INFO_FORMAT');
  // GDAL sends X/Y with 1.3.0 too; accept both spellings in both versions.
  const i = pixelParam(kvp, version === '1.3.0' ? ['I', 'X'] : ['X', 'I'], request.width);
  const j = pixelParam(kvp, version === '1.3.0' ? ['J', 'Y'] : ['Y', 'J'], request.height);
  const countRaw = kvp.get('FEATURE_COUNT')?.trim();
  if (countRaw && !/^\d+$/.test(countRaw)) throw new OwsException('InvalidParameterValue', `FEATURE_COUNT must be a positive integer, got "${countRaw}"`, 'FEATURE_COUNT');
  const limit = Math.min(Math.max(countRaw ? Number(countRaw) : 1, 1), limits.maxFeatureInfo);

  const point = pixelToNative(request, i, j);
  const tolerance = TOLERANCE_PX * nativePixelSize(request);
  const results = point ? await Promise.all(queried.map((layer) => pickFeatures(db, { layer, role, point, tolerance, limit }))) : [];
  const lang = language(kvp);
  const body = format === 'html' ? html(results, lang) : format === 'json' ? json(results) : format === 'gml' ? gml(results) : text(results, lang);
  return { contentType: CONTENT_TYPES[format], body };
}

/** The centre of pixel (i, j) in the native CRS. */
function pixelToNative(req: MapRequest, i: number, j: number): [number, number] | undefined {
  const [minx, miny, maxx, maxy] = req.bbox;
  const x = minx + ((i + 0.5) * (maxx - minx)) / req.width;
  const y = maxy - ((j + 0.5) * (maxy - miny)) / req.height;
  try {
    const p = req.crs.code === NATIVE_CRS.code ? [x, y] as [number, number] : transform(req.crs.code, NATIVE_CRS.code, [x, y]);
    return Number.isFinite(p[0]) && Number.isFinite(p[1]) ? p : undefined;
  } catch {
    return undefined;
  }
}

function html(results: readonly PickResult[], lang: Language): string {
  const t = lang === 'en' ? { none: 'No features at this point.', title: 'Feature information' } : { none: 'Brak obiektów w tym miejscu.', title: 'Informacja o obiektach' };
  const parts = [`<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${t.title}</title>`,
    '<style>body{font:13px sans-serif;margin:6px}table{border-collapse:collapse;margin-bottom:10px}th,td{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}th{background:#f3f3f3;font-weight:normal;color:#444}caption{font-weight:bold;text-align:left;padding:2px 0}</style></head><body>'];
  let n = 0;
  for (const r of results) {
    for (const f of r.features) {
      n++;
      parts.push(`<table class="feature" data-layer="${escapeHtml(r.layer.typeName)}" data-id="${escapeHtml(f.id)}"><caption>${escapeHtml(r.layer.title[lang])}</caption>`);
      for (const a of r.attributes) {
        const v = f.properties[a.name];
        parts.push(`<tr><th>${escapeHtml(a.title[lang])}</th><td>${v === null || v === undefined ? '' : escapeHtml(valueText(v))}</td></tr>`);
      }
      parts.push('</table>');
    }
  }
  if (n === 0) parts.push(`<p>${t.none}</p>`);
  parts.push('</body></html>');
  return parts.join('');
}

function json(results: readonly PickResult[]): string {
  const features = results.flatMap((r) => r.features.map((f) => ({
    type: 'Feature', id: f.id, layer: r.layer.typeName,
    geometry: f.geometry ? JSON.parse(f.geometry) as unknown : null,
    properties: Object.fromEntries(Object.entries(f.properties).map(([k, v]) => [k, jsonValue(v)])),
  })));
  return JSON.stringify({ type: 'FeatureCollection', features });
}

function gml(results: readonly PickResult[]): string {
  const doc = xmlbuilder.create('wfs:FeatureCollection', { version: '1.0', encoding: 'UTF-8' })
    .att('xmlns:wfs', NS.wfs11).att('xmlns:gml', NS.gml31);
  for (const r of results) {
    const ns = r.layer.namespace;
    for (const f of r.features) {
      const el = doc.ele('gml:featureMember').ele(`${ns}:${r.layer.name}`, { [`xmlns:${ns}`]: layerNamespaceUri(ns), 'gml:id': f.id });
      for (const a of r.attributes) {
        const v = f.properties[a.name];
        if (v !== null && v !== undefined) el.ele(`${ns}:${a.name}`, valueText(v));
      }
    }
  }
  return doc.end({ pretty: true });
}

function text(results: readonly PickResult[], lang: Language): string {
  const lines: string[] = [lang === 'en' ? 'GetFeatureInfo results:' : 'Wyniki GetFeatureInfo:', ''];
  let n = 0;
  for (const r of results) {
    if (!r.features.length) continue;
    lines.push(`${lang === 'en' ? 'Layer' : 'Warstwa'} '${r.layer.typeName}' (${r.layer.title[lang]})`);
    for (const f of r.features) {
      n++;
      lines.push(`  ${lang === 'en' ? 'Feature' : 'Obiekt'} ${f.id}:`);
      for (const a of r.attributes) {
        const v = f.properties[a.name];
        lines.push(`    ${a.title[lang]} = ${v === null || v === undefined ? '' : `'${valueText(v)}'`}`);
      }
    }
    lines.push('');
  }
  if (n === 0) lines.push(lang === 'en' ? 'No features at this point.' : 'Brak obiektów w tym miejscu.');
  return lines.join('\n') + '\n';
}
