// GESUT: utility networks laid in the streets. Each branch variant runs along a
// street at a fixed offset from the centre line (a fraction of the half width), so
// networks of one branch are parallel and never leave the road parcels. Lines are
// split at every street intersection (one row per segment); where the crossing
// street carries the same branch, the split point is the crossing point, so the
// network is topologically connected. Service connections (przyłącza) run at right
// angles from the main to the building's street wall and end on it.

import { M, type Pt } from './geom.ts';
import type { Layout, Line, Zone } from './layout.ts';
import type { BuildingDraft, FrontWall } from './model.ts';
import { hashUnit, rngFor, type Rng } from './rng.ts';
import { streetTrees } from './trees.ts';

export type Rodzaj = 'wodociągowa' | 'kanalizacyjna' | 'deszczowa' | 'gazowa' | 'elektroenergetyczna' | 'telekomunikacyjna' | 'ciepłownicza' | 'inna';
type Device = 'hydrant' | 'zasuwa' | 'studzienka' | 'wpust' | 'komora' | 'stacja transformatorowa' | 'szafka kablowa' | 'słup' | 'zawór' | 'punkt redukcyjny';
type Status = 'istniejący' | 'projektowany' | 'nieczynny';

export interface LineRow {
  geom: Pt[];
  rodzaj: Rodzaj;
  funkcja: 'magistralny' | 'rozdzielczy' | 'przyłącze';
  srednica: number | null;
  material: string | null;
  cisnienie: string | null;
  napiecie: string | null;
  operator: string;
  status: Status;
  przebieg: 'podziemny' | 'naziemny' | 'nadziemny';
  glebokosc: number | null;
  /** survey operation: rows with the same op share a timestamp */
  op?: string;
}

export interface DeviceRow {
  p: Pt;
  rodzaj: Rodzaj;
  kind: Device;
  operator: string;
  status: Status;
  op?: string;
}

type VKey = 'w' | 'wm' | 'k' | 'km' | 'd' | 'g' | 'gm' | 'c' | 'e' | 'es' | 't' | 'ti' | 'x';

interface Variant {
  key: VKey;
  rodzaj: Rodzaj;
  /** offset from the centre line as a fraction of the half width */
  off: number;
  operator: string;
}

const AQUANET = 'Aquanet S.A.';
const PSG = 'Polska Spółka Gazownictwa sp. z o.o.';
const ENEA = 'Enea Operator sp. z o.o.';
const VEOLIA = 'Veolia Energia Poznań S.A.';

const VARIANTS: readonly Variant[] = [
  { key: 'k', rodzaj: 'kanalizacyjna', off: 0.06, operator: AQUANET },
  { key: 'km', rodzaj: 'kanalizacyjna', off: -0.14, operator: AQUANET },
  { key: 'c', rodzaj: 'ciepłownicza', off: 0.22, operator: VEOLIA },
  { key: 'd', rodzaj: 'deszczowa', off: -0.3, operator: AQUANET },
  { key: 'wm', rodzaj: 'wodociągowa', off: 0.38, operator: AQUANET },
  { key: 'gm', rodzaj: 'gazowa', off: -0.42, operator: PSG },
  { key: 'w', rodzaj: 'wodociągowa', off: 0.5, operator: AQUANET },
  { key: 'g', rodzaj: 'gazowa', off: -0.54, operator: PSG },
  { key: 'x', rodzaj: 'inna', off: -0.62, operator: 'Zarząd Dróg Miejskich w Poznaniu' },
  { key: 't', rodzaj: 'telekomunikacyjna', off: 0.78, operator: 'Orange Polska S.A.' },
  { key: 'ti', rodzaj: 'telekomunikacyjna', off: -0.78, operator: 'Inea sp. z o.o.' },
  { key: 'e', rodzaj: 'elektroenergetyczna', off: 0.88, operator: ENEA },
  { key: 'es', rodzaj: 'elektroenergetyczna', off: -0.88, operator: ENEA },
];
const BY_KEY = new Map(VARIANTS.map((v) => [v.key, v]));

/** Main position across the street (integer mm) of a variant on a line. */
export function mainPos(l: Line, v: Variant): number {
  return Math.round(l.c + v.off * (l.w / 2));
}

export interface GesutSink {
  line(row: LineRow): void;
  device(row: DeviceRow): void;
}

