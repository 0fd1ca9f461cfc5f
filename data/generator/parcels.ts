// Parcels: road strips, block subdivision by zone, the market square, the river
// and its banks. Each block is drafted from its own random stream, so a block
// looks the same whatever order blocks are processed in.

import { MARKET_X, MARKET_Y } from './config.ts';
import { Frame, M, mm, rectRing, type Pt, type Rect, type Ring } from './geom.ts';
import { plannedHouse, plannedTenement } from './planned.ts';
import { SPEC, perimeter, splitLength, type PlotRect } from './subdivide.ts';
import { building, houseRoof, houseYear, roofRise, round2, tenementRoof, tenementYear } from './buildings.ts';
import { builtOfu, frontRear, single } from './landuse.ts';
import type { Block, Layout, Line, Obreb, Side } from './layout.ts';
import type { BuildingDraft, ContourDraft, OwnSpec, ParcelDraft } from './model.ts';
import { PARISHES } from './names.ts';
import { hash32, rngFor, type Rng } from './rng.ts';
import { ALLEY_OFFSET, PARK_SPECIES, RIVER_SPECIES, YARD_SPECIES, scatter, streetTrees } from './trees.ts';

const m = (metres: number): number => mm(metres);

export class Drafter {
  private readonly layout: Layout;
  private readonly seed: number;
  private readonly counters = new Map<string, number>();
  private groupSeq = 0;
  /** River parcels (y0, y1) keyed by the row that drafts them. */
  private readonly riverByRow = new Map<number, Array<[number, number]>>();

  constructor(layout: Layout) {
    this.layout = layout;
    this.seed = layout.cfg.seed;
    // Island buildings on the market take numbers 1–11; frontage numbering starts after them.
    this.counters.set('Stary Rynek|1', 6);
    this.counters.set('Stary Rynek|0', 5);
    this.planRiver();
  }

  // ---------------------------------------------------------------------------
  // Addresses: plots on the north or west side of a street (facing south or east)
  // take odd numbers, the other side even; numbers grow eastwards and northwards
  // because rows are drafted south to north and blocks west to east.
  private address(line: Line, t: number, front: Side): { street: string; number: string } {
    const street = this.layout.nameAt(line, t);
    const odd = front === 'S' || front === 'E' ? 1 : 0;
    const key = `${street}|${odd}`;
    const n = (this.counters.get(key) ?? 0) + 1;
    this.counters.set(key, n);
    return { street, number: String(odd ? 2 * n - 1 : 2 * n) };
  }

  private draft(obreb: Obreb, ring: Ring, kind: ParcelDraft['kind'], street: string | null, own: OwnSpec, contours: ContourDraft[], extra: Partial<ParcelDraft> = {}): ParcelDraft {
    return { obreb, ring, kind, street, own, contours, buildings: [], trees: [], planned: null, group: null, rect: null, canopy: 0, op: '', ...extra };
  }

  // ---------------------------------------------------------------------------
  // Roads

  private roadDrafts(r: Rect, line: Line): ParcelDraft[] {
    const L = this.layout;
    const out: ParcelDraft[] = [];
    const mid = line.axis === 'x' ? (r.y0 + r.y1) / 2 : (r.x0 + r.x1) / 2;
    const street = L.nameAt(line, mid);
    const trees = streetTrees(L, line, line.axis === 'x' ? r.y0 : r.x0, line.axis === 'x' ? r.y1 : r.x1);
    const bridgeSpan = line.bridge && L.kw >= 0 ? [(L.xs[L.kw] as Line).c, (L.xs[L.kw + 1] as Line).c] : null;
    for (const piece of L.splitByObreby(r)) {
      const q = piece.rect;
      const ring = rectRing(q);
      const d = this.draft(piece.obreb, ring, 'road', street, { t: 'gmina' }, single(ring, 'dr'), { rect: q });
      for (const t of trees) {
        const off = Math.round(line.c + t.side * ALLEY_OFFSET * (line.w / 2));
        const [x, y] = line.axis === 'x' ? [off, t.t] : [t.t, off];
        if (bridgeSpan && x > (bridgeSpan[0] as number) && x < (bridgeSpan[1] as number)) continue;
        if (x > q.x0 && x < q.x1 && y > q.y0 && y < q.y1) d.trees.push({ x, y, species: t.species, age: t.age });
      }
      out.push(d);
    }
    return out;
  }

  /** Road parcels of y-line j (all its segments). */
  yRoad(j: number): ParcelDraft[] {
    const L = this.layout;
    const out: ParcelDraft[] = [];
    for (let k = 0; k < L.xs.length - 1; k++) {
      const r = L.yRoadRect(j, k);
      if (r) out.push(...tag(this.roadDrafts(r, L.ys[j] as Line), `y${j}:${k}`));
    }
    return out;
  }

  // ---------------------------------------------------------------------------
  /** Everything between y-lines j and j+1 except the y-line roads themselves. */
  row(j: number): ParcelDraft[] {
    const L = this.layout;
    const out: ParcelDraft[] = [];
    for (let k = 0; k < L.xs.length; k++) {
      const r = L.xRoadRect(k, j);
      if (r) out.push(...tag(this.roadDrafts(r, L.xs[k] as Line), `x${k}:${j}`));
    }
    for (const b of L.blocksByRow[j] as Block[]) out.push(...tag(this.block(b), b.key));
    if (L.river && L.kw >= 0) out.push(...tag(this.corridor(j), `c${j}`));
    return out;
  }

  // ---------------------------------------------------------------------------
  // River corridor

  private planRiver(): void {
    const L = this.layout;
    const rv = L.river;
    if (!rv || L.kw < 0) return;
    const r = rngFor(this.seed, 'river-cuts');
    const by = new Set(L.by);
    // pieces between bridges; cut further at district boundaries and every 350–650 m
    const cuts: Array<[number, number]> = [];
    let y0 = L.cfg.bbox.y0;
    let limit = m(r.range(350, 650));
    for (let j = 1; j < L.ys.length; j++) {
      const l = L.ys[j] as Line;
      if (l.bridge) {
        cuts.push([y0, l.c - l.w / 2]);
        y0 = l.c + l.w / 2;
        limit = m(r.range(350, 650));
      } else if (j === L.ys.length - 1) {
        cuts.push([y0, l.c]);
      } else if (by.has(l.c) || l.c - y0 >= limit) {
        cuts.push([y0, l.c]);
        y0 = l.c;
        limit = m(r.range(350, 650));
      }
    }
    for (const [a, b] of cuts) {
      for (let j = 0; j < L.ys.length - 1; j++) {
        const [lo, hi] = L.corridorRows(j);
        if (a >= lo && a < hi) {
          const list = this.riverByRow.get(j) ?? [];
          list.push([a, b]);
          this.riverByRow.set(j, list);
          break;
        }
      }
    }
  }

