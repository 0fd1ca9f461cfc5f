// Street layout: an orthogonal-ish grid of street lines (irregular spacing, varying
// widths, real Poznań names), the market square, the river corridor, the cadastral
// districts (obręby) and the land-use zone of every block.
//
// Geometry conventions (all integer mm):
//  - x-lines are streets of constant x (running N–S), y-lines of constant y (E–W).
//  - A line's road strip is [c − w/2, c + w/2] across its direction; lines on the
//    extent boundary lie on it, so only their inner half is in the data set.
//  - A block is the cell between consecutive lines' strips. Some x-line segments are
//    closed, merging neighbouring blocks into one rectangle (gives T-junctions).
//  - Every intersection square belongs to exactly one of the two crossing lines and
//    is split between that line's two segments at the other line's centre line, so
//    road parcels stay rectangles and district boundaries (on centre lines) never
//    cut a road parcel except lengthwise.

import { MARKET_HALF, MARKET_X, MARKET_Y, RIVER_OFFSET as RIVER_OFFSET_M, type Config } from './config.ts';
import { M, type Rect } from './geom.ts';
import {
  BRIDGES, EAST_BANK, GENERAL, MAJOR, MARKET_STREETS, OBREB_HOMES,
  OLD_TOWN_EW, OLD_TOWN_NS, RIVER_EAST_STREET, RIVER_WEST_STREET,
} from './names.ts';
import { River } from './river.ts';
import { hashUnit, rngFor, type Rng } from './rng.ts';

export type Axis = 'x' | 'y';

export interface NameSeg {
  from: number;
  to: number;
  name: string;
}

export interface Line {
  axis: Axis;
  i: number;
  c: number;
  w: number;
  /** Strip extent across the line, clipped to the extent. */
  lo: number;
  hi: number;
  edge: -1 | 0 | 1;
  major: boolean;
  bridge: boolean;
  corridor: -1 | 0 | 1;
  market: boolean;
  names: NameSeg[];
}

export type Zone =
  | 'rynek' | 'oldtown' | 'inner' | 'estate' | 'industrial' | 'park' | 'public' | 'suburb' | 'rural' | 'forest';

export type Special = 'church' | 'cathedral' | null;

export type Side = 'N' | 'S' | 'E' | 'W';

export interface Block {
  key: string;
  k0: number;
  k1: number;
  j: number;
  rect: Rect;
  zone: Zone;
  special: Special;
  obreb: Obreb;
}

export interface Obreb {
  num: number;
  id: string;
  name: string;
  rect: Rect;
  /**
   * Kept on map sheets: parcels are numbered per sheet and their identifiers carry AR_n
   * (306401_1.0061.AR_13.33/1), as Poznań's register keeps part of its districts.
   */
  sheets: boolean;
}

const snap = (v: number, step = 100): number => Math.round(v / step) * step;
const m = (metres: number): number => metres * M;

export class Layout {
  readonly cfg: Config;
  readonly xs: Line[] = [];
  readonly ys: Line[] = [];
  readonly river: River | null;
  /** Index of the x-line west of the river corridor (the corridor column is kw), or −1. */
  kw = -1;
  /** Indices of the market's x-line pair (km, km+1) and y-line pair (jm, jm+1). */
  readonly km: number;
  readonly jm: number;
  private readonly closed = new Set<number>();
  readonly obreby: Obreb[] = [];
  /** District boundary coordinates including the extent edges. */
  readonly bx: number[] = [];
  readonly by: number[] = [];
  private cellObreb: Obreb[][] = [];
  readonly blocksByRow: Block[][] = [];

