// Building attributes: KŚT class, storeys, year, roof and heights, by zone.
// KŚT classes (Klasyfikacja Środków Trwałych, group 1): 101 industrial, 103 retail
// and services, 104 storage, 105 offices, 106 health care, 107 education/culture/
// sport, 108 agricultural, 109 other non-residential (churches, garages),
// 110 residential (tenements, blocks of flats and houses alike).

import { M, type Ring } from './geom.ts';
import type { BuildingDraft, FrontWall } from './model.ts';
import type { Rng } from './rng.ts';
import type { RoofKind } from './terrain.ts';

type Kst = BuildingDraft['kst'];

/** Roof rise (m) for a span (m) by roof kind: pitched roofs ~40°, capped. */
export function roofRise(roof: RoofKind, span: number, r: Rng): number {
  const k = r.range(0.9, 1.1);
  switch (roof) {
    case 'płaski': return 0;
    case 'jednospadowy': return clamp(0.18 * span * k, 1.2, 3.5);
    case 'dwuspadowy': return clamp(0.42 * span * k, 2.5, 8.5); // (span/2)·tan 40°
    case 'czterospadowy': return clamp(0.35 * span * k, 2.5, 6.5);
    case 'mansardowy': return clamp(0.4 * span * k, 3.5, 6.5);
  }
}

const clamp = (v: number, a: number, b: number): number => Math.max(a, Math.min(b, v));

export interface BuildingSpec {
  ring: Ring;
  kst: Kst;
  storeys: number;
  year: number | null;
  roof: RoofKind;
  /** shortest horizontal span of the roof, m (footprint depth) */
  span: number;
  street: string | null;
  number: string | null;
  front?: FrontWall | null;
  basements?: number;
  /** storey height, m (default 3.1) */
  storeyH?: number;
  /** fixed eaves height for halls and churches, m */
  eaves?: number;
  status?: BuildingDraft['status'];
}

export function building(s: BuildingSpec, r: Rng): BuildingDraft {
  const plinth = s.kst === '110' || s.kst === '103' || s.kst === '105' ? r.range(0.3, 1.0) : r.range(0.1, 0.4);
  const eaves = s.eaves ?? s.storeys * (s.storeyH ?? 3.1) * r.range(0.97, 1.04) + plinth;
  const ridge = eaves + roofRise(s.roof, s.span, r);
  let status: BuildingDraft['status'] = s.status ?? 'istniejący';
  let year = s.year;
  if (!s.status && year !== null && year >= 2023 && r.chance(0.5)) {
    status = 'w budowie';
    year = null;
  }
  return {
    ring: s.ring,
    kst: s.kst,
    storeys: s.storeys,
    basements: s.basements ?? 0,
    status,
    year,
    street: s.street,
    number: s.number,
    roof: s.roof,
    eaves: round2(eaves),
    ridge: round2(ridge),
    front: s.front ?? null,
  };
}

export const round2 = (v: number): number => Math.round(v * 100) / 100;

/** Year of completion of an Old Town / inner-city tenement. */
export function tenementYear(zone: 'oldtown' | 'inner', r: Rng): number {
  if (zone === 'oldtown') {
    return r.weighted<() => number>([
      [() => r.int(1450, 1795), 0.12],
      [() => r.int(1800, 1913), 0.43],
      [() => r.int(1946, 1965), 0.37], // post-war reconstruction of the Old Town
      [() => r.int(1966, 2024), 0.08],
    ])();
  }
  return r.weighted<() => number>([
    [() => r.int(1860, 1913), 0.58],
    [() => r.int(1914, 1939), 0.16],
    [() => r.int(1950, 1989), 0.11],
    [() => r.int(1990, 2024), 0.15],
  ])();
}

export function tenementRoof(year: number, r: Rng): RoofKind {
  if (year < 1914) return r.weighted<RoofKind>([['dwuspadowy', 0.6], ['mansardowy', 0.28], ['czterospadowy', 0.07], ['płaski', 0.05]]);
  if (year < 1966) return r.weighted<RoofKind>([['dwuspadowy', 0.62], ['mansardowy', 0.08], ['płaski', 0.3]]);
  return r.weighted<RoofKind>([['płaski', 0.8], ['dwuspadowy', 0.15], ['jednospadowy', 0.05]]);
}

export function houseYear(r: Rng): number {
  return r.weighted<() => number>([
    [() => r.int(1905, 1939), 0.18],
    [() => r.int(1950, 1989), 0.3],
    [() => r.int(1990, 2009), 0.28],
    [() => r.int(2010, 2025), 0.24],
  ])();
}

export function houseRoof(year: number, r: Rng): RoofKind {
  if (year < 1990) return r.weighted<RoofKind>([['dwuspadowy', 0.55], ['czterospadowy', 0.3], ['płaski', 0.1], ['mansardowy', 0.05]]);
  return r.weighted<RoofKind>([['dwuspadowy', 0.45], ['czterospadowy', 0.3], ['płaski', 0.2], ['jednospadowy', 0.05]]);
}

/** Metres from integer mm. */
export const mFrom = (v: number): number => v / M;
