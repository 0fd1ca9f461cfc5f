// Cartography as data: the colours, classes and rules the layers of layers.ts reference in their StyleSpec.
// The WMS renderer, the MapLibre style (tiles) and the legends read these through server/style/model.ts;
// nothing here is code that draws.
import type { StyleRule, Text } from './types.ts';

/** Branch colours of the Polish base map (mapa zasadnicza). */
export const BRANCHES = [
  { value: 'wodociągowa', name: 'przewody_wodociagowe', pl: 'Sieć wodociągowa', en: 'Water supply', colour: '#1560d4' },
  { value: 'kanalizacyjna', name: 'przewody_kanalizacyjne', pl: 'Sieć kanalizacyjna', en: 'Sewerage', colour: '#8b4513' },
  { value: 'deszczowa', name: 'przewody_deszczowe', pl: 'Kanalizacja deszczowa', en: 'Storm water', colour: '#a0522d', dash: [6, 3] },
  { value: 'gazowa', name: 'przewody_gazowe', pl: 'Sieć gazowa', en: 'Gas', colour: '#d4a300' },
  { value: 'elektroenergetyczna', name: 'przewody_elektroenergetyczne', pl: 'Sieć elektroenergetyczna', en: 'Power', colour: '#e00000' },
  { value: 'telekomunikacyjna', name: 'przewody_telekomunikacyjne', pl: 'Sieć telekomunikacyjna', en: 'Telecommunications', colour: '#ff8c00' },
  { value: 'ciepłownicza', name: 'przewody_cieplownicze', pl: 'Sieć ciepłownicza', en: 'District heating', colour: '#8a2be2' },
  { value: 'inna', name: 'przewody_inne', pl: 'Inne sieci', en: 'Other networks', colour: '#333333' },
] as const;

/** Land-use forms (OFU) with the fill of each: [code, Polish, English, fill]. */
const OFU: readonly (readonly [string, string, string, string])[] = [
  ['B', 'Tereny mieszkaniowe', 'Residential land', '#f7ece3'],
  ['Ba', 'Tereny przemysłowe', 'Industrial land', '#ece8f1'],
  ['Bi', 'Inne tereny zabudowane', 'Other built-up land', '#f4ede7'],
  ['Bp', 'Zurbanizowane tereny niezabudowane', 'Undeveloped urban land', '#f6f2ea'],
  ['Bz', 'Tereny rekreacyjno-wypoczynkowe', 'Recreational land', '#dfeed3'],
  ['K', 'Użytki kopalne', 'Mining land', '#e7ddcd'],
  ['dr', 'Drogi', 'Roads', '#f6f6f4'],
  ['Tk', 'Tereny kolejowe', 'Railway land', '#e6e2ea'],
  ['Ti', 'Inne tereny komunikacyjne', 'Other transport land', '#efedf1'],
  ['Tp', 'Grunty pod budowę dróg i kolei', 'Land for planned roads and railways', '#efedf1'],
  ['Wp', 'Grunty pod wodami płynącymi', 'Flowing waters', '#b9daf3'],
  ['Ws', 'Grunty pod wodami stojącymi', 'Standing waters', '#b9daf3'],
  ['Wm', 'Grunty pod morskimi wodami wewnętrznymi', 'Inland sea waters', '#b9daf3'],
  ['W', 'Rowy', 'Ditches', '#cce4f5'],
  ['Wsr', 'Grunty pod stawami', 'Ponds', '#c6e0f4'],
  ['R', 'Grunty orne', 'Arable land', '#f7f2cf'],
  ['S', 'Sady', 'Orchards', '#e5efc4'],
  ['Ł', 'Łąki trwałe', 'Permanent meadows', '#e1f0cb'],
  ['Ps', 'Pastwiska trwałe', 'Permanent pastures', '#e7f2d1'],
  ['Br', 'Grunty rolne zabudowane', 'Built-up agricultural land', '#f3e8d3'],
  ['Ls', 'Lasy', 'Forests', '#c8e2ba'],
  ['Lz', 'Grunty zadrzewione i zakrzewione', 'Wooded and shrub land', '#d5e9c7'],
  ['Lzr', 'Zadrzewione grunty rolne', 'Wooded agricultural land', '#dbecc8'],
  ['N', 'Nieużytki', 'Wasteland', '#eeeae1'],
  ['Tr', 'Tereny różne', 'Miscellaneous land', '#eeeae6'],
];

