// Block subdivision ("perimeter" layout, used for the Old Town, tenement quarters,
// house quarters and fields): rows of frontage plots along the two long sides,
// full length; if the block is deep, rows along the short sides in the remaining
// band, and the inner core becomes courtyard (or back-land) parcels. Old Town
// plots come out narrow and deep, like medieval burgage plots.

import { M, mm, type Rect } from './geom.ts';
import type { Side } from './layout.ts';
import type { Rng } from './rng.ts';

export interface PlotRect {
  rect: Rect;
  /** the street side the plot faces */
  front: Side;
  /** corner plots also face this street */
  corner: Side | null;
  /** inner courtyard / back land without frontage */
  core: boolean;
}

/** Plot frontage width and depth ranges, metres. */
export interface PlotSpec {
  fw: [number, number];
  fd: [number, number];
}

export const SPEC: Record<'oldtown' | 'inner' | 'suburb' | 'terrace' | 'rural', PlotSpec> = {
  oldtown: { fw: [8, 20], fd: [25, 60] },
  inner: { fw: [14, 30], fd: [25, 45] },
  suburb: { fw: [15, 25], fd: [24, 40] },
  terrace: { fw: [7, 9.5], fd: [26, 36] },
  rural: { fw: [16, 45], fd: [45, 140] },
};

const CORE_MIN = mm(12);

/** Split a length (mm) into pieces of fw metres (±), cut positions on a cm grid. */
export function splitLength(len: number, fw: [number, number], r: Rng, fixedN?: number): number[] {
  const mean = ((fw[0] + fw[1]) / 2) * r.range(0.92, 1.08) * M;
  const n = fixedN ?? Math.max(1, Math.round(len / mean));
  const w: number[] = [];
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = r.range(0.72, 1.28);
    w.push(v);
    sum += v;
  }
  const cuts = [0];
  let acc = 0;
  for (let i = 0; i < n - 1; i++) {
    acc += w[i] as number;
    cuts.push(Math.round((len * acc) / sum / 10) * 10);
  }
  cuts.push(len);
  return cuts;
}

/** Perimeter subdivision of a block; see the header comment. */
export function perimeter(R: Rect, spec: PlotSpec, fronts: Set<Side>, r: Rng, withCore = true): PlotRect[] {
  const W = R.x1 - R.x0;
  const H = R.y1 - R.y0;
  const hOK = fronts.has('N') && fronts.has('S');
  const vOK = fronts.has('W') && fronts.has('E');
  let horiz = W >= H;
  if (horiz && !hOK && vOK) horiz = false;
  if (!horiz && !vOK && hOK) horiz = true;
  if (horiz) return perimH(R, spec, fronts, r, withCore);
  const t = (q: Rect): Rect => ({ x0: q.y0, y0: q.x0, x1: q.y1, y1: q.x1 });
  const map: Record<Side, Side> = { N: 'E', E: 'N', S: 'W', W: 'S' };
  const tf = new Set<Side>([...fronts].map((s) => map[s]));
  return perimH(t(R), spec, tf, r, withCore).map((p) => ({ rect: t(p.rect), front: map[p.front], corner: p.corner ? map[p.corner] : null, core: p.core }));
}

/** Perimeter subdivision with the primary rows along the north and south sides. */
function perimH(R: Rect, spec: PlotSpec, fronts: Set<Side>, r: Rng, withCore: boolean): PlotRect[] {
  const W = R.x1 - R.x0;
  const H = R.y1 - R.y0;
  const dmin = mm(spec.fd[0]);
  const dmax = mm(spec.fd[1]);
  const out: PlotRect[] = [];
  const rowX = (y0: number, y1: number, front: Side): void => {
    const cuts = splitLength(W, spec.fw, r);
    for (let i = 0; i < cuts.length - 1; i++) {
      const corner: Side | null = i === 0 && fronts.has('W') ? 'W' : i === cuts.length - 2 && fronts.has('E') ? 'E' : null;
      out.push({ rect: { x0: R.x0 + (cuts[i] as number), y0, x1: R.x0 + (cuts[i + 1] as number), y1 }, front, corner: cuts.length === 2 ? null : corner, core: false });
    }
  };
  const rowY = (x0: number, x1: number, y0: number, y1: number, front: Side): void => {
    const cuts = splitLength(y1 - y0, spec.fw, r);
    for (let i = 0; i < cuts.length - 1; i++) out.push({ rect: { x0, y0: y0 + (cuts[i] as number), x1, y1: y0 + (cuts[i + 1] as number) }, front, corner: null, core: false });
  };
  const frac = (v: number, a: number, b: number): number => Math.round((v * r.range(a, b)) / 10) * 10;
  if (H < 1.3 * dmin || !(fronts.has('N') && fronts.has('S'))) {
    // through plots (narrow block): full depth, facing one street
    rowX(R.y0, R.y1, fronts.has('S') ? (fronts.has('N') && r.chance(0.5) ? 'N' : 'S') : 'N');
    return out;
  }
  if (H <= 2 * dmax + CORE_MIN || !withCore) {
    const dS = frac(H, 0.42, 0.58);
    rowX(R.y0, R.y0 + dS, 'S');
    rowX(R.y0 + dS, R.y1, 'N');
    return out;
  }
  const dS = Math.round(r.range(dmin, dmax) / 10) * 10;
  const dN = Math.round(r.range(dmin, dmax) / 10) * 10;
  rowX(R.y0, R.y0 + dS, 'S');
  rowX(R.y1 - dN, R.y1, 'N');
  const b0 = R.y0 + dS;
  const b1 = R.y1 - dN;
  let eW = fronts.has('W') ? Math.round(r.range(dmin, dmax) / 10) * 10 : 0;
  let eE = fronts.has('E') ? Math.round(r.range(dmin, dmax) / 10) * 10 : 0;
  if (eW + eE + CORE_MIN > W) {
    if (eW && eE) {
      eW = frac(W, 0.42, 0.58);
      eE = W - eW;
    } else if (eW) eW = W;
    else if (eE) eE = W;
  }
  if (eW) rowY(R.x0, R.x0 + eW, b0, b1, 'W');
  if (eE) rowY(R.x1 - eE, R.x1, b0, b1, 'E');
  const c0 = R.x0 + eW;
  const c1 = R.x1 - eE;
  if (c1 > c0) {
    const cuts = splitLength(c1 - c0, [35, 70], r);
    for (let i = 0; i < cuts.length - 1; i++) out.push({ rect: { x0: c0 + (cuts[i] as number), y0: b0, x1: c0 + (cuts[i + 1] as number), y1: b1 }, front: 'N', corner: null, core: true });
  }
  return out;
}
