// The clearance rules as pure functions over the distance table (distances.ts): the minimum distance required
// between a designed line and another network, a building or a tree, and the classification of one measured
// neighbour into a conflict (or none). The SQL (check.ts) only measures; everything decided is decided here.
import type { Branza } from './branches.ts';
import { verticalClearance } from './depth.ts';
import {
  BUILDING_DISTANCES, CROSSING_CLEARANCES, DEFAULT_BUILDING_M, DEFAULT_CROWN_DIAMETER_M, DEFAULT_PAIR_M, DEFAULT_TREE_M, NETWORK_DISTANCES,
  TREE_DISTANCES, type DiameterBand, type SourceId,
} from './distances.ts';

export interface Requirement { minM: number; source: SourceId; verified: boolean }

function withBands(minM: number, bands: readonly DiameterBand[] | undefined, diameterMm: number | null): number {
  let m = minM;
  if (diameterMm !== null) for (const b of bands ?? []) if (diameterMm > b.overMm) m = Math.max(m, b.minM);
  return m;
}

/** The larger of two diameters that are known (null when neither is). */
function largest(...d: (number | null | undefined)[]): number | null {
  const known = d.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
  return known.length ? Math.max(...known) : null;
}

/** Minimum horizontal distance between two networks; diameters in mm (null when unknown). */
export function networkRequirement(a: Branza, b: Branza, diameterA: number | null = null, diameterB: number | null = null): Requirement {
  const row = NETWORK_DISTANCES.find((r) => (r.a === a && r.b === b) || (r.a === b && r.b === a));
  if (!row) return { minM: DEFAULT_PAIR_M, source: 'SERVICE', verified: false };
  return { minM: withBands(row.minM, row.bands, largest(diameterA, diameterB)), source: row.source, verified: row.verified };
}

/** Minimum vertical clearance where two networks cross; undefined when no source in the table gives one. */
export function crossingRequirement(a: Branza, b: Branza): Requirement | undefined {
  const row = CROSSING_CLEARANCES.find((r) => (r.a === a && r.b === b) || (r.a === b && r.b === a));
  return row ? { minM: row.minM, source: row.source, verified: row.verified } : undefined;
}

export function buildingRequirement(branza: Branza, diameterMm: number | null = null): Requirement {
  const row = BUILDING_DISTANCES.find((r) => r.branza === branza);
  if (!row) return { minM: DEFAULT_BUILDING_M, source: 'SERVICE', verified: false };
  return { minM: withBands(row.minM, row.bands, diameterMm), source: row.source, verified: row.verified };
}

/** Distance from a tree's trunk: the larger of the branch's minimum and the root zone (crown radius). */
export function treeRequirement(branza: Branza, crownDiameterM: number | null): Requirement {
  const row = TREE_DISTANCES.find((r) => r.branza === branza);
  const crown = crownDiameterM !== null && Number.isFinite(crownDiameterM) && crownDiameterM > 0 ? crownDiameterM : DEFAULT_CROWN_DIAMETER_M;
  const base = row ? row.minM : DEFAULT_TREE_M;
  return { minM: Math.max(base, crown / 2), source: row ? row.source : 'SERVICE', verified: row ? row.verified : false };
}

const widest = (r: { minM: number; bands?: readonly DiameterBand[] }) => Math.max(r.minM, ...(r.bands ?? []).map((b) => b.minM));

/**
 * How far around the designed lines the SQL looks for each kind of neighbour: the largest distance any row may
 * require (for trees: the largest root zone, a crown of `maxCrownDiameterM`), so that nothing a rule would flag is
 * left unmeasured.
 */
export function searchRadii(maxCrownDiameterM: number): { networks: number; buildings: number; trees: number } {
  return {
    networks: Math.max(DEFAULT_PAIR_M, ...NETWORK_DISTANCES.map(widest)),
    buildings: Math.max(DEFAULT_BUILDING_M, ...BUILDING_DISTANCES.map(widest)),
    trees: Math.max(DEFAULT_TREE_M, DEFAULT_CROWN_DIAMETER_M / 2, maxCrownDiameterM / 2, ...TREE_DISTANCES.map(widest)),
  };
}

// ---- conflicts

export type ConflictKind = 'crossing' | 'too_close' | 'building' | 'tree';

export interface Conflict {
  kind: ConflictKind;
  /** The designed feature (its index in the FeatureCollection, or the DXF entity's number). */
  design: number;
  with: { layer: string; id: string; branza: Branza | null };
  distanceM: number;
  requiredM: number | null;
  at: [number, number];
  /** Where the required distance comes from (distances.ts SOURCES), and whether that row was verified. */
  source?: SourceId;
  verified?: boolean;
  /** A crossing: the depths it was measured from and the clearance (null where a depth is unknown). */
  vertical?: { clearanceM: number | null; designDepthM: number | null; otherDepthM: number | null; wallsKnown: boolean };
  /** What the numbers do not say (unknown depths, a pair without a required clearance, a clearance to an axis). */
  note?: string;
}

