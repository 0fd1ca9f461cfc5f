// Planned buildings from building permits (sip.budynki_projektowane): placed on
// vacant plots (OFU Bp), so they never overlap an existing building.

import { roofRise } from './buildings.ts';
import { M, ewktMultiPolygon, mm, rectRing, ringBBox, ringCentroid, type Frame, type Pt } from './geom.ts';
import type { PlannedDraft } from './model.ts';
import type { Rng } from './rng.ts';
import type { Cell } from './writer.ts';

const m = (metres: number): number => mm(metres);

export function plannedTenement(f: Frame, zone: 'oldtown' | 'inner', municipal: boolean, r: Rng): PlannedDraft {
  const depth = Math.min(f.D - m(3), m(r.range(12, 16)));
  const kind = municipal
    ? { kst: '110' as const, investor: 'gmina' as const, name: 'Budynek mieszkalny wielorodzinny komunalny z lokalami usługowymi w parterze' }
    : r.weighted<{ kst: PlannedDraft['kst']; investor: PlannedDraft['investor']; name: string }>([
      [{ kst: '110', investor: 'deweloper', name: 'Budynek mieszkalny wielorodzinny z usługami w parterze i garażem podziemnym' }, 0.5],
      [{ kst: '103', investor: 'inny', name: zone === 'oldtown' ? 'Hotel z restauracją w parterze' : 'Budynek usługowo-handlowy' }, 0.2],
      [{ kst: '105', investor: 'deweloper', name: 'Budynek biurowy z usługami w parterze' }, 0.2],
      [{ kst: '110', investor: 'spółdzielnia mieszkaniowa', name: 'Budynek mieszkalny wielorodzinny' }, 0.1],
    ]);
  return {
    ring: rectRing(f.box(0, 0, f.W, depth)), kst: kind.kst,
    storeys: zone === 'oldtown' ? r.int(3, 5) : r.int(4, 7), basements: r.int(0, 2),
    roof: zone === 'oldtown' ? r.pick(['dwuspadowy', 'mansardowy'] as const) : r.pick(['płaski', 'płaski', 'dwuspadowy'] as const),
    investor: kind.investor, name: kind.name,
  };
}

export function plannedHouse(f: Frame, sb: number, gap: number, hw: number, hd: number, r: Rng): PlannedDraft {
  const twin = r.chance(0.25);
  return {
    ring: rectRing(f.box(gap, sb, gap + hw, sb + hd)), kst: '110', storeys: r.int(1, 2), basements: r.chance(0.3) ? 1 : 0,
    roof: r.pick(['dwuspadowy', 'czterospadowy', 'płaski'] as const), investor: 'osoba fizyczna',
    name: twin ? 'Budynek mieszkalny jednorodzinny w zabudowie bliźniaczej' : 'Budynek mieszkalny jednorodzinny wolnostojący z garażem',
  };
}

/** Permit numbers (UA-IV.6740.<n>.<year>), dates and status; rows of sip.budynki_projektowane. */
export class Permits {
  private readonly seq = new Map<number, number>();
  private readonly r: Rng;

  /** r: a stream for the permit register's running numbers */
  constructor(r: Rng) {
    this.r = r;
  }

  row(p: PlannedDraft, parcelId: string, ground: (pt: Pt) => number, r: Rng): Cell[] {
    const year = r.weighted([[2023, 0.22], [2024, 0.28], [2025, 0.32], [2026, 0.18]]);
    const seq = (this.seq.get(year) ?? this.r.int(40, 160)) + this.r.int(3, 45);
    this.seq.set(year, seq);
    const month = year === 2026 ? r.int(1, 6) : r.int(1, 12);
    const date = `${year}-${String(month).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`;
    // a permit expires after 3 years if building has not started
    const status = year === 2026 ? 'pozwolenie wydane'
      : year === 2025 ? r.weighted([['pozwolenie wydane', 0.6], ['w budowie', 0.4]])
      : year === 2024 ? r.weighted([['pozwolenie wydane', 0.2], ['w budowie', 0.6], ['zakończony', 0.2]])
      : r.weighted([['pozwolenie wydane', 0.15], ['w budowie', 0.4], ['zakończony', 0.3], ['pozwolenie wygasło', 0.15]]);
    const bb = ringBBox(p.ring);
    const span = Math.min(bb.x1 - bb.x0, bb.y1 - bb.y0) / M;
    const height = p.storeys * 3.1 + 0.6 + roofRise(p.roof, span, r);
    const time = `${String(r.int(8, 15)).padStart(2, '0')}:${String(r.int(0, 59)).padStart(2, '0')}:00+00`;
    return [
      `UA-IV.6740.${seq}.${year}`, date, 'Prezydent Miasta Poznania', p.investor, p.name, p.kst, p.storeys, p.basements,
      height.toFixed(2), ground(ringCentroid(p.ring)).toFixed(2), p.roof, parcelId, status, `${date} ${time}`, ewktMultiPolygon([[p.ring]]),
    ];
  }
}
