// A data extract: the chosen catalogue layers' features intersecting the area, as the role may see them, written
// in the chosen format to a file. Features come from query/feature-query.ts (planQuery/streamFeatures), the one
// place that writes feature SQL; the writers are in server/formats/.
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import yazl from 'yazl';
import type { Database } from '../../db/database.ts';
import type { Layer } from '../../catalog/types.ts';
import type { Role } from '../../catalog/roles.ts';
import type { CrsDefinition } from '../../crs/definitions.ts';
import { crsUrn } from '../../crs/names.ts';
import type { Filter } from '../../query/filter.ts';
import { countFeatures, planQuery, streamFeatures, type FeatureQuery, type FeatureRow } from '../../query/feature-query.ts';
import { sinkTo } from '../../http/sink.ts';
import { writeGeoJsonCollection } from '../../formats/geojson.ts';
import { writeCsv } from '../../formats/csv.ts';
import { writeGmlCollection, type LayerBatch } from '../../formats/gml-features.ts';
import { GeoPackageWriter } from '../../formats/gpkg.ts';
import { layerShapefile } from '../../formats/shapefile.ts';
import { DxfWriter } from '../../formats/dxf.ts';
import type { ExtractArea } from './area.ts';
import { cropRaster, type RasterKind } from './raster.ts';

export const EXTRACT_FORMATS = ['geojson', 'gml', 'gpkg', 'shp', 'dxf', 'csv', 'tif'] as const;
export type ExtractFormat = (typeof EXTRACT_FORMATS)[number];

export function isExtractFormat(v: string): v is ExtractFormat {
  return (EXTRACT_FORMATS as readonly string[]).includes(v);
}

const SINGLE_FILE: Record<ExtractFormat, { ext: string; type: string }> = {
  geojson: { ext: 'geojson', type: 'application/geo+json' },
  gml: { ext: 'gml', type: 'application/gml+xml; version=3.2' },
  gpkg: { ext: 'gpkg', type: 'application/geopackage+sqlite3' },
  shp: { ext: 'zip', type: 'application/zip' },
  dxf: { ext: 'dxf', type: 'image/vnd.dxf' },
  csv: { ext: 'csv', type: 'text/csv; charset=utf-8' },
  tif: { ext: 'tif', type: 'image/tiff; application=geotiff' },
};

export interface ExtractRequest {
  layers: readonly Layer[];
  rasters: readonly RasterKind[];
  format: ExtractFormat;
  area: ExtractArea;
  crs: CrsDefinition;
  role: Role;
  /** Base URL of the service (GML schema location). */
  baseUrl: string;
  /** Directory of the data set (terrain model files). */
  dataDir: string;
}

export interface ExtractResult {
  file: string;
  fileName: string;
  contentType: string;
  size: number;
  features: number;
  perLayer: Record<string, number>;
}

export interface ExtractProgress {
  /** Called as rows are written: done so far of total. */
  (done: number, total: number): void;
}

function areaFilter(area: ExtractArea): Filter {
  return { op: 'spatial', relation: 'intersects', geometry: { kind: 'geometry', crs: 'EPSG:2177', geometry: area.geometry } };
}

function layerQuery(layer: Layer, req: Pick<ExtractRequest, 'area' | 'crs' | 'role'>, limit: number): FeatureQuery {
  return { layer, role: req.role, filter: areaFilter(req.area), offset: 0, limit, crs: req.crs };
}

/** Features per layer in the area (the limits are checked on these before anything is written). */
export async function countExtract(db: Database, req: Pick<ExtractRequest, 'layers' | 'area' | 'crs' | 'role'>): Promise<Record<string, number>> {
  const n = await Promise.all(req.layers.map((layer) => countFeatures(db, planQuery(layerQuery(layer, req, 1)))));
  return Object.fromEntries(req.layers.map((l, i) => [l.typeName, n[i]!]));
}

/**
 * Fetches the next batch while the caller writes the current one: PostGIS encodes geometry in its process while
 * this one writes the file, instead of each waiting for the other.
 */
export async function* readAhead<T>(source: AsyncIterable<T>): AsyncIterable<T> {
  const it = source[Symbol.asyncIterator]();
  let next = it.next();
  try {
    for (;;) {
      const r = await next;
      if (r.done) return;
      next = it.next();
      next.catch(() => undefined); // surfaced when awaited
      yield r.value;
    }
  } finally {
    await it.return?.();
  }
}

/** A file name for the result: sip-poznan-<what>.<ext>. */
function fileNameFor(req: ExtractRequest, id: string, zipped: boolean): string {
  const what = req.layers.length + req.rasters.length === 1 ? (req.layers[0]?.name ?? req.rasters[0]!) : 'wycinek';
  return `sip-poznan-${what}-${id.slice(0, 8)}.${zipped ? 'zip' : SINGLE_FILE[req.format].ext}`;
}

async function zipFiles(target: string, files: { name: string; data?: Buffer; path?: string }[]): Promise<void> {
  const zip = new yazl.ZipFile();
  for (const f of files) {
    if (f.data) zip.addBuffer(f.data, f.name);
    else zip.addFile(f.path!, f.name);
  }
  zip.end();
  const out = createWriteStream(target);
  zip.outputStream.pipe(out);
  await once(out, 'finish');
}

