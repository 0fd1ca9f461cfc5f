// The generator's drafts written in the 2021 EGiB/GESUT model (docs/model-2021.md): GESUT branch codes, status and
// eksploatacja apart, the line type per branch; soil classes of land-use pieces; usable areas of buildings; map
// sheets of the districts kept on sheets. The drafting code keeps its own words; this is the mapping at the writer.
import { M, ringCentroid, type Pt } from './geom.ts';
import type { Obreb } from './layout.ts';
import type { LineRow, Rodzaj } from './gesut.ts';
import type { BuildingDraft, Ofu } from './model.ts';
import type { Rng } from './rng.ts';

const BRANZA: Record<Rodzaj, string> = {
  wodociągowa: 'w', kanalizacyjna: 'k', deszczowa: 'k', gazowa: 'g', elektroenergetyczna: 'e',
  telekomunikacyjna: 't', ciepłownicza: 'c', inna: 'x',
};

/** Branch code, status (istniejący/projektowany) and eksploatacja (czynny/nieczynny, none when planned). */
export function gesutModel(rodzaj: Rodzaj, status: 'istniejący' | 'projektowany' | 'nieczynny'): { branza: string; status: string; eksploatacja: string | null } {
  return {
    branza: BRANZA[rodzaj],
    status: status === 'projektowany' ? 'projektowany' : 'istniejący',
    eksploatacja: status === 'projektowany' ? null : status === 'nieczynny' ? 'nieczynny' : 'czynny',
  };
}

/** The type of a line within its branch (gesut.przewody.typ; code lists in server/domain/code-lists.ts). */
export function lineType(row: LineRow): string | null {
  switch (row.rodzaj) {
    case 'kanalizacyjna': return 'sanitarna';
    case 'deszczowa': return 'deszczowa';
    case 'gazowa': return row.cisnienie;
    case 'elektroenergetyczna': return row.napiecie;
    case 'ciepłownicza': return row.funkcja === 'przyłącze' ? 'niskoparametrowa' : 'wysokoparametrowa';
    case 'telekomunikacyjna': return row.operator.startsWith('Inea') ? 'światłowodowa' : 'kablowa';
    default: return null;
  }
}

/**
 * Soil classification of a land-use piece (OZU, OZK) where the land was classified: farmland, grassland and woods;
 * built-up and transport land in the city was never classified. IIIa–IVb exist for arable land only.
 */
export function soilClass(ofu: Ofu, r: Rng): { ozu: string; ozk: string } | null {
  switch (ofu) {
    case 'R': return { ozu: 'R', ozk: r.pick(['IIIa', 'IIIb', 'IVa', 'IVa', 'IVb', 'V']) };
    case 'Ł': return { ozu: 'Ł', ozk: r.pick(['III', 'IV', 'IV', 'V']) };
    case 'Ps': return { ozu: 'Ps', ozk: r.pick(['IV', 'V', 'V', 'VI']) };
    case 'Ls': return { ozu: 'Ls', ozk: r.pick(['IV', 'V', 'V', 'VI']) };
    case 'Lz': return r.chance(0.5) ? { ozu: 'Lz', ozk: r.pick(['V', 'VI']) } : null;
    default: return null;
  }
}

/**
 * Usable areas of a building (m², 2 decimals): flats of residential buildings are mostly separate units
 * (lokale wyodrębnione); other buildings are one undivided unit. About 70–80 % of the gross floor area.
 */
export function usableAreas(kst: BuildingDraft['kst'], built: number, storeys: number, r: Rng): { separate: string | null; other: string | null } {
  const total = built * storeys * r.range(0.68, 0.8);
  if (kst !== '110') return { separate: null, other: total.toFixed(2) };
  const share = r.chance(0.6) ? 1 : r.chance(0.5) ? r.range(0.3, 0.9) : 0;
  const sep = total * share;
  return { separate: share > 0 ? sep.toFixed(2) : null, other: share < 1 ? (total - sep).toFixed(2) : null };
}

/** Sheet size of the cadastral map in districts kept on sheets (metres; a plausible 1:1000-sheet-sized grid). */
const SHEET = 150 * M;

/** The sheet number (AR_n) of a parcel: sheets numbered row by row from the district's north-west corner. */
export function sheetOf(o: Obreb, ring: readonly Pt[]): number {
  const [cx, cy] = ringCentroid(ring);
  const cols = Math.max(1, Math.ceil((o.rect.x1 - o.rect.x0) / SHEET));
  const row = Math.max(0, Math.floor((o.rect.y1 - cy) / SHEET));
  const col = Math.min(cols - 1, Math.max(0, Math.floor((cx - o.rect.x0) / SHEET)));
  return row * cols + col + 1;
}
