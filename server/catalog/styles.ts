// Cartography as data: the colours, classes and rules the layers of layers.ts reference in their StyleSpec.
// The WMS renderer, the MapLibre style (tiles) and the legends read these through server/style/model.ts;
// nothing here is code that draws.
import type { StyleRule, Text } from './types.ts';
import { KST as KST_CODES, OFU as OFU_CODES } from '../domain/code-lists.ts';
import { CARTO_ATTRIBUTES, DISUSED, PLANNED, networkColour } from './cartography.ts';

/**
 * The branch layers of the Polish base map (mapa zasadnicza): the colour of each from catalog/cartography.ts (the
 * base-map annex of the 2021 BDOT500 regulation, Dz.U. 2021 poz. 1385). `when` selects the branch's lines by the
 * 2021 model's attributes (branch code, and the type for storm sewers, which are sewers of type deszczowa: the
 * sewage colour and, as existing lines, solid — only planned lines are dashed).
 */
export const BRANCHES = [
  { value: 'w', name: 'przewody_wodociagowe', pl: 'Sieć wodociągowa', en: 'Water supply', colour: networkColour('w') },
  { value: 'k', name: 'przewody_kanalizacyjne', pl: 'Sieć kanalizacyjna', en: 'Sewerage', colour: networkColour('k') },
  { value: 'deszczowa', column: 'typ', name: 'przewody_deszczowe', pl: 'Kanalizacja deszczowa', en: 'Storm water', colour: networkColour('k') },
  { value: 'g', name: 'przewody_gazowe', pl: 'Sieć gazowa', en: 'Gas', colour: networkColour('g') },
  { value: 'e', name: 'przewody_elektroenergetyczne', pl: 'Sieć elektroenergetyczna', en: 'Power', colour: networkColour('e') },
  { value: 't', name: 'przewody_telekomunikacyjne', pl: 'Sieć telekomunikacyjna', en: 'Telecommunications', colour: networkColour('t') },
  { value: 'c', name: 'przewody_cieplownicze', pl: 'Sieć ciepłownicza', en: 'District heating', colour: networkColour('c') },
  { value: 'x', name: 'przewody_inne', pl: 'Inne sieci', en: 'Other networks', colour: networkColour('x') },
] as const;

/** The attribute a branch layer selects on: the branch code, or the type for storm sewers. */
export const branchColumn = (b: (typeof BRANCHES)[number]): string => ('column' in b ? b.column : 'branza');

/** Fill of each land-use form (OFU); the names come from the code list (server/domain/code-lists.ts). */
const OFU_FILL: Readonly<Record<string, string>> = {
  B: '#f7ece3', Ba: '#ece8f1', Bi: '#f4ede7', Bp: '#f6f2ea', Bz: '#dfeed3', K: '#e7ddcd', dr: '#f6f6f4', Tk: '#e6e2ea',
  Ti: '#efedf1', Tp: '#efedf1', Wp: '#b9daf3', Ws: '#b9daf3', Wm: '#b9daf3', W: '#cce4f5', Wsr: '#c6e0f4', R: '#f7f2cf',
  S: '#e5efc4', Ł: '#e1f0cb', Ps: '#e7f2d1', Br: '#f3e8d3', Ls: '#c8e2ba', Lz: '#d5e9c7', Lzr: '#dbecc8', N: '#eeeae1',
  Tr: '#eeeae6',
};
/** The legend's order of the land-use classes (built-up and transport first, as the city's map shows most). */
const OFU_ORDER = ['B', 'Ba', 'Bi', 'Bp', 'Bz', 'K', 'dr', 'Tk', 'Ti', 'Tp', 'Wp', 'Ws', 'Wm', 'W', 'Wsr', 'R', 'S', 'Ł', 'Ps', 'Br', 'Ls', 'Lz', 'Lzr', 'N', 'Tr'];
const OFU_STYLE: readonly (readonly [string, string, string, string])[] = OFU_ORDER.map((v) => {
  const c = OFU_CODES.find((x) => x.code === v)!;
  return [v, c.pl, c.en, OFU_FILL[v]!] as const;
});

/** Fill of each building kind of the KŚT; names from the code list. */
const KST_FILL: readonly (readonly [string, string])[] = [
  ['110', '#ecc6b0'], ['103', '#f0b99f'], ['105', '#e6bcc4'], ['106', '#e6c8de'], ['107', '#dccbe6'],
  ['101', '#d8d1c7'], ['102', '#d1d5de'], ['104', '#dcd5ca'], ['108', '#e3dbbf'], ['109', '#e2d8ce'],
];
const KST_STYLE: readonly (readonly [string, string, string, string])[] = KST_FILL.map(([v, fill]) => {
  const c = KST_CODES.find((x) => x.code === v)!;
  return [v, c.pl, c.en, fill] as const;
});

const classTitle = (v: string, pl: string, en: string): Text => ({ pl: `${v} – ${pl}`, en: `${v} – ${en}` });

export const LAND_USE_RULES: readonly StyleRule[] = [
  ...OFU_STYLE.map(([v, pl, en, fill]): StyleRule => ({ when: { OFU: [v] }, title: classTitle(v, pl, en), legend: true, set: { fill, fillOpacity: 1 } })),
  // Contours mostly follow parcel boundaries: at small scales their colour says enough.
  { when: {}, title: { pl: 'Granice konturów', en: 'Contour boundaries' }, scale: { min: 5_000 }, set: { strokeWidth: 0 } },
];

