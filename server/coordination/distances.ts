// The table of minimum horizontal distances the coordination check applies, kept as DATA: between two networks
// (per pair of GESUT branches), from a network to a building, and from a network to a tree trunk. Every row names its
// source and whether the value was checked against that source's text (`verified`); rows marked unverified carry a
// value as commonly quoted in Polish design practice and must be confirmed before the check's results are relied on
// in a coordination protocol. Distances are between the outer walls of pipes / the cables (skrajnie), which for a
// designed line drawn as its axis the check approximates by the axis distance (see README).
//
// Where sources disagree for a pair, the row keeps the larger (the stricter) value. Pairs not listed (special and
// unidentified networks) fall back to DEFAULT_PAIR_M, which is this service's choice, not a standard's.
import type { Branza } from './branches.ts';

export interface DistanceSource { title: string; reference: string }

/** The documents the rows cite. */
export const SOURCES = {
  PWIK_ZGORZELEC: {
    title: 'PWiK „Nysa” Sp. z o.o. w Zgorzelcu, Wytyczne do projektowania i wykonawstwa sieci i przyłączy, rozdz. V, tabela nr 1 '
      + '(odległości skrajni przewodów wod.-kan. od innych obiektów, przewodów i uzbrojenia) – a water utility\'s coordination table, '
      + 'built on PN-EN 805:2002 (water supply outside buildings) and PN-EN 1610 practice',
    reference: 'pwik.zgorzelec.pl, „Wytyczne do projektowania i wykonawstwa sieci i przyłączy”, V, Tabela nr 1',
  },
  WODOCIAGI_ZABRZE: {
    title: 'Zabrzańskie Przedsiębiorstwo Wodociągów i Kanalizacji, Tabela nr 1 odległości skrajni przewodów sieci wod.-kan. od obiektów, '
      + 'granic nieruchomości i przewodów uzbrojenia terenu',
    reference: 'wodociagi.zabrze.pl, „Tabela przedstawiająca odległości skrajni przewodów sieci wod.-kan.”',
  },
  GAS_2013: {
    title: 'Rozporządzenie Ministra Gospodarki z dnia 26 kwietnia 2013 r. w sprawie warunków technicznych, jakim powinny odpowiadać '
      + 'sieci gazowe i ich usytuowanie (Dz.U. 2013 poz. 640), § 10 (strefy kontrolowane gazociągów)',
    reference: 'Dz.U. 2013 poz. 640',
  },
  N_SEP_E_004: {
    title: 'N SEP-E-004 Elektroenergetyczne i sygnalizacyjne linie kablowe. Projektowanie i budowa (SEP, 2004), tablica zbliżeń '
      + 'linii kablowych do innych urządzeń podziemnych, budynków i drzew',
    reference: 'N SEP-E-004:2004',
  },
  GAS_2001: {
    title: 'Rozporządzenie Ministra Gospodarki z dnia 30 lipca 2001 r. w sprawie warunków technicznych, jakim powinny odpowiadać '
      + 'sieci gazowe (Dz.U. 2001 nr 97 poz. 1055), as quoted in practice: between a gas pipeline\'s outer wall and other underground '
      + 'networks "przy skrzyżowaniach lub zbliżeniach – nie mniej niż 20 cm" (first location class); repealed by Dz.U. 2013 poz. 640, '
      + 'whose text on crossings was not checked here',
    reference: 'Dz.U. 2001 nr 97 poz. 1055 (uchylone; Dz.U. 2013 poz. 640)',
  },
  PRACTICE: {
    title: 'Commonly used coordination tables of Polish design practice (uzgodnienia ZUD/narady koordynacyjne); no single normative text',
    reference: 'practice',
  },
  SERVICE: {
    title: 'This service\'s own default where no source gives a value',
    reference: 'SIP Poznań',
  },
} as const satisfies Record<string, DistanceSource>;

export type SourceId = keyof typeof SOURCES;

