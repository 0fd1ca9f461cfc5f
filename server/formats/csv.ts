// CSV with the geometry as WKT (as GDAL's CSV driver reads it: a column named WKT), streamed.
import { stringify } from 'csv-stringify/sync';
import type { Geometry } from 'geojson';
import type { Attribute } from '../catalog/types.ts';
import type { FeatureRow } from '../query/feature-query.ts';
import { ChunkBuffer, type Sink } from './sink.ts';
import { valueText } from './values.ts';
import { geojsonToWKT } from '@terraformer/wkt';

export async function writeCsv(sink: Sink, attributes: readonly Attribute[], batches: AsyncIterable<{ rows: FeatureRow[] }>, withGeometry = true): Promise<void> {
  const buffer = new ChunkBuffer(sink);
  const header = ['id', ...attributes.map((a) => a.name), ...(withGeometry ? ['WKT'] : [])];
  buffer.push(stringify([header]));
  for await (const batch of batches) {
    const records = batch.rows.map((r) => [
      r.id,
      ...attributes.map((a) => { const v = r.properties[a.name]; return v === null || v === undefined ? '' : valueText(v); }),
      ...(withGeometry ? [r.geometry ? geojsonToWKT(JSON.parse(r.geometry) as Geometry) : ''] : []),
    ]);
    buffer.push(stringify(records));
    await buffer.maybeFlush();
  }
  await buffer.flush();
}
