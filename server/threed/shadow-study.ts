// The shadow study of a planned building: for each time step of the studied day(s), which sample points — a ground
// grid over the neighbouring parcels and points on the neighbours' facades — had direct sun before and lose it with
// the planned building. Sun is lost when the ray towards the sun hits the planned building and neither the terrain
// nor an existing building blocked it already. The investment's own parcels are reported apart; the facades of
// residential neighbours are judged against the hours of sun a room needs. Source: Rozporządzenie Ministra
// Infrastruktury z dnia 12 kwietnia 2002 r. w sprawie warunków technicznych, jakim powinny odpowiadać budynki i ich
// usytuowanie (t.j. Dz.U. 2022 poz. 1225), §60 ust. 1: living rooms at least 3 hours of sun "w dniach równonocy"
// (21 March / 21 September; the dates themselves were dropped from the text in 2018) between 7:00 and 17:00, in a
// flat of several rooms for one room at least; §60 ust. 2: 1.5 hours in downtown development (zabudowa
// śródmiejska); §13: distances so that buildings do not shade one another's daylight. We judge each facade at
// sample points (windows are not in the register), which is stricter than "one room per flat": a verdict is a
// pointer for the designer, not the expert opinion. Pure computation over prepared inputs.
import type { BuildingShape, P2, Polygon2 } from './building-shape.ts';
import { triangulate } from './building-mesh.ts';
import { TriangleGrid, terrainBlocks, type V3 } from './raycast.ts';
import { sunVector, type TimeStep } from './sun.ts';
import type { HeightGrid } from './terrain.ts';

export interface StudyBuilding {
  id: string; shape: BuildingShape;
  /** A residential building: its facades are judged against the sunlight threshold (warunki techniczne §60). */
  residential?: boolean;
}
export interface StudyParcel { id: string; polygons: Polygon2[] }
/** One studied day: its date and the time steps (the sun above the minimum altitude, inside the window). */
export interface StudyDay { date: string; steps: readonly TimeStep[] }

export interface StudyInput {
  planned: BuildingShape;
  neighbours: readonly StudyBuilding[];
  parcels: readonly StudyParcel[];
  /** The investment's own parcel(s): reported apart, never as a neighbour losing sun. */
  ownParcels?: ReadonlySet<string>;
  terrain: HeightGrid;
  days: readonly StudyDay[];
  stepMinutes: number;
  /** Hours of direct sun a room needs (3, or 1.5 in downtown development: warunki techniczne §60 ust. 1–2). */
  threshold?: number;
  /** Grid azimuth of true north at the site (geodesy.trueNorthGridAzimuth). */
  trueNorth: number;
  /** Study area [minE, minN, maxE, maxN]. */
  area: [number, number, number, number];
  /** Heat-map cell size, metres. */
  cell: number;
}

export interface ParcelResult { idDzialki: string; samples: number; hoursLostMean: number; hoursLostMax: number; areaAffected: number }

/**
 * How a facade fares against the threshold, judged at each of its sample points on each studied day:
 * `naruszenie` — the planned building takes a point below the threshold that reached it before;
 * `pogorszenie` — a point already below the threshold loses more sun; `niespełnione przed` — a point is below the
 * threshold already without the planned building, which takes nothing from it; `spełnia` — the point keeps at
 * least the threshold. The facade takes its worst point's verdict (VERDICTS order). Only residential buildings are
 * judged.
 */
export type Verdict = 'spełnia' | 'niespełnione przed' | 'pogorszenie' | 'naruszenie';
/** Verdicts from the least to the most the investment's concern (a facade takes its worst point's). */
export const VERDICTS: readonly Verdict[] = ['niespełnione przed', 'spełnia', 'pogorszenie', 'naruszenie'];

export interface FacadeResult {
  idBudynku: string; facade: number; azimuth: number; length: number;
  residential: boolean;
  /** Sample points on the facade (along it × heights). */
  points: number;
  /**
   * The figures of the facade's critical point and day: the worst verdict; among harmful ones the least sun after,
   * otherwise the most sun lost.
   */
  sunHoursBefore: number; sunHoursAfter: number; hoursLost: number; date: string;
  /** Against the threshold (residential buildings only). */
  verdict: Verdict | null;
}
export interface HeatMap {
  /** North-west corner of the first cell (EPSG:2177); rows run southwards. */
  origin: [number, number]; cell: number; width: number; height: number;
  /** Hours of direct sun lost per cell on the worst studied day (0 under the planned building). */
  hoursLost: number[];
  /** Terrain height at each cell centre (PL-EVRF2007-NH), for draping the map over the terrain. */
  ground: number[];
}
export interface StudyResult { parcels: ParcelResult[]; ownParcels: ParcelResult[]; facades: FacadeResult[]; grid: HeatMap; rays: number }