  constructor(cfg: Config) {
    this.cfg = cfg;
    const { bbox } = cfg;
    const seed = cfg.seed;
    const mx = MARKET_X * M;
    const my = MARKET_Y * M;
    const half = m(MARKET_HALF - 7); // market lines are 14 m wide, centred 63 m from the middle

    // --- river corridor -------------------------------------------------------
    let river: River | null = new River(cfg);
    const env = river.envelope();
    const rr = rngFor(seed, 'corridor');
    const wW = m(rr.int(32, 40) / 2);
    const wE = m(rr.int(28, 36) / 2);
    const cW = snap(Math.floor(env.minL - m(15)) - wW / 2);
    const cE = snap(Math.ceil(env.maxR + m(15)) + wE / 2);
    if (cW - wW / 2 - m(60) < mx + half + m(7) || cE + wE / 2 + m(60) > bbox.x1) river = null;
    this.river = river;

    // --- x lines ----------------------------------------------------------------
    const rx = rngFor(seed, 'xlines');
    const gapX = (pos: number): [number, number] => gapFor(Math.abs(pos - mx));
    const xPos: Array<{ c: number; corridor: -1 | 0 | 1; market: boolean; edge: -1 | 0 | 1 }> = [];
    xPos.push({ c: bbox.x0, corridor: 0, market: false, edge: -1 });
    for (const c of fill(mx - half, bbox.x0, gapX, rx).reverse()) xPos.push({ c, corridor: 0, market: false, edge: 0 });
    xPos.push({ c: mx - half, corridor: 0, market: true, edge: 0 });
    xPos.push({ c: mx + half, corridor: 0, market: true, edge: 0 });
    if (river) {
      for (const c of fill(mx + half, cW, gapX, rx)) xPos.push({ c, corridor: 0, market: false, edge: 0 });
      xPos.push({ c: cW, corridor: -1, market: false, edge: 0 });
      xPos.push({ c: cE, corridor: 1, market: false, edge: 0 });
      for (const c of fill(cE, bbox.x1, gapX, rx)) xPos.push({ c, corridor: 0, market: false, edge: 0 });
    } else {
      for (const c of fill(mx + half, bbox.x1, gapX, rx)) xPos.push({ c, corridor: 0, market: false, edge: 0 });
    }
    xPos.push({ c: bbox.x1, corridor: 0, market: false, edge: 1 });
    xPos.forEach((p, i) => {
      const w = p.market ? m(14) : p.corridor === -1 ? wW * 2 : p.corridor === 1 ? wE * 2 : widthFor(Math.abs(p.c - mx), rx);
      this.xs.push(makeLine('x', i, p.c, w, p.edge, bbox.x0, bbox.x1, p.corridor, p.market));
    });
    if (river) this.kw = this.xs.findIndex((l) => l.corridor === -1);
    this.km = this.xs.findIndex((l) => l.market);

    // --- y lines ----------------------------------------------------------------
    const ry = rngFor(seed, 'ylines');
    const gapY = (pos: number): [number, number] => gapFor(Math.abs(pos - my));
    const yPos: Array<{ c: number; market: boolean; edge: -1 | 0 | 1 }> = [];
    yPos.push({ c: bbox.y0, market: false, edge: -1 });
    for (const c of fill(my - half, bbox.y0, gapY, ry).reverse()) yPos.push({ c, market: false, edge: 0 });
    yPos.push({ c: my - half, market: true, edge: 0 });
    yPos.push({ c: my + half, market: true, edge: 0 });
    for (const c of fill(my + half, bbox.y1, gapY, ry)) yPos.push({ c, market: false, edge: 0 });
    yPos.push({ c: bbox.y1, market: false, edge: 1 });
    yPos.forEach((p, i) => {
      const w = p.market ? m(14) : widthFor(Math.abs(p.c - my), ry);
      this.ys.push(makeLine('y', i, p.c, w, p.edge, bbox.y0, bbox.y1, 0, p.market));
    });
    this.jm = this.ys.findIndex((l) => l.market);

    // --- main streets and bridges -------------------------------------------------
    const rmaj = rngFor(seed, 'majors');
    for (const [lines, centre] of [[this.xs, mx], [this.ys, my]] as const) {
      let last = -Infinity;
      for (const l of lines) {
        if (l.edge !== 0 || l.market || l.corridor !== 0) continue;
        if (Math.abs(l.c - centre) < m(350)) continue;
        if (l.c - last >= m(rmaj.range(450, 900))) {
          l.major = true;
          l.w = m(rmaj.int(40, 60) / 2);
          setStrip(l, l.axis === 'x' ? bbox.x0 : bbox.y0, l.axis === 'x' ? bbox.x1 : bbox.y1);
          last = l.c;
        }
      }
    }
    if (river) {
      const rb = rngFor(seed, 'bridges');
      let last = bbox.y0 - m(rb.range(150, 500));
      for (const l of this.ys) {
        if (l.edge !== 0 || l.market) continue;
        if (l.c - last >= m(rb.range(550, 950))) {
          l.bridge = true;
          if (l.w < m(16)) {
            l.w = m(16);
            setStrip(l, bbox.y0, bbox.y1);
          }
          last = l.c;
        }
      }
      for (const l of this.ys) {
        river.addCut(l.c);
        river.addCut(l.c - l.w / 2);
        river.addCut(l.c + l.w / 2);
      }
    }

    // --- district (obręb) boundaries ------------------------------------------------
    this.buildObreby();
    if (river) for (const y of this.by) river.addCut(y);
    river?.finalise();

    // --- closed x segments (merged blocks) -------------------------------------------
    const rc = rngFor(seed, 'closures');
    const bset = new Set(this.bx);
    for (let k = 1; k < this.xs.length - 1; k++) {
      const l = this.xs[k] as Line;
      if (l.market || l.corridor !== 0 || l.major || bset.has(l.c)) continue;
      if (this.kw >= 0 && (k === this.kw || k === this.kw + 1)) continue;
      for (let j = 0; j < this.ys.length - 1; j++) {
        const cy = ((this.ys[j] as Line).c + (this.ys[j + 1] as Line).c) / 2;
        const d = Math.hypot(l.c - mx, cy - my);
        if (d < m(650)) continue;
        if (this.closed.has(key(k, j - 1))) continue;
        // at most three blocks merged in a row
        if (this.closed.has(key(k - 1, j)) && this.closed.has(key(k - 2, j))) continue;
        if (rc.chance(0.11)) this.closed.add(key(k, j));
      }
    }

    this.assignNames();
    this.buildBlocks();
  }

