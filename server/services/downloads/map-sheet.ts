// Map sheets: a PL-2000 sheet drawn at its scale (80 cm × 50 cm of paper) by the same renderer as WMS GetMap
// (render/render-map.ts renderMap), as a PNG with its resolution, a GeoTIFF with GeoKeys, or a PDF laid out like a
// base-map printout (frame, godło and scale, coordinate crosses every 10 cm with the frame's coordinates, legend,
// date of the data, licence clause).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { Catalog } from '../../catalog/catalog.ts';
import type { Layer } from '../../catalog/types.ts';
import type { Role } from '../../catalog/roles.ts';
import type { Queryable } from '../../db/database.ts';
import { NATIVE_CRS } from '../../crs/definitions.ts';
import { renderMapImage } from '../../render/render-pool.ts';
import { drawLegend, legendLayout } from '../../render/legend.ts';
import { HttpProblem } from '../../errors/service-error.ts';
import { SHEET_PAPER_M, type Sheet } from '../../domain/sheets.ts';
import { writeGeoTiff } from '../../formats/geotiff.ts';
import { setPngDensity } from '../../formats/png-density.ts';
import { writeSheetPdf } from '../../formats/pdf-sheet.ts';
import { licenceMarkText, licencePdfInfo, type LicenceMark } from '../../documents/licence-mark.ts';

export const MAP_FORMATS = ['png', 'tif', 'pdf'] as const;
export type MapFormat = (typeof MAP_FORMATS)[number];

export const MAP_TYPES: Record<MapFormat, string> = { png: 'image/png', tif: 'image/tiff; application=geotiff', pdf: 'application/pdf' };

/** Layers a sheet shows by default: the catalogue's `mapSheet` layers (the base map's content, not the sheet grid, not the all-branches line layer). */
export function defaultSheetLayers(catalog: Catalog, role: Role): Layer[] {
  return catalog.visibleLayers(role).filter((l) => l.mapSheet);
}

export function sheetLayers(catalog: Catalog, role: Role, param: unknown): Layer[] {
  if (param === undefined || param === '') return defaultSheetLayers(catalog, role);
  const names = String(param).split(',').map((s) => s.trim()).filter(Boolean);
  if (names.length === 0 || names.length > 50) throw new HttpProblem(400, 'Bad Request', 'layers: a comma-separated list of catalogue layers');
  return names.map((n) => {
    const l = catalog.layer(n, role);
    if (!l) throw new HttpProblem(400, 'Bad Request', `layers: unknown layer ${n}`);
    return l;
  });
}

export function parseDpi(value: unknown, maxDpi: number, fallback: number): number {
  if (value === undefined || value === '') return Math.min(fallback, maxDpi);
  const n = Number(value);
  if (!Number.isInteger(n) || n < 50 || n > maxDpi) throw new HttpProblem(400, 'Bad Request', `dpi must be an integer from 50 to ${maxDpi}`);
  return n;
}

/** Pixel size of a sheet at a resolution: 80 cm × 50 cm of paper. */
export function sheetPixels(dpi: number): [number, number] {
  return [Math.round((SHEET_PAPER_M[0] / 0.0254) * dpi), Math.round((SHEET_PAPER_M[1] / 0.0254) * dpi)];
}

const byPaintOrder = (a: Layer, b: Layer) => (a.style.zIndex ?? 50) - (b.style.zIndex ?? 50);

/** The sheet as an opaque PNG, drawn in the render threads by the function every map product uses (WMS GetMap too). */
export async function renderSheetPng(db: Queryable, sheet: Sheet, layers: readonly Layer[], role: Role, dpi: number): Promise<Buffer> {
  const [width, height] = sheetPixels(dpi);
  const { body } = await renderMapImage(db, {
    layers: [...layers].sort(byPaintOrder).map((layer) => ({ layer, style: 'default' })),
    crs: NATIVE_CRS, bbox: sheet.bounds, width, height, transparent: false, background: '#ffffff', role, dpi,
  }, 'png');
  return body;
}