export class Gesut {
  private readonly L: Layout;
  private readonly seed: number;
  private readonly zoneCache = new Map<string, Zone>();

  constructor(layout: Layout) {
    this.L = layout;
    this.seed = layout.cfg.seed;
  }

  private cross(l: Line): Line[] {
    return l.axis === 'x' ? this.L.ys : this.L.xs;
  }

  private segOpen(l: Line, s: number): boolean {
    return l.axis === 'x' ? this.L.openX(l.i, s) : this.L.openY(l.i, s);
  }

  private zone(l: Line, s: number): Zone {
    const k = `${l.axis}${l.i}:${s}`;
    let z = this.zoneCache.get(k);
    if (!z) {
      const cr = this.cross(l);
      const mid = ((cr[s] as Line).c + (cr[s + 1] as Line).c) / 2;
      z = l.axis === 'x' ? this.L.zoneAt(l.c, mid, k) : this.L.zoneAt(mid, l.c, k);
      if (this.zoneCache.size > 200000) this.zoneCache.clear();
      this.zoneCache.set(k, z);
    }
    return z;
  }

  private isBridge(l: Line, s: number): boolean {
    return l.axis === 'y' && l.bridge && s === this.L.kw;
  }

  /** Does line l carry variant v on its segment s (between cross lines s and s+1)? */
  carries(l: Line, s: number, v: Variant): boolean {
    const cr = this.cross(l);
    if (s < 0 || s >= cr.length - 1 || !this.segOpen(l, s)) return false;
    if (l.edge === -1 && v.off <= 0) return false;
    if (l.edge === 1 && v.off >= 0) return false;
    const lk = `${l.axis}${l.i}`;
    const h = (salt: string): number => hashUnit(this.seed, 'net', salt, lk);
    if (this.isBridge(l, s)) return v.key === 'w' || v.key === 'wm' || v.key === 'es' || v.key === 't' || v.key === 'c' || v.key === 'e';
    const z = this.zone(l, s);
    const sparse = z === 'rural' || z === 'forest';
    const houses = z === 'suburb' || sparse;
    const hs = hashUnit(this.seed, 'netseg', lk, s, v.key);
    switch (v.key) {
      case 'w': return !sparse || hs < 0.45;
      case 'wm': return l.major;
      case 'k': return !sparse || hs < 0.3;
      case 'km': return l.major && z !== 'rural';
      // house areas mostly drain rainwater on site
      case 'd': return z !== 'oldtown' && z !== 'rynek' && (!houses || h('d') < (sparse ? 0.2 : 0.5));
      case 'g': return h('g') < (houses ? 0.75 : 0.85) && z !== 'forest';
      case 'gm': return l.major && h('gm') < 0.5;
      case 'c': return (z === 'inner' || z === 'estate' || z === 'oldtown' || z === 'public') && (l.major || h('c') < 0.7);
      case 'e': return true;
      case 'es': return l.major || l.w >= (houses ? 18 : 16) * M || h('es') < (houses ? 0.15 : 0.3);
      case 't': return !sparse || hs < 0.5;
      case 'ti': return z !== 'rural' && h('ti') < (houses ? 0.15 : 0.35);
      case 'x': return h('x') < 0.06 && !sparse;
    }
  }

  /** Does line l carry v on either segment next to cross line q? */
  private carriesAt(l: Line, q: number, v: Variant): boolean {
    return this.carries(l, q - 1, v) || this.carries(l, q, v);
  }

  /** Split coordinate (along l) where l meets cross line index q, for variant v. */
  private split(l: Line, q: number, v: Variant): number {
    const b = this.cross(l)[q] as Line;
    const same = VARIANTS.filter((u) => u.rodzaj === v.rodzaj);
    const pref = [v, ...same.filter((u) => u !== v)];
    for (const u of pref) if (this.carriesAt(b, l.i, u)) return mainPos(b, u);
    return b.c;
  }

  private pt(l: Line, v: Variant, t: number): Pt {
    const p = mainPos(l, v);
    return l.axis === 'x' ? [p, t] : [t, p];
  }

