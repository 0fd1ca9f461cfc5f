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
import { formatById, formatsOf, LICENCE_FILE, licenceFile, type FeatureOutput, type FormatSpec } from '../../formats/registry.ts';
import type { ExtractArea } from './area.ts';
import { cropRaster, type RasterKind } from './raster.ts';

/** The formats of extracts: the registry's, in its order (formats/registry.ts). */
export const EXTRACT_FORMATS = formatsOf('extract').map((f) => f.id);

/** The registry entry of an extract format, if it is one. */
export function extractFormat(id: string): FormatSpec | undefined {
  const f = formatById(id);
  return f?.surfaces.extract ? f : undefined;
}

export interface ExtractRequest {
  layers: readonly Layer[];
  rasters: readonly RasterKind[];
  format: FormatSpec;
  area: ExtractArea;
  crs: CrsDefinition;
  role: Role;
  /** Base URL of the service (GML schema location). */
  baseUrl: string;
  /** Directory of the data set (terrain model files). */
  dataDir: string;
  /**
   * A released order's licence text (documents/licence-mark.ts): written into the file by the formats that carry
   * it (formats/registry.ts carriesLicence), else as LICENCJA.txt beside the file in a zip.
   */
  licence?: string;
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
  return `sip-poznan-${what}-${id.slice(0, 8)}.${zipped ? 'zip' : req.format.extension}`;
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
  const numberMatched = req.layers.reduce((s, l) => s + (totals[l.typeName] ?? 0), 0);
  const output = (layers: readonly Layer[]): FeatureOutput => ({
    parts: layers.map((layer) => ({ layer, rows: () => counted(features(layer)) })), layers, attributesOf,
    crs: { definition: req.crs, name: crsUrn(req.crs), axisOrder: req.crs.axisOrder }, crsMember: true,
    numberMatched, numberReturned: numberMatched, timeStamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    describeUrl: (typeNames) => `${req.baseUrl}/wfs?SERVICE=WFS&VERSION=2.0.0&REQUEST=DescribeFeatureType&TYPENAMES=${encodeURIComponent(typeNames.join(','))}`,
    ...(layers.length === 1 ? { head: { name: layers[0]!.name } } : {}),
    ...(req.licence ? { licence: req.licence } : {}),
  });
  async function* counted(rows: AsyncIterable<FeatureRow[]>): AsyncIterable<FeatureRow[]> {
    for await (const batch of rows) { yield batch; onRows(batch.length); }
  }
  try {
    const writer = req.format.writer;
    if (writer?.kind === 'files') {
      for (const file of await writer.write(work, output(req.layers))) parts.push({ name: path.basename(file), path: file });
    } else if (writer?.kind === 'stream') {
      // One file per layer (GeoJSON, CSV: a table each) or all layers in one (GML).
      const groups = req.format.filePerLayer ? req.layers.map((l) => [l]) : req.layers.length ? [req.layers] : [];
      for (const layers of groups) {
        const name = `${req.format.filePerLayer ? layers[0]!.name : 'extract'}.${req.format.extension}`;
        await writeTextFile(partFile(name), (sink) => writer.write(sink, output(layers)));
      }
    }
    for (const kind of req.rasters) {
      const crop = await cropRaster(db, kind, req.area, req.dataDir, req.licence);
      await writeFile(partFile(`${kind}.tif`), crop);
      onRows(1);
    }
    if (parts.length === 0) throw new Error('nothing to write');
    if (req.licence && !req.format.carriesLicence) {
      const file = partFile(LICENCE_FILE);
      await writeFile(file, licenceFile(req.licence));
    }
    // Several files (layers as separate files, rasters beside vectors) travel as one zip.
    const zipped = parts.length > 1;
    const fileName = fileNameFor(req, id, zipped || req.format.packaging === 'zip');
    const file = path.join(work, fileName);
    if (zipped) await zipFiles(file, parts);
    else await rename(parts[0]!.path, file);
    const { size } = await stat(file);
    const written = Object.values(perLayer).reduce((a, b) => a + b, 0);
    return { file, fileName, contentType: zipped ? 'application/zip' : req.format.mediaType, size, features: written, perLayer };
  } catch (err) {
    await rm(work, { recursive: true, force: true });
    throw err;
  }
}