/** Licence of the data set (its manifest), for the printout's clause. */
function dataLicence(dataDir: string): string {
  try {
    const m = JSON.parse(readFileSync(path.join(dataDir, 'manifest.json'), 'utf8')) as { licence?: string; synthetic?: boolean };
    return m.licence ? `${m.licence}${m.synthetic ? ' (dane syntetyczne)' : ''}` : 'CC BY 4.0';
  } catch {
    return 'CC BY 4.0';
  }
}

/** Legend column height in legend pixels (0.28 mm): 6 cm of paper below the frame. */
const LEGEND_COLUMN_PX = Math.floor(60 / 0.28);

/** The legend image cut between rows into columns of at most maxHeight pixels (the printout sets them side by side). */
async function legendColumns(png: Buffer, width: number, height: number, rows: number, maxHeight: number): Promise<{ png: Buffer; width: number; height: number }[]> {
  if (rows === 0) return [];
  const pad = 4;
  const rowHeight = (height - 2 * pad) / rows;
  const perColumn = Math.max(1, Math.floor((maxHeight - 2 * pad) / rowHeight));
  const out: { png: Buffer; width: number; height: number }[] = [];
  for (let first = 0; first < rows; first += perColumn) {
    const top = Math.round(pad + first * rowHeight);
    const h = Math.min(height - top, Math.round(Math.min(perColumn, rows - first) * rowHeight) + pad);
    out.push({ png: await sharp(png).extract({ left: 0, top, width, height: h }).png().toBuffer(), width, height: h });
  }
  return out;
}

/**
 * The printout's legend has room for a few columns: the networks (colours and the solid / dashed / dotted line
 * patterns) and buildings first, the long list of land-use classes last (the WMS legend graphic has them all).
 */
function legendOrder(layers: readonly Layer[]): Layer[] {
  const rank = (l: Layer) => (l.namespace === 'gesut' ? 0 : l.typeName === 'egib:budynki' ? 1 : l.name.startsWith('kontury') ? 3 : 2);
  return [...layers].sort((a, b) => rank(a) - rank(b));
}

export interface SheetRender { body: Buffer; type: string; fileName: string }

/** licence: a released order's licence, carried by the GeoTIFF's tags and the PDF's document information and clause. */
export async function renderSheet(db: Queryable, sheet: Sheet, layers: readonly Layer[], role: Role, format: MapFormat, dpi: number, dataDir: string, licence?: LicenceMark): Promise<SheetRender> {
  const png = await renderSheetPng(db, sheet, layers, role, dpi);
  const text = licence ? licenceMarkText(licence) : undefined;
  const fileName = `arkusz-${sheet.godlo}-1-${sheet.scale}.${format}`;
  if (format === 'png') return { body: setPngDensity(png, dpi), type: MAP_TYPES.png, fileName };
  if (format === 'tif') {
    const { data, info } = await sharp(png, { limitInputPixels: false }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const body = writeGeoTiff({ width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), bounds: sheet.bounds, epsg: 2177, dpi, citation: `Arkusz ${sheet.godlo} 1:${sheet.scale}`, ...(text ? { description: text, copyright: text } : {}) });
    return { body, type: MAP_TYPES.tif, fileName };
  }
  const [row] = await db.query<{ changed_at: Date | string }>('SELECT changed_at FROM public.data_version WHERE id');
  const layout = legendLayout(legendOrder(layers), { language: 'pl' });
  const legend = await drawLegend(layout, false).encode('png');
  const body = await writeSheetPdf({
    sheet, mapPng: png,
    legendColumns: await legendColumns(legend, layout.width, layout.height, layout.rows.length, LEGEND_COLUMN_PX),
    dataDate: row ? new Date(row.changed_at) : new Date(),
    licence: licence ? `licencja ${licence.number} (art. 40c Pgik) dla: ${licence.licensee}; udostępnianie osobom trzecim niedozwolone` : dataLicence(dataDir),
    layers: layers.map((l) => l.title.pl),
    ...(licence ? { info: licencePdfInfo(licence) } : {}),
  });
  return { body, type: MAP_TYPES.pdf, fileName };
}