  /** Attributes of a segment: pure function of (line, variant, segment). */
  attrs(l: Line, s: number, v: Variant): Omit<LineRow, 'geom'> {
    const lk = `${l.axis}${l.i}`;
    const r = rngFor(this.seed, 'gattr', lk, v.key, Math.floor(s / 4)); // a run of ~4 blocks shares pipe data
    const rs = rngFor(this.seed, 'gstat', lk, v.key, s);
    const bridge = this.isBridge(l, s);
    const z = bridge ? 'inner' : this.zone(l, s);
    let status: Status = rs.weighted<Status>([['istniejący', 0.93], ['projektowany', 0.04], ['nieczynny', 0.03]]);
    const overhead = !bridge && (z === 'suburb' || z === 'rural') && hashUnit(this.seed, 'overhead', lk) < 0.35;
    const base: Omit<LineRow, 'geom'> = {
      rodzaj: v.rodzaj, funkcja: 'rozdzielczy', srednica: null, material: null, cisnienie: null, napiecie: null,
      operator: v.operator, status, przebieg: bridge ? 'nadziemny' : 'podziemny', glebokosc: null,
    };
    const depth = (a: number, b: number): number | null => (bridge ? null : Math.round(r.range(a, b) * 100) / 100);
    switch (v.key) {
      case 'w':
        return { ...base, srednica: r.pick(z === 'suburb' || z === 'rural' ? [90, 110, 125, 160] : [110, 150, 160, 200, 225, 250]), material: r.weighted([['żeliwo sferoidalne', 0.35], ['PE', 0.35], ['PVC', 0.2], ['stal', 0.1]]), glebokosc: depth(1.5, 2.0) };
      case 'wm':
        return { ...base, funkcja: 'magistralny', srednica: r.pick([400, 500, 600]), material: r.pick(['stal', 'żeliwo sferoidalne']), glebokosc: depth(2.0, 2.8) };
      case 'k': {
        const old = z === 'oldtown' || z === 'inner';
        if (status === 'istniejący' && old && rs.chance(0.02)) status = 'nieczynny';
        return { ...base, status, srednica: r.pick(old ? [250, 300, 400, 500, 600] : [200, 250, 300]), material: old ? r.weighted([['kamionka', 0.55], ['beton', 0.3], ['PVC', 0.15]]) : r.weighted([['PVC', 0.6], ['kamionka', 0.25], ['beton', 0.15]]), glebokosc: depth(2.5, 4.0) };
      }
      case 'km':
        return { ...base, funkcja: 'magistralny', srednica: r.pick([800, 1000, 1200]), material: 'beton', glebokosc: depth(3.4, 4.0) };
      case 'd':
        return { ...base, srednica: r.pick([300, 400, 500, 600]), material: r.weighted([['beton', 0.5], ['PVC', 0.35], ['kamionka', 0.15]]), glebokosc: depth(1.8, 3.0) };
      case 'g': {
        const steel = r.chance(0.2);
        return { ...base, srednica: steel ? r.pick([100, 125, 150]) : r.pick([40, 63, 90, 110, 125, 160]), material: steel ? 'stal' : 'PE', cisnienie: r.chance(0.6) ? 'niskie' : 'średnie', glebokosc: depth(0.9, 1.3) };
      }
      case 'gm':
        return { ...base, funkcja: 'magistralny', srednica: r.pick([200, 250, 300]), material: 'stal', cisnienie: r.chance(0.7) ? 'podwyższone średnie' : 'średnie', glebokosc: depth(1.2, 1.6) };
      case 'c':
        return l.major
          ? { ...base, funkcja: 'magistralny', srednica: r.pick([300, 400, 500]), material: 'stal', glebokosc: depth(1.2, 1.8) }
          : { ...base, srednica: r.pick([100, 125, 150, 200, 250]), material: 'stal', glebokosc: depth(1.0, 1.5) };
      case 'e':
        return overhead
          ? { ...base, material: r.pick(['Al', 'Al']), napiecie: 'nn', przebieg: 'nadziemny', glebokosc: null }
          : { ...base, material: r.pick(['Al', 'Cu']), napiecie: 'nn', glebokosc: depth(0.8, 1.0) };
      case 'es':
        return { ...base, material: r.pick(['Al', 'Cu']), napiecie: 'SN', glebokosc: depth(0.9, 1.2), funkcja: l.major ? 'magistralny' : 'rozdzielczy' };
      case 't':
        return r.chance(0.6)
          ? { ...base, srednica: 110, material: 'PVC', glebokosc: depth(0.8, 1.0) }
          : { ...base, material: r.pick(['Cu', 'światłowód']), glebokosc: depth(0.8, 1.0) };
      case 'ti':
        return { ...base, srednica: 40, material: 'światłowód', glebokosc: depth(0.8, 1.0) };
      case 'x':
        return { ...base, srednica: 110, material: 'PE', glebokosc: depth(0.8, 1.0) };
    }
  }

