// The material package of a survey-work notification (issue 18), written by the extract-job runner (jobs.ts) as a
// job of rodzaj 'pakiet zgłoszenia': the resource's data for the work's area plus a buffer, as one zip:
//
//   dane/egib-gesut.gml, dane/egib-gesut.dxf   districts, parcels WITH owners (the job runs with the surveyor's role,
//                                             entitled by art. 12 Pgik and catalog/roles.ts), buildings, land use,
//                                             classification contours, boundary points, GESUT lines and devices —
//                                             the area + BUFFER_M
//   dane/osnowa.gml, dane/osnowa.dxf          control points — the area + CONTROL_BUFFER_M
//   arkusze/arkusze.csv, arkusze/*.pdf        the base-map sheets meeting the area, at the chosen scale
//   nmt/nmt.tif                               the terrain model crop (area + BUFFER_M)
//   SPIS_ZAWARTOSCI.txt                       the list of contents with feature counts
//
// GML is the service's own application schema as WFS writes it (formats/gml-features.ts, schema at DescribeFeatureType),
// DXF the CAD writer's layers (formats/dxf.ts). Why the buffers: boundary points and buildings just outside the
// notified area are what a surveyor ties the new survey to (a parcel's boundary is checked against its neighbours'
// points), and 30 m takes in the neighbouring parcels' street-side points and the street's networks across the road
// in Poznań's street widths; the control network is sparser (crossings every few hundred metres), so it gets 300 m
// to hold the 2–3 points a traverse starts and ends on. Both are this office's choice, not a rule of the law.
import { mkdir, rm, stat } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import yazl from 'yazl';
import type { MultiPolygon, Polygon } from 'geojson';
import type { Database } from '../../db/database.ts';
import type { Catalog } from '../../catalog/catalog.ts';
import type { Layer } from '../../catalog/types.ts';
import type { Role } from '../../catalog/roles.ts';
import { NATIVE_CRS } from '../../crs/definitions.ts';
import { parseGodlo } from '../../domain/sheets.ts';
import type { ExtractArea } from './area.ts';
import { countExtract, extractFormat, runExtract, type ExtractRequest } from './extract.ts';
import { cropRaster } from './raster.ts';
import { defaultSheetLayers, renderSheet } from './map-sheet.ts';

export const BUFFER_M = 30;
export const CONTROL_BUFFER_M = 300;
/** Sheets in the package are drawn at 150 dpi: readable on screen and on an A-size print; 300 dpi ones are at /api/sheets. */
export const PACKAGE_DPI = 150;
/** The package stays downloadable this long after it is ready (the surveyor pays the DOO meanwhile). */
export const PACKAGE_KEEP_DAYS = 60;

/** The register layers of a package (catalogue type names) and the control-network layer. */
export const PACKAGE_LAYERS = ['egib:obreby', 'egib:dzialki', 'egib:budynki', 'egib:kontury_uzytkow', 'egib:kontury_klasyfikacyjne',
  'egib:punkty_graniczne', 'gesut:przewody', 'gesut:urzadzenia'] as const;
export const CONTROL_LAYERS = ['sip:punkty_osnowy'] as const;

/** What a package job was asked for (portal.zadania.parametry.package). */
export interface PackageParams {
  zgloszenieId: string;
  numer: string;
  scale: number;
  sheets: string[];
  /** The notified area (EPSG:2177). */
  work: Polygon | MultiPolygon;
  /** The area + CONTROL_BUFFER_M (the area + BUFFER_M is the job's `area`). */
  control: ExtractArea;
}

export interface PackageResult { file: string; fileName: string; contentType: string; size: number; features: number }

interface Input {
  db: Database; catalog: Catalog; role: Role; area: ExtractArea; pkg: PackageParams; baseUrl: string; dataDir: string;
  dir: string; jobId: string; progress: (done: number, total: number) => void; signal: AbortSignal;
}

function layersOf(catalog: Catalog, names: readonly string[], role: Role): Layer[] {
  return names.map((n) => {
    const l = catalog.layer(n, role);
    if (!l) throw new Error(`layer ${n} is not visible to ${role}`);
    return l;
  });
}

async function zip(target: string, files: { name: string; path?: string; data?: Buffer }[]): Promise<void> {
  const z = new yazl.ZipFile();
  for (const f of files) if (f.data) z.addBuffer(f.data, f.name); else z.addFile(f.path!, f.name);
  z.end();
  const out = createWriteStream(target);
  z.outputStream.pipe(out);
  await once(out, 'finish');
}

const safe = (s: string) => s.replace(/[^A-Za-z0-9.-]+/g, '-');