  /** Depth of the row of plots along the corridor street in row j, or null (all green). */
  riversideDepth(j: number, side: 'W' | 'E'): number | null {
    const L = this.layout;
    const rv = L.river;
    if (!rv || j < 0 || j >= L.ys.length - 1) return null;
    const [ylo, yhi] = L.corridorRows(j);
    if (yhi - ylo < m(40)) return null;
    const minW = side === 'W'
      ? rv.extent('L', ylo, yhi).min - (L.xs[L.kw] as Line).hi
      : (L.xs[L.kw + 1] as Line).lo - rv.extent('R', ylo, yhi).max;
    if (minW < m(62)) return null;
    const r = rngFor(this.seed, 'riverside', j, side);
    if (!r.chance(0.65)) return null;
    return Math.max(m(25), Math.min(m(38), Math.floor((minW - m(22)) / 10) * 10));
  }

  /** Vertices of row j's corridor pieces on their bottom and top edges (for noding the neighbours). */
  corridorEdgePoints(j: number): Pt[] {
    const L = this.layout;
    const rv = L.river;
    if (!rv || L.kw < 0 || j < 0 || j >= L.ys.length - 1) return [];
    const xw = (L.xs[L.kw] as Line).hi;
    const xe = (L.xs[L.kw + 1] as Line).lo;
    const out: Pt[] = [];
    const dw = this.riversideDepth(j, 'W');
    const de = this.riversideDepth(j, 'E');
    for (const y of L.corridorRows(j)) {
      out.push([xw, y], [xe, y], rv.bank('L', y, y)[0] as Pt, rv.bank('R', y, y)[0] as Pt);
      if (dw !== null) out.push([xw + dw, y]);
      if (de !== null) out.push([xe - de, y]);
    }
    return out;
  }

  private corridor(j: number): ParcelDraft[] {
    const L = this.layout;
    const rv = L.river;
    if (!rv) return [];
    const out: ParcelDraft[] = [];
    const [ylo, yhi] = L.corridorRows(j);
    const lineW = L.xs[L.kw] as Line;
    const lineE = L.xs[L.kw + 1] as Line;
    const xw = lineW.hi;
    const xe = lineE.lo;
    const cy = (ylo + yhi) / 2;
    const r = rngFor(this.seed, 'corridor', j);
    for (const side of ['W', 'E'] as const) {
      const d = this.riversideDepth(j, side);
      const line = side === 'W' ? lineW : lineE;
      const obreb = L.obrebAt(side === 'W' ? xw + 1 : xe - 1, cy);
      let inner = side === 'W' ? xw : xe;
      if (d !== null) {
        // a row of plots facing the corridor street
        const x0 = side === 'W' ? xw : xe - d;
        const x1 = side === 'W' ? xw + d : xe;
        const cuts = splitLength(yhi - ylo, SPEC.suburb.fw, r);
        const plots: PlotRect[] = [];
        for (let i = 0; i < cuts.length - 1; i++) {
          plots.push({ rect: { x0, y0: ylo + (cuts[i] as number), x1, y1: ylo + (cuts[i + 1] as number) }, front: side, corner: null, core: false });
        }
        // detached houses: these plots touch the next row's plots, which are noded separately
        out.push(...this.fillPlots(plots, obreb, 'suburb', r, () => line, `cor${j}${side}`, true));
        inner = side === 'W' ? xw + d : xe - d;
      }
      // green strip down to the water
      const ring: Ring = side === 'W'
        ? [[inner, ylo], ...rv.bank('L', ylo, yhi), [inner, yhi]]
        : [[inner, ylo], [inner, yhi], ...rv.bank('R', yhi, ylo)];
      const ofu = r.weighted<'Bz' | 'Lz' | 'Ł'>([['Bz', 0.5], ['Lz', 0.35], ['Ł', 0.15]]);
      const g = this.draft(obreb, ring, 'green', L.nameAt(line, cy), { t: 'gmina' }, single(ring, ofu));
      // willows and poplars along the bank
      for (let y = ylo + m(r.range(3, 10)); y < yhi - m(3); y += m(r.range(7, 15))) {
        const bx = rv.bankX(side === 'W' ? 'L' : 'R', y);
        const off = m(r.range(3, 9));
        const x = Math.round(side === 'W' ? bx - off : bx + off);
        if (side === 'W' ? x <= inner + m(2) : x >= inner - m(2)) continue;
        g.trees.push({ x, y, species: r.weighted(RIVER_SPECIES), age: r.int(15, 90) });
      }
      out.push(g);
    }
    for (const [a, b] of this.riverByRow.get(j) ?? []) {
      const ring: Ring = [...rv.bank('R', a, b), ...rv.bank('L', b, a)];
      const obreb = L.obrebAt(rv.centre((a + b) / 2), (a + b) / 2);
      out.push(this.draft(obreb, ring, 'river', 'rzeka Warta', { t: 'water' }, single(ring, 'Wp')));
    }
    return out;
  }

  // ---------------------------------------------------------------------------
  // Blocks

  private block(b: Block): ParcelDraft[] {
    const r = rngFor(this.seed, 'block', b.key);
    if (b.zone === 'rynek') return this.market(b, r);
    if (b.special === 'church') return this.churchBlock(b, r);
    if (b.special === 'cathedral') return this.cathedral(b, r);
    switch (b.zone) {
      case 'oldtown':
      case 'inner':
        return this.perimeterBlock(b, b.rect, new Set<Side>(['N', 'S', 'E', 'W']), b.zone, r);
      case 'suburb':
        // some house blocks are rows of terraced houses (szeregowce)
        return this.perimeterBlock(b, b.rect, new Set<Side>(['N', 'S', 'E', 'W']), r.chance(0.33) ? 'terrace' : 'suburb', r);
      case 'rural': return this.rural(b, r);
      case 'estate': return this.estate(b, r);
      case 'industrial': return this.industrial(b, r);
      case 'park': return this.park(b, r);
      case 'public': return this.publicBlock(b, r);
      case 'forest': return this.forest(b, r);
      default: return this.perimeterBlock(b, b.rect, new Set<Side>(['N', 'S', 'E', 'W']), 'inner', r);
    }
  }