  // ---------------------------------------------------------------------------
  openX(k: number, j: number): boolean {
    return j >= 0 && j <= this.ys.length - 2 && k >= 0 && k < this.xs.length && !this.closed.has(key(k, j));
  }

  openY(j: number, k: number): boolean {
    if (k < 0 || k > this.xs.length - 2 || j < 0 || j >= this.ys.length) return false;
    if (k === this.kw && !(this.ys[j] as Line).bridge) return false;
    return true;
  }

  /** Does y-line j own the intersection square with x-line k? */
  ownerY(k: number, j: number): boolean {
    const nx = this.xs.length;
    const ny = this.ys.length;
    const xOK = (j === 0 || this.openX(k, j - 1)) && (j === ny - 1 || this.openX(k, j));
    const yOK = (k === 0 || this.openY(j, k - 1)) && (k === nx - 1 || this.openY(j, k));
    if (xOK && yOK) return (this.ys[j] as Line).w >= (this.xs[k] as Line).w;
    if (yOK) return true;
    if (xOK) return false;
    throw new Error(`intersection ${k},${j} has no owner`);
  }

  /** Road rectangle of x-line k between y-lines j and j+1 (null if closed). */
  xRoadRect(k: number, j: number): Rect | null {
    if (!this.openX(k, j)) return null;
    const l = this.xs[k] as Line;
    const a = this.ys[j] as Line;
    const b = this.ys[j + 1] as Line;
    const y0 = this.ownerY(k, j) ? a.c + a.w / 2 : a.c;
    const y1 = this.ownerY(k, j + 1) ? b.c - b.w / 2 : b.c;
    return { x0: l.lo, y0: Math.max(y0, this.cfg.bbox.y0), x1: l.hi, y1: Math.min(y1, this.cfg.bbox.y1) };
  }

  /** Road rectangle of y-line j between x-lines k and k+1 (null if absent). */
  yRoadRect(j: number, k: number): Rect | null {
    if (!this.openY(j, k)) return null;
    const l = this.ys[j] as Line;
    const a = this.xs[k] as Line;
    const b = this.xs[k + 1] as Line;
    const x0 = this.ownerY(k, j) ? a.c : a.c + a.w / 2;
    const x1 = this.ownerY(k + 1, j) ? b.c : b.c - b.w / 2;
    return { x0: Math.max(x0, this.cfg.bbox.x0), y0: l.lo, x1: Math.min(x1, this.cfg.bbox.x1), y1: l.hi };
  }

  /** y range of the river corridor pieces in row j (between y-lines j and j+1). */
  corridorRows(j: number): [number, number] {
    const a = this.ys[j] as Line;
    const b = this.ys[j + 1] as Line;
    return [a.bridge ? a.c + a.w / 2 : a.c, b.bridge ? b.c - b.w / 2 : b.c];
  }