export const BUILDING_RULES: readonly StyleRule[] = [
  ...KST_STYLE.map(([v, pl, en, fill]): StyleRule => ({ when: { rodzajWgKST: [v] }, title: classTitle(v, pl, en), legend: true, set: { fill } })),
  { when: { statusBudynku: ['w budowie'] }, title: { pl: 'W budowie', en: 'Under construction' }, set: { dash: [4, 2], fillOpacity: 0.5 } },
];

export const PARCEL_RULES: readonly StyleRule[] = [
  { when: {}, title: { pl: 'Granice działek', en: 'Parcel boundaries' }, scale: { min: 5_000 }, set: { stroke: '#505050' } },
];

/**
 * Line width by function, and the line pattern by existence and operation as the base map draws them (the base-map
 * annex of Dz.U. 2021 poz. 1385: planned networks dashed, disused ones dotted; existing ones solid). The three
 * patterns are legend entries of every network layer, so the legend explains dashed and dotted lines.
 */
export const LINE_MODIFIERS: readonly StyleRule[] = [
  { when: {}, title: { pl: 'Istniejący, czynny (linia ciągła)', en: 'Existing, in service (solid)' }, legend: true, set: {} },
  { when: { funkcja: ['magistralny'] }, title: { pl: 'Magistrala', en: 'Main' }, set: { strokeWidth: 2.6 } },
  { when: { funkcja: ['przyłącze'] }, title: { pl: 'Przyłącze', en: 'Service connection' }, set: { strokeWidth: 1 } },
  // Service connections are a few metres long: below 1:5000 they are clutter, not information.
  { when: { funkcja: ['przyłącze'] }, title: { pl: 'Przyłącze', en: 'Service connection' }, scale: { min: 5_000 }, set: { strokeWidth: 0 } },
  { when: { [CARTO_ATTRIBUTES.status]: [PLANNED] }, title: { pl: 'Projektowany (linia kreskowa)', en: 'Planned (dashed)' }, legend: true, set: { dash: [6, 3] } },
  { when: { [CARTO_ATTRIBUTES.operation]: [DISUSED] }, title: { pl: 'Nieczynny (linia kropkowa)', en: 'Disused (dotted)' }, legend: true, set: { dash: [1, 2.5] } },
];

/** The colour (and dash) of each network branch, as legend classes. */
export const BRANCH_RULES: readonly StyleRule[] = BRANCHES.map((b) => ({
  // Storm sewers are sewers (branch k) of type deszczowa: the rule names both, so that it says no more than that.
  when: 'column' in b ? { branza: ['k'], [b.column]: [b.value] } : { [branchColumn(b)]: [b.value] }, title: { pl: b.pl, en: b.en }, legend: true,
  set: { stroke: b.colour },
}));

/** Devices take their branch's colour for the outline only. */
export const DEVICE_RULES: readonly StyleRule[] = BRANCH_RULES.map((r) => ({ ...r, set: { stroke: r.set.stroke! } }));

/** Label placements: centred first, then around the anchor. */
export const CENTRE: readonly (readonly [number, number])[] = [[0, 0], [0, 12], [0, -12], [14, 0], [-14, 0]];

/**
 * The PL-2000 sheet grid (sip:arkusze): each scale's sheets only where they are legible, the finer scales thinner.
 * The grid layer holds every scale, so the rules hide a scale's frames below the scale they are meant for.
 */
export const SHEET_RULES: readonly StyleRule[] = [
  { when: { skala: ['10000'] }, title: { pl: 'Arkusz 1:10000', en: 'Sheet 1:10000' }, legend: true, set: { strokeWidth: 2 } },
  { when: { skala: ['5000'] }, title: { pl: 'Arkusz 1:5000', en: 'Sheet 1:5000' }, legend: true, set: { strokeWidth: 1.5 } },
  { when: { skala: ['5000'] }, title: { pl: 'Arkusz 1:5000', en: 'Sheet 1:5000' }, scale: { min: 50_000 }, set: { strokeWidth: 0 } },
  { when: { skala: ['2000'] }, title: { pl: 'Arkusz 1:2000', en: 'Sheet 1:2000' }, legend: true, set: { strokeWidth: 1, dash: [8, 4] } },
  { when: { skala: ['2000'] }, title: { pl: 'Arkusz 1:2000', en: 'Sheet 1:2000' }, scale: { min: 20_000 }, set: { strokeWidth: 0 } },
  { when: { skala: ['1000'] }, title: { pl: 'Arkusz 1:1000', en: 'Sheet 1:1000' }, legend: true, set: { strokeWidth: 0.8, dash: [4, 4] } },
  { when: { skala: ['1000'] }, title: { pl: 'Arkusz 1:1000', en: 'Sheet 1:1000' }, scale: { min: 10_000 }, set: { strokeWidth: 0 } },
  { when: { skala: ['500'] }, title: { pl: 'Arkusz 1:500', en: 'Sheet 1:500' }, legend: true, set: { strokeWidth: 0.6, dash: [2, 3] } },
  { when: { skala: ['500'] }, title: { pl: 'Arkusz 1:500', en: 'Sheet 1:500' }, scale: { min: 5_000 }, set: { strokeWidth: 0 } },
];