/** Building classes of the KŚT with the fill of each: [code, Polish, English, fill]. */
const KST: readonly (readonly [string, string, string, string])[] = [
  ['110', 'Budynki mieszkalne', 'Residential', '#ecc6b0'],
  ['103', 'Budynki handlowo-usługowe', 'Commercial', '#f0b99f'],
  ['105', 'Budynki biurowe', 'Offices', '#e6bcc4'],
  ['106', 'Budynki szpitali i opieki medycznej', 'Hospitals and care', '#e6c8de'],
  ['107', 'Budynki oświaty, nauki, kultury i sportu', 'Education, culture and sport', '#dccbe6'],
  ['101', 'Budynki przemysłowe', 'Industrial', '#d8d1c7'],
  ['102', 'Budynki transportu i łączności', 'Transport and communications', '#d1d5de'],
  ['104', 'Zbiorniki, silosy i magazyny', 'Tanks, silos and warehouses', '#dcd5ca'],
  ['108', 'Budynki gospodarcze dla rolnictwa', 'Agricultural', '#e3dbbf'],
  ['109', 'Pozostałe budynki niemieszkalne', 'Other non-residential', '#e2d8ce'],
];

const classTitle = (v: string, pl: string, en: string): Text => ({ pl: `${v} – ${pl}`, en: `${v} – ${en}` });

export const LAND_USE_RULES: readonly StyleRule[] = [
  ...OFU.map(([v, pl, en, fill]): StyleRule => ({ when: { OFU: [v] }, title: classTitle(v, pl, en), legend: true, set: { fill, fillOpacity: 1 } })),
  // Contours mostly follow parcel boundaries: at small scales their colour says enough.
  { when: {}, title: { pl: 'Granice konturów', en: 'Contour boundaries' }, scale: { min: 5_000 }, set: { strokeWidth: 0 } },
];

export const BUILDING_RULES: readonly StyleRule[] = [
  ...KST.map(([v, pl, en, fill]): StyleRule => ({ when: { rodzajWgKST: [v] }, title: classTitle(v, pl, en), legend: true, set: { fill } })),
  { when: { statusBudynku: ['w budowie'] }, title: { pl: 'W budowie', en: 'Under construction' }, set: { dash: [4, 2], fillOpacity: 0.5 } },
];

export const PARCEL_RULES: readonly StyleRule[] = [
  { when: {}, title: { pl: 'Granice działek', en: 'Parcel boundaries' }, scale: { min: 5_000 }, set: { stroke: '#505050' } },
];

/** Line width by function and a dash for what is not (yet) in service: as the base map draws them. */
export const LINE_MODIFIERS: readonly StyleRule[] = [
  { when: { funkcja: ['magistralny'] }, title: { pl: 'Magistrala', en: 'Main' }, set: { strokeWidth: 2.6 } },
  { when: { funkcja: ['przyłącze'] }, title: { pl: 'Przyłącze', en: 'Service connection' }, set: { strokeWidth: 1 } },
  // Service connections are a few metres long: below 1:5000 they are clutter, not information.
  { when: { funkcja: ['przyłącze'] }, title: { pl: 'Przyłącze', en: 'Service connection' }, scale: { min: 5_000 }, set: { strokeWidth: 0 } },
  { when: { status: ['projektowany'] }, title: { pl: 'Projektowany', en: 'Planned' }, set: { dash: [5, 3] } },
  { when: { status: ['nieczynny'] }, title: { pl: 'Nieczynny', en: 'Disused' }, set: { dash: [1.5, 2.5] } },
];

/** The colour (and dash) of each network branch, as legend classes. */
export const BRANCH_RULES: readonly StyleRule[] = BRANCHES.map((b) => ({
  when: { rodzajSieci: [b.value] }, title: { pl: b.pl, en: b.en }, legend: true,
  set: { stroke: b.colour, ...('dash' in b ? { dash: [...b.dash] } : {}) },
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