  nameAt(l: Line, t: number): string {
    for (const s of l.names) if (t >= s.from && t <= s.to) return s.name;
    return (l.names[l.names.length - 1] as NameSeg).name;
  }

  obrebAt(x: number, y: number): Obreb {
    const ci = upperIndex(this.bx, x);
    const cj = upperIndex(this.by, y);
    const o = this.cellObreb[ci]?.[cj];
    if (!o) throw new Error(`no obręb at ${x} ${y}`);
    return o;
  }

  /** Cut a rectangle at the district boundaries that pass through its interior. */
  splitByObreby(r: Rect): Array<{ rect: Rect; obreb: Obreb }> {
    const xsCut = [r.x0, ...this.bx.filter((x) => x > r.x0 && x < r.x1), r.x1];
    const ysCut = [r.y0, ...this.by.filter((y) => y > r.y0 && y < r.y1), r.y1];
    const out: Array<{ rect: Rect; obreb: Obreb }> = [];
    for (let a = 0; a < xsCut.length - 1; a++) {
      for (let b = 0; b < ysCut.length - 1; b++) {
        const q = { x0: xsCut[a] as number, y0: ysCut[b] as number, x1: xsCut[a + 1] as number, y1: ysCut[b + 1] as number };
        out.push({ rect: q, obreb: this.obrebAt((q.x0 + q.x1) / 2, (q.y0 + q.y1) / 2) });
      }
    }
    return out;
  }

  /** The street line bounding a block on a side, and the along-line range of that side. */
  sideLine(b: Block, side: Side): Line {
    switch (side) {
      case 'N': return this.ys[b.j + 1] as Line;
      case 'S': return this.ys[b.j] as Line;
      case 'W': return this.xs[b.k0] as Line;
      case 'E': return this.xs[b.k1 + 1] as Line;
    }
  }