  private perimeterBlock(b: Block, rc: Rect, fronts: Set<Side>, zone: 'oldtown' | 'inner' | 'suburb' | 'terrace', r: Rng): ParcelDraft[] {
    const spec = SPEC[zone];
    const plots = perimeter(rc, spec, fronts, r);
    return this.fillPlots(plots, b.obreb, zone, r, (p) => this.layout.sideLine(b, p.front), b.key);
  }

  /** Number plots along their streets, form subdivision groups, fill each plot. */
  private fillPlots(plots: PlotRect[], obreb: Obreb, zone: 'oldtown' | 'inner' | 'suburb' | 'terrace', r: Rng, lineOf: (p: PlotRect) => Line, key: string, noSplit = false): ParcelDraft[] {
    // order: by front side, then along the street (east/northwards) so numbers increase
    const sideOrder: Record<Side, number> = { S: 0, W: 1, E: 2, N: 3 };
    const along = (p: PlotRect): number => (p.front === 'N' || p.front === 'S' ? p.rect.x0 : p.rect.y0);
    const sorted = [...plots].sort((a, c) => Number(a.core) - Number(c.core) || sideOrder[a.front] - sideOrder[c.front] || along(a) - along(c));
    const out: ParcelDraft[] = [];
    let prevFront: Side | null = null;
    let groupLeft = 0;
    let group: number | null = null;
    for (const p of sorted) {
      const line = lineOf(p);
      const pr = rngFor(this.seed, 'plot', key, p.rect.x0, p.rect.y0);
      let d: ParcelDraft;
      if (p.core) {
        d = this.courtyard(p, obreb, line, pr, zone === 'suburb' || zone === 'terrace');
      } else {
        const f = new Frame(p.rect, p.front);
        const addr = this.address(line, along(p) + (p.front === 'N' || p.front === 'S' ? (p.rect.x1 - p.rect.x0) / 2 : (p.rect.y1 - p.rect.y0) / 2), p.front);
        d = zone === 'suburb' ? this.house(f, obreb, addr, line, pr, noSplit)
          : zone === 'terrace' ? this.terraced(f, obreb, addr, line, pr)
          : this.tenement(f, obreb, zone, p.corner, addr, line, pr);
      }
      // subdivisions (N/1, N/2 …) of neighbouring frontage plots
      if (!p.core && p.front === prevFront && groupLeft > 0) {
        d.group = group;
        groupLeft--;
      } else {
        groupLeft = 0;
        if (!p.core && r.chance(0.1)) {
          group = ++this.groupSeq;
          d.group = group;
          groupLeft = r.chance(0.7) ? 1 : 2;
        }
      }
      prevFront = p.core ? null : p.front;
      out.push(d);
    }
    return out;
  }

  /** Inner core of a deep block: courtyards in town, back-land fields or gardens in the suburbs. */
  private courtyard(p: PlotRect, obreb: Obreb, line: Line, r: Rng, suburb: boolean): ParcelDraft {
    const ring = rectRing(p.rect);
    const street = this.layout.nameAt(line, (p.rect.x0 + p.rect.x1) / 2);
    if (suburb) {
      const own: OwnSpec = r.weighted<OwnSpec>([[{ t: 'persons', single: false }, 0.5], [{ t: 'persons', single: true }, 0.3], [{ t: 'gmina' }, 0.2]]);
      const d = this.draft(obreb, ring, 'plot', street, own, single(ring, r.weighted([['R', 0.45], ['Ps', 0.2], ['Bz', 0.2], ['Lz', 0.15]])), { rect: p.rect });
      d.trees = scatter(p.rect, m(14), 0.12, [], YARD_SPECIES, [10, 70], r);
      return d;
    }
    const own: OwnSpec = r.weighted<OwnSpec>([
      [{ t: 'wspolnota', address: `ul. ${street}` }, 0.35],
      [{ t: 'gmina' }, 0.35],
      [{ t: 'persons', single: false, flats: true }, 0.3],
    ]);
    const d = this.draft(obreb, ring, 'plot', street, own, single(ring, r.chance(0.7) ? 'B' : 'Bz'), { rect: p.rect });
    d.trees = scatter(p.rect, m(12), 0.3, [], YARD_SPECIES, [10, 80], r);
    return d;
  }

