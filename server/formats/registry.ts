// THE list of output formats. Each entry says what the format is (id, media type, file extension, one file or a
// zip), which surfaces offer it (WFS GetFeature OUTPUTFORMAT with the names it advertises and accepts, OGC API –
// Features items `f=`, data extracts and so the client's download menu, which reads GET /api/formats) and the
// writer that produces it. Adding a feature format is one entry here plus its writer in this folder; the
// protocol adapters (services/wfs/formats.ts, services/ogcapi/router.ts, services/downloads/extract.ts) only look
// formats up here.
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import yazl from 'yazl';
import type { Attribute, Layer } from '../catalog/types.ts';
import type { AxisOrder, CrsDefinition } from '../crs/definitions.ts';
import type { FeatureRow } from '../query/feature-query.ts';
import type { Sink } from './sink.ts';
import { legacyCrsMember, writeGeoJsonCollection, type GeoJsonBatch } from './geojson.ts';
import { writeGmlCollection, type LayerBatch } from './gml-features.ts';
import { writeCsv } from './csv.ts';
import { GeoPackageWriter } from './gpkg.ts';
import { DxfWriter } from './dxf.ts';
import { layerShapefile } from './shapefile.ts';

/** One layer's share of the output: its features as the role may see them, read when the writer gets to them. */
export interface LayerPart {
  layer: Layer;
  rows: () => AsyncIterable<FeatureRow[]>;
  /**
   * The same features already written as GeoJSON Feature texts (joined by commas) by the database, with their number:
   * the GeoJSON writer takes them instead of rows when given (not with swapped axes). Query/feature-query.ts geoJsonPage.
   */
  geoJson?: () => Promise<{ text: string; count: number }>;
}

/** What a writer is given: the features and what the protocol around them says about them. */
export interface FeatureOutput {
  /** The features, layer by layer, in order (a layer may come more than once in a WFS GetFeature). */
  parts: readonly LayerPart[];
  /** Every layer asked for, even one without features on this page (namespaces, schema locations, CSV header). */
  layers: readonly Layer[];
  /** The attributes written for a layer (the role's and the request's selection). */
  attributesOf: (layer: Layer) => readonly Attribute[];
  crs: {
    definition: CrsDefinition;
    /** The CRS as the output names it (GML srsName: as the client asked for it). */
    name: string;
    axisOrder: AxisOrder;
  };
  /** GeoJSON: coordinates in the CRS's axis order (OGC API – Features Part 2 with a lat/lon CRS). */
  swapAxes?: boolean;
  /** GeoJSON: write the legacy `crs` member (WFS and extracts; OGC API says the CRS in Content-Crs). */
  crsMember?: boolean;
  numberMatched: number | 'unknown';
  numberReturned: number;
  timeStamp: string;
  next?: string;
  previous?: string;
  /** GML: the DescribeFeatureType URL of some type names (xsi:schemaLocation: each namespace → its own types' schema). */
  describeUrl?: (typeNames: string[]) => string;
  /** WFS RESULTTYPE=hits: WFS 1.1.0's one count attribute, numberOfFeatures, then carries the match count. */
  hits?: boolean;
  /** GeoJSON: members written before "features" and after it (given the number written). */
  head?: Record<string, unknown>;
  tail?: (numberReturned: number) => Record<string, unknown> | Promise<Record<string, unknown>>;
  /** A released file's licence (documents/licence-mark.ts licenceMarkText): the formats that carry it write it in. */
  licence?: string;
}

/** A text format written as it streams (to a response or a file). */
export interface StreamWriter { kind: 'stream'; write: (sink: Sink, out: FeatureOutput) => Promise<void> }
/** A format built as files in a directory (a database, a zip); returns the files it wrote. */
export interface FileWriter { kind: 'files'; write: (dir: string, out: FeatureOutput) => Promise<string[]> }

export type WfsVersion = '2.0.0' | '1.1.0';
export type Surface = 'wfs' | 'ogcapi' | 'extract';

export interface FormatSpec {
  id: string;
  /** Its name in menus. */
  title: string;
  /** The Content-Type of a body or file in this format. */
  mediaType: string;
  extension: string;
  /** One file, or always a zip (a shapefile is several files). */
  packaging: 'file' | 'zip';
  /** What it holds: vector features (from a writer) or terrain models (cropped rasters, downloads/raster.ts). */
  content: 'features' | 'terrain';
  /** In an extract of several layers: one file per layer (zipped together) or all layers in one file. */
  filePerLayer?: boolean;
  /** Written in projected metres only (no CRS of its own to say degrees in). */
  projectedOnly?: boolean;
  /**
   * The writer puts FeatureOutput.licence in the file itself (GeoPackage metadata, GML comment, DXF 999 comment,
   * LICENCJA.txt inside the shapefile's zip); other formats get LICENCJA.txt beside them in a zip.
   */
  carriesLicence?: true;
  writer?: StreamWriter | FileWriter;
  surfaces: {
    /** WFS GetFeature: the names advertised per version and every name accepted (compared lower case, without spaces and quotes). */
    wfs?: { advertised: Partial<Record<WfsVersion, readonly string[]>>; accepts: readonly string[] };
    /** OGC API – Features items: the value of `f`. */
    ogcapi?: { f: string };
    /** Data extracts (/api/extract, /api/extracts) and the client's download menu. */
    extract?: true;
  };
}