  // ---------------------------------------------------------------------------
  private buildObreby(): void {
    const { bbox, seed, s } = this.cfg;
    const r = rngFor(seed, 'obreby');
    const T = m(650 * Math.pow(s, 0.55));
    const mx = MARKET_X * M;
    const my = MARKET_Y * M;
    const pick = (lines: Line[], centre: number, lo: number, hi: number, forced: number | null): number[] => {
      const out: number[] = [];
      let last = lo;
      for (const l of lines) {
        if (l.edge !== 0) continue;
        if (forced !== null && l.c === forced) {
          out.push(l.c);
          last = l.c;
          continue;
        }
        if (l.market || Math.abs(l.c - centre) < m(300)) continue;
        if (forced !== null && l.c < forced && forced - l.c < 0.55 * T) continue;
        if (l.c - last >= T * r.range(0.85, 1.15) && hi - l.c >= 0.5 * T) {
          out.push(l.c);
          last = l.c;
        }
      }
      return out;
    };
    const forced = this.kw >= 0 ? (this.xs[this.kw] as Line).c : null;
    this.bx.push(bbox.x0, ...pick(this.xs, mx, bbox.x0, bbox.x1, forced), bbox.x1);
    this.by.push(bbox.y0, ...pick(this.ys, my, bbox.y0, bbox.y1, null), bbox.y1);
    const nI = this.bx.length - 1;
    const nJ = this.by.length - 1;
    // Merge neighbouring cells pairwise (dominoes) so the districts are not a plain grid.
    const group: number[][] = [];
    for (let i = 0; i < nI; i++) group.push(new Array<number>(nJ).fill(-1));
    const order: Array<[number, number]> = [];
    for (let i = 0; i < nI; i++) for (let j = 0; j < nJ; j++) order.push([i, j]);
    for (let t = order.length - 1; t > 0; t--) {
      const u = r.int(0, t);
      const tmp = order[t] as [number, number];
      order[t] = order[u] as [number, number];
      order[u] = tmp;
    }
    const maxCount = s <= 1.5 ? 8 : Infinity;
    let count = nI * nJ;
    let gid = 0;
    const tryMerge = (i: number, j: number, p: number): void => {
      if ((group[i] as number[])[j] !== -1 || !r.chance(p)) return;
      const nb: Array<[number, number]> = [];
      if (i + 1 < nI && (group[i + 1] as number[])[j] === -1) nb.push([i + 1, j]);
      if (j + 1 < nJ && (group[i] as number[])[j + 1] === -1) nb.push([i, j + 1]);
      if (!nb.length) return;
      const [a, b] = r.pick(nb);
      (group[i] as number[])[j] = gid;
      (group[a] as number[])[b] = gid;
      gid++;
      count--;
    };
    for (const [i, j] of order) tryMerge(i, j, 0.3);
    for (const [i, j] of order) if (count > maxCount) tryMerge(i, j, 1);
    for (let i = 0; i < nI; i++) for (let j = 0; j < nJ; j++) if ((group[i] as number[])[j] === -1) (group[i] as number[])[j] = gid++;
    // Districts as rectangles (a domino of cells is a rectangle).
    const rects = new Map<number, Rect>();
    for (let i = 0; i < nI; i++) {
      for (let j = 0; j < nJ; j++) {
        const g = (group[i] as number[])[j] as number;
        const c = { x0: this.bx[i] as number, y0: this.by[j] as number, x1: this.bx[i + 1] as number, y1: this.by[j + 1] as number };
        const e = rects.get(g);
        rects.set(g, e ? { x0: Math.min(e.x0, c.x0), y0: Math.min(e.y0, c.y0), x1: Math.max(e.x1, c.x1), y1: Math.max(e.y1, c.y1) } : c);
      }
    }
    // Numbered north-west to south-east, like map sheets.
    const list = [...rects.entries()].sort(([, a], [, b]) => b.y1 - a.y1 || a.x0 - b.x0);
    const names = this.nameObreby(list.map(([, rc]) => rc));
    const byGroup = new Map<number, Obreb>();
    list.forEach(([g, rc], n) => {
      const num = n + 1;
      // Odd-numbered districts away from the market are kept on sheets; they take the numbers from 0061 up, apart from
      // the plain ones (at most a few hundred districts even for the whole city), as sheet-numbered districts are in Poznań.
      const market = rc.x0 <= mx && mx <= rc.x1 && rc.y0 <= my && my <= rc.y1;
      const sheets = num % 2 === 1 && !market;
      const code = sheets ? 60 + num : num;
      const o: Obreb = { num, id: `${this.cfg.unit}.${String(code).padStart(4, '0')}`, name: names[n] as string, rect: rc, sheets };
      this.obreby.push(o);
      byGroup.set(g, o);
    });
    for (let i = 0; i < nI; i++) {
      this.cellObreb.push([]);
      for (let j = 0; j < nJ; j++) (this.cellObreb[i] as Obreb[]).push(byGroup.get((group[i] as number[])[j] as number) as Obreb);
    }
  }

  /**
   * Name districts after real neighbourhoods: pair each district with the unused
   * name whose real position (relative to the market) is nearest, closest pairs
   * first; east-bank names only east of the river.
   */
  private nameObreby(rects: Rect[]): string[] {
    const mx = MARKET_X * M;
    const my = MARKET_Y * M;
    const rx = this.river ? this.river.x0 : Infinity;
    const eastLimit = RIVER_OFFSET_M * M;
    const pairs: Array<[number, number, number]> = [];
    rects.forEach((r, i) => {
      const cx = (r.x0 + r.x1) / 2;
      const cy = (r.y0 + r.y1) / 2;
      const contains = mx > r.x0 && mx < r.x1 && my > r.y0 && my < r.y1;
      OBREB_HOMES.forEach(([name, hx, hy], n) => {
        if (name === 'Stare Miasto' && !contains) return;
        const eastName = hx * 1000 * M > eastLimit;
        if (this.river && eastName !== cx > rx) return;
        pairs.push([Math.hypot(cx - mx - hx * 1000 * M, cy - my - hy * 1000 * M) - (contains && name === 'Stare Miasto' ? Infinity : 0), i, n]);
      });
    });
    pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
    const out: string[] = new Array<string>(rects.length).fill('');
    const used = new Set<number>();
    for (const [, i, n] of pairs) {
      if (out[i] || used.has(n)) continue;
      out[i] = (OBREB_HOMES[n] as readonly [string, number, number])[0];
      used.add(n);
    }
    // more districts than names (very large extents): number the repeats
    let extra = 0;
    for (let i = 0; i < out.length; i++) {
      if (out[i]) continue;
      const base = (OBREB_HOMES[extra % OBREB_HOMES.length] as readonly [string, number, number])[0];
      out[i] = `${base} ${Math.floor(extra / OBREB_HOMES.length) + 2}`;
      extra++;
    }
    return out;
  }

