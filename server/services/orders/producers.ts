// The producers of released materials (issue 17, item 4): for each material the office hands out as files, how an
// order item is split into jobs (its parts: one per sheet, one per data set …) and how one part is written into a
// file that carries the order's licence (documents/licence-mark.ts). A plain map material → producer: release.ts
// looks a material up here, nothing else knows the list. Producers reuse the download machinery: map sheets
// (downloads/map-sheet.ts renderSheet), extracts (downloads/extract.ts runExtract), terrain crops (downloads/raster.ts
// through runExtract). They write into the job's own directory and return the file; the job runner
// (downloads/jobs.ts) keeps the heartbeat, resumes after a worker dies, and removes the file when it expires.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ExtractDataset, Material } from '../../fees/tariff.ts';
import { DATASET_LAYERS } from './datasets.ts';
import type { Order, OrderItem } from '../../orders/store.ts';
import { licenceMarkText, type LicenceMark } from '../../documents/licence-mark.ts';
import type { Layer } from '../../catalog/types.ts';
import type { Role } from '../../catalog/roles.ts';
import { NATIVE_CRS } from '../../crs/definitions.ts';
import { parseGodlo } from '../../domain/sheets.ts';
import { resolveArea } from '../downloads/area.ts';
import { countExtract, extractFormat, runExtract } from '../downloads/extract.ts';
import { defaultSheetLayers, MAP_TYPES, renderSheet, type MapFormat } from '../downloads/map-sheet.ts';
import type { ServiceContext } from '../context.ts';
import { HttpProblem } from '../../errors/service-error.ts';
import { renderOrderItemDocuments } from '../../documents/wypis-pdf.ts';
import { signingIdentity } from '../../documents/sign.ts';
import { ThreedContent } from '../threed/content.ts';
import { cityJsonOfArea, MAX_CITYJSON_AREA } from '../threed/cityjson.ts';
import type { Box } from '../threed/data.ts';

/** One job's share of an item: a key unique within the item (it makes a release idempotent) and what it is. */
export interface ReleasePart { key: string; title: string }

/** What a producer gets to write one part. */
export interface ProduceInput {
  ctx: ServiceContext;
  order: Order;
  item: OrderItem;
  part: ReleasePart;
  /** The order's licence: every released file carries it (licenceMarkText for the one-line form). */
  mark: LicenceMark;
  /** The job's own directory (exists, empty): write the file here. */
  dir: string;
  /** The job's id (unique: use it in file names that must not clash). */
  jobId: string;
  progress: (done: number, total: number) => void;
  signal: AbortSignal;
}

/** The file a producer wrote: its path (inside dir), the name the orderer gets, its media type, features if any. */
export interface ProducedFile { file: string; name: string; type: string; features?: number }

export interface Producer {
  /** The parts (one job each) an item is released in. Pure: the item's subject decides. */
  parts(item: OrderItem): ReleasePart[];
  /** Writes one part. Throw an HttpProblem for a reason the orderer should read (it becomes the job's error). */
  produce(input: ProduceInput): Promise<ProducedFile>;
}

export type Producers = Partial<Record<Material, Producer>>;

interface Subject { sheets?: string[]; dataset?: string; format?: string; area?: { bbox?: number[]; polygon?: unknown; sheets?: string[]; crs?: string } }
const subjectOf = (item: OrderItem) => item.subject as Subject;

/** A readable, safe file-name piece (godło, order number). */
const fileSafe = (s: string) => s.replace(/[^0-9A-Za-z._-]+/g, '-');