  /** A tenement (kamienica) plot: street-front building, maybe a side wing and a rear annex. */
  private tenement(f: Frame, obreb: Obreb, zone: 'oldtown' | 'inner', corner: Side | null, addr: { street: string; number: string }, line: Line, r: Rng): ParcelDraft {
    const ring = rectRing(f.r);
    const W = f.W;
    const D = f.D;
    const own: OwnSpec = r.weighted<OwnSpec>([
      [{ t: 'persons', single: true }, 0.28],
      [{ t: 'persons', single: false, flats: true }, 0.3],
      [{ t: 'company' }, 0.14],
      [{ t: 'gmina' }, 0.14],
      [{ t: 'perpetual', holder: r.pick(['company', 'persons', 'coop'] as const), flats: true }, 0.14],
    ]);
    const d = this.draft(obreb, ring, 'plot', addr.street, own, [], { rect: f.r });
    if (r.chance(0.02) && D > m(14)) {
      // vacant lot (war gap or demolition) — a candidate for a planned building
      d.contours = single(ring, 'Bp');
      d.own = r.chance(0.6) ? { t: 'developer' } : { t: 'gmina' };
      if (r.chance(0.3)) d.planned = plannedTenement(f, zone, d.own.t === 'gmina', r);
      return d;
    }
    const kst = r.weighted<BuildingDraft['kst']>(zone === 'oldtown'
      ? [['110', 0.74], ['103', 0.13], ['105', 0.07], ['107', 0.06]]
      : [['110', 0.72], ['105', 0.11], ['103', 0.1], ['107', 0.03], ['101', 0.03], ['106', 0.01]]);
    let year = tenementYear(zone, r);
    if (kst === '105' && r.chance(0.6)) year = r.int(1965, 2022);
    const modern = year >= 1966;
    const storeys = kst === '110'
      ? (zone === 'oldtown' ? r.int(3, 5) : r.weighted([[3, 0.1], [4, 0.45], [5, 0.35], [6, 0.1]]))
      : kst === '105' ? (modern ? r.int(5, 8) : r.int(3, 5))
      : kst === '101' ? r.int(1, 3)
      : r.int(2, 4);
    const bd = Math.min(D - m(2), m(zone === 'oldtown' ? r.range(10, 15) : r.range(12, 17)));
    const roof = kst === '101' ? 'płaski' : tenementRoof(year, r);
    const storeyH = year < 1914 ? 3.35 : 3.1;
    // footprint: plain, with a side wing, or wrapping the corner
    let foot: Array<[number, number]>;
    let rear = bd; // deepest extent of the main building
    const cornerLeft = corner !== null && onSide(f, 0, corner);
    const cornerRight = corner !== null && !cornerLeft;
    const wing = corner !== null ? bd : m(r.range(4.5, 7));
    const wl = corner !== null ? Math.min(D, Math.max(bd, Math.round(D * r.range(0.6, 1.0) / 10) * 10)) : Math.min(D - m(2), bd + m(r.range(8, 20)));
    const withWing = wl > bd + m(3) && W > wing + m(4) && (corner !== null || (D >= bd + m(12) && r.chance(0.35)));
    if (withWing && (cornerLeft || (!cornerRight && r.chance(0.5)))) {
      foot = [[0, 0], [W, 0], [W, bd], [wing, bd], [wing, wl], [0, wl]];
      rear = wl;
    } else if (withWing) {
      foot = [[0, 0], [W, 0], [W, wl], [W - wing, wl], [W - wing, bd], [0, bd]];
      rear = wl;
    } else {
      foot = [[0, 0], [W, 0], [W, bd], [0, bd]];
    }
    const front = { line, side: f.side, wall: f.across(0), a: f.along(0, W)[0], b: f.along(0, W)[1], small: false };
    d.buildings.push(building({
      ring: f.poly(foot), kst, storeys, year, roof, span: bd / M, street: addr.street, number: addr.number, front,
      basements: r.chance(zone === 'oldtown' ? 0.7 : 0.5) ? 1 : 0, storeyH,
    }, r));
    // rear annex (oficyna) across the back of the plot
    let back = rear;
    if (D - rear >= m(14) && r.chance(zone === 'oldtown' ? 0.3 : 0.25)) {
      const od = m(r.range(6, 9));
      const u1 = W > m(20) ? Math.round((W * r.range(0.5, 1)) / 10) * 10 : W;
      const oyear = r.chance(0.7) ? year : r.int(1880, 1990);
      d.buildings.push(building({
        ring: rectRing(f.box(0, D - od, u1, D)), kst: '110', storeys: Math.max(1, Math.min(storeys, r.int(2, 4))), year: oyear,
        roof: r.weighted([['jednospadowy', 0.45], ['dwuspadowy', 0.35], ['płaski', 0.2]]), span: od / M,
        street: addr.street, number: addr.number, storeyH,
      }, r));
      back = D;
    }
    const main = d.buildings[0];
    if (back < D - m(12) && r.chance(0.3)) {
      const split = back + m(r.range(3, 6));
      d.contours = frontRear(f, split, builtOfu(main), 'Bz');
      const garden = f.box(0, split, W, D);
      d.trees = scatter(garden, m(10), 0.35, [], YARD_SPECIES, [10, 70], r);
    } else {
      d.contours = single(ring, builtOfu(main));
    }
    return d;
  }

  /** A single-family house plot: house set back from the street, maybe a garage. */
  private house(f: Frame, obreb: Obreb, addr: { street: string; number: string }, line: Line, r: Rng, noSplit = false): ParcelDraft {
    const ring = rectRing(f.r);
    const W = f.W;
    const D = f.D;
    const own: OwnSpec = r.weighted<OwnSpec>([[{ t: 'persons', single: false }, 0.55], [{ t: 'persons', single: true }, 0.38], [{ t: 'company' }, 0.04], [{ t: 'gmina' }, 0.03]]);
    const d = this.draft(obreb, ring, 'plot', addr.street, own, [], { rect: f.r });
    const sb = m(r.range(4, 7));
    const gap = m(r.range(3, 4.5));
    const hw = Math.min(W - 2 * gap, m(r.range(8.5, 13)));
    const hd = Math.min(D - sb - m(6), m(r.range(8.5, 12)));
    if (r.chance(0.05) || hw < m(6) || hd < m(6)) {
      d.contours = single(ring, 'Bp');
      if (hw >= m(7) && hd >= m(7) && r.chance(0.17)) d.planned = plannedHouse(f, sb, gap, hw, hd, r);
      return d;
    }
    const u0 = gap + Math.round(((W - 2 * gap - hw) * r.next()) / 10) * 10;
    const year = houseYear(r);
    const roof = houseRoof(year, r);
    const service = r.chance(0.04);
    d.buildings.push(building({
      ring: rectRing(f.box(u0, sb, u0 + hw, sb + hd)), kst: service ? '103' : '110', storeys: r.chance(0.55) ? 2 : 1, year, roof,
      span: Math.min(hw, hd) / M, street: addr.street, number: addr.number,
      front: { line, side: f.side, wall: f.across(sb), a: f.along(u0, u0 + hw)[0], b: f.along(u0, u0 + hw)[1], small: true },
      basements: r.chance(0.4) ? 1 : 0, storeyH: 3.0,
    }, r));
    let back = sb + hd;
    const gd = m(r.range(5.5, 7));
    const gw = m(r.range(3.5, 6));
    if (r.chance(0.4) && back + m(2) + gd <= D - m(3) && gw <= hw) {
      const gv = back + m(2);
      d.buildings.push(building({
        ring: rectRing(f.box(u0, gv, u0 + gw, gv + gd)), kst: '109', storeys: 1, year: Math.min(2025, year + r.int(0, 20)),
        roof: r.weighted([['płaski', 0.6], ['jednospadowy', 0.3], ['dwuspadowy', 0.1]]), span: gw / M, street: null, number: null,
        eaves: r.range(2.5, 3.0),
      }, r));
      back = gv + gd;
    }
    const far = Math.hypot(f.r.x0 - MARKET_X * M, f.r.y0 - MARKET_Y * M) > m(3500);
    if (!noSplit && back < D - m(10) && r.chance(far ? 0.3 : 0.12)) {
      const split = back + m(r.range(3, 6));
      d.contours = frontRear(f, split, 'B', far ? r.weighted([['R', 0.6], ['Ps', 0.25], ['Ł', 0.15]]) : 'Bz');
    } else {
      d.contours = single(ring, 'B');
    }
    const yard = f.box(0, Math.min(back + m(2), D - m(1)), W, D);
    d.trees = scatter(yard, m(9), 0.11, [], YARD_SPECIES, [5, 60], r);
    return d;
  }

