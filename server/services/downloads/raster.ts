// Terrain (NMT) and surface (NMPT) crops: the model sheets of the catalogue's terrain models (catalog/terrain.ts)
// that meet the area, read window by window with geotiff.js (only the needed strips are decoded) and written as one
// Float32 GeoTIFF with GeoKeys on the models' own pixel grid.
import path from 'node:path';
import { fromFile } from 'geotiff';
import { quoteIdent, quoteTable, type Queryable } from '../../db/database.ts';
import { TERRAIN_MODELS, type TerrainKind } from '../../catalog/terrain.ts';
import { HttpProblem } from '../../errors/service-error.ts';
import { writeGeoTiff } from '../../formats/geotiff.ts';
import type { ExtractArea } from './area.ts';

/** The terrain models an extract may crop (catalog/terrain.ts). */
export const RASTER_KINDS: readonly TerrainKind[] = TERRAIN_MODELS.kinds.map((k) => k.id);
export type RasterKind = TerrainKind;
export const NODATA = -9999;

export function isRasterKind(v: string): v is RasterKind {
  return (RASTER_KINDS as readonly string[]).includes(v);
}

/** Largest crop in pixels (a Float32 crop of this size is 64 MB). */
const MAX_PIXELS = 16_000_000;

/**
 * dataDir: the data set's directory, which the models' file paths are relative to (SAMPLE_DATA_DIR); licence: a
 * released order's licence text, written as the TIFF's ImageDescription and Copyright.
 */
export async function cropRaster(db: Queryable, kind: RasterKind, area: ExtractArea, dataDir: string, licence?: string): Promise<Buffer> {
  const dataDirectory = () => dataDir;
  const T = TERRAIN_MODELS, c = T.columns;
  const model = T.kinds.find((k) => k.id === kind)!;
  // The sheet file and pixel size come out under fixed aliases (plik, rozdzielczosc) whatever the columns are named.
  const rows = await db.query<{ plik: string; rozdzielczosc: number; minx: number; miny: number; maxx: number; maxy: number }>(
    `SELECT m.${quoteIdent(c.file)} AS plik, m.${quoteIdent(c.resolution)} AS rozdzielczosc, ST_XMin(b) AS minx, ST_YMin(b) AS miny, ST_XMax(b) AS maxx, ST_YMax(b) AS maxy
     FROM ${quoteTable(T.table)} m, (SELECT ST_Envelope(ST_SetSRID(ST_GeomFromGeoJSON($2), 2177)) AS b) a
     WHERE m.${quoteIdent(c.kind)} = $1 AND ST_Intersects(m.${quoteIdent(c.geometry)}, a.b) ORDER BY m.${quoteIdent(c.resolution)}, m.${quoteIdent(T.key)}`, [model.value, JSON.stringify(area.geometry)]);
  if (rows.length === 0) throw new HttpProblem(422, 'Unprocessable Content', `No ${kind.toUpperCase()} data in the area`);
  const res = Number(rows[0]!.rozdzielczosc);
  const b = rows[0]!;
  // The crop on the models' pixel grid: the area's box snapped outwards to whole pixels.
  const first = await fromFile(path.join(dataDirectory(), b.plik));
  const firstImage = await first.getImage();
  const [ox, oy] = firstImage.getOrigin() as [number, number];
  const snap = (v: number, o: number, up: boolean) => o + (up ? Math.ceil : Math.floor)((v - o) / res) * res;
  const minE = snap(b.minx, ox, false), maxE = snap(b.maxx, ox, true);
  const minN = snap(b.miny, oy, false), maxN = snap(b.maxy, oy, true);
  const width = Math.round((maxE - minE) / res), height = Math.round((maxN - minN) / res);
  if (width * height > MAX_PIXELS) throw new HttpProblem(413, 'Area too large', `The ${kind.toUpperCase()} crop would have ${width * height} pixels; at most ${MAX_PIXELS}`, { pixels: width * height, maxPixels: MAX_PIXELS });
  const out = new Float32Array(width * height).fill(NODATA);
  for (const r of rows) {
    if (Number(r.rozdzielczosc) !== res) continue;
    const tiff = r.plik === b.plik ? first : await fromFile(path.join(dataDirectory(), r.plik));
    const img = await tiff.getImage();
    const [tx, ty] = img.getOrigin() as [number, number];
    // Window of this file in its own pixels, clipped to the file.
    const x0 = Math.max(0, Math.round((minE - tx) / res)), y0 = Math.max(0, Math.round((ty - maxN) / res));
    const x1 = Math.min(img.getWidth(), Math.round((maxE - tx) / res)), y1 = Math.min(img.getHeight(), Math.round((ty - minN) / res));
    if (x1 <= x0 || y1 <= y0) continue;
    const [band] = (await img.readRasters({ window: [x0, y0, x1, y1], samples: [0] })) as unknown as ArrayLike<number>[];
    const noData = img.getGDALNoData();
    const dx = Math.round((tx + x0 * res - minE) / res), dy = Math.round((maxN - (ty - y0 * res)) / res);
    const w = x1 - x0;
    for (let y = 0; y < y1 - y0; y++) {
      for (let x = 0; x < w; x++) {
        const v = band![y * w + x]!;
        if (noData !== null && v === noData) continue;
        out[(dy + y) * width + dx + x] = v;
      }
    }
  }
  return writeGeoTiff({ width, height, data: out, bounds: [minE, minN, maxE, maxN], epsg: 2177, noData: NODATA, citation: `${kind.toUpperCase()} PL-EVRF2007-NH`,
    ...(licence ? { description: licence, copyright: licence } : {}) });
}
