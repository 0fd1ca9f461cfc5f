// Land-use contours (kontury użytków gruntowych). Every parcel is covered exactly
// by its contours: either one contour equal to the parcel, or the parcel split
// across its depth into a front and a rear part (e.g. B in front, Bz garden behind).

import { rectRing, type Frame, type Ring } from './geom.ts';
import type { BuildingDraft, ContourDraft, Ofu } from './model.ts';

export function single(ring: Ring, ofu: Ofu): ContourDraft[] {
  return [{ ring, ofu }];
}

/** Split a rectangular plot at local depth v into front and rear contours. */
export function frontRear(f: Frame, v: number, front: Ofu, rear: Ofu): ContourDraft[] {
  return [
    { ring: rectRing(f.box(0, 0, f.W, v)), ofu: front },
    { ring: rectRing(f.box(0, v, f.W, f.D)), ofu: rear },
  ];
}

/** OFU of built-up land by the main building's class. */
export function builtOfu(b: BuildingDraft | undefined): Ofu {
  if (!b) return 'Bp';
  switch (b.kst) {
    case '110': return 'B';
    case '101': case '104': case '108': return 'Ba';
    default: return 'Bi';
  }
}