/** A point's verdict from its sun hours before and after, against the threshold. */
export function verdictOf(before: number, after: number, threshold: number): Verdict {
  const eps = 1e-9;
  if (after >= threshold - eps) return 'spełnia';
  if (before >= threshold - eps) return 'naruszenie';
  return after < before - eps ? 'pogorszenie' : 'niespełnione przed';
}

/** Non-ground faces of buildings as a flat triangle list (9 numbers each). */
export function shapeTriangles(shapes: readonly BuildingShape[]): number[] {
  const out: number[] = [];
  for (const s of shapes) for (const f of s.surfaces()) {
    if (f.kind === 'ground') continue;
    const { points, triangles } = triangulate(f);
    for (const i of triangles) out.push(...points[i]!);
  }
  return out;
}

function inRing(p: P2, r: readonly P2[]): boolean {
  let inside = false;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
    const a = r[i]!, b = r[j]!;
    if ((a[1] > p[1]) !== (b[1] > p[1]) && p[0] < ((b[0] - a[0]) * (p[1] - a[1])) / (b[1] - a[1]) + a[0]) inside = !inside;
  }
  return inside;
}

export function inPolygons(p: P2, polys: readonly Polygon2[]): boolean {
  return polys.some((poly) => poly.length > 0 && inRing(p, poly[0]!) && !poly.slice(1).some((h) => inRing(p, h)));
}

export class ShadowCaster {
  readonly planned: TriangleGrid;
  readonly existing: TriangleGrid;
  private readonly maxTerrain: number;
  rays = 0;

  constructor(planned: BuildingShape, neighbours: readonly BuildingShape[], private readonly terrain: HeightGrid) {
    this.planned = new TriangleGrid(shapeTriangles([planned]), 4);
    this.existing = new TriangleGrid(shapeTriangles(neighbours), 8);
    this.maxTerrain = terrain.range()[1];
  }

  /** Sun blocked by the terrain or an existing building. */
  blockedBefore(o: V3, d: V3): boolean {
    this.rays++;
    return this.existing.hits(o, d) || terrainBlocks(this.terrain, this.maxTerrain, o, d);
  }

  /** Sun that reached the point before and is taken by the planned building. */
  lost(o: V3, d: V3): boolean {
    this.rays++;
    return this.planned.hits(o, d) && !this.blockedBefore(o, d);
  }
}

