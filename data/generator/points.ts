// Boundary points (EGB_PunktGraniczny) and survey control points for the sample data (issue 18: the material
// package of a survey-work notification lists both). Boundary points are the parcels' vertices after noding, so
// neighbouring parcels share them: each coordinate becomes one point, numbered per district (obręb) in the order the
// parcels are written. Control points stand at street crossings (a third of them), with the terrain height.
// Every value is drawn from a random stream keyed by the point's position, never from the streams the other tables
// use, so adding these tables changed no other row of the data set.
import { M, ewktPoint, type Pt } from './geom.ts';
import type { Layout } from './layout.ts';
import { rngFor } from './rng.ts';
import type { Cell } from './writer.ts';

/** Codes as sql/051_punkty_graniczne_osnowa.sql and server/domain/code-lists.ts define them. */
const SPD: ReadonlyArray<readonly [string, number]> = [['1', 70], ['4', 12], ['3', 10], ['5', 6], ['2', 2]];
const RZG: ReadonlyArray<readonly [string, number]> = [['1', 25], ['2', 20], ['3', 8], ['4', 20], ['5', 10], ['6', 15], ['7', 2]];

export class BoundaryPoints {
  private readonly seen = new Set<string>();
  private readonly next = new Map<string, number>();

  constructor(private readonly seed: number, private readonly write: (row: Cell[]) => void) {}

  /** The vertices of one parcel's ring; those already written (shared with a neighbour) are skipped. */
  ring(obreb: string, ring: readonly Pt[], stamp: string): void {
    for (const p of ring) {
      const key = `${p[0]},${p[1]}`;
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      const n = (this.next.get(obreb) ?? 0) + 1;
      this.next.set(obreb, n);
      const r = rngFor(this.seed, 'punkt', p[0], p[1]);
      const spd = r.weighted(SPD);
      // Points measured in the field mostly meet the accuracy condition; digitised ones do not.
      const stb = spd === '1' ? (r.chance(0.95) ? '1' : '2') : '2';
      const rzg = spd === '1' ? r.weighted(RZG) : '1';
      const year = Number(stamp.slice(0, 4));
      const operat = spd === '1' || spd === '5' ? `P.3064.${year}.${r.int(1, 4999)}` : null;
      const info = rzg === '6' ? 'narożnik ogrodzenia' : null;
      this.write([`${obreb}.${n}`, spd, stb, rzg, operat ? String(r.int(1, 400)) : null, operat, info, stamp, ewktPoint(p)]);
    }
  }
}

/** Control points at every third street crossing: numer, rodzaj, klasa, stabilizacja, x, y, H, version, geometry. */
export function* controlPoints(seed: number, layout: Layout, ground: (x: number, y: number) => number): Iterable<Cell[]> {
  let n = 0;
  for (let j = 0; j < layout.ys.length; j++) {
    for (let k = 0; k < layout.xs.length; k++) {
      if ((k + 2 * j) % 3 !== 0) continue;
      const xl = layout.xs[k]!;
      const yl = layout.ys[j]!;
      if (xl.edge !== 0 || yl.edge !== 0) continue; // the extent's edge: half a street
      const r = rngFor(seed, 'osnowa', k, j);
      // on the pavement corner, a metre inside the street's strip
      const e = xl.c + Math.round(xl.w / 2) - M;
      const nn = yl.c + Math.round(yl.w / 2) - M;
      const level = r.chance(0.6);
      const rodzaj = level ? 'pozioma i wysokościowa' : 'pozioma';
      const stab = level ? r.pick(['bolec w betonie', 'reper ścienny', 'słup betonowy'] as const) : r.pick(['słup betonowy', 'rurka metalowa', 'znak wgłębny'] as const);
      const x = (nn / M).toFixed(2);
      const y = (e / M).toFixed(2);
      const h = level ? ground(e, nn).toFixed(3) : null;
      const day = r.int(0, 3000);
      const stamp = new Date(Date.UTC(2014, 0, 1) + day * 86_400_000 + 9 * 3_600_000).toISOString().replace('T', ' ').replace('.000Z', '+00');
      n++;
      yield [`3064-3-${String(n).padStart(4, '0')}`, rodzaj, 3, stab, x, y, h, stamp, ewktPoint([Number(y) * M, Number(x) * M])];
    }
  }
}