/** Writes the package into dir/<jobId>/ and returns the zip. */
export async function runPackage(x: Input): Promise<PackageResult> {
  const work = path.join(x.dir, x.jobId);
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  const main = layersOf(x.catalog, PACKAGE_LAYERS, x.role);
  const control = layersOf(x.catalog, CONTROL_LAYERS, x.role);
  const gml = extractFormat('gml')!, dxf = extractFormat('dxf')!;
  const request = (layers: Layer[], area: ExtractArea, format: typeof gml): ExtractRequest =>
    ({ layers, rasters: [], format, area, crs: NATIVE_CRS, role: x.role, baseUrl: x.baseUrl, dataDir: x.dataDir });
  const mainCounts = await countExtract(x.db, request(main, x.area, gml));
  const controlCounts = await countExtract(x.db, request(control, x.pkg.control, gml));
  const steps = 4 + 1 + x.pkg.sheets.length;
  let done = 0;
  const step = () => { done++; x.progress(done, steps); };
  const files: { name: string; path?: string; data?: Buffer }[] = [];
  const vector = async (name: string, layers: Layer[], area: ExtractArea, format: typeof gml, counts: Record<string, number>) => {
    if (x.signal.aborted) throw new Error('cancelled');
    const r = await runExtract(x.db, request(layers, area, format), x.dir, `${x.jobId}/${name}.${format.extension}`, counts, undefined, x.signal);
    files.push({ name: `dane/${name}.${format.extension}`, path: r.file });
    step();
    return r;
  };
  const g = await vector('egib-gesut', main, x.area, gml, mainCounts);
  await vector('egib-gesut', main, x.area, dxf, mainCounts);
  const o = await vector('osnowa', control, x.pkg.control, gml, controlCounts);
  await vector('osnowa', control, x.pkg.control, dxf, controlCounts);

  files.push({ name: 'nmt/nmt.tif', data: await cropRaster(x.db, 'nmt', x.area, x.dataDir) });
  step();

  const sheetLayers = defaultSheetLayers(x.catalog, x.role);
  const csv = ['godlo;skala;E_min;N_min;E_max;N_max;plik'];
  for (const godlo of x.pkg.sheets) {
    if (x.signal.aborted) throw new Error('cancelled');
    const sheet = parseGodlo(godlo);
    if (!sheet) continue;
    const r = await renderSheet(x.db, sheet, sheetLayers, x.role, 'pdf', PACKAGE_DPI, x.dataDir);
    files.push({ name: `arkusze/${r.fileName}`, data: r.body });
    csv.push([godlo, sheet.scale, ...sheet.bounds.map((v) => v.toFixed(2)), r.fileName].join(';'));
    step();
  }
  files.push({ name: 'arkusze/arkusze.csv', data: Buffer.from(csv.join('\r\n') + '\r\n', 'utf8') });

  const perLayer = { ...g.perLayer, ...o.perLayer };
  const features = Object.values(perLayer).reduce((a, b) => a + b, 0);
  files.unshift({ name: 'SPIS_ZAWARTOSCI.txt', data: Buffer.from(contents(x, perLayer, files.map((f) => f.name)), 'utf8') });
  const fileName = `pakiet-${safe(x.pkg.numer)}.zip`;
  const file = path.join(work, fileName);
  await zip(file, files);
  const { size } = await stat(file);
  // the parts are in the zip now
  await Promise.all(['egib-gesut.gml', 'egib-gesut.dxf', 'osnowa.gml', 'osnowa.dxf'].map((n) => rm(path.join(work, n), { recursive: true, force: true })));
  return { file, fileName, contentType: 'application/zip', size, features };
}

const DESCRIPTION: Record<string, string> = {
  'dane/egib-gesut.gml': `EGiB (obręby, działki z właścicielami, budynki, klasoużytki, kontury klasyfikacyjne, punkty graniczne) i GESUT (przewody, urządzenia): GML 3.2, schemat aplikacyjny usługi (WFS DescribeFeatureType), EPSG:2177; obszar zgłoszenia + ${BUFFER_M} m`,
  'dane/egib-gesut.dxf': `To samo w DXF (warstwy CAD: EGB_*, GESUT_*), EPSG:2177, atrybuty w XDATA; obszar zgłoszenia + ${BUFFER_M} m`,
  'dane/osnowa.gml': `Punkty szczegółowej osnowy geodezyjnej: GML 3.2, EPSG:2177, wysokości PL-EVRF2007-NH; obszar zgłoszenia + ${CONTROL_BUFFER_M} m`,
  'dane/osnowa.dxf': `Punkty szczegółowej osnowy geodezyjnej w DXF (warstwa OSNOWA_SZCZEGOLOWA); obszar zgłoszenia + ${CONTROL_BUFFER_M} m`,
  'nmt/nmt.tif': `Numeryczny model terenu (GeoTIFF, PL-EVRF2007-NH), wycinek obszaru zgłoszenia + ${BUFFER_M} m`,
  'arkusze/arkusze.csv': 'Wykaz arkuszy mapy zasadniczej (godło, skala, ramka w PL-2000: E = easting, N = northing, plik)',
};

function contents(x: Input, perLayer: Record<string, number>, names: string[]): string {
  const lines = [
    `PAKIET MATERIAŁÓW PAŃSTWOWEGO ZASOBU GEODEZYJNEGO I KARTOGRAFICZNEGO`,
    `Zgłoszenie prac geodezyjnych: ${x.pkg.numer}`,
    `Przygotowano: ${new Date().toISOString()}`,
    `Układ współrzędnych: PL-2000 strefa 6 (EPSG:2177); wysokości PL-EVRF2007-NH (EPSG:9651)`,
    `Bufory: dane EGiB, GESUT i NMT ${BUFFER_M} m, osnowa ${CONTROL_BUFFER_M} m wokół obszaru zgłoszenia`,
    `Arkusze mapy zasadniczej: 1:${x.pkg.scale}, ${x.pkg.sheets.length} szt., PDF ${PACKAGE_DPI} dpi`,
    '',
    'Pliki:',
    ...names.filter((n) => n !== 'SPIS_ZAWARTOSCI.txt').map((n) => `  ${n}${DESCRIPTION[n] ? ` — ${DESCRIPTION[n]}` : n.endsWith('.pdf') ? ' — arkusz mapy zasadniczej' : ''}`),
    '',
    'Liczba obiektów:',
    ...Object.entries(perLayer).map(([l, n]) => `  ${l}: ${n}`),
    '',
    'Materiały udostępniono wykonawcy zgłoszonych prac (art. 12 ust. 3 Pgik) do wykonania tych prac; dane osobowe właścicieli',
    'wolno przetwarzać wyłącznie w tym celu. Udostępnianie osobom trzecim niedozwolone (art. 40c, art. 48a Pgik).',
  ];
  return lines.join('\r\n') + '\r\n';
}
