// Drafts of the generated objects before numbering and serialisation. A row of
// blocks is drafted completely, noded against its neighbours, then written out.

import type { Rect, Ring } from './geom.ts';
import type { Line, Obreb, Side } from './layout.ts';
import type { SpeciesKey } from './names.ts';
import type { RoofKind } from './terrain.ts';

export type Ofu = 'R' | 'Ps' | 'Ł' | 'Ls' | 'Lz' | 'B' | 'Ba' | 'Bi' | 'Bp' | 'Bz' | 'dr' | 'Wp';

/** Who owns a parcel; turned into owners and shares when the parcel is written. */
export type OwnSpec =
  | { t: 'gmina' }
  | { t: 'water' }
  | { t: 'forest' }
  /** flats: co-owners are owners of flats in a multi-family building (shares in 1/10000) */
  | { t: 'persons'; single: boolean; flats?: boolean }
  | { t: 'company' }
  | { t: 'developer' }
  | { t: 'coop'; perpetual: boolean }
  | { t: 'wspolnota'; address: string }
  | { t: 'perpetual'; holder: 'company' | 'persons' | 'coop'; flats?: boolean }
  | { t: 'parish'; name: string }
  | { t: 'public'; who: 'gmina' | 'voivodeship' | 'state' }
  | { t: 'kowr' };

export interface ContourDraft {
  ring: Ring;
  ofu: Ofu;
}

export interface BuildingDraft {
  ring: Ring;
  kst: '101' | '102' | '103' | '104' | '105' | '106' | '107' | '108' | '109' | '110';
  storeys: number;
  basements: number;
  status: 'istniejący' | 'w budowie' | 'do rozbiórki';
  year: number | null;
  street: string | null;
  number: string | null;
  roof: RoofKind;
  eaves: number;
  ridge: number;
  /** Street-facing wall usable for service connections. */
  front: FrontWall | null;
}

/** A wall segment on a line parallel to a street, at `wall` across, from a to b along. */
export interface FrontWall {
  line: Line;
  side: Side;
  wall: number;
  a: number;
  b: number;
  /** single-family houses get fewer services */
  small: boolean;
}

export interface TreeDraft {
  x: number;
  y: number;
  species: SpeciesKey;
  age: number;
}

export interface PlannedDraft {
  ring: Ring;
  kst: BuildingDraft['kst'];
  storeys: number;
  basements: number;
  roof: RoofKind;
  investor: 'osoba fizyczna' | 'deweloper' | 'spółdzielnia mieszkaniowa' | 'gmina' | 'inny';
  name: string;
}

export type ParcelKind = 'road' | 'plot' | 'river' | 'green';

export interface ParcelDraft {
  obreb: Obreb;
  ring: Ring;
  kind: ParcelKind;
  street: string | null;
  own: OwnSpec;
  contours: ContourDraft[];
  buildings: BuildingDraft[];
  trees: TreeDraft[];
  planned: PlannedDraft | null;
  /** Drafts sharing a group number in one obręb become N/1, N/2, … */
  group: number | null;
  /** Rough geometry class used for numbering and KW decisions. */
  rect: Rect | null;
  /** Extra NMPT canopy (forests): height above ground, m. */
  canopy: number;
  /** Survey operation the parcel was last updated in (a block, a street): shared timestamps. */
  op: string;
}
