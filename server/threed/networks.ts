// Planned utility lines in 3D (pure, no I/O): a GESUT line with status projektowany — a positively coordinated
// design (coordination/case-store.ts) — as a polyline at its depth below the terrain, for the designers' 3D view.
// Each vertex's height is the terrain's there (NMT, PL-EVRF2007-NH) less the line's `glebokosc` (depth of the
// axis); a line without a recorded depth is placed at DEFAULT_COVER_M and says so (depthKnown false), so that the
// view never presents a guessed depth as data. Long segments are divided so the line follows the terrain.
import { networkColour } from '../catalog/cartography.ts';

/**
 * The depth a line without a recorded one is drawn at: 1.0 m, a common cover of distribution networks in Polish
 * practice — a drawing convention of this view, not a value of any record (depthKnown is false for such lines).
 */
export const DEFAULT_COVER_M = 1.0;
/** The longest segment drawn straight: longer ones are divided to follow the terrain. */
export const MAX_SEGMENT_M = 10;

export interface PlannedLineRow {
  id: string; branza: string; srednica: number | null; glebokosc: number | null; numerSprawyKoordynacyjnej: string | null;
  /** The line's vertices in EPSG:2177. */
  coordinates: [number, number][];
}

export interface PlannedLine3d {
  id: string; branza: string; colour: string; srednica: number | null; glebokosc: number | null; depthKnown: boolean;
  numerSprawyKoordynacyjnej: string | null;
  /** [x, y, h]: EPSG:2177 and the height of the axis (m, PL-EVRF2007-NH; relative to 0 where there is no terrain model). */
  coordinates: [number, number, number][];
}

/** The vertices with long segments divided into pieces of at most MAX_SEGMENT_M. */
export function densify(coords: readonly [number, number][], maxM = MAX_SEGMENT_M): [number, number][] {
  const out: [number, number][] = [];
  coords.forEach((p, i) => {
    if (i > 0) {
      const a = coords[i - 1]!;
      const n = Math.ceil(Math.hypot(p[0] - a[0], p[1] - a[1]) / maxM);
      for (let k = 1; k < n; k++) out.push([a[0] + ((p[0] - a[0]) * k) / n, a[1] + ((p[1] - a[1]) * k) / n]);
    }
    out.push([p[0], p[1]]);
  });
  return out;
}

const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;

/** A planned line in 3D: every (densified) vertex at the terrain's height there less the depth. */
export function plannedLine3d(row: PlannedLineRow, terrainAt: (x: number, y: number) => number): PlannedLine3d {
  const known = typeof row.glebokosc === 'number' && Number.isFinite(row.glebokosc);
  const depth = known ? row.glebokosc! : DEFAULT_COVER_M;
  return {
    id: row.id, branza: row.branza, colour: networkColour(row.branza), srednica: row.srednica, glebokosc: known ? row.glebokosc : null,
    depthKnown: known, numerSprawyKoordynacyjnej: row.numerSprawyKoordynacyjnej,
    coordinates: densify(row.coordinates).map(([x, y]) => [round(x, 2), round(y, 2), round(terrainAt(x, y) - depth, 2)]),
  };
}