  /** A terraced house: full plot width, touching both neighbours, small front garden. */
  private terraced(f: Frame, obreb: Obreb, addr: { street: string; number: string }, line: Line, r: Rng): ParcelDraft {
    const ring = rectRing(f.r);
    const own: OwnSpec = r.weighted<OwnSpec>([[{ t: 'persons', single: false }, 0.6], [{ t: 'persons', single: true }, 0.35], [{ t: 'developer' }, 0.05]]);
    const d = this.draft(obreb, ring, 'plot', addr.street, own, single(ring, 'B'), { rect: f.r });
    const sb = m(5);
    const hd = Math.min(f.D - sb - m(6), m(r.range(9.5, 11.5)));
    if (hd < m(7)) return d;
    const year = r.int(1995, 2024);
    d.buildings.push(building({
      ring: rectRing(f.box(0, sb, f.W, sb + hd)), kst: '110', storeys: 2, year, roof: r.chance(0.55) ? 'dwuspadowy' : 'płaski',
      span: hd / M, street: addr.street, number: addr.number, basements: 0, storeyH: 2.9,
      front: { line, side: f.side, wall: f.across(sb), a: f.along(0, f.W)[0], b: f.along(0, f.W)[1], small: true },
    }, r));
    const yard = f.box(0, sb + hd + m(3), f.W, f.D);
    d.trees = scatter(yard, m(8), 0.07, [], YARD_SPECIES, [5, 30], r);
    return d;
  }

  // ---------------------------------------------------------------------------
  private market(b: Block, r: Rng): ParcelDraft[] {
    const mx = MARKET_X * M;
    const my = MARKET_Y * M;
    const P = b.rect;
    const I: Rect = { x0: mx - m(25), y0: my - m(40), x1: mx + m(25), y1: my + m(40) };
    const out: ParcelDraft[] = [];
    // the open square: four road parcels round the town-hall block
    for (const q of [
      { x0: P.x0, y0: P.y0, x1: P.x1, y1: I.y0 },
      { x0: P.x0, y0: I.y1, x1: P.x1, y1: P.y1 },
      { x0: P.x0, y0: I.y0, x1: I.x0, y1: I.y1 },
      { x0: I.x1, y0: I.y0, x1: P.x1, y1: I.y1 },
    ]) {
      const ring = rectRing(q);
      out.push(this.draft(b.obreb, ring, 'road', 'Stary Rynek', { t: 'gmina' }, single(ring, 'dr'), { rect: q }));
    }
    const add = (q: Rect, kst: BuildingDraft['kst'], foot: Rect, storeys: number, year: number, roof: BuildingDraft['roof'], num: string, eaves?: number, ofu: 'Bi' | 'B' = 'Bi'): void => {
      const ring = rectRing(q);
      const d = this.draft(b.obreb, ring, 'plot', 'Stary Rynek', { t: 'gmina' }, single(ring, ofu), { rect: q });
      const spec = { ring: rectRing(foot), kst, storeys, year, roof, span: Math.min(foot.x1 - foot.x0, foot.y1 - foot.y0) / M, street: 'Stary Rynek', number: num, basements: 1 };
      d.buildings.push(building(eaves === undefined ? spec : { ...spec, eaves }, r));
      out.push(d);
    };
    // Ratusz (town hall, museum), Odwach (guardhouse, museum), Waga Miejska (weigh house, offices)
    add({ x0: I.x0, y0: my + m(5), x1: I.x1, y1: I.y1 }, '107', { x0: mx - m(17), y0: my + m(8), x1: mx + m(17), y1: I.y1 - m(2) }, 3, 1560, 'czterospadowy', '1', 16.5);
    add({ x0: I.x0, y0: my - m(15), x1: mx, y1: my + m(5) }, '105', { x0: I.x0 + m(2), y0: my - m(13), x1: mx - m(1), y1: my + m(3) }, 2, 1962, 'dwuspadowy', '2');
    add({ x0: mx, y0: my - m(15), x1: I.x1, y1: my + m(5) }, '107', { x0: mx + m(1), y0: my - m(13), x1: I.x1 - m(2), y1: my + m(3) }, 2, 1787, 'mansardowy', '3');
    // domki budnicze: a row of narrow merchants' houses
    const n = 8;
    const w = (I.x1 - I.x0) / n;
    for (let i = 0; i < n; i++) {
      const q = { x0: I.x0 + i * w, y0: I.y0, x1: i === n - 1 ? I.x1 : I.x0 + (i + 1) * w, y1: my - m(15) };
      const foot = { x0: q.x0, y0: q.y0, x1: q.x1, y1: q.y0 + m(r.range(12, 15)) };
      add(q, '103', foot, 3, r.int(1953, 1962), 'dwuspadowy', String(4 + i), undefined, 'B');
    }
    return out;
  }

  private churchBlock(b: Block, r: Rng): ParcelDraft[] {
    const R = b.rect;
    const wide = R.x1 - R.x0 >= R.y1 - R.y0;
    const long = wide ? R.x1 - R.x0 : R.y1 - R.y0;
    const Lc = Math.round(Math.min(long * 0.6, m(r.range(58, 85))) / 10) * 10;
    const atStart = r.chance(0.5);
    let cr: Rect;
    let rest: Rect;
    let cut: Side;
    if (wide) {
      cr = atStart ? { ...R, x1: R.x0 + Lc } : { ...R, x0: R.x1 - Lc };
      rest = atStart ? { ...R, x0: R.x0 + Lc } : { ...R, x1: R.x1 - Lc };
      cut = atStart ? 'W' : 'E';
    } else {
      cr = atStart ? { ...R, y1: R.y0 + Lc } : { ...R, y0: R.y1 - Lc };
      rest = atStart ? { ...R, y0: R.y0 + Lc } : { ...R, y1: R.y1 - Lc };
      cut = atStart ? 'S' : 'N';
    }
    const out: ParcelDraft[] = [];
    const ring = rectRing(cr);
    const side: Side = wide ? 'S' : 'W';
    const line = this.layout.sideLine(b, side);
    const parish = PARISHES[hash32(this.seed, b.key) % PARISHES.length] as string;
    const d = this.draft(b.obreb, ring, 'plot', this.layout.nameAt(line, wide ? (cr.x0 + cr.x1) / 2 : (cr.y0 + cr.y1) / 2), { t: 'parish', name: parish }, single(ring, 'Bi'), { rect: cr });
    const cw = cr.x1 - cr.x0;
    const ch = cr.y1 - cr.y0;
    const along = (wide ? cw : ch) - 2 * m(r.range(6, 10));
    const across = Math.min((wide ? ch : cw) - 2 * m(7), m(r.range(24, 34)));
    const cx = (cr.x0 + cr.x1) / 2;
    const cy = (cr.y0 + cr.y1) / 2;
    const hx = Math.round((wide ? along : across) / 20) * 10;
    const hy = Math.round((wide ? across : along) / 20) * 10;
    const foot: Rect = { x0: Math.round(cx / 10) * 10 - hx, y0: Math.round(cy / 10) * 10 - hy, x1: Math.round(cx / 10) * 10 + hx, y1: Math.round(cy / 10) * 10 + hy };
    const addr = this.address(line, wide ? cx : cy, side);
    const ch0 = building({ ring: rectRing(foot), kst: '109', storeys: 1, year: r.int(1250, 1750), roof: 'dwuspadowy', span: Math.min(hx, hy) * 2 / M, street: addr.street, number: addr.number, eaves: r.range(16, 22), basements: 1 }, r);
    ch0.ridge = round2(ch0.eaves + r.range(10, 15));
    d.buildings.push(ch0);
    d.trees = scatter(cr, m(9), 0.25, [foot], PARK_SPECIES, [30, 150], r);
    out.push(d);
    const fronts = new Set<Side>(['N', 'S', 'E', 'W']);
    fronts.delete(cut);
    out.push(...this.perimeterBlock(b, rest, fronts, b.zone === 'oldtown' ? 'oldtown' : 'inner', r));
    return out;
  }