  /** All network segments of line l on segment s, with their devices. */
  segment(l: Line, s: number, sink: GesutSink): void {
    const lk = `${l.axis}${l.i}`;
    for (const v of VARIANTS) {
      if (!this.carries(l, s, v)) continue;
      const a = this.split(l, s, v);
      const b = this.split(l, s + 1, v);
      if (a === b) continue;
      const at = this.attrs(l, s, v);
      const op = `${lk}:${s}:${v.key}`;
      sink.line({ geom: [this.pt(l, v, a), this.pt(l, v, b)], ...at, op });
      // devices along the segment
      const r = rngFor(this.seed, 'gdev', lk, v.key, s);
      const len = b - a;
      const dev = (t: number, kind: Device): void => sink.device({ p: this.pt(l, v, Math.round(t)), rodzaj: v.rodzaj, kind, operator: v.operator, status: at.status, op });
      const every = (first: [number, number], step: [number, number], kind: Device): void => {
        for (let t = a + r.range(first[0], first[1]) * M; t < b - 8 * M; t += r.range(step[0], step[1]) * M) dev(t, kind);
      };
      switch (v.key) {
        case 'w': every([25, 60], [90, 130], 'hydrant'); break;
        case 'k': case 'km': every([30, 50], [30, 55], 'studzienka'); break;
        case 'd': {
          every([35, 55], [40, 60], 'studzienka');
          this.inlets(l, s, v, a, b, { ...at, op }, r, sink);
          break;
        }
        case 'e':
          if (at.przebieg === 'nadziemny') every([15, 25], [30, 40], 'słup');
          else every([40, 80], [90, 150], 'szafka kablowa');
          break;
        case 'es':
          if (r.chance(Math.min(0.9, len / (450 * M)))) dev(a + len * r.range(0.3, 0.7), 'stacja transformatorowa');
          break;
        case 't': every([40, 70], [90, 130], 'studzienka'); break;
        case 'gm':
          if (r.chance(0.08)) dev(a + len * r.range(0.3, 0.7), 'punkt redukcyjny');
          break;
        default: break;
      }
    }
  }

  /** Storm inlets at the kerb, each drained by a short connection to the storm sewer. */
  private inlets(l: Line, s: number, v: Variant, a: number, b: number, at: Omit<LineRow, 'geom'>, r: Rng, sink: GesutSink): void {
    if (this.isBridge(l, s)) return;
    const half = l.w / 2;
    const kerb = half - Math.min(4 * M, 0.3 * half);
    let side = r.chance(0.5) ? 1 : -1;
    for (let t = a + r.range(12, 25) * M; t < b - 10 * M; t += r.range(30, 50) * M) {
      side = -side;
      if ((l.edge === -1 && side < 0) || (l.edge === 1 && side > 0)) continue;
      const tt = Math.round(t);
      const main = this.pt(l, v, tt);
      const k = Math.round(l.c + side * kerb);
      const end: Pt = l.axis === 'x' ? [k, tt] : [tt, k];
      sink.line({ ...at, geom: [end, main], funkcja: 'przyłącze', srednica: r.pick([150, 200]), material: r.pick(['PVC', 'kamionka']), glebokosc: at.glebokosc === null ? null : 1.5 });
      sink.device({ p: end, rodzaj: 'deszczowa', kind: 'wpust', operator: at.operator, status: at.status, op: at.op });
    }
  }