/** Streams a text format to a file with backpressure. */
async function writeTextFile(file: string, write: (sink: ReturnType<typeof sinkTo>) => Promise<void>): Promise<void> {
  const out = createWriteStream(file);
  try {
    await write(sinkTo(out));
    out.end();
    await once(out, 'finish');
  } catch (err) {
    out.destroy();
    throw err;
  }
}

/**
 * Writes the extract into dir/<id>/ and returns the file. Cancelled by the signal (the database cursor stops);
 * a partial result is removed.
 */
export async function runExtract(db: Database, req: ExtractRequest, dir: string, id: string, totals: Record<string, number>, progress?: ExtractProgress, signal?: AbortSignal): Promise<ExtractResult> {
  const work = path.join(dir, id);
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  const total = Object.values(totals).reduce((a, b) => a + b, 0) + req.rasters.length;
  let done = 0;
  const onRows = (n: number) => { done += n; progress?.(done, total); };
  const perLayer: Record<string, number> = {};
  const features = async function* (layer: Layer): AsyncIterable<FeatureRow[]> {
    const q = layerQuery(layer, req, (totals[layer.typeName] ?? 0) + 1);
    let n = 0;
    for await (const rows of readAhead(streamFeatures(db, q, planQuery(q), signal))) { n += rows.length; yield rows; }
    perLayer[layer.typeName] = n;
  };
  const attributesOf = (layer: Layer) => planQuery(layerQuery(layer, req, 1)).attributes;
  const parts: { name: string; path: string }[] = [];
  const partFile = (name: string) => { const p = path.join(work, name); parts.push({ name, path: p }); return p; };
  try {
    switch (req.format) {
      case 'gpkg': {
        const w = new GeoPackageWriter(partFile('extract.gpkg'), req.crs.epsg);
        try { for (const l of req.layers) await w.addLayer(l, attributesOf(l), features(l), onRows); } finally { w.close(); }
        break;
      }
      case 'dxf': {
        const w = new DxfWriter();
        for (const l of req.layers) await w.addLayer(l, features(l), onRows);
        await writeFile(partFile('extract.dxf'), w.toString());
        break;
      }
      case 'gml': {
        const numberMatched = req.layers.reduce((s, l) => s + (totals[l.typeName] ?? 0), 0);
        const batches = async function* (): AsyncIterable<LayerBatch> {
          for (const l of req.layers) for await (const rows of features(l)) { yield { layer: l, rows }; onRows(rows.length); }
        };
        await writeTextFile(partFile('extract.gml'), (sink) => writeGmlCollection(sink, batches(), {
          version: '2.0.0', srsName: crsUrn(req.crs), axisOrder: req.crs.axisOrder, layers: req.layers,
          numberMatched, numberReturned: numberMatched, timeStamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
          describeUrl: (typeNames) => `${req.baseUrl}/wfs?SERVICE=WFS&VERSION=2.0.0&REQUEST=DescribeFeatureType&TYPENAMES=${encodeURIComponent(typeNames.join(','))}`,
        }));
        break;
      }
      case 'geojson': case 'csv': {
        for (const l of req.layers) {
          const batches = async function* () { for await (const rows of features(l)) { yield { rows }; onRows(rows.length); } };
          const name = `${l.name}.${req.format === 'csv' ? 'csv' : 'geojson'}`;
          const crsMember = req.crs.code === 'EPSG:4326' || req.crs.code === 'CRS:84' ? {} : { crs: { type: 'name', properties: { name: crsUrn(req.crs) } } };
          await writeTextFile(partFile(name), (sink) => req.format === 'csv'
            ? writeCsv(sink, attributesOf(l), batches())
            : writeGeoJsonCollection(sink, batches(), { head: { name: l.name, ...crsMember } }));
        }
        break;
      }
      case 'shp': {
        const files: { name: string; data: Buffer }[] = [];
        for (const l of req.layers) files.push(...(await layerShapefile(l, attributesOf(l), features(l), req.crs.epsg, onRows)).files);
        const target = path.join(work, 'extract.zip');
        await zipFiles(target, files);
        parts.push({ name: 'extract.zip', path: target });
        break;
      }
      case 'tif':
        break;
    }
    for (const kind of req.rasters) {
      const crop = await cropRaster(db, kind, req.area, req.dataDir);
      await writeFile(partFile(`${kind}.tif`), crop);
      onRows(1);
    }
    if (parts.length === 0) throw new Error('nothing to write');
    // Several files (layers as separate files, rasters beside vectors) travel as one zip.
    const zipped = parts.length > 1;
    const fileName = fileNameFor(req, id, zipped || req.format === 'shp');
    const file = path.join(work, fileName);
    if (zipped) await zipFiles(file, parts);
    else await rename(parts[0]!.path, file);
    const { size } = await stat(file);
    const written = Object.values(perLayer).reduce((a, b) => a + b, 0);
    return { file, fileName, contentType: zipped ? 'application/zip' : SINGLE_FILE[req.format].type, size, features: written, perLayer };
  } catch (err) {
    await rm(work, { recursive: true, force: true });
    throw err;
  }
}
