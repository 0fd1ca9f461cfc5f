// wfs:FeatureCollection in GML 3.2 (WFS 2.0) or GML 3.1.1 (WFS 1.1), streamed batch by batch as text.
import type { Geometry } from 'geojson';
import type { Layer } from '../catalog/types.ts';
import type { FeatureRow } from '../query/feature-query.ts';
import type { AxisOrder } from '../crs/definitions.ts';
import { ChunkBuffer, type Sink } from './sink.ts';
import { layerNamespaceUri, NS, SCHEMA_LOCATIONS } from './namespaces.ts';
import { gmlGeometryText } from './gml-geometry.ts';
import { escapeAttribute, escapeText } from './xml-text.ts';
import { valueText } from './values.ts';

export interface GmlCollectionOptions {
  version: '2.0.0' | '1.1.0';
  srsName: string;
  axisOrder: AxisOrder;
  layers: readonly Layer[];
  numberMatched: number | 'unknown';
  numberReturned: number;
  /** RESULTTYPE=hits: WFS 1.1.0 has one count attribute, numberOfFeatures, which then carries the match count. */
  hits?: boolean;
  next?: string;
  previous?: string;
  timeStamp: string;
  /** URL of DescribeFeatureType for some type names (xsi:schemaLocation: each namespace → its own types' schema). */
  describeUrl: (typeNames: string[]) => string;
  /** A comment before the root element (a released file's licence): XML 1.0 §2.5, outside the schema's reach. */
  comment?: string;
}

export interface LayerBatch { layer: Layer; rows: FeatureRow[] }

/**
 * One feature element as text (also the bare root of GetFeatureById, with the namespace declarations as rootAttrs).
 * Element names come from the catalogue (namespace prefix, layer and attribute names: XML names by construction);
 * values are escaped. Written as text rather than through an XML builder: a builder's objects and name checks per
 * element were most of the time and garbage of a large download (issue 19).
 */
export function featureGml(layer: Layer, row: FeatureRow, o: { srsName: string; axisOrder: AxisOrder; gml32: boolean }, rootAttrs: Record<string, string> = {}): string {
  const p = layer.namespace;
  let attrs = '';
  for (const [k, v] of Object.entries(rootAttrs)) attrs += ` ${k}="${escapeAttribute(v)}"`;
  let out = `<${p}:${layer.name}${attrs} gml:id="${escapeAttribute(row.id)}">`;
  for (const [name, value] of Object.entries(row.properties)) {
    if (value === null || value === undefined) continue;
    out += `<${p}:${name}>${escapeText(valueText(value))}</${p}:${name}>`;
  }
  if (row.geometry) {
    const g = layer.geometry.column;
    out += `<${p}:${g}>${gmlGeometryText(JSON.parse(row.geometry) as Geometry, `${row.id}.g`, { srsName: o.srsName, axisOrder: o.axisOrder, ids: o.gml32 })}</${p}:${g}>`;
  }
  return out + `</${p}:${layer.name}>`;
}

export function namespaceAttributes(layers: readonly Layer[]): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const l of layers) attrs[`xmlns:${l.namespace}`] = layerNamespaceUri(l.namespace);
  return attrs;
}

export async function writeGmlCollection(sink: Sink, batches: AsyncIterable<LayerBatch>, o: GmlCollectionOptions): Promise<void> {
  const buffer = new ChunkBuffer(sink);
  const gml32 = o.version === '2.0.0';
  const schemaLocation = [
    gml32 ? `${NS.wfs20} ${SCHEMA_LOCATIONS.wfs20}` : `${NS.wfs11} ${SCHEMA_LOCATIONS.wfs11}`,
    ...[...new Set(o.layers.map((l) => l.namespace))].map((ns) => `${layerNamespaceUri(ns)} ${o.describeUrl(o.layers.filter((l) => l.namespace === ns).map((l) => l.typeName))}`),
  ].join(' ');
  const rootAttrs: Record<string, string> = {
    'xmlns:wfs': gml32 ? NS.wfs20 : NS.wfs11,
    'xmlns:gml': gml32 ? NS.gml32 : NS.gml31,
    'xmlns:xsi': NS.xsi,
    ...namespaceAttributes(o.layers),
    'xsi:schemaLocation': schemaLocation,
  };
  if (gml32) {
    Object.assign(rootAttrs, { timeStamp: o.timeStamp, numberMatched: String(o.numberMatched), numberReturned: String(o.numberReturned) });
    if (o.next) rootAttrs.next = o.next;
    if (o.previous) rootAttrs.previous = o.previous;
  } else {
    Object.assign(rootAttrs, { timeStamp: o.timeStamp, numberOfFeatures: String(o.hits ? o.numberMatched : o.numberReturned) });
  }
  // A released file's licence as a comment before the root; "--" may not occur inside an XML comment, nor may it
  // end with "-" (XML 1.0 §2.5).
  const comment = o.comment ? `<!-- ${o.comment.replace(/-{2,}/g, (d) => d.split('').join(' '))} -->` : '';
  let root = `<?xml version="1.0" encoding="UTF-8"?>${comment}<wfs:FeatureCollection`;
  for (const [k, v] of Object.entries(rootAttrs)) root += ` ${k}="${escapeAttribute(v)}"`;
  buffer.push(root + '>');
  const fo = { srsName: o.srsName, axisOrder: o.axisOrder, gml32 };
  let any = false;
  for await (const batch of batches) {
    // One string per batch: a few hundred features joined once instead of a chunk per feature.
    let text = '';
    for (const row of batch.rows) {
      if (gml32) text += `<wfs:member>${featureGml(batch.layer, row, fo)}</wfs:member>`;
      else {
        if (!any) text += '<gml:featureMembers>';
        text += featureGml(batch.layer, row, fo);
      }
      any = true;
    }
    if (text) buffer.push(text);
    await buffer.maybeFlush();
  }
  buffer.push((!gml32 && any ? '</gml:featureMembers>' : '') + '</wfs:FeatureCollection>');
  await buffer.flush();
}