  /** Devices at the nodes where networks of y-line j and x-line k meet. */
  nodes(k: number, j: number, sink: GesutSink): void {
    const xl = this.L.xs[k] as Line;
    const yl = this.L.ys[j] as Line;
    const seen = new Set<string>();
    const r = rngFor(this.seed, 'gnode', k, j);
    for (const v of VARIANTS) {
      const pts: Array<{ p: Pt; status: Status }> = [];
      if (this.carriesAt(xl, j, v)) pts.push({ p: this.pt(xl, v, this.split(xl, j, v)), status: this.attrs(xl, this.carries(xl, j, v) ? j : j - 1, v).status });
      if (this.carriesAt(yl, k, v)) pts.push({ p: this.pt(yl, v, this.split(yl, k, v)), status: this.attrs(yl, this.carries(yl, k, v) ? k : k - 1, v).status });
      for (const { p, status } of pts) {
        const key = `${v.rodzaj}:${p[0]}:${p[1]}`;
        if (seen.has(key)) continue;
        seen.add(key);
        let kind: Device | null = null;
        switch (v.rodzaj) {
          case 'wodociągowa': kind = 'zasuwa'; break;
          case 'kanalizacyjna': case 'deszczowa': kind = 'studzienka'; break;
          case 'ciepłownicza': kind = 'komora'; break;
          case 'gazowa': kind = r.chance(0.4) ? 'zawór' : null; break;
          case 'telekomunikacyjna': kind = r.chance(0.3) ? 'studzienka' : null; break;
          default: kind = null;
        }
        if (kind) sink.device({ p, rodzaj: v.rodzaj, kind, operator: v.operator, status });
      }
    }
  }

  /** Service connections of a building from the mains in its street to its front wall. */
  connections(b: BuildingDraft, key: string, sink: GesutSink): void {
    const f: FrontWall | null = b.front;
    if (!f) return;
    const l = f.line;
    const r = rngFor(this.seed, 'conn', key);
    const wanted: VKey[] = ['w', 'k', 'e'];
    if (r.chance(f.small ? 0.4 : 0.5)) wanted.push('g');
    if (!f.small && r.chance(0.7)) wanted.push('c');
    if (r.chance(f.small ? 0.15 : 0.5)) wanted.push('t');
    const cr = this.cross(l);
    const segAt = (t: number): number => {
      for (let q = 0; q < cr.length - 1; q++) if (t >= (cr[q] as Line).c && t < (cr[q + 1] as Line).c) return q;
      return cr.length - 2;
    };
    const list = wanted.map((k) => BY_KEY.get(k) as Variant).filter((v) => this.carries(l, segAt((f.a + f.b) / 2), v));
    if (!list.length) return;
    const trees = streetTrees(this.L, l, f.a - 2 * M, f.b + 2 * M).map((t) => t.t);
    const span = f.b - f.a;
    list.forEach((v, i) => {
      const base = Math.round((f.a + (span * (i + 1)) / (list.length + 1)) / 10) * 10;
      // keep clear of street trees' root balls
      const t = [0, 1800, -1800, 3200, -3200].map((d) => base + d).find((c) => !trees.some((q) => Math.abs(q - c) < 1.5 * M)) ?? base;
      if (t <= f.a + 300 || t >= f.b - 300) return;
      const s = segAt(t);
      if (!this.carries(l, s, v)) return;
      const main = this.pt(l, v, t);
      const wall: Pt = l.axis === 'x' ? [f.wall, t] : [t, f.wall];
      const at = this.attrs(l, s, v);
      const small = f.small;
      const row: LineRow = { ...at, geom: [main, wall], funkcja: 'przyłącze', przebieg: 'podziemny', status: r.chance(0.97) ? 'istniejący' : 'projektowany', op: key };
      switch (v.key) {
        case 'w': Object.assign(row, { srednica: small ? r.pick([32, 40, 50]) : r.pick([63, 90, 110]), material: 'PE', glebokosc: 1.5 }); break;
        case 'k': Object.assign(row, { srednica: small ? 160 : r.pick([160, 200]), material: r.pick(['PVC', 'kamionka']), glebokosc: Math.round(r.range(1.6, 2.6) * 100) / 100 }); break;
        case 'e': Object.assign(row, { material: r.pick(['Al', 'Cu']), napiecie: 'nn', glebokosc: 0.8 }); break;
        case 'g': Object.assign(row, { srednica: small ? r.pick([25, 32]) : r.pick([32, 40, 63]), material: 'PE', cisnienie: at.cisnienie ?? 'niskie', glebokosc: 0.9 }); break;
        case 'c': Object.assign(row, { srednica: r.pick([40, 50, 65, 80, 100]), material: 'stal', glebokosc: 1.0 }); break;
        case 't': Object.assign(row, { srednica: null, material: r.pick(['światłowód', 'Cu']), glebokosc: 0.8 }); break;
        default: break;
      }
      sink.line(row);
    });
  }
}
