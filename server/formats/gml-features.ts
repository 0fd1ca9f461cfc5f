// wfs:FeatureCollection in GML 3.2 (WFS 2.0) or GML 3.1.1 (WFS 1.1), streamed feature by feature.
import xmlbuilder from 'xmlbuilder';
import type { Geometry } from 'geojson';
import type { Layer } from '../catalog/types.ts';
import type { FeatureRow } from '../query/feature-query.ts';
import type { AxisOrder } from '../crs/definitions.ts';
import { ChunkBuffer, type Sink } from './sink.ts';
import { layerNamespaceUri, NS, SCHEMA_LOCATIONS } from './namespaces.ts';
import { writeGmlGeometry } from './gml-geometry.ts';
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

/** Writes one feature element (also the bare root of GetFeatureById when standalone). */
export function writeFeature(w: xmlbuilder.XMLDocumentCB, layer: Layer, row: FeatureRow, o: { srsName: string; axisOrder: AxisOrder; gml32: boolean }, rootAttrs: Record<string, string> = {}): void {
  const p = layer.namespace;
  w.ele(`${p}:${layer.name}`, { ...rootAttrs, 'gml:id': row.id });
  for (const [name, value] of Object.entries(row.properties)) {
    if (value === null || value === undefined) continue;
    w.ele(`${p}:${name}`, valueText(value)).up();
  }
  if (row.geometry) {
    w.ele(`${p}:${layer.geometry.column}`);
    writeGmlGeometry(w, JSON.parse(row.geometry) as Geometry, `${row.id}.g`, { srsName: o.srsName, axisOrder: o.axisOrder, ids: o.gml32 });
    w.up();
  }
  w.up();
}

export function namespaceAttributes(layers: readonly Layer[]): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const l of layers) attrs[`xmlns:${l.namespace}`] = layerNamespaceUri(l.namespace);
  return attrs;
}

export async function writeGmlCollection(sink: Sink, batches: AsyncIterable<LayerBatch>, o: GmlCollectionOptions): Promise<void> {
  const buffer = new ChunkBuffer(sink);
  const w = xmlbuilder.begin(buffer.push);
  const gml32 = o.version === '2.0.0';
  const schemaLocation = [
    gml32 ? `${NS.wfs20} ${SCHEMA_LOCATIONS.wfs20}` : `${NS.wfs11} ${SCHEMA_LOCATIONS.wfs11}`,
    ...[...new Set(o.layers.map((l) => l.namespace))].map((ns) => `${layerNamespaceUri(ns)} ${o.describeUrl(o.layers.filter((l) => l.namespace === ns).map((l) => l.typeName))}`),
  ].join(' ');
  w.dec('1.0', 'UTF-8');
  // "--" may not occur inside an XML comment (XML 1.0 §2.5).
  if (o.comment) w.comment(o.comment.replace(/-{2,}/g, (d) => d.split('').join(' ')));
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
  w.ele('wfs:FeatureCollection', rootAttrs);
  let any = false;
  for await (const batch of batches) {
    for (const row of batch.rows) {
      if (gml32) {
        w.ele('wfs:member');
        writeFeature(w, batch.layer, row, { srsName: o.srsName, axisOrder: o.axisOrder, gml32 });
        w.up();
      } else {
        if (!any) w.ele('gml:featureMembers');
        writeFeature(w, batch.layer, row, { srsName: o.srsName, axisOrder: o.axisOrder, gml32 });
      }
      any = true;
    }
    await buffer.maybeFlush();
  }
  if (!gml32 && any) w.up();
  w.up();
  w.end();
  await buffer.flush();
}
