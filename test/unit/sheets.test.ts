// The PL-2000 sheet division against worked examples of the official rules (Rozporządzenie Rady Ministrów
// z 15 października 2012 r. w sprawie państwowego systemu odniesień przestrzennych, § 19):
//  - https://zanotowane.pl/11/6808 : X=5449330, Y=7455330 → 7.105.15 (corner 5445 km, 452 km),
//    1:2000 7.105.15.03, 1:1000 7.105.15.03.3 (and by the same rule 1:500 7.105.15.03.3.1);
//  - https://ewmapa.pl/…/msg14273 : X=5486423.23, Y=7492453.67 → 7.113.20, south-west corner
//    X=5485000, Y=7492000.
import { describe, expect, it } from 'vitest';
import { countSheetsInBox, parseGodlo, SHEET_SCALES, SHEET_SIZE, sheetAt, sheetsInBox } from '../../server/domain/sheets.ts';

// The examples give geodetic X (northing) and Y (easting); the module takes easting first.
const ex1 = { e: 7_455_330, n: 5_449_330 };
const ex2 = { e: 7_492_453.67, n: 5_486_423.23 };

describe('PL-2000 sheet of a point (official worked examples)', () => {
  it('1:10000 sheet 7.105.15 with its south-west corner at x = 5445 km, y = 7452 km', () => {
    const s = sheetAt(10_000, ex1.e, ex1.n)!;
    expect(s.godlo).toBe('7.105.15');
    expect(s.bounds).toEqual([7_452_000, 5_445_000, 7_460_000, 5_450_000]);
    expect(s.epsg).toBe(2178);
  });

  it('1:2000 sheet 7.105.15.03 (dx 1 km, dy 1.6 km, numbered 01–25 from the north-west)', () => {
    const s = sheetAt(2_000, ex1.e, ex1.n)!;
    expect(s.godlo).toBe('7.105.15.03');
    expect(s.bounds).toEqual([7_455_200, 5_449_000, 7_456_800, 5_450_000]);
  });

  it('1:1000 sheet 7.105.15.03.3 and 1:500 sheet 7.105.15.03.3.1', () => {
    expect(sheetAt(1_000, ex1.e, ex1.n)!.godlo).toBe('7.105.15.03.3');
    expect(sheetAt(1_000, ex1.e, ex1.n)!.bounds).toEqual([7_455_200, 5_449_000, 7_456_000, 5_449_500]);
    expect(sheetAt(500, ex1.e, ex1.n)!.godlo).toBe('7.105.15.03.3.1');
    expect(sheetAt(500, ex1.e, ex1.n)!.bounds).toEqual([7_455_200, 5_449_250, 7_455_600, 5_449_500]);
  });

  it('1:10000 sheet 7.113.20 with its lower-left corner at X=5485000, Y=7492000', () => {
    const s = sheetAt(10_000, ex2.e, ex2.n)!;
    expect(s.godlo).toBe('7.113.20');
    expect(s.bounds.slice(0, 2)).toEqual([7_492_000, 5_485_000]);
  });

  it('1:5000 quarters are numbered 1–4 from the north-west', () => {
    // Sheet 6.177.11: x 5805–5810 km, y 6420–6428 km.
    expect(sheetAt(5_000, 6_421_000, 5_809_000)!.godlo).toBe('6.177.11.1');
    expect(sheetAt(5_000, 6_427_000, 5_809_000)!.godlo).toBe('6.177.11.2');
    expect(sheetAt(5_000, 6_421_000, 5_806_000)!.godlo).toBe('6.177.11.3');
    expect(sheetAt(5_000, 6_427_000, 5_806_000)!.godlo).toBe('6.177.11.4');
    expect(sheetAt(2_000, 6_427_999, 5_805_001)!.godlo).toBe('6.177.11.25');
  });

  it('a point on a sheet edge belongs to the sheet to its north-east', () => {
    expect(sheetAt(10_000, 6_428_000, 5_810_000)!.godlo).toBe('6.178.12');
  });

  it('refuses points outside the PL-2000 zones', () => {
    expect(sheetAt(1_000, 4_500_000, 5_800_000)).toBeUndefined();
    expect(sheetAt(1_000, 6_500_000, 100)).toBeUndefined();
  });
});

describe('godło parsing', () => {
  it('round-trips every scale: the sheet of a godło is the sheet its centre lies in', () => {
    const points = [ex1, ex2, { e: 6_427_577, n: 5_808_863 }, { e: 6_400_001, n: 5_790_123 }];
    for (const p of points) {
      for (const scale of SHEET_SCALES) {
        const s = sheetAt(scale, p.e, p.n)!;
        const parsed = parseGodlo(s.godlo)!;
        expect(parsed).toEqual(s);
        const [w, h] = SHEET_SIZE[scale];
        expect(parsed.bounds[2] - parsed.bounds[0]).toBe(w);
        expect(parsed.bounds[3] - parsed.bounds[1]).toBe(h);
      }
    }
  });

  it('parses the examples', () => {
    expect(parseGodlo('7.105.15.03.3')!.scale).toBe(1_000);
    expect(parseGodlo('7.105.15.03')!.scale).toBe(2_000);
    expect(parseGodlo('7.105.15.3')!.scale).toBe(5_000);
    expect(parseGodlo('7.113.20')!.bounds).toEqual([7_492_000, 5_485_000, 7_500_000, 5_490_000]);
  });

  it('rejects names that are not sheets', () => {
    for (const bad of ['', '6.177', '9.177.11', '6.177.11.26', '6.177.11.00', '6.177.11.5', '6.177.11.03.5', '6.177.11.03.1.0', '6.177.11.03.1.1.1', 'x.177.11', '6.177.11;drop']) {
      expect(parseGodlo(bad), bad).toBeUndefined();
    }
  });
});

describe('sheets of a box', () => {
  it('lists the sheets a box touches, and a box ending on an edge does not take the next row', () => {
    const sheets = sheetsInBox(1_000, [6_427_000, 5_808_000, 6_428_600, 5_809_000]);
    for (const s of sheets) expect(sheetAt(1_000, (s.bounds[0] + s.bounds[2]) / 2, (s.bounds[1] + s.bounds[3]) / 2)!.godlo).toBe(s.godlo);
    expect(new Set(sheets.map((s) => s.godlo)).size).toBe(6);
    expect(sheets).toHaveLength(6);
    expect(countSheetsInBox(1_000, 6, [6_427_000, 5_808_000, 6_428_600, 5_809_000])).toBe(6);
    for (const s of sheets) {
      expect(s.bounds[0]).toBeLessThan(6_428_600);
      expect(s.bounds[2]).toBeGreaterThan(6_427_000);
    }
  });

  it('the four 1:5000 sheets tile their 1:10000 sheet', () => {
    const ten = parseGodlo('6.177.11')!;
    const quarters = sheetsInBox(5_000, ten.bounds);
    expect(quarters.map((q) => q.godlo).sort()).toEqual(['6.177.11.1', '6.177.11.2', '6.177.11.3', '6.177.11.4']);
    expect(sheetsInBox(2_000, ten.bounds)).toHaveLength(25);
    expect(sheetsInBox(500, ten.bounds)).toHaveLength(400);
  });
});