  private cathedral(b: Block, r: Rng): ParcelDraft[] {
    const R = b.rect;
    const ring = rectRing(R);
    const wide = R.x1 - R.x0 >= R.y1 - R.y0;
    const side: Side = wide ? 'S' : 'W';
    const line = this.layout.sideLine(b, side);
    const d = this.draft(b.obreb, ring, 'plot', this.layout.nameAt(line, wide ? (R.x0 + R.x1) / 2 : (R.y0 + R.y1) / 2),
      { t: 'parish', name: 'Parafia Rzymskokatolicka pw. Świętych Apostołów Piotra i Pawła (Archikatedralna)' }, single(ring, 'Bi'), { rect: R });
    const w = R.x1 - R.x0;
    const h = R.y1 - R.y0;
    const la = Math.min((wide ? w : h) - m(16), m(95));
    const ac = Math.min((wide ? h : w) - m(16), m(38));
    const cx = Math.round((R.x0 + R.x1) / 20) * 10;
    const cy = Math.round((R.y0 + R.y1) / 20) * 10;
    const hx = Math.round((wide ? la : ac) / 20) * 10;
    const hy = Math.round((wide ? ac : la) / 20) * 10;
    const foot: Rect = { x0: cx - hx, y0: cy - hy, x1: cx + hx, y1: cy + hy };
    const addr = this.address(line, wide ? cx : cy, side);
    const cat = building({ ring: rectRing(foot), kst: '109', storeys: 1, year: 1956, roof: 'dwuspadowy', span: Math.min(hx, hy) * 2 / M, street: addr.street, number: addr.number, eaves: 25, basements: 1 }, r);
    cat.ridge = round2(cat.eaves + 16);
    d.buildings.push(cat);
    d.trees = scatter(R, m(10), 0.35, [foot], PARK_SPECIES, [40, 160], r);
    return [d];
  }

  // ---------------------------------------------------------------------------
  /** Split a block into n strips along its long axis, each spanning the full depth. */
  private strips(R: Rect, minLen: number, maxN: number, r: Rng): Rect[] {
    const wide = R.x1 - R.x0 >= R.y1 - R.y0;
    const long = wide ? R.x1 - R.x0 : R.y1 - R.y0;
    const n = Math.max(1, Math.min(maxN, Math.floor(long / minLen), r.int(1, maxN)));
    const cuts = splitLength(long, [long / n / M * 0.8, long / n / M * 1.2], r, n);
    const out: Rect[] = [];
    for (let i = 0; i < cuts.length - 1; i++) {
      const a = cuts[i] as number;
      const c = cuts[i + 1] as number;
      out.push(wide ? { ...R, x0: R.x0 + a, x1: R.x0 + c } : { ...R, y0: R.y0 + a, y1: R.y0 + c });
    }
    return out;
  }

  /** Front side of a sub-rectangle: a block side it touches (N/S preferred). */
  private frontOf(b: Block, q: Rect, r: Rng): Side {
    const R = b.rect;
    const opts: Side[] = [];
    if (q.y0 === R.y0) opts.push('S');
    if (q.y1 === R.y1) opts.push('N');
    if (!opts.length) {
      if (q.x0 === R.x0) opts.push('W');
      if (q.x1 === R.x1) opts.push('E');
    }
    return r.pick(opts.length ? opts : ['S']);
  }

  private estate(b: Block, r: Rng): ParcelDraft[] {
    const R = b.rect;
    const wide = R.x1 - R.x0 >= R.y1 - R.y0;
    const longSide = wide ? R.x1 - R.x0 : R.y1 - R.y0;
    const parts = this.strips(R, m(75), longSide > m(200) ? 3 : 2, r);
    const out: ParcelDraft[] = [];
    const newer = r.chance(0.3);
    for (const q of parts) {
      const side = this.frontOf(b, q, r);
      const f = new Frame(q, side);
      const line = this.layout.sideLine(b, side);
      const ring = rectRing(q);
      const own: OwnSpec = newer ? r.weighted<OwnSpec>([[{ t: 'developer' }, 0.4], [{ t: 'persons', single: false, flats: true }, 0.6]]) : r.weighted<OwnSpec>([[{ t: 'coop', perpetual: true }, 0.55], [{ t: 'coop', perpetual: false }, 0.3], [{ t: 'gmina' }, 0.15]]);
      const d = this.draft(b.obreb, ring, 'plot', this.layout.nameAt(line, side === 'N' || side === 'S' ? (q.x0 + q.x1) / 2 : (q.y0 + q.y1) / 2), own, single(ring, 'B'), { rect: q });
      const margin = m(r.range(6, 10));
      let v = m(r.range(8, 12));
      const slabs: Rect[] = [];
      let first = true;
      while (v + m(12) <= f.D - margin) {
        const len = Math.min(f.W - 2 * margin, m(newer ? r.range(30, 60) : r.range(45, 95)));
        if (len < m(24)) break;
        const u0 = margin + Math.round(((f.W - 2 * margin - len) * r.next()) / 10) * 10;
        const depth = m(r.range(11, 13.5));
        if (v + depth > f.D - margin) break;
        const year = newer ? r.int(2003, 2025) : r.int(1962, 1992);
        const storeys = newer ? r.int(4, 8) : r.weighted([[4, 0.22], [5, 0.35], [10, 0.15], [11, 0.28]]);
        const addr = this.address(line, (f.along(u0, u0 + len)[0] + f.along(u0, u0 + len)[1]) / 2, side);
        const foot = f.box(u0, v, u0 + len, v + depth);
        d.buildings.push(building({
          ring: rectRing(foot), kst: '110', storeys, year, roof: r.chance(newer ? 0.75 : 0.92) ? 'płaski' : 'dwuspadowy', span: depth / M,
          street: addr.street, number: addr.number, basements: 1, storeyH: 2.85,
          front: first ? { line, side, wall: f.across(v), a: f.along(u0, u0 + len)[0], b: f.along(u0, u0 + len)[1], small: false } : null,
        }, r));
        slabs.push(foot);
        first = false;
        v += depth + m(newer ? r.range(18, 26) : r.range(24, 40));
      }
      d.trees = scatter(q, m(13), 0.35, slabs, PARK_SPECIES, [15, 60], r);
      out.push(d);
    }
    return out;
  }