/** Map sheets: one job per sheet, drawn at the highest resolution the service allows (DOWNLOADS_MAX_DPI, ≤ 300). */
const sheetProducer: Producer = {
  parts: (item) => (subjectOf(item).sheets ?? []).map((godlo) => ({ key: godlo, title: `arkusz ${godlo}` })),
  async produce({ ctx, order, item, part, mark, dir }) {
    const sheet = parseGodlo(part.key);
    if (!sheet) throw new ReleaseProblem(`${part.key} nie jest godłem arkusza PL-2000`);
    const format: MapFormat = subjectOf(item).format === 'tif' ? 'tif' : 'pdf';
    const role = order.role as Role;
    const dpi = Math.min(300, ctx.config.downloads.maxDpi);
    const out = await renderSheet(ctx.db, sheet, defaultSheetLayers(ctx.catalog, role), role, format, dpi, ctx.config.sampleDataDir, mark);
    const file = path.join(dir, out.fileName);
    await writeFile(file, out.body);
    return { file, name: `${fileSafe(mark.orderNumber)}-${out.fileName}`, type: MAP_TYPES[format] };
  },
};

/** Data sets (extracts): one job per item, the data set's layers in the area, in the format ordered (default GeoPackage). */
const extractProducer: Producer = {
  parts: (item) => [{ key: subjectOf(item).dataset ?? 'extract', title: `zbiór ${subjectOf(item).dataset ?? ''}` }],
  async produce({ ctx, order, item, mark, dir, jobId, progress, signal }) {
    const s = subjectOf(item);
    const role = order.role as Role;
    const layers = (DATASET_LAYERS[s.dataset as ExtractDataset] ?? []).map((t) => ctx.catalog.layer(t, role)).filter((l): l is Layer => l !== undefined);
    if (layers.length === 0) throw new ReleaseProblem(`Zbiór ${s.dataset} nie jest jeszcze udostępniany w serwisie; wyda go ośrodek`);
    return extractOf(ctx, { layers, rasters: [], format: s.format ?? 'gpkg', area: s.area ?? {}, role, mark, dir, jobId, progress, signal });
  },
};

/** NMT: the terrain model cropped to the area, a Float32 GeoTIFF whose tags carry the licence. */
const nmtProducer: Producer = {
  parts: () => [{ key: 'nmt', title: 'NMT' }],
  produce: ({ ctx, order, item, mark, dir, jobId, progress, signal }) =>
    extractOf(ctx, { layers: [], rasters: ['nmt'], format: 'tif', area: subjectOf(item).area ?? {}, role: order.role as Role, mark, dir, jobId, progress, signal }),
};

/** A reason a part cannot be released, for the orderer and the office: the runner keeps it as the job's error. */
export class ReleaseProblem extends HttpProblem {
  constructor(detail: string) { super(422, 'Unprocessable Content', detail); }
}

async function extractOf(ctx: ServiceContext, p: {
  layers: Layer[]; rasters: ('nmt' | 'nmpt')[]; format: string; area: Subject['area'] & object; role: Role; mark: LicenceMark;
  dir: string; jobId: string; progress: (done: number, total: number) => void; signal: AbortSignal;
}): Promise<ProducedFile> {
  const format = extractFormat(p.format);
  if (!format) throw new ReleaseProblem(`Format ${p.format} nie jest dostępny`);
  const area = await resolveArea(ctx.db, { bbox: p.area.bbox, polygon: p.area.polygon, sheets: p.area.sheets, crs: p.area.crs }, ctx.config.downloads.maxSheets);
  const request = { layers: p.layers, rasters: p.rasters, format, area, crs: NATIVE_CRS, role: p.role, baseUrl: ctx.config.publicUrl ?? `http://localhost:${ctx.config.port}`, dataDir: ctx.config.sampleDataDir, licence: licenceMarkText(p.mark) };
  const counts = await countExtract(ctx.db, request);
  // runExtract writes into <dir>/<id>: the job's directory is <downloads>/<job id>, so the same id and parent.
  const r = await runExtract(ctx.db, request, path.dirname(p.dir), path.basename(p.dir), counts, p.progress, p.signal);
  return { file: r.file, name: r.fileName.replace(/^sip-poznan-/, `${fileSafe(p.mark.orderNumber)}-`), type: r.contentType, features: r.features };
}