export function runShadowStudy(input: StudyInput): StudyResult {
  const { planned, terrain, cell, area } = input;
  const threshold = input.threshold ?? 3;
  const caster = new ShadowCaster(planned, input.neighbours.map((n) => n.shape), terrain);
  const hoursPerStep = input.stepMinutes / 60;
  const days = input.days.map((d) => ({ date: d.date, dirs: d.steps.map((s) => sunVector(s.sun, input.trueNorth)) }));

  // Ground heat map: cell centres outside the planned footprint, 10 cm above the terrain; the worst day counts.
  const width = Math.max(1, Math.ceil((area[2] - area[0]) / cell)), height = Math.max(1, Math.ceil((area[3] - area[1]) / cell));
  const lostSteps = new Float32Array(width * height);
  const ground = new Array<number>(width * height);
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++) {
      const e = area[0] + (col + 0.5) * cell, n = area[3] - (row + 0.5) * cell;
      const z = terrain.at(e, n);
      ground[row * width + col] = Math.round(z * 10) / 10;
      if (inPolygons([e, n], planned.polygons)) { lostSteps[row * width + col] = -1; continue; }
      const o: V3 = [e, n, z + 0.1];
      let worst = 0;
      for (const day of days) {
        let lost = 0;
        for (const d of day.dirs) if (caster.lost(o, d)) lost++;
        worst = Math.max(worst, lost);
      }
      lostSteps[row * width + col] = worst;
    }
  }
  const hoursLost = Array.from(lostSteps, (v) => (v < 0 ? 0 : Math.round(v * hoursPerStep * 100) / 100));

  // Parcels: statistics of the heat-map cells whose centre lies in the parcel. A parcel under the planned
  // building (or named as the investment's) is the investment's own and is listed apart.
  const parcels: ParcelResult[] = [], ownParcels: ParcelResult[] = [];
  for (const p of input.parcels) {
    let minx = Infinity, miny = Infinity, maxx = -Infinity, maxy = -Infinity;
    for (const poly of p.polygons) for (const [x, y] of poly[0] ?? []) { minx = Math.min(minx, x); maxx = Math.max(maxx, x); miny = Math.min(miny, y); maxy = Math.max(maxy, y); }
    const c0 = Math.max(0, Math.floor((minx - area[0]) / cell)), c1 = Math.min(width - 1, Math.floor((maxx - area[0]) / cell));
    const r0 = Math.max(0, Math.floor((area[3] - maxy) / cell)), r1 = Math.min(height - 1, Math.floor((area[3] - miny) / cell));
    let samples = 0, sum = 0, max = 0, affected = 0, under = false;
    for (let row = r0; row <= r1; row++) for (let col = c0; col <= c1; col++) {
      const v = lostSteps[row * width + col]!;
      if (!inPolygons([area[0] + (col + 0.5) * cell, area[3] - (row + 0.5) * cell], p.polygons)) continue;
      if (v < 0) { under = true; continue; }
      const h = v * hoursPerStep;
      samples++; sum += h; max = Math.max(max, h); if (h > 0) affected++;
    }
    const own = under || (input.ownParcels?.has(p.id) ?? false);
    if (samples === 0 && !own) continue;
    const result = { idDzialki: p.id, samples, hoursLostMean: samples ? round2(sum / samples) : 0, hoursLostMax: round2(max), areaAffected: Math.round(affected * cell * cell) };
    (own ? ownParcels : parcels).push(result);
  }
  const byLoss = (a: ParcelResult, b: ParcelResult) => b.hoursLostMax - a.hoursLostMax || b.hoursLostMean - a.hoursLostMean;
  parcels.sort(byLoss);
  ownParcels.sort(byLoss);

  // Facades: points along each wall of the neighbours, at three heights, 10 cm in front of the wall; for each point
  // and day the steps of direct sun before (facing the sun, nothing in the way) and those the planned building takes.
  const facades: FacadeResult[] = [];
  for (const nb of input.neighbours) {
    const s = nb.shape;
    const residential = nb.residential ?? false;
    let index = 0;
    for (const poly of s.polygons) for (const ring of poly) for (let i = 0; i < ring.length; i++, index++) {
      const a = ring[i]!, b = ring[(i + 1) % ring.length]!;
      const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
      if (len < 2) continue;
      const nx = (b[1] - a[1]) / len, ny = -(b[0] - a[0]) / len; // outward: right of a→b
      const along = Math.max(1, Math.min(8, Math.round(len / 3)));
      const eaves = s.h.eaves;
      const levels = eaves > 6 ? [1.5, eaves / 2, eaves - 1] : [Math.min(1.5, eaves / 2)];
      const points: V3[] = [];
      for (let k = 0; k < along; k++) {
        const t = (k + 0.5) / along;
        const e = a[0] + t * (b[0] - a[0]) + 0.1 * nx, n = a[1] + t * (b[1] - a[1]) + 0.1 * ny;
        for (const lv of levels) points.push([e, n, s.h.ground + lv]);
      }
      // Cheap pass first: does the planned building take any sun from this facade at all?
      const facing = days.map((day) => day.dirs.map((d) => d[0] * nx + d[1] * ny > 0.02));
      const lostOf = points.map((o) => days.map((day, j) => day.dirs.reduce((c, d, k) => c + (facing[j]![k] && caster.lost(o, d) ? 1 : 0), 0)));
      if (!lostOf.some((perDay) => perDay.some((l) => l > 0))) continue;
      let critical: { severity: number; before: number; after: number; lost: number; date: string } | undefined;
      points.forEach((o, p) => days.forEach((day, j) => {
        let sun = 0;
        day.dirs.forEach((d, k) => { if (facing[j]![k] && !caster.blockedBefore(o, d)) sun++; });
        const before = sun * hoursPerStep, lost = lostOf[p]![j]! * hoursPerStep, after = before - lost;
        const severity = residential ? VERDICTS.indexOf(verdictOf(before, after, threshold)) : 0;
        const harmful = severity >= VERDICTS.indexOf('pogorszenie');
        const worse = !critical || severity > critical.severity
          || (severity === critical.severity && (harmful ? after < critical.after || (after === critical.after && lost > critical.lost) : lost > critical.lost));
        if (worse) critical = { severity, before, after, lost, date: day.date };
      }));
      const c = critical!;
      const azimuth = (((Math.atan2(nx, ny) * 180) / Math.PI - input.trueNorth) % 360 + 360) % 360;
      facades.push({
        idBudynku: nb.id, facade: index, azimuth: Math.round(azimuth), length: round2(len), residential, points: points.length,
        sunHoursBefore: round2(c.before), sunHoursAfter: round2(c.after), hoursLost: round2(c.lost), date: c.date,
        verdict: residential ? VERDICTS[c.severity]! : null,
      });
    }
  }
  facades.sort((a, b) => (b.verdict ? VERDICTS.indexOf(b.verdict) : -1) - (a.verdict ? VERDICTS.indexOf(a.verdict) : -1) || b.hoursLost - a.hoursLost);
  return { parcels, ownParcels, facades, grid: { origin: [area[0], area[3]], cell, width, height, hoursLost, ground }, rays: caster.rays };
}

function round2(v: number): number { return Math.round(v * 100) / 100; }