  private industrial(b: Block, r: Rng): ParcelDraft[] {
    const out: ParcelDraft[] = [];
    for (const q of this.strips(b.rect, m(55), 3, r)) {
      const side = this.frontOf(b, q, r);
      const f = new Frame(q, side);
      const line = this.layout.sideLine(b, side);
      const ring = rectRing(q);
      const own: OwnSpec = r.weighted<OwnSpec>([[{ t: 'company' }, 0.6], [{ t: 'perpetual', holder: 'company' }, 0.3], [{ t: 'public', who: 'state' }, 0.1]]);
      const addr = this.address(line, (f.along(0, f.W)[0] + f.along(0, f.W)[1]) / 2, side);
      const d = this.draft(b.obreb, ring, 'plot', addr.street, own, single(ring, 'Ba'), { rect: q });
      const m1 = m(r.range(6, 12));
      const vf = m(r.range(20, 30));
      const m2 = m(r.range(6, 15));
      const hallU = Math.min(f.W - 2 * m1, m(120));
      const hallV = Math.min(f.D - vf - m2, m(80));
      const year = r.weighted<() => number>([[() => r.int(1890, 1938), 0.25], [() => r.int(1950, 1989), 0.4], [() => r.int(1990, 2024), 0.35]])();
      if (hallU > m(15) && hallV > m(12)) {
        const foot = f.box(m1, vf, m1 + hallU, vf + hallV);
        const roof = r.weighted<BuildingDraft['roof']>([['płaski', 0.55], ['dwuspadowy', 0.35], ['jednospadowy', 0.1]]);
        const hall = building({
          ring: rectRing(foot), kst: r.chance(0.65) ? '101' : '104', storeys: r.chance(0.8) ? 1 : 2, year, roof,
          span: Math.min(hallU, hallV) / M, street: addr.street, number: addr.number, eaves: r.range(6, 12),
          status: year < 1970 && r.chance(0.08) ? 'do rozbiórki' : undefined,
        }, r);
        hall.ridge = round2(hall.eaves + (roof === 'płaski' ? 0 : Math.min(4, roofRise(roof, Math.min(hallU, hallV) / M, r) * 0.4)));
        d.buildings.push(hall);
      }
      const ow = Math.min(f.W - 2 * m1, m(r.range(20, 36)));
      if (vf >= m(20) && ow > m(10)) {
        const od = m(r.range(10, 12));
        d.buildings.push(building({
          ring: rectRing(f.box(m1, m(4), m1 + ow, m(4) + od)), kst: '105', storeys: r.int(2, 4), year: Math.max(year, r.int(1960, 2024)),
          roof: 'płaski', span: od / M, street: addr.street, number: addr.number,
          front: { line, side, wall: f.across(m(4)), a: f.along(m1, m1 + ow)[0], b: f.along(m1, m1 + ow)[1], small: false },
        }, r));
      }
      out.push(d);
    }
    return out;
  }

  private park(b: Block, r: Rng): ParcelDraft[] {
    const out: ParcelDraft[] = [];
    const R = b.rect;
    const parts = Math.max(R.x1 - R.x0, R.y1 - R.y0) > m(200) ? this.strips(R, m(100), 2, r) : [R];
    for (const q of parts) {
      const side = this.frontOf(b, q, r);
      const f = new Frame(q, side);
      const line = this.layout.sideLine(b, side);
      const ring = rectRing(q);
      const d = this.draft(b.obreb, ring, 'plot', this.layout.nameAt(line, side === 'N' || side === 'S' ? (q.x0 + q.x1) / 2 : (q.y0 + q.y1) / 2), { t: 'gmina' }, single(ring, 'Bz'), { rect: q });
      const avoid: Rect[] = [];
      if (f.W > m(60) && f.D > m(50) && r.chance(0.5)) {
        const pw = m(r.range(8, 14));
        const pd = m(r.range(6, 10));
        const u0 = Math.round((f.W / 2 - pw / 2) / 10) * 10;
        const v0 = Math.round((f.D / 2 - pd / 2) / 10) * 10;
        const foot = f.box(u0, v0, u0 + pw, v0 + pd);
        d.buildings.push(building({ ring: rectRing(foot), kst: r.chance(0.5) ? '103' : '109', storeys: 1, year: r.int(1960, 2020), roof: r.chance(0.6) ? 'płaski' : 'czterospadowy', span: Math.min(pw, pd) / M, street: null, number: null }, r));
        avoid.push(foot);
      }
      if (f.D > m(60) && r.chance(0.35)) {
        const split = Math.round((f.D * r.range(0.45, 0.65)) / 10) * 10;
        if (!avoid.some((a) => rectSpansDepth(f, a, split))) d.contours = frontRear(f, split, 'Bz', 'Lz');
      }
      d.trees = scatter(q, m(11), 0.72, avoid, PARK_SPECIES, [15, 150], r);
      out.push(d);
    }
    return out;
  }