/**
 * The register documents (wypis, wyrys: documents/wypis-pdf.ts renderOrderItemDocuments, signed, the licence mark in
 * their PDF info and footer, owners only with the order's daneOsobowe): one part per document — two for
 * wypis_wyrys (the wypis and the wyrys), one otherwise.
 */
const registerProducer: Producer = {
  parts: (item) => (item.material === 'wypis_wyrys' ? ['wypis', 'wyrys'] : [item.material]).map((key) => ({ key, title: key })),
  async produce({ ctx, order, item, part, mark, dir }) {
    const o = ctx.config.orders;
    const issued = new Date(`${mark.issued}T12:00:00Z`);
    const docs = await renderOrderItemDocuments(ctx.db, await signingIdentity(o), order, item, { name: o.officeName, address: o.officeAddress }, issued, ctx.catalog);
    const index = registerProducer.parts(item).findIndex((p) => p.key === part.key);
    const doc = docs[docs.length === 1 ? 0 : index];
    if (!doc) throw new ReleaseProblem(`Nie powstał dokument ${part.key}`);
    const name = `${fileSafe(mark.orderNumber)}-${fileSafe(doc.fileName)}`;
    const file = path.join(dir, name);
    await writeFile(file, doc.body);
    return { file, name, type: 'application/pdf' };
  },
};

/**
 * The 3D building model of the area as CityJSON 2.0 (services/threed/cityjson.ts, the same document as
 * GET /3d/cityjson): the box around the ordered area in EPSG:2177, heights PL-EVRF2007-NH; the licence in the
 * document's metadata (CityJSON 2.0 "metadata" allows extra members: `licencja`, or `warunki` for a free item). At most MAX_CITYJSON_AREA per part.
 */
const model3dProducer: Producer = {
  parts: () => [{ key: 'model3d', title: 'Model 3D budynków (CityJSON)' }],
  async produce({ ctx, order, item, mark, dir }) {
    const a = subjectOf(item).area ?? {};
    const area = await resolveArea(ctx.db, { bbox: a.bbox, polygon: a.polygon, sheets: a.sheets, crs: a.crs }, ctx.config.downloads.maxSheets);
    const rings = area.geometry.type === 'Polygon' ? area.geometry.coordinates : area.geometry.coordinates.flat();
    const xs = rings.flat().map((c) => c[0]!), ys = rings.flat().map((c) => c[1]!);
    const box: Box = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
    if ((box[2] - box[0]) * (box[3] - box[1]) > MAX_CITYJSON_AREA) throw new ReleaseProblem(`Obszar modelu 3D jest większy niż ${MAX_CITYJSON_AREA / 1e6} km²: ośrodek przygotuje go w częściach`);
    const doc = await cityJsonOfArea(new ThreedContent(ctx.db, ctx.catalog, ctx.config), order.role as Role, box, ctx.config.publicUrl ?? `http://localhost:${ctx.config.port}`);
    const metadata = (doc.metadata ?? {}) as Record<string, unknown>;
    // A free item needs no licence (art. 40c ust. 5 Pgik): the file then says on what terms it was handed out.
    doc.metadata = { ...metadata, ...(item.amountGr > 0 ? { licencja: licenceMarkText(mark) }
      : { warunki: `Udostępniony bez opłaty i bez licencji (art. 40a ust. 2 pkt 1 lit. j, art. 40c ust. 5 Pgik); zamówienie ${mark.orderNumber}` }) };
    const name = `${fileSafe(mark.orderNumber)}-model3d.city.json`;
    const file = path.join(dir, name);
    await writeFile(file, JSON.stringify(doc));
    return { file, name, type: 'application/city+json' };
  },
};

/** The producers by material. */
export const PRODUCERS: Producers = {
  sheet: sheetProducer,
  extract: extractProducer,
  nmt: nmtProducer,
  model3d: model3dProducer,
  wypis: registerProducer,
  wypis_bez_danych: registerProducer,
  wyrys: registerProducer,
  wypis_wyrys: registerProducer,
  wypis_budynki: registerProducer,
};