  private assignNames(): void {
    const { seed } = this.cfg;
    const r = rngFor(seed, 'names');
    const mx = MARKET_X * M;
    const my = MARKET_Y * M;
    const used = new Set<string>(['Stary Rynek', ...Object.values(MARKET_STREETS), RIVER_WEST_STREET, RIVER_EAST_STREET]);
    const pools = {
      ns: [...OLD_TOWN_NS],
      ew: [...OLD_TOWN_EW],
      east: [...EAST_BANK],
      major: [...MAJOR],
      general: [...GENERAL],
      bridge: [...BRIDGES],
    };
    let reuse = 0;
    const take = (...order: Array<keyof typeof pools>): string => {
      for (const p of order) {
        const list = pools[p];
        while (list.length) {
          const n = list.shift() as string;
          if (!used.has(n)) {
            used.add(n);
            return n;
          }
        }
      }
      // Pools exhausted (whole-city scale): reuse general names far apart.
      return GENERAL[(reuse++ * 7) % GENERAL.length] as string;
    };
    const name = (l: Line, cross: Line[], a: number, b: number): string => {
      // a, b: indices of the cross lines bounding the segment
      const t0 = (cross[a] as Line).c;
      const t1 = (cross[b] as Line).c;
      const mid = (t0 + t1) / 2;
      const [px, py] = l.axis === 'x' ? [l.c, mid] : [mid, l.c];
      const d = Math.hypot(px - mx, py - my);
      const east = this.river !== null && px > this.river.x0;
      if (l.bridge && this.kw >= 0 && a === this.kw && b === this.kw + 1) return take('bridge', 'general');
      if (l.corridor !== 0 && d < m(1100)) return l.corridor === -1 ? RIVER_WEST_STREET : RIVER_EAST_STREET;
      if (east && d < m(1600)) return take('east', 'general');
      if (l.major) return take('major', 'general');
      if (d < m(1000)) return l.axis === 'x' ? take('ns', 'ew', 'general') : take('ew', 'ns', 'general');
      return take('general');
    };
    for (const [lines, cross] of [[this.xs, this.ys], [this.ys, this.xs]] as const) {
      for (const l of lines) {
        // Forced breaks: the market square and bridge ends; random breaks every 0.5–1.3 km.
        const forced = new Set<number>();
        if (l.market) {
          const base = l.axis === 'x' ? this.jm : this.km;
          forced.add(base);
          forced.add(base + 1);
        }
        if (l.bridge && this.kw >= 0) {
          forced.add(this.kw);
          forced.add(this.kw + 1);
        }
        const breaks: number[] = [0];
        let last = (cross[0] as Line).c;
        let span = m(r.range(500, 1300));
        for (let q = 1; q < cross.length - 1; q++) {
          const c = (cross[q] as Line).c;
          // no random break just before/after a forced one (avoids one-block names)
          const nearForced = [...forced].some((f) => f !== q && Math.abs((cross[f] as Line).c - c) < m(250));
          if (forced.has(q) || (c - last >= span && !nearForced)) {
            breaks.push(q);
            last = c;
            span = m(r.range(500, 1300));
          }
        }
        breaks.push(cross.length - 1);
        for (let s = 0; s < breaks.length - 1; s++) {
          const a = breaks[s] as number;
          const b = breaks[s + 1] as number;
          let n: string;
          const base = l.axis === 'x' ? this.jm : this.km;
          if (l.market && a === base) n = 'Stary Rynek';
          else if (l.market && b === base) n = marketName(l, 'before', this.km, this.jm);
          else if (l.market && a === base + 1) n = marketName(l, 'after', this.km, this.jm);
          else n = name(l, cross, a, b);
          l.names.push({ from: a === 0 ? -Infinity : (cross[a] as Line).c, to: b === cross.length - 1 ? Infinity : (cross[b] as Line).c, name: n });
        }
        // a segment that starts at the market keeps its name beyond the forced break
        l.names = mergeSame(l.names);
      }
    }
  }

