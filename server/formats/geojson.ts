// GeoJSON FeatureCollection (RFC 7946), streamed: geometry text comes from PostGIS unparsed.
import type { FeatureRow } from '../query/feature-query.ts';
import { ChunkBuffer, type Sink } from './sink.ts';
import { jsonValue } from './values.ts';
import type { CrsDefinition } from '../crs/definitions.ts';
import { crsUrn } from '../crs/names.ts';

/**
 * The legacy `crs` member of GeoJSON 2008 (§3.1, named CRS; "OGC CRS URNs … shall be preferred") for coordinates
 * that are not WGS 84 longitude/latitude. RFC 7946 (§4) dropped the member and fixed the CRS to WGS 84, so a file in
 * any other CRS carries it for GDAL and QGIS to read it in the right one; in WGS 84 (EPSG:4326, CRS:84) it is left out.
 */
export function legacyCrsMember(crs: CrsDefinition): { crs?: { type: 'name'; properties: { name: string } } } {
  return crs.code === 'EPSG:4326' || crs.code === 'CRS:84' ? {} : { crs: { type: 'name', properties: { name: crsUrn(crs) } } };
}

export interface GeoJsonCollectionOptions {
  /** Members written before "features" (type is always first). */
  head?: Record<string, unknown>;
  /**
   * Members written after "features", given the number of features written; may be a promise (a numberMatched that
   * is known only once the page is written, WFS and OGC API pages).
   */
  tail?: (numberReturned: number) => Record<string, unknown> | Promise<Record<string, unknown>>;
  /** Swap to the CRS's axis order (OGC API Features Part 2 with a lat/lon CRS). */
  swapAxes?: boolean;
}

function swap(geometryText: string): string {
  const g = JSON.parse(geometryText) as { type: string; coordinates: unknown };
  const flip = (c: unknown): unknown => (typeof (c as number[])[0] === 'number' ? [(c as number[])[1], (c as number[])[0]] : (c as unknown[]).map(flip));
  return JSON.stringify({ type: g.type, coordinates: flip(g.coordinates) });
}

export function featureJson(row: FeatureRow, swapAxes = false): string {
  const props: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row.properties)) props[k] = jsonValue(v);
  const geometry = row.geometry === null ? 'null' : swapAxes ? swap(row.geometry) : row.geometry;
  return `{"type":"Feature","id":${JSON.stringify(row.id)},"geometry":${geometry},"properties":${JSON.stringify(props)}}`;
}

/**
 * Features to write: rows, or Feature texts already written as featureJson writes them (by the database,
 * query/feature-query.ts geoJsonPage), joined by commas, with their number.
 */
export type GeoJsonBatch = { rows: FeatureRow[] } | { text: string; count: number };

export async function writeGeoJsonCollection(sink: Sink, batches: AsyncIterable<GeoJsonBatch>, o: GeoJsonCollectionOptions = {}): Promise<void> {
  const buffer = new ChunkBuffer(sink);
  const head = JSON.stringify({ type: 'FeatureCollection', ...(o.head ?? {}) });
  buffer.push(head.slice(0, -1) + ',"features":[');
  let n = 0;
  for await (const batch of batches) {
    if ('text' in batch) {
      // Handed on as it is (a page of a few hundred kB), not copied into a joined chunk.
      if (batch.count > 0) {
        if (n > 0) buffer.push(',');
        await buffer.flush();
        await sink(batch.text);
      }
      n += batch.count;
    } else {
      for (const row of batch.rows) {
        buffer.push((n++ === 0 ? '' : ',') + featureJson(row, o.swapAxes));
      }
    }
    await buffer.maybeFlush();
  }
  const tail = o.tail ? JSON.stringify(await o.tail(n)) : '{}';
  buffer.push(']' + (tail === '{}' ? '}' : ',' + tail.slice(1)));
  await buffer.flush();
}