/** Name of the licence's text file beside (or inside the zip of) a released file that has no metadata of its own. */
export const LICENCE_FILE = 'LICENCJA.txt';

/** The licence as that text file: one clause a line (CRLF: read on Windows too), UTF-8. */
export function licenceFile(text: string): Buffer {
  return Buffer.from(text.split('; ').join('\r\n') + '\r\n', 'utf8');
}

/**
 * md_standard_uri of the GeoPackage licence record: the plain-text licence follows no metadata standard, so it names
 * the act that defines the licence (art. 40c Prawo geodezyjne i kartograficzne, t.j. Dz.U. 2024 poz. 1151, in ISAP).
 */
export const LICENCE_METADATA_URI = 'https://isap.sejm.gov.pl/isap.nsf/DocDetails.xsp?id=WDU20240001151';

/** All layers' batches in order, as the multi-layer writers read them. */
async function* layerBatches(out: FeatureOutput): AsyncIterable<LayerBatch> {
  for (const p of out.parts) for await (const rows of p.rows()) yield { layer: p.layer, rows };
}

/** The GeoJSON writer's batches: a part's database-written text when it has one, else its rows. */
async function* geoJsonBatches(out: FeatureOutput): AsyncIterable<GeoJsonBatch> {
  for (const p of out.parts) {
    if (p.geoJson && !out.swapAxes) yield await p.geoJson();
    else for await (const rows of p.rows()) yield { rows };
  }
}

const gml = (version: WfsVersion): StreamWriter => ({
  kind: 'stream',
  write: (sink, o) => writeGmlCollection(sink, layerBatches(o), {
    version, srsName: o.crs.name, axisOrder: o.crs.axisOrder, layers: o.layers, numberMatched: o.numberMatched,
    numberReturned: o.numberReturned, hits: o.hits, next: o.next, previous: o.previous, timeStamp: o.timeStamp, describeUrl: o.describeUrl ?? (() => ''),
    ...(o.licence ? { comment: o.licence } : {}),
  }),
});

/** A file writer that writes one file, dir/name, and returns it. */
async function oneFile(dir: string, name: string, write: (file: string) => Promise<void>): Promise<string[]> {
  const file = path.join(dir, name);
  await write(file);
  return [file];
}