  private buildBlocks(): void {
    const { seed } = this.cfg;
    const mx = MARKET_X * M;
    const my = MARKET_Y * M;
    const nx = this.xs.length;
    const ny = this.ys.length;
    const all: Block[] = [];
    for (let j = 0; j < ny - 1; j++) {
      const row: Block[] = [];
      let k = 0;
      while (k < nx - 1) {
        if (k === this.kw) {
          k++;
          continue;
        }
        let k1 = k;
        while (k1 + 1 < nx - 1 && !this.openX(k1 + 1, j)) k1++;
        const a = this.xs[k] as Line;
        const b = this.xs[k1 + 1] as Line;
        const s = this.ys[j] as Line;
        const n = this.ys[j + 1] as Line;
        const rc: Rect = { x0: a.hi, y0: s.hi, x1: b.lo, y1: n.lo };
        const cx = (rc.x0 + rc.x1) / 2;
        const cy = (rc.y0 + rc.y1) / 2;
        const isMarket = k === this.km && j === this.jm;
        const blk: Block = {
          key: `${k}:${j}`, k0: k, k1, j, rect: rc,
          zone: isMarket ? 'rynek' : this.zoneAt(cx, cy, `${k}:${j}`),
          special: null, obreb: this.obrebAt(cx, cy),
        };
        row.push(blk);
        all.push(blk);
        k = k1 + 1;
      }
      this.blocksByRow.push(row);
    }
    // Landmarks: the parish church (Fara) south-west of the market, the Franciscan
    // church west of it, and the cathedral on the east bank.
    const nearest = (tx: number, ty: number, ok: (b: Block) => boolean): Block | null => {
      let best: Block | null = null;
      let bd = Infinity;
      for (const b of all) {
        if (!ok(b)) continue;
        const d = Math.hypot((b.rect.x0 + b.rect.x1) / 2 - tx, (b.rect.y0 + b.rect.y1) / 2 - ty);
        if (d < bd) {
          bd = d;
          best = b;
        }
      }
      return best;
    };
    const big = (b: Block): boolean => b.rect.x1 - b.rect.x0 > m(55) && b.rect.y1 - b.rect.y0 > m(55);
    const fara = nearest(mx - m(60), my - m(230), (b) => b.zone === 'oldtown' && big(b));
    if (fara) fara.special = 'church';
    const fr = nearest(mx - m(300), my + m(60), (b) => b.zone === 'oldtown' && b.special === null && big(b));
    if (fr) fr.special = 'church';
    if (this.river) {
      const rv = this.river;
      const cat = nearest(rv.x0 + m(330), my - m(100), (b) => b.rect.x0 > rv.x0 && big(b));
      if (cat) {
        cat.special = 'cathedral';
        cat.zone = 'public';
      }
    }
    // a few more churches across the city, one per ~4 km²
    const extra = Math.floor((this.cfg.s * this.cfg.s) / 1.0) - 1;
    const rc = rngFor(seed, 'churches');
    for (let t = 0; t < extra; t++) {
      const b = nearest(
        this.cfg.bbox.x0 + rc.range(0.05, 0.95) * (this.cfg.bbox.x1 - this.cfg.bbox.x0),
        this.cfg.bbox.y0 + rc.range(0.05, 0.95) * (this.cfg.bbox.y1 - this.cfg.bbox.y0),
        (q) => (q.zone === 'inner' || q.zone === 'suburb' || q.zone === 'estate') && q.special === null && big(q),
      );
      if (b) b.special = 'church';
    }
  }