  private publicBlock(b: Block, r: Rng): ParcelDraft[] {
    const out: ParcelDraft[] = [];
    for (const q of this.strips(b.rect, m(70), 2, r)) {
      const side = this.frontOf(b, q, r);
      const f = new Frame(q, side);
      const line = this.layout.sideLine(b, side);
      const ring = rectRing(q);
      const kind = r.weighted<'school' | 'hospital' | 'office' | 'culture'>([['school', 0.45], ['hospital', 0.12], ['office', 0.23], ['culture', 0.2]]);
      const own: OwnSpec = kind === 'hospital' ? { t: 'public', who: 'voivodeship' } : kind === 'office' ? r.weighted<OwnSpec>([[{ t: 'public', who: 'gmina' }, 0.5], [{ t: 'public', who: 'state' }, 0.5]]) : { t: 'public', who: 'gmina' };
      const addr = this.address(line, (f.along(0, f.W)[0] + f.along(0, f.W)[1]) / 2, side);
      const d = this.draft(b.obreb, ring, 'plot', addr.street, own, single(ring, 'Bi'), { rect: q });
      const sb = m(r.range(6, 12));
      const len = Math.min(f.W - m(16), m(kind === 'hospital' ? r.range(60, 90) : r.range(40, 75)));
      const dep = Math.min(f.D - sb - m(8), m(kind === 'culture' ? r.range(20, 32) : r.range(13, 17)));
      const avoid: Rect[] = [];
      if (len > m(15) && dep > m(8)) {
        const u0 = Math.round((f.W - len) / 20) * 10;
        const foot = f.box(u0, sb, u0 + len, sb + dep);
        const kst = kind === 'school' || kind === 'culture' ? '107' : kind === 'hospital' ? '106' : '105';
        const year = r.int(1890, 2015);
        d.buildings.push(building({
          ring: rectRing(foot), kst, storeys: kind === 'hospital' ? r.int(4, 7) : kind === 'office' ? r.int(3, 6) : r.int(2, 4), year,
          roof: year < 1939 ? r.pick(['dwuspadowy', 'mansardowy', 'czterospadowy'] as const) : 'płaski', span: dep / M,
          street: addr.street, number: addr.number, basements: 1, storeyH: year < 1939 ? 3.6 : 3.3,
          front: { line, side, wall: f.across(sb), a: f.along(u0, u0 + len)[0], b: f.along(u0, u0 + len)[1], small: false },
        }, r));
        avoid.push(foot);
        // school sports hall behind the main building
        const hv = sb + dep + m(12);
        const hl = Math.min(m(36), f.W - m(16));
        if (kind === 'school' && hv + m(22) <= f.D - m(6) && hl > m(20)) {
          const hu = Math.round((f.W - hl) / 20) * 10;
          const hall = f.box(hu, hv, hu + hl, hv + m(22));
          d.buildings.push(building({ ring: rectRing(hall), kst: '107', storeys: 1, year: r.int(1970, 2020), roof: 'płaski', span: 22, street: addr.street, number: addr.number, eaves: r.range(8, 10) }, r));
          avoid.push(hall);
        }
      }
      d.trees = scatter(q, m(12), 0.3, avoid, PARK_SPECIES, [15, 110], r);
      out.push(d);
    }
    return out;
  }

  private rural(b: Block, r: Rng): ParcelDraft[] {
    const R = b.rect;
    const plots = perimeter(R, SPEC.rural, new Set<Side>(['N', 'S', 'E', 'W']), r, false);
    const out: ParcelDraft[] = [];
    for (const p of plots) {
      const f = new Frame(p.rect, p.front);
      const line = this.layout.sideLine(b, p.front);
      const ring = rectRing(p.rect);
      const own: OwnSpec = r.weighted<OwnSpec>([[{ t: 'persons', single: false }, 0.45], [{ t: 'persons', single: true }, 0.35], [{ t: 'kowr' }, 0.12], [{ t: 'gmina' }, 0.08]]);
      const addr = this.address(line, (f.along(0, f.W)[0] + f.along(0, f.W)[1]) / 2, p.front);
      const field = r.weighted<'R' | 'Ps' | 'Ł'>([['R', 0.62], ['Ps', 0.22], ['Ł', 0.16]]);
      const d = this.draft(b.obreb, ring, 'plot', addr.street, own, single(ring, field), { rect: p.rect });
      if (f.W >= m(20) && f.D >= m(45) && r.chance(0.12)) {
        // farmstead at the road: house and barn, built-up contour in front
        const hw = Math.min(f.W - m(6), m(r.range(9, 12)));
        const u0 = m(3);
        const year = r.int(1900, 2010);
        d.buildings.push(building({
          ring: rectRing(f.box(u0, m(5), u0 + hw, m(5) + m(10))), kst: '110', storeys: r.int(1, 2), year, roof: 'dwuspadowy', span: 10,
          street: addr.street, number: addr.number,
          front: { line, side: p.front, wall: f.across(m(5)), a: f.along(u0, u0 + hw)[0], b: f.along(u0, u0 + hw)[1], small: true },
        }, r));
        const bw = Math.min(f.W - m(6), m(r.range(10, 18)));
        d.buildings.push(building({ ring: rectRing(f.box(u0, m(21), u0 + bw, m(31))), kst: '108', storeys: 1, year: r.int(1900, 1990), roof: 'dwuspadowy', span: 10, street: null, number: null, eaves: r.range(3.5, 5) }, r));
        d.contours = frontRear(f, m(36), 'B', field);
      }
      out.push(d);
    }
    return out;
  }

  private forest(b: Block, r: Rng): ParcelDraft[] {
    const out: ParcelDraft[] = [];
    for (const q of this.strips(b.rect, m(80), 2, r)) {
      const side = this.frontOf(b, q, r);
      const line = this.layout.sideLine(b, side);
      const ring = rectRing(q);
      out.push(this.draft(b.obreb, ring, 'plot', this.layout.nameAt(line, (q.x0 + q.x1) / 2), r.chance(0.7) ? { t: 'forest' } : { t: 'gmina' }, single(ring, 'Ls'), { rect: q, canopy: r.range(18, 26) }));
    }
    return out;
  }
}

function tag(list: ParcelDraft[], op: string): ParcelDraft[] {
  for (const d of list) d.op = op;
  return list;
}

function rectSpansDepth(f: Frame, a: Rect, v: number): boolean {
  const p = f.g(0, v);
  if (f.side === 'N' || f.side === 'S') return a.y0 < p[1] && a.y1 > p[1];
  return a.x0 < p[0] && a.x1 > p[0];
}

/** Is local u = u on the given global side of the plot's rectangle? */
function onSide(f: Frame, u: number, side: Side): boolean {
  const [x, y] = f.g(u, 0);
  switch (side) {
    case 'W': return x === f.r.x0;
    case 'E': return x === f.r.x1;
    case 'S': return y === f.r.y0;
    case 'N': return y === f.r.y1;
  }
}