/** A larger minimum where a line's diameter (either line's, the designed one's from `srednica`) is above `overMm`. */
export interface DiameterBand { overMm: number; minM: number }

interface Row { minM: number; bands?: readonly DiameterBand[]; source: SourceId; verified: boolean; note?: string }

export interface PairRow extends Row { a: Branza; b: Branza }
export interface ObjectRow extends Row { branza: Branza }

/** Minimum horizontal distance between two networks (unordered pair). */
export const NETWORK_DISTANCES: readonly PairRow[] = [
  // Water supply (w): the water utility's table; its column "przewód wodociągowy do 300 mm / 300–500 mm".
  { a: 'w', b: 'w', minM: 1.0, source: 'PWIK_ZGORZELEC', verified: true, note: 'wodociąg ↔ wodociąg 300–500 mm; the table gives no value between two pipes ≤ 300 mm, the 1.0 m is kept for them too' },
  { a: 'w', b: 'k', minM: 1.2, bands: [{ overMm: 300, minM: 1.4 }], source: 'PWIK_ZGORZELEC', verified: true },
  { a: 'w', b: 'g', minM: 1.5, source: 'PWIK_ZGORZELEC', verified: true },
  { a: 'w', b: 'e', minM: 0.7, bands: [{ overMm: 300, minM: 0.8 }], source: 'PWIK_ZGORZELEC', verified: true },
  { a: 'w', b: 't', minM: 0.6, bands: [{ overMm: 300, minM: 0.7 }], source: 'PWIK_ZGORZELEC', verified: true },
  { a: 'w', b: 'c', minM: 0.7, bands: [{ overMm: 300, minM: 0.8 }], source: 'PWIK_ZGORZELEC', verified: true },
  // Sewerage (k): same table, column "kanalizacja sanitarna"; sewer ↔ sewer from the Zabrze table (gravity sewers).
  { a: 'k', b: 'k', minM: 1.2, source: 'WODOCIAGI_ZABRZE', verified: true, note: 'kanalizacja grawitacyjna ↔ kanalizacja grawitacyjna' },
  { a: 'k', b: 'g', minM: 1.5, source: 'PWIK_ZGORZELEC', verified: true },
  { a: 'k', b: 'e', minM: 0.8, source: 'PWIK_ZGORZELEC', verified: true },
  { a: 'k', b: 't', minM: 0.8, source: 'PWIK_ZGORZELEC', verified: true },
  { a: 'k', b: 'c', minM: 1.4, source: 'PWIK_ZGORZELEC', verified: true },
  // Gas (g), power (e), telecom (t), heating (c) among themselves: values as commonly quoted, not checked here.
  { a: 'g', b: 'g', minM: 0.4, source: 'PRACTICE', verified: false },
  { a: 'g', b: 'e', minM: 0.5, source: 'N_SEP_E_004', verified: false, note: 'gazociąg MOP ≤ 0,5 MPa; larger for higher pressures' },
  { a: 'g', b: 't', minM: 0.5, source: 'PRACTICE', verified: false },
  { a: 'g', b: 'c', minM: 1.0, source: 'PRACTICE', verified: false },
  { a: 'e', b: 'e', minM: 0.1, source: 'N_SEP_E_004', verified: false, note: 'kable różnych systemów / właścicieli' },
  { a: 'e', b: 't', minM: 0.5, source: 'N_SEP_E_004', verified: false },
  { a: 'e', b: 'c', minM: 2.0, source: 'N_SEP_E_004', verified: false, note: 'smaller with thermal insulation, as agreed with the heating operator' },
  { a: 't', b: 't', minM: 0.1, source: 'PRACTICE', verified: false },
  { a: 't', b: 'c', minM: 1.0, source: 'PRACTICE', verified: false },
  { a: 'c', b: 'c', minM: 0.5, source: 'PRACTICE', verified: false },
];

