// The Warta: a gently meandering band flowing northwards through the extent.
// Both banks are polylines x = f(y) sampled on one shared, sorted list of y values.
// Every polygon touching a bank (river parcels, riverside parcels, contours) takes
// its bank vertices from this list, so neighbours share identical vertices.

import { MARKET_X, MARKET_Y, RIVER_OFFSET, type Config } from './config.ts';
import { M, type Pt } from './geom.ts';
import { rngFor } from './rng.ts';

const SAMPLE = 10 * M; // regular bank vertex spacing

export class River {
  readonly x0: number; // mean axis, mm
  private readonly a1: number;
  private readonly l1: number;
  private readonly p1: number;
  private readonly a2: number;
  private readonly l2: number;
  private readonly p2: number;
  private readonly wl: number;
  private readonly wp: number;
  private readonly y0: number;
  private readonly y1: number;
  private cutSet = new Set<number>();
  ys: number[] = [];
  lx: number[] = [];
  rx: number[] = [];

  constructor(cfg: Config) {
    const r = rngFor(cfg.seed, 'river');
    this.x0 = (MARKET_X + RIVER_OFFSET) * M;
    this.a1 = r.range(40, 52) * M;
    this.l1 = r.range(1400, 1900) * M;
    this.p1 = r.range(0, 2 * Math.PI);
    this.a2 = r.range(12, 20) * M;
    this.l2 = r.range(450, 700) * M;
    this.p2 = r.range(0, 2 * Math.PI);
    this.wl = r.range(800, 1300) * M;
    this.wp = r.range(0, 2 * Math.PI);
    this.y0 = cfg.bbox.y0;
    this.y1 = cfg.bbox.y1;
  }

  /** Axis x at northing y (float mm). Phases are relative to the market so the
   *  district looks the same inside every larger extent. */
  centre(y: number): number {
    const t = y - MARKET_Y * M;
    return this.x0 + this.a1 * Math.sin((2 * Math.PI * t) / this.l1 + this.p1) + this.a2 * Math.sin((2 * Math.PI * t) / this.l2 + this.p2);
  }

  /** Half width (float mm): 42–58 m, i.e. the river is 84–116 m wide. */
  halfWidth(y: number): number {
    const t = y - MARKET_Y * M;
    return (50 + 8 * Math.sin((2 * Math.PI * t) / this.wl + this.wp)) * M;
  }

  /** Extra y values where something meets the bank (street edges, district cuts). */
  addCut(y: number): void {
    if (this.ys.length) throw new Error('river already finalised');
    if (y >= this.y0 && y <= this.y1) this.cutSet.add(y);
  }

  finalise(): void {
    const set = new Set<number>(this.cutSet);
    set.add(this.y0);
    set.add(this.y1);
    const first = Math.ceil(this.y0 / SAMPLE) * SAMPLE;
    for (let y = first; y <= this.y1; y += SAMPLE) set.add(y);
    this.ys = [...set].sort((a, b) => a - b);
    this.lx = this.ys.map((y) => Math.round(this.centre(y) - this.halfWidth(y)));
    this.rx = this.ys.map((y) => Math.round(this.centre(y) + this.halfWidth(y)));
  }

  private index(y: number): number {
    let l = 0;
    let h = this.ys.length - 1;
    while (l <= h) {
      const m = (l + h) >> 1;
      const v = this.ys[m] as number;
      if (v === y) return m;
      if (v < y) l = m + 1;
      else h = m - 1;
    }
    throw new Error(`y ${y} is not a bank vertex`);
  }

  /** Bank vertices from y0 to y1 inclusive (both must be vertex values), in that order. */
  bank(side: 'L' | 'R', ya: number, yb: number): Pt[] {
    const xs = side === 'L' ? this.lx : this.rx;
    const i = this.index(ya);
    const j = this.index(yb);
    const out: Pt[] = [];
    if (i <= j) for (let k = i; k <= j; k++) out.push([xs[k] as number, this.ys[k] as number]);
    else for (let k = i; k >= j; k--) out.push([xs[k] as number, this.ys[k] as number]);
    return out;
  }

  /** Bank x at any y, interpolated along the polyline (float mm). */
  bankX(side: 'L' | 'R', y: number): number {
    const xs = side === 'L' ? this.lx : this.rx;
    let l = 0;
    let h = this.ys.length - 1;
    if (y <= (this.ys[0] as number)) return xs[0] as number;
    if (y >= (this.ys[h] as number)) return xs[h] as number;
    while (h - l > 1) {
      const m = (l + h) >> 1;
      if ((this.ys[m] as number) <= y) l = m;
      else h = m;
    }
    const ya = this.ys[l] as number;
    const yb = this.ys[h] as number;
    const t = (y - ya) / (yb - ya);
    return (xs[l] as number) + t * ((xs[h] as number) - (xs[l] as number));
  }

  /** Extreme bank positions over [ya, yb] from the vertices (the polyline is piecewise linear). */
  extent(side: 'L' | 'R', ya: number, yb: number): { min: number; max: number } {
    const pts = this.bank(side, ya, yb);
    let min = Infinity;
    let max = -Infinity;
    for (const [x] of pts) {
      if (x < min) min = x;
      if (x > max) max = x;
    }
    return { min, max };
  }

  inWater(x: number, y: number): boolean {
    return x > this.bankX('L', y) && x < this.bankX('R', y);
  }

  /** Water surface, m PL-EVRF2007-NH: the Warta falls ~0.2 m/km northwards here. */
  waterLevel(y: number): number {
    return 52.0 - ((y - MARKET_Y * M) / M) * 0.0002;
  }

  /** Bounds of the banks over the whole extent, sampled finely before finalising. */
  envelope(): { minL: number; maxR: number } {
    let minL = Infinity;
    let maxR = -Infinity;
    for (let y = this.y0; y <= this.y1; y += M) {
      minL = Math.min(minL, this.centre(y) - this.halfWidth(y));
      maxR = Math.max(maxR, this.centre(y) + this.halfWidth(y));
    }
    return { minL, maxR };
  }
}