/** One neighbour of a designed line as the SQL measured it. */
export interface Measured {
  design: number;
  layer: string;
  id: string;
  /** Axis distance in metres (0 when they meet). */
  distanceM: number;
  /** Whether the two geometries meet (cross, touch or overlap). */
  meets: boolean;
  /** The crossing point when they meet, else the point of the designed line nearest to the neighbour. */
  at: [number, number];
}

/** The designed line a measurement belongs to. */
export interface DesignedLine { branza: Branza; srednica: number | null }

/**
 * Distances are reported in whole centimetres, rounded down (a tolerance of a micrometre absorbs the floating-point
 * noise of PostGIS: 0.4999999999 m is 0.50), and a conflict is decided on the reported value, so that a reported
 * distance is always below the reported requirement — never "0.80 m where 0.80 m is required".
 */
export function reportedDistance(m: number): number {
  return Math.floor((m + 1e-6) * 100) / 100;
}
const roundAt = (p: [number, number]): [number, number] => [Number(p[0].toFixed(2)), Number(p[1].toFixed(2))];

function conflict(kind: ConflictKind, m: Measured, branza: Branza | null, requiredM: number | null, req?: Requirement): Conflict {
  return {
    kind, design: m.design, with: { layer: m.layer, id: m.id, branza }, distanceM: reportedDistance(m.distanceM),
    requiredM, at: roundAt(m.at), ...(req ? { source: req.source, verified: req.verified } : {}),
  };
}

/** The depths at a crossing: the design's there (depth.ts depthAt) and the other line's `glebokosc`, null when unknown. */
export interface CrossingDepths { design: number | null; other: number | null }

/**
 * A crossing: every crossing is reported (the operator of the crossed network states its conditions). Where both
 * depths are known its distanceM is the vertical clearance between the walls and requiredM the table's minimum for
 * the pair (CROSSING_CLEARANCES; null with a note when no source gives one); where a depth is unknown distanceM is
 * the horizontal 0 and requiredM null, and the note says which depth is missing.
 */
function crossing(design: DesignedLine, m: Measured, other: { branza: Branza | null; srednica: number | null }, depths: CrossingDepths | undefined): Conflict {
  const v = verticalClearance(depths?.design ?? null, design.srednica, depths?.other ?? null, other.srednica);
  if (v.clearanceM === null) {
    const missing = [v.designDepthM === null ? 'the design\'s' : null, v.otherDepthM === null ? 'the crossed line\'s' : null].filter(Boolean).join(' and ');
    return { ...conflict('crossing', { ...m, distanceM: 0 }, other.branza, null), vertical: v,
      note: `depth unknown (${missing}): the vertical clearance was not checked` };
  }
  const req = crossingRequirement(design.branza, other.branza ?? 'x');
  const notes = [
    req ? null : 'no source in the table gives a vertical clearance for this pair of networks',
    v.wallsKnown ? null : 'a diameter is unknown: the clearance is measured to that line\'s axis',
  ].filter(Boolean);
  return {
    ...conflict('crossing', { ...m, distanceM: v.clearanceM }, other.branza, req ? req.minM : null, req), vertical: v,
    ...(notes.length ? { note: notes.join('; ') } : {}),
  };
}

/**
 * Another network's line or device: a crossing when they meet (with its vertical clearance where the depths are
 * known, see crossing()), too close when nearer than the table's minimum, else no conflict. A line or device of
 * unknown branch (a value the register should not hold) is compared as unidentified (x).
 */
export function classifyNetwork(design: DesignedLine, m: Measured, other: { branza: Branza | null; srednica: number | null }, depths?: CrossingDepths): Conflict | null {
  if (m.meets) return crossing(design, m, other, depths);
  const req = networkRequirement(design.branza, other.branza ?? 'x', design.srednica, other.srednica);
  return reportedDistance(m.distanceM) < req.minM ? conflict('too_close', m, other.branza, req.minM, req) : null;
}

/** A building: a conflict when the design crosses it or passes nearer than the table's minimum. */
export function classifyBuilding(design: DesignedLine, m: Measured): Conflict | null {
  const req = buildingRequirement(design.branza, design.srednica);
  if (m.meets) return conflict('building', { ...m, distanceM: 0 }, null, req.minM, req);
  return reportedDistance(m.distanceM) < req.minM ? conflict('building', m, null, req.minM, req) : null;
}

/** A tree: a conflict when the design enters its root zone (or the branch's minimum distance from a trunk). */
export function classifyTree(design: DesignedLine, m: Measured, crownDiameterM: number | null): Conflict | null {
  const req = treeRequirement(design.branza, crownDiameterM);
  const required = Math.round(req.minM * 100) / 100;
  return reportedDistance(m.distanceM) < required ? conflict('tree', m, null, required, req) : null;
}

const KIND_ORDER: Record<ConflictKind, number> = { crossing: 0, building: 1, too_close: 2, tree: 3 };

/** Conflicts in a stable order: by designed feature, kind, distance, then the other object's id. */
export function sortConflicts(list: Conflict[]): Conflict[] {
  return list.sort((a, b) => a.design - b.design || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.distanceM - b.distanceM
    || a.with.layer.localeCompare(b.with.layer) || a.with.id.localeCompare(b.with.id));
}
