// The official sheet division of the PL-2000 plane coordinate system (map sheets of the base map, "godło").
//
// Source: Rozporządzenie Rady Ministrów z dnia 15 października 2012 r. w sprawie państwowego systemu odniesień
// przestrzennych (Dz.U. 2012 poz. 1247), § 19 and its annex on the sheet division in PL-2000; worked examples:
// https://zanotowane.pl/11/6808 ("Obliczanie godła arkusza w układzie 2000") and
// https://ewmapa.pl/standardy/obliczenie-godla-arkusza-mapy-w-ukladzie-wspolrzednym-2000/msg14273 .
//
//  - 1:10000: a sheet of 5 km (x, northing) × 8 km (y, easting); godło "S.RRR.KK": S the zone (5…8, the central
//    meridian / 3), RRR = int((x_km − 4920) / 5), KK = int((y_km − 332) / 8) with y in km without the zone digit.
//  - 1:5000:  the 1:10000 sheet in 4 (2.5 km × 4 km), numbered 1…4 row by row from the north-west: "S.RRR.KK.n".
//  - 1:2000:  the 1:10000 sheet in 25 (1 km × 1.6 km), numbered 01…25 row by row from the north-west: "S.RRR.KK.NN".
//  - 1:1000:  a 1:2000 sheet in 4 (0.5 km × 0.8 km), 1…4 from the north-west: "S.RRR.KK.NN.n".
//  - 1:500:   a 1:1000 sheet in 4 (0.25 km × 0.4 km), 1…4 from the north-west: "S.RRR.KK.NN.n.m".
// Every sheet is 50 cm × 80 cm on paper. The sheets of all scales nest, so each scale is a regular grid with
// the origin x = 4920 km, y = S·1000 km + 332 km; the name is a function of the grid cell.
//
// Coordinates here are easting first (e = geodetic y, n = geodetic x), as everywhere in the server.

export const SHEET_SCALES = [10_000, 5_000, 2_000, 1_000, 500] as const;
export type SheetScale = (typeof SHEET_SCALES)[number];

/** [minE, minN, maxE, maxN] in the zone's PL-2000 CRS. */
export type SheetBounds = [number, number, number, number];

export interface Sheet {
  godlo: string;
  scale: SheetScale;
  zone: number;
  /** EPSG code of the zone's CRS (2176…2179). */
  epsg: number;
  bounds: SheetBounds;
}

const ORIGIN_N = 4_920_000;
const ORIGIN_E_IN_ZONE = 332_000;

/** Sheet size on the ground [east, north] in metres per scale. */
export const SHEET_SIZE: Record<SheetScale, [number, number]> = {
  10_000: [8000, 5000],
  5_000: [4000, 2500],
  2_000: [1600, 1000],
  1_000: [800, 500],
  500: [400, 250],
};

/** Sheet size on paper in metres [width, height]: 80 cm × 50 cm at every scale. */
export const SHEET_PAPER_M: [number, number] = [0.8, 0.5];

export const ZONES = [5, 6, 7, 8] as const;

export function isSheetScale(n: number): n is SheetScale {
  return (SHEET_SCALES as readonly number[]).includes(n);
}

export function zoneEpsg(zone: number): number {
  return 2171 + zone;
}

/** The PL-2000 zone of an easting (its first digit); undefined outside zones 5…8. */
export function zoneOfEasting(e: number): number | undefined {
  const z = Math.floor(e / 1_000_000);
  return (ZONES as readonly number[]).includes(z) ? z : undefined;
}

function originE(zone: number): number {
  return zone * 1_000_000 + ORIGIN_E_IN_ZONE;
}

/** Grid cell (column i east, row j north) of a point at a scale; cells of every scale start at the origin. */
export function cellAt(scale: SheetScale, zone: number, e: number, n: number): [number, number] {
  const [w, h] = SHEET_SIZE[scale];
  return [Math.floor((e - originE(zone)) / w), Math.floor((n - ORIGIN_N) / h)];
}

export function cellBounds(scale: SheetScale, zone: number, i: number, j: number): SheetBounds {
  const [w, h] = SHEET_SIZE[scale];
  const e0 = originE(zone) + i * w;
  const n0 = ORIGIN_N + j * h;
  return [e0, n0, e0 + w, n0 + h];
}

const pad = (v: number, width: number) => String(v).padStart(width, '0');

/** Number of a cell among k × k children counted row by row from the north-west, 1-based. */
function childNumber(i: number, j: number, k: number): number {
  const col = ((i % k) + k) % k;
  const rowFromSouth = ((j % k) + k) % k;
  return (k - 1 - rowFromSouth) * k + col + 1;
}