  /** Land-use zone of a block: distance bands from the market, clustered by a coarse hashed lattice. */
  zoneAt(cx: number, cy: number, blockKey: string): Zone {
    const { seed } = this.cfg;
    const mx = MARKET_X * M;
    const my = MARKET_Y * M;
    const east = this.river !== null && cx > this.river.x0;
    const dx = Math.abs(cx - mx);
    const dy = Math.abs(cy - my);
    if (!east && Math.max(dx, dy) < m(430)) return 'oldtown';
    const d = Math.hypot(cx - mx, cy - my);
    const cell = m(420);
    let u = hashUnit(seed, 'zone', Math.floor(cx / cell), Math.floor(cy / cell));
    if (hashUnit(seed, 'zone-dev', blockKey) < 0.2) u = hashUnit(seed, 'zone-blk', blockKey);
    let table: ReadonlyArray<readonly [Zone, number]>;
    if (east && d < m(1600)) table = [['inner', 0.35], ['suburb', 0.25], ['public', 0.12], ['park', 0.16], ['estate', 0.12]];
    else if (d < m(800)) table = [['inner', 0.72], ['public', 0.08], ['park', 0.1], ['estate', 0.1]];
    else if (d < m(1300)) table = [['inner', 0.5], ['estate', 0.12], ['industrial', 0.1], ['suburb', 0.12], ['park', 0.08], ['public', 0.08]];
    else if (d < m(3000)) table = [['inner', 0.28], ['estate', 0.25], ['industrial', 0.12], ['suburb', 0.2], ['park', 0.08], ['public', 0.07]];
    else if (d < m(5500)) table = [['estate', 0.18], ['suburb', 0.55], ['industrial', 0.11], ['park', 0.05], ['public', 0.04], ['inner', 0.04], ['forest', 0.03]];
    else table = [['suburb', 0.66], ['rural', 0.1], ['forest', 0.06], ['industrial', 0.09], ['estate', 0.06], ['park', 0.03]];
    let total = 0;
    for (const [, w] of table) total += w;
    let acc = 0;
    for (const [z, w] of table) {
      acc += w / total;
      if (u < acc) return z;
    }
    return (table[table.length - 1] as readonly [Zone, number])[0];
  }
}

function key(k: number, j: number): number {
  return k * 100000 + j;
}

function makeLine(axis: Axis, i: number, c: number, w: number, edge: -1 | 0 | 1, min: number, max: number, corridor: -1 | 0 | 1, market: boolean): Line {
  const l: Line = { axis, i, c, w, lo: 0, hi: 0, edge, major: false, bridge: false, corridor, market, names: [] };
  setStrip(l, min, max);
  return l;
}

function setStrip(l: Line, min: number, max: number): void {
  l.lo = Math.max(min, l.c - l.w / 2);
  l.hi = Math.min(max, l.c + l.w / 2);
}

/** Spacing of street centre lines, m: small Old Town blocks, larger further out. */
function gapFor(d: number): [number, number] {
  if (d < m(450)) return [m(75), m(115)];
  if (d < m(1500)) return [m(90), m(160)];
  return [m(100), m(170)];
}

function widthFor(d: number, r: Rng): number {
  if (d < m(450)) return m(r.int(20, 28) / 2);
  if (d > m(3000)) return m(r.int(20, 30) / 2);
  return m(r.int(24, 36) / 2);
}

/** Positions strictly between a and b (either order), ordered from a to b. */
function fill(a: number, b: number, gap: (pos: number) => [number, number], r: Rng): number[] {
  const dir = b > a ? 1 : -1;
  const out: number[] = [];
  let pos = a;
  for (;;) {
    const [lo, hi] = gap(pos);
    const s = r.range(lo, hi);
    const rem = Math.abs(b - pos);
    if (rem - s < gap(pos + dir * s)[0]) {
      if (rem > hi) out.push(snap((pos + b) / 2));
      break;
    }
    pos = snap(pos + dir * s);
    out.push(pos);
  }
  return out;
}

function upperIndex(edges: number[], v: number): number {
  // index i with edges[i] <= v < edges[i+1]
  let l = 0;
  let h = edges.length - 2;
  while (l < h) {
    const mid = (l + h + 1) >> 1;
    if ((edges[mid] as number) <= v) l = mid;
    else h = mid - 1;
  }
  return l;
}

function marketName(l: Line, where: 'before' | 'after', km: number, jm: number): string {
  const S = MARKET_STREETS;
  if (l.axis === 'x') {
    const west = l.i === km;
    if (where === 'before') return west ? S.westSouth : S.eastSouth;
    return west ? S.westNorth : S.eastNorth;
  }
  const south = l.i === jm;
  if (where === 'before') return south ? S.southWest : S.northWest;
  return south ? S.southEast : S.northEast;
}

function mergeSame(segs: NameSeg[]): NameSeg[] {
  const out: NameSeg[] = [];
  for (const s of segs) {
    const last = out[out.length - 1];
    if (last && last.name === s.name) last.to = s.to;
    else out.push({ ...s });
  }
  return out;
}
