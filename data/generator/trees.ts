// Trees: street alleys along wide streets, park stands, riverside willows and
// poplars, courtyard and garden trees. Height, crown and girth all follow from
// species and age, so they stay consistent with each other.

import { M, type Rect } from './geom.ts';
import type { Layout, Line } from './layout.ts';
import { MARKET_X, MARKET_Y } from './config.ts';
import { SPECIES, type SpeciesKey } from './names.ts';
import type { TreeDraft } from './model.ts';
import { hash32, hashUnit, type Rng } from './rng.ts';

export interface TreeAttrs {
  wysokosc: number;
  srednicaKorony: number;
  obwodPnia: number;
  stan: 'dobry' | 'średni' | 'zły' | 'martwy';
}

/** Deterministic attributes of a tree from species, age and its own stream. */
export function treeAttrs(t: TreeDraft, r: Rng): TreeAttrs {
  const sp = SPECIES[t.species];
  const stan = r.weighted<TreeAttrs['stan']>(
    t.age > 80
      ? [['dobry', 0.5], ['średni', 0.32], ['zły', 0.14], ['martwy', 0.04]]
      : [['dobry', 0.76], ['średni', 0.18], ['zły', 0.05], ['martwy', 0.01]],
  );
  const h = Math.max(2, sp.hMax * (1 - Math.exp(-t.age / 32)) * r.range(0.86, 1.08));
  let crown = h * sp.crown * r.range(0.85, 1.15);
  if (stan === 'martwy') crown *= 0.45;
  else if (stan === 'zły') crown *= 0.75;
  const girth = Math.max(6, sp.girthRate * t.age * r.range(0.85, 1.15));
  return {
    wysokosc: Math.min(60, Math.round(h * 10) / 10),
    srednicaKorony: Math.min(40, Math.max(0.5, Math.round(crown * 10) / 10)),
    obwodPnia: Math.min(1500, Math.round(girth)),
    stan,
  };
}

const ALLEY: readonly SpeciesKey[] = ['lipa', 'klon', 'kasztanowiec', 'platan', 'robinia', 'lipa', 'klon', 'jesion'];

/** Alley trees of a street: positions along the line (absolute, mm) and side (±1). */
export interface StreetTree {
  t: number;
  side: 1 | -1;
  species: SpeciesKey;
  age: number;
}

export function hasAlley(l: Line): boolean {
  if (l.w < 18 * M || l.corridor !== 0) return false;
  const mx = MARKET_X * M;
  const my = MARKET_Y * M;
  // the medieval centre has no street trees
  return Math.abs((l.axis === 'x' ? l.c - mx : l.c - my)) > 350 * M || l.major;
}

/** Offset of a tree row from the centre line, as a fraction of the half width. */
export const ALLEY_OFFSET = 0.68;

/**
 * Street trees of line l with along-coordinates in [from, to]. A pure function of
 * the line, so service connections can avoid the same positions.
 */
export function streetTrees(layout: Layout, l: Line, from: number, to: number): StreetTree[] {
  if (!hasAlley(l)) return [];
  const seed = layout.cfg.seed;
  const lineKey = `${l.axis}${l.i}`;
  const spacing = (8 + 4 * hashUnit(seed, 'alley-sp', lineKey)) * M;
  const phase = hashUnit(seed, 'alley-ph', lineKey) * spacing;
  const species = ALLEY[hash32(seed, 'alley-sp', lineKey) % ALLEY.length] as SpeciesKey;
  const planted = 1950 + Math.floor(60 * hashUnit(seed, 'alley-yr', lineKey));
  const cross = l.axis === 'x' ? layout.ys : layout.xs;
  const out: StreetTree[] = [];
  const k0 = Math.ceil((from - phase) / spacing);
  const k1 = Math.floor((to - phase) / spacing);
  for (let k = k0; k <= k1; k++) {
    const t = Math.round(phase + k * spacing);
    // keep 5 m clear of crossing streets
    if (cross.some((c) => Math.abs(t - c.c) < c.w / 2 + 5 * M)) continue;
    for (const side of [1, -1] as const) {
      if (l.edge === -1 && side === -1) continue;
      if (l.edge === 1 && side === 1) continue;
      const u = hashUnit(seed, 'alley-t', lineKey, k, side);
      if (u < 0.12) continue; // gaps: removed or never planted
      const replanted = u > 0.9;
      const age = replanted ? 3 + Math.floor(12 * hashUnit(seed, 'alley-a', lineKey, k, side)) : 2025 - planted + Math.floor(8 * (u - 0.5));
      out.push({ t, side, species: replanted ? 'klon' : species, age: Math.max(3, age) });
    }
  }
  return out;
}

/** Scatter trees over a rectangle on a jittered grid, avoiding rectangles (buildings). */
export function scatter(area: Rect, spacing: number, p: number, avoid: readonly Rect[], pool: ReadonlyArray<readonly [SpeciesKey, number]>, ages: [number, number], r: Rng): TreeDraft[] {
  const out: TreeDraft[] = [];
  const margin = 2 * M;
  for (let y = area.y0 + spacing / 2; y < area.y1 - margin; y += spacing) {
    for (let x = area.x0 + spacing / 2; x < area.x1 - margin; x += spacing) {
      if (!r.chance(p)) continue;
      const tx = Math.round(x + (r.next() - 0.5) * spacing * 0.6);
      const ty = Math.round(y + (r.next() - 0.5) * spacing * 0.6);
      if (tx <= area.x0 + margin || tx >= area.x1 - margin || ty <= area.y0 + margin || ty >= area.y1 - margin) continue;
      if (avoid.some((b) => tx > b.x0 - 2 * M && tx < b.x1 + 2 * M && ty > b.y0 - 2 * M && ty < b.y1 + 2 * M)) continue;
      out.push({ x: tx, y: ty, species: r.weighted(pool), age: r.int(ages[0], ages[1]) });
    }
  }
  return out;
}

export const PARK_SPECIES: ReadonlyArray<readonly [SpeciesKey, number]> = [
  ['lipa', 0.2], ['klon', 0.16], ['kasztanowiec', 0.12], ['dab', 0.14], ['grab', 0.1], ['jesion', 0.08],
  ['brzoza', 0.08], ['platan', 0.06], ['robinia', 0.04], ['sosna', 0.02],
];

export const YARD_SPECIES: ReadonlyArray<readonly [SpeciesKey, number]> = [
  ['klon', 0.25], ['lipa', 0.15], ['kasztanowiec', 0.12], ['brzoza', 0.18], ['robinia', 0.12], ['grab', 0.1], ['jesion', 0.08],
];

export const RIVER_SPECIES: ReadonlyArray<readonly [SpeciesKey, number]> = [
  ['wierzba', 0.45], ['topola', 0.2], ['olsza', 0.2], ['jesion', 0.15],
];