/** The godło of grid cell (i, j) at a scale in a zone. */
export function cellGodlo(scale: SheetScale, zone: number, i: number, j: number): string {
  const [w, h] = SHEET_SIZE[scale];
  const col10 = Math.floor((i * w) / 8000);
  const row10 = Math.floor((j * h) / 5000);
  const base = `${zone}.${pad(row10, 3)}.${pad(col10, 2)}`;
  switch (scale) {
    case 10_000: return base;
    case 5_000: return `${base}.${childNumber(i, j, 2)}`;
    case 2_000: return `${base}.${pad(childNumber(i, j, 5), 2)}`;
    case 1_000: return `${base}.${pad(childNumber(Math.floor(i / 2), Math.floor(j / 2), 5), 2)}.${childNumber(i, j, 2)}`;
    case 500: {
      const i1 = Math.floor(i / 2), j1 = Math.floor(j / 2);
      return `${base}.${pad(childNumber(Math.floor(i1 / 2), Math.floor(j1 / 2), 5), 2)}.${childNumber(i1, j1, 2)}.${childNumber(i, j, 2)}`;
    }
  }
}

function sheetOfCell(scale: SheetScale, zone: number, i: number, j: number): Sheet {
  return { godlo: cellGodlo(scale, zone, i, j), scale, zone, epsg: zoneEpsg(zone), bounds: cellBounds(scale, zone, i, j) };
}

/** The sheet containing a point (PL-2000 easting with its zone digit, northing); undefined outside the zones. */
export function sheetAt(scale: SheetScale, e: number, n: number): Sheet | undefined {
  const zone = zoneOfEasting(e);
  if (zone === undefined || !Number.isFinite(n) || n < ORIGIN_N) return undefined;
  const [i, j] = cellAt(scale, zone, e, n);
  return sheetOfCell(scale, zone, i, j);
}

/** Position (0-based column, row from the north) of a child number among k × k. */
function childCell(num: number, k: number): [number, number] | undefined {
  if (!Number.isInteger(num) || num < 1 || num > k * k) return undefined;
  return [(num - 1) % k, Math.floor((num - 1) / k)];
}

const GODLO = /^([5-8])\.(\d{3})\.(\d{2})(?:\.(?:([1-4])|(\d{2})(?:\.([1-4])(?:\.([1-4]))?)?))?$/;

/** Parses a godło into its sheet, or undefined when it is not a valid PL-2000 sheet name. */
export function parseGodlo(godlo: string): Sheet | undefined {
  const m = GODLO.exec(godlo.trim());
  if (!m) return undefined;
  const zone = Number(m[1]);
  const row10 = Number(m[2]);
  const col10 = Number(m[3]);
  if (col10 > 41 || row10 < 1) return undefined;
  // Cell of the 1:10000 sheet in the 1:500 grid (16 × 20 cells of 1:500 per 1:10000 sheet: 8000/400, 5000/250).
  const top = (j10: number, per: number) => (j10 + 1) * per - 1; // northernmost child row
  if (m[4]) {
    const c = childCell(Number(m[4]), 2)!;
    return sheetOfCell(5_000, zone, col10 * 2 + c[0], top(row10, 2) - c[1]);
  }
  if (!m[5]) return sheetOfCell(10_000, zone, col10, row10);
  const c2 = childCell(Number(m[5]), 5);
  if (!c2) return undefined;
  const i2 = col10 * 5 + c2[0];
  const j2 = top(row10, 5) - c2[1];
  if (!m[6]) return sheetOfCell(2_000, zone, i2, j2);
  const c1 = childCell(Number(m[6]), 2)!;
  const i1 = i2 * 2 + c1[0];
  const j1 = j2 * 2 + 1 - c1[1];
  if (!m[7]) return sheetOfCell(1_000, zone, i1, j1);
  const c05 = childCell(Number(m[7]), 2)!;
  return sheetOfCell(500, zone, i1 * 2 + c05[0], j1 * 2 + 1 - c05[1]);
}

/** Number of sheets of a scale a box touches (before listing them: the caller's limit). */
export function countSheetsInBox(scale: SheetScale, zone: number, box: SheetBounds): number {
  const [i0, j0] = cellAt(scale, zone, box[0], box[1]);
  const [i1, j1] = lastCell(scale, zone, box);
  return Math.max(0, i1 - i0 + 1) * Math.max(0, j1 - j0 + 1);
}

/** The cell of the box's north-east corner; a box ending exactly on a sheet edge does not take the next sheet. */
function lastCell(scale: SheetScale, zone: number, box: SheetBounds): [number, number] {
  const [i, j] = cellAt(scale, zone, box[2], box[3]);
  const b = cellBounds(scale, zone, i, j);
  return [box[2] === b[0] && box[2] > box[0] ? i - 1 : i, box[3] === b[1] && box[3] > box[1] ? j - 1 : j];
}

/** The sheets of a scale that a box (in one zone's CRS) touches, west to east, south to north. */
export function sheetsInBox(scale: SheetScale, box: SheetBounds): Sheet[] {
  const zone = zoneOfEasting((box[0] + box[2]) / 2);
  if (zone === undefined) return [];
  const [i0, j0] = cellAt(scale, zone, box[0], box[1]);
  const [i1, j1] = lastCell(scale, zone, box);
  const out: Sheet[] = [];
  for (let j = j0; j <= j1; j++) for (let i = i0; i <= i1; i++) out.push(sheetOfCell(scale, zone, i, j));
  return out;
}