export const FORMATS = [
  {
    id: 'gpkg', title: 'GeoPackage', mediaType: 'application/geopackage+sqlite3', extension: 'gpkg', packaging: 'file', content: 'features',
    writer: { kind: 'files', write: (dir, o) => oneFile(dir, 'extract.gpkg', async (file) => {
      const w = new GeoPackageWriter(file, o.crs.definition.epsg);
      try {
        for (const p of o.parts) await w.addLayer(p.layer, o.attributesOf(p.layer), p.rows());
        if (o.licence) w.addMetadata(o.licence, LICENCE_METADATA_URI);
      } finally { w.close(); }
    }) },
    carriesLicence: true,
    surfaces: { extract: true },
  },
  {
    id: 'shp', title: 'Shapefile (ZIP)', mediaType: 'application/zip', extension: 'zip', packaging: 'zip', content: 'features', carriesLicence: true,
    writer: { kind: 'files', write: (dir, o) => oneFile(dir, 'extract.zip', async (file) => {
      const zip = new yazl.ZipFile();
      for (const p of o.parts) for (const f of (await layerShapefile(p.layer, o.attributesOf(p.layer), p.rows(), o.crs.definition.epsg)).files) zip.addBuffer(f.data, f.name);
      if (o.licence) zip.addBuffer(licenceFile(o.licence), LICENCE_FILE);
      zip.end();
      const stream = createWriteStream(file);
      zip.outputStream.pipe(stream);
      await once(stream, 'finish');
    }) },
    surfaces: { extract: true },
  },
  {
    id: 'dxf', title: 'DXF (CAD)', mediaType: 'image/vnd.dxf', extension: 'dxf', packaging: 'file', content: 'features', projectedOnly: true,
    writer: { kind: 'files', write: (dir, o) => oneFile(dir, 'extract.dxf', async (file) => {
      const w = new DxfWriter();
      for (const p of o.parts) await w.addLayer(p.layer, p.rows());
      await writeFile(file, w.toString(o.licence));
    }) },
    carriesLicence: true,
    surfaces: { extract: true },
  },
  {
    id: 'gml', title: 'GML 3.2', mediaType: 'application/gml+xml; version=3.2', extension: 'gml', packaging: 'file', content: 'features', carriesLicence: true,
    writer: gml('2.0.0'),
    surfaces: {
      wfs: {
        advertised: { '2.0.0': ['application/gml+xml; version=3.2', 'text/xml; subtype=gml/3.2'] },
        accepts: ['application/gml+xml;version=3.2', 'text/xml;subtype=gml/3.2', 'text/xml;subtype=gml/3.2.1', 'gml32', 'gml3.2'],
      },
      extract: true,
    },
  },
  {
    id: 'gml311', title: 'GML 3.1.1', mediaType: 'text/xml; subtype=gml/3.1.1', extension: 'gml', packaging: 'file', content: 'features', carriesLicence: true,
    writer: gml('1.1.0'),
    surfaces: {
      wfs: { advertised: { '1.1.0': ['text/xml; subtype=gml/3.1.1'] }, accepts: ['text/xml;subtype=gml/3.1.1', 'gml3', 'gml31', 'application/gml+xml;version=3.1'] },
    },
  },
  {
    id: 'geojson', title: 'GeoJSON', mediaType: 'application/geo+json', extension: 'geojson', packaging: 'file', content: 'features', filePerLayer: true,
    writer: {
      kind: 'stream',
      write: (sink, o) => writeGeoJsonCollection(sink, geoJsonBatches(o), {
        head: { ...o.head, ...(o.crsMember ? legacyCrsMember(o.crs.definition) : {}) }, tail: o.tail, swapAxes: o.swapAxes,
      }),
    },
    surfaces: {
      wfs: { advertised: { '2.0.0': ['application/json', 'application/geo+json'], '1.1.0': ['application/json'] }, accepts: ['application/json', 'application/geo+json', 'json', 'geojson'] },
      ogcapi: { f: 'json' },
      extract: true,
    },
  },
  {
    id: 'csv', title: 'CSV', mediaType: 'text/csv; charset=utf-8', extension: 'csv', packaging: 'file', content: 'features', filePerLayer: true,
    writer: { kind: 'stream', write: (sink, o) => writeCsv(sink, o.attributesOf(o.parts[0]?.layer ?? o.layers[0]!), layerBatches(o)) },
    surfaces: {
      wfs: { advertised: { '2.0.0': ['text/csv'], '1.1.0': ['text/csv'] }, accepts: ['text/csv', 'csv'] },
      ogcapi: { f: 'csv' },
      extract: true,
    },
  },
  {
    id: 'tif', title: 'GeoTIFF (NMT/NMPT)', mediaType: 'image/tiff; application=geotiff', extension: 'tif', packaging: 'file', content: 'terrain', carriesLicence: true,
    surfaces: { extract: true },
  },
] as const satisfies readonly FormatSpec[];

export type FormatId = (typeof FORMATS)[number]['id'];

const all: readonly FormatSpec[] = FORMATS;

export function formatById(id: string): FormatSpec | undefined {
  return all.find((f) => f.id === id);
}

/** The formats a surface offers, in the registry's order. */
export function formatsOf(surface: Surface): FormatSpec[] {
  return all.filter((f) => f.surfaces[surface] !== undefined);
}

/** A format as GET /api/formats describes it (the client's download menu reads it). */
export interface FormatDescription {
  id: string;
  title: string;
  mediaType: string;
  extension: string;
  zipped: boolean;
  content: FormatSpec['content'];
  /** Where it is offered: the WFS output format names, the OGC API items `f`, extracts. */
  surfaces: { wfs?: string[]; ogcapi?: string; extract?: true };
}

/** A format's public description: everything but the writer. */
export function formatDescription(f: FormatSpec): FormatDescription {
  return {
    id: f.id, title: f.title, mediaType: f.mediaType, extension: f.extension, zipped: f.packaging === 'zip', content: f.content,
    surfaces: {
      ...(f.surfaces.wfs ? { wfs: [...new Set(Object.values(f.surfaces.wfs.advertised).flat())] } : {}),
      ...(f.surfaces.ogcapi ? { ogcapi: f.surfaces.ogcapi.f } : {}),
      ...(f.surfaces.extract ? { extract: true } : {}),
    },
  };
}

/** The writer of a format a protocol streams as its response body (every WFS and OGC API format is one). */
export function streamWriterOf(f: FormatSpec): StreamWriter {
  if (f.writer?.kind !== 'stream') throw new Error(`Format ${f.id} is not written as a stream`);
  return f.writer;
}