/** Minimum horizontal distance from a network to a building's outline (foundation). */
export const BUILDING_DISTANCES: readonly ObjectRow[] = [
  { branza: 'w', minM: 1.5, bands: [{ overMm: 300, minM: 3.0 }], source: 'PWIK_ZGORZELEC', verified: true },
  { branza: 'k', minM: 4.0, source: 'PWIK_ZGORZELEC', verified: true, note: 'gravity sewers; 1.5 m from pressure sewers (the check does not know which)' },
  { branza: 'g', minM: 0.5, source: 'GAS_2013', verified: false, note: 'half the controlled zone of 1 m of a gas pipeline of MOP ≤ 0,5 MPa; wider zones for higher pressures' },
  { branza: 'e', minM: 0.5, source: 'N_SEP_E_004', verified: false },
  { branza: 't', minM: 0.5, source: 'PRACTICE', verified: false },
  { branza: 'c', minM: 1.5, source: 'PRACTICE', verified: false },
];

/** Minimum horizontal distance from a network to a tree trunk; the root zone (crown radius) applies when larger. */
export const TREE_DISTANCES: readonly ObjectRow[] = [
  { branza: 'w', minM: 2.0, source: 'PWIK_ZGORZELEC', verified: true },
  { branza: 'k', minM: 2.0, source: 'PWIK_ZGORZELEC', verified: true },
  { branza: 'e', minM: 2.0, source: 'N_SEP_E_004', verified: false },
  { branza: 'g', minM: 2.0, source: 'PRACTICE', verified: false },
  { branza: 't', minM: 2.0, source: 'PRACTICE', verified: false },
  { branza: 'c', minM: 2.0, source: 'PRACTICE', verified: false },
];

/**
 * Minimum VERTICAL clearance where two networks cross (between the outer walls, measured from the depths of the
 * axes: depth.ts). Only pairs a source gives a value for are rows; a crossing of any other pair reports its clearance
 * with requiredM null and a note — no value is invented. None of these rows was checked against the source's text.
 */
export const CROSSING_CLEARANCES: readonly PairRow[] = [
  { a: 'g', b: 'w', minM: 0.2, source: 'GAS_2001', verified: false },
  { a: 'g', b: 'k', minM: 0.2, source: 'GAS_2001', verified: false },
  { a: 'g', b: 't', minM: 0.2, source: 'GAS_2001', verified: false },
  { a: 'g', b: 'c', minM: 0.2, source: 'GAS_2001', verified: false },
  { a: 'g', b: 'g', minM: 0.2, source: 'GAS_2001', verified: false },
  // Power cables crossing pipelines: N SEP-E-004's table of crossings as commonly quoted (0,5 m; less with a
  // protective pipe, as agreed with the operator). For gas the larger of the two sources is kept.
  { a: 'e', b: 'g', minM: 0.5, source: 'N_SEP_E_004', verified: false, note: 'kabel ↔ gazociąg; mniej w rurze osłonowej, w uzgodnieniu z gestorem' },
  { a: 'e', b: 'w', minM: 0.5, source: 'N_SEP_E_004', verified: false, note: 'kabel ↔ rurociąg wodociągowy' },
  { a: 'e', b: 'k', minM: 0.5, source: 'N_SEP_E_004', verified: false, note: 'kabel ↔ rurociąg kanalizacyjny' },
  { a: 'e', b: 'c', minM: 0.5, source: 'N_SEP_E_004', verified: false, note: 'kabel ↔ rurociąg ciepłowniczy' },
];

/** Pairs and objects without a row (special, unidentified networks): this service's default, not a standard's. */
export const DEFAULT_PAIR_M = 1.0;
export const DEFAULT_BUILDING_M = 1.0;
export const DEFAULT_TREE_M = 2.0;
/**
 * Root zone of a tree = the projection of its crown: radius = srednicaKorony / 2 (the common arborist working rule;
 * DIN 18920 is stricter, crown edge + 1.5 m, and is not applied). A tree without a recorded crown diameter gets
 * DEFAULT_CROWN_DIAMETER_M.
 */
export const DEFAULT_CROWN_DIAMETER_M = 4.0;
