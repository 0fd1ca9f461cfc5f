// Depths of designed lines and the vertical clearance at a crossing (pure, no I/O). A crossing in plan is 0 m apart
// horizontally; whether two networks may cross there depends on how far apart they lie vertically, which needs the
// depth of both: the register's `glebokosc` (depth of the line's axis below terrain, gesut.przewody, sql/003) and the
// design's. A design carries depths as the Z of its vertices (DXF 30/31, GeoJSON [x, y, z], GML srsDimension="3"),
// as one elevation for a whole entity (DXF group code 38 of an LWPOLYLINE, 30 of a 2D POLYLINE), or as a
// `glebokosc` property (GeoJSON, GML). Every such value is read as the DEPTH of the line's axis below terrain in metres
// — the register's own meaning — with its sign ignored (drawings give it as 1.5 or as −1.5, drawn downwards); 0
// means "not given" (a 2D drawing). A Z above MAX_DEPTH_M is a height above sea level (a rzędna: Poznań lies 50–110 m
// a.s.l.), not a depth; converting it would need the terrain model under the design, which is not done here, so it
// counts as "not given" (the crossing then says its depth is unknown). A `glebokosc` above it is refused (400).
//
// The clearance is between the pipes' outer walls: |depth difference of the axes| − both radii (srednica / 2) where
// a diameter is known; where one is not, the axis is taken as its wall and the conflict says so in its note.
import { HttpProblem } from '../errors/service-error.ts';
import type { Position } from './design.ts';

/** The deepest depth accepted (the register's CHECK on gesut.przewody.glebokosc: 0–30 m). */
export const MAX_DEPTH_M = 30;

/**
 * A depth as given (Z, elevation or property): metres below terrain, null when not given. A named depth
 * (glebokosc) above MAX_DEPTH_M is a 400; a Z above it is a height above sea level and reads as null (`z: true`).
 */
export function readDepth(value: unknown, pointer: string, options: { z?: boolean } = {}): number | null {
  if (value === undefined || value === null || value === '') return null;
  const n = typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) {
    throw new HttpProblem(400, 'Bad Request', 'A depth (glebokosc, Z) must be a number of metres below terrain', { pointer });
  }
  const d = Math.abs(n);
  if (d === 0) return null;
  if (d > MAX_DEPTH_M) {
    if (options.z) return null;
    throw new HttpProblem(400, 'Bad Request', `A depth of ${d} m is not a depth below terrain (0–${MAX_DEPTH_M} m): Z and glebokosc give the depth of the line's axis below terrain, not its height above sea level`, { pointer });
  }
  return Math.round(d * 1000) / 1000;
}

/** The depths of a line's parts, vertex by vertex (null where a vertex has none), and its one depth when given so. */
export interface LineDepths { vertices?: (number | null)[][]; glebokosc?: number | null }

/**
 * The design's depth at a point of the line (the crossing): interpolated along the nearest segment when both its
 * vertices have depths, else the line's one depth, else null (unknown).
 */
export function depthAt(parts: readonly Position[][], depths: LineDepths, at: Position): number | null {
  let best: { d2: number; depth: number | null } | undefined;
  parts.forEach((part, pi) => {
    const z = depths.vertices?.[pi];
    for (let i = 1; i < part.length; i++) {
      const a = part[i - 1]!, b = part[i]!;
      const dx = b[0] - a[0], dy = b[1] - a[1];
      const len2 = dx * dx + dy * dy;
      const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((at[0] - a[0]) * dx + (at[1] - a[1]) * dy) / len2));
      const px = a[0] + t * dx, py = a[1] + t * dy;
      const d2 = (at[0] - px) ** 2 + (at[1] - py) ** 2;
      if (best && d2 >= best.d2) continue;
      const za = z?.[i - 1], zb = z?.[i];
      const depth = typeof za === 'number' && typeof zb === 'number' ? za + t * (zb - za) : null;
      best = { d2, depth };
    }
  });
  const fromVertices = best?.depth ?? null;
  if (fromVertices !== null) return Math.round(fromVertices * 1000) / 1000;
  return depths.glebokosc ?? null;
}

/** One depth for a whole line (what gesut.przewody.glebokosc holds): the given one, else the mean of its vertices'. */
export function lineDepth(depths: LineDepths): number | null {
  if (typeof depths.glebokosc === 'number') return depths.glebokosc;
  const known = (depths.vertices ?? []).flat().filter((d): d is number => typeof d === 'number');
  return known.length ? Math.round((known.reduce((s, d) => s + d, 0) / known.length) * 100) / 100 : null;
}

/** Whether the depths say anything at all (a 2D drawing carries none). */
export function hasDepths(depths: LineDepths): boolean {
  return typeof depths.glebokosc === 'number' || (depths.vertices ?? []).some((p) => p.some((d) => typeof d === 'number'));
}

export interface VerticalClearance {
  /** Clearance between the outer walls in metres (the axes' when a diameter is unknown); null when a depth is unknown. */
  clearanceM: number | null;
  designDepthM: number | null;
  otherDepthM: number | null;
  /** Whether both diameters were known (else the clearance is measured to an axis: larger than the true one); false with no clearance. */
  wallsKnown: boolean;
}

/** The vertical clearance of two lines crossing, from the depths of their axes and their diameters (mm). */
export function verticalClearance(designDepthM: number | null, designSrednicaMm: number | null, otherDepthM: number | null, otherSrednicaMm: number | null): VerticalClearance {
  // Nothing measured without both depths: wallsKnown is then false (it qualifies a clearance, of which there is none).
  if (designDepthM === null || otherDepthM === null) return { clearanceM: null, designDepthM, otherDepthM, wallsKnown: false };
  const wallsKnown = designSrednicaMm !== null && otherSrednicaMm !== null;
  const radii = ((designSrednicaMm ?? 0) + (otherSrednicaMm ?? 0)) / 2 / 1000;
  const clearance = Math.max(0, Math.abs(designDepthM - otherDepthM) - radii);
  return { clearanceM: Math.round(clearance * 1e6) / 1e6, designDepthM, otherDepthM, wallsKnown };
}
