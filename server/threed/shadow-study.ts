// The shadow study of a planned building: for each time step of a day, which sample points — a ground grid over
// the neighbouring parcels and points on the neighbours' facades — had direct sun before and lose it with the
// planned building. Sun is lost when the ray towards the sun hits the planned building and neither the terrain
// nor an existing building blocked it already. Pure computation over prepared inputs.
import type { BuildingShape, P2, Polygon2 } from './building-shape.ts';
import { triangulate } from './building-mesh.ts';
import { TriangleGrid, terrainBlocks, type V3 } from './raycast.ts';
import { sunVector, type TimeStep } from './sun.ts';
import type { HeightGrid } from './terrain.ts';

export interface StudyBuilding { id: string; shape: BuildingShape }
export interface StudyParcel { id: string; polygons: Polygon2[] }

export interface StudyInput {
  planned: BuildingShape;
  neighbours: readonly StudyBuilding[];
  parcels: readonly StudyParcel[];
  terrain: HeightGrid;
  steps: readonly TimeStep[];
  stepMinutes: number;
  /** Grid azimuth of true north at the site (geodesy.trueNorthGridAzimuth). */
  trueNorth: number;
  /** Study area [minE, minN, maxE, maxN]. */
  area: [number, number, number, number];
  /** Heat-map cell size, metres. */
  cell: number;
}

export interface ParcelResult { idDzialki: string; samples: number; hoursLostMean: number; hoursLostMax: number; areaAffected: number }
export interface FacadeResult {
  idBudynku: string; facade: number; azimuth: number; length: number;
  sunHoursBefore: number; sunHoursAfter: number; hoursLost: number;
}
export interface HeatMap {
  /** North-west corner of the first cell (EPSG:2177); rows run southwards. */
  origin: [number, number]; cell: number; width: number; height: number;
  /** Hours of direct sun lost per cell (0 under the planned building). */
  hoursLost: number[];
  /** Terrain height at each cell centre (PL-EVRF2007-NH), for draping the map over the terrain. */
  ground: number[];
}
export interface StudyResult { parcels: ParcelResult[]; facades: FacadeResult[]; grid: HeatMap; rays: number }

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
  const { planned, terrain, steps, cell, area } = input;
  const caster = new ShadowCaster(planned, input.neighbours.map((n) => n.shape), terrain);
  const hoursPerStep = input.stepMinutes / 60;
  const dirs = steps.map((s) => sunVector(s.sun, input.trueNorth));

  // Ground heat map: cell centres outside the planned footprint, 10 cm above the terrain.
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
      let lost = 0;
      for (const d of dirs) if (caster.lost(o, d)) lost++;
      lostSteps[row * width + col] = lost;
    }
  }
  const hoursLost = Array.from(lostSteps, (v) => (v < 0 ? 0 : Math.round(v * hoursPerStep * 100) / 100));

  // Parcels: statistics of the heat-map cells whose centre lies in the parcel.
  const parcels: ParcelResult[] = [];
  for (const p of input.parcels) {
    let minx = Infinity, miny = Infinity, maxx = -Infinity, maxy = -Infinity;
    for (const poly of p.polygons) for (const [x, y] of poly[0] ?? []) { minx = Math.min(minx, x); maxx = Math.max(maxx, x); miny = Math.min(miny, y); maxy = Math.max(maxy, y); }
    const c0 = Math.max(0, Math.floor((minx - area[0]) / cell)), c1 = Math.min(width - 1, Math.floor((maxx - area[0]) / cell));
    const r0 = Math.max(0, Math.floor((area[3] - maxy) / cell)), r1 = Math.min(height - 1, Math.floor((area[3] - miny) / cell));
    let samples = 0, sum = 0, max = 0, affected = 0;
    for (let row = r0; row <= r1; row++) for (let col = c0; col <= c1; col++) {
      const v = lostSteps[row * width + col]!;
      if (v < 0) continue;
      if (!inPolygons([area[0] + (col + 0.5) * cell, area[3] - (row + 0.5) * cell], p.polygons)) continue;
      const h = v * hoursPerStep;
      samples++; sum += h; max = Math.max(max, h); if (h > 0) affected++;
    }
    if (samples === 0) continue;
    parcels.push({ idDzialki: p.id, samples, hoursLostMean: round2(sum / samples), hoursLostMax: round2(max), areaAffected: Math.round(affected * cell * cell) });
  }
  parcels.sort((a, b) => b.hoursLostMax - a.hoursLostMax || b.hoursLostMean - a.hoursLostMean);

  // Facades: points along each wall of the neighbours, at three heights, 10 cm in front of the wall.
  const facades: FacadeResult[] = [];
  for (const nb of input.neighbours) {
    const s = nb.shape;
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
      let lost = 0;
      const facing = dirs.map((d) => d[0] * nx + d[1] * ny > 0.02);
      for (const o of points) dirs.forEach((d, k) => { if (facing[k] && caster.lost(o, d)) lost++; });
      if (lost === 0) continue;
      let before = 0;
      for (const o of points) dirs.forEach((d, k) => { if (facing[k] && !caster.blockedBefore(o, d)) before++; });
      const perPoint = hoursPerStep / points.length;
      const azimuth = (((Math.atan2(nx, ny) * 180) / Math.PI - input.trueNorth) % 360 + 360) % 360;
      facades.push({
        idBudynku: nb.id, facade: index, azimuth: Math.round(azimuth), length: round2(len),
        sunHoursBefore: round2(before * perPoint), sunHoursAfter: round2((before - lost) * perPoint), hoursLost: round2(lost * perPoint),
      });
    }
  }
  facades.sort((a, b) => b.hoursLost - a.hoursLost);
  return { parcels, facades, grid: { origin: [area[0], area[3]], cell, width, height, hoursLost, ground }, rays: caster.rays };
}

function round2(v: number): number { return Math.round(v * 100) / 100; }
