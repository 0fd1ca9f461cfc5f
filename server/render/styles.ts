// Drawing styles: the catalogue's StyleSpec completed with what cartography needs beyond it — per-value
// rules (land-use and building classes, network branches), paint order and label typography. These
// defaults live here until StyleSpec grows the same fields (see the proposal in the WMS report); the
// renderer, the legends and the capabilities all read them through layerStyle().
import type { Layer, StyleSpec, Text } from '../catalog/types.ts';
import type { Role } from '../catalog/roles.ts';
import { visibleAttributes } from '../catalog/catalog.ts';
import { BRANCHES } from '../catalog/layers.ts';

export interface Symbolizer {
  fill?: string;
  fillOpacity?: number;
  stroke: string;
  strokeWidth: number;
  dash?: readonly number[];
  radius?: number;
}

/** A per-value variant: applies where every listed attribute has one of its values; later rules win. */
export interface StyleRule {
  when: Readonly<Record<string, readonly string[]>>;
  title: Text;
  /** Shown as its own legend entry (false for modifiers such as line width by function). */
  legend?: boolean;
  /** Scale denominators between which the rule applies (generalisation: thinner or hidden at small scales). */
  scale?: { min?: number; max?: number };
  set: Partial<Symbolizer>;
}

export interface LabelStyle {
  attribute: string;
  maxScale: number;
  /** Pixels at the standard 90.7 dpi. */
  size: number;
  bold?: boolean;
  italic?: boolean;
  colour: string;
  halo: string;
  /** Higher is placed first. */
  priority: number;
  /** Candidate offsets from the anchor in pixels, tried in order. */
  offsets: readonly (readonly [number, number])[];
  /** Leave out labels of polygons whose largest inscribed circle is smaller (pixels): slivers. */
  minRadius?: number;
}

export interface RenderStyle {
  name: string;
  title: Text;
  symbol: Symbolizer;
  rules: readonly StyleRule[];
  label?: LabelStyle;
  /** Paint order inside a group: lower is drawn first. */
  zIndex: number;
}

export const DEFAULT_STYLE = 'default';
const DEFAULT_TITLE: Text = { pl: 'Domyślny', en: 'Default' };
const CENTRE: readonly (readonly [number, number])[] = [[0, 0], [0, 12], [0, -12], [14, 0], [-14, 0]];

const OFU: readonly [string, string, string, string][] = [
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

const KST: readonly [string, string, string, string][] = [
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

/** Line width by function and a dash for what is not (yet) in service: as the base map draws them. */
const LINE_MODIFIERS: readonly StyleRule[] = [
  { when: { funkcja: ['magistralny'] }, title: { pl: 'Magistrala', en: 'Main' }, set: { strokeWidth: 2.6 } },
  { when: { funkcja: ['przyłącze'] }, title: { pl: 'Przyłącze', en: 'Service connection' }, set: { strokeWidth: 1 } },
  // Service connections are a few metres long: below 1:5000 they are clutter, not information.
  { when: { funkcja: ['przyłącze'] }, title: { pl: 'Przyłącze', en: 'Service connection' }, scale: { min: 5_000 }, set: { strokeWidth: 0 } },
  { when: { status: ['projektowany'] }, title: { pl: 'Projektowany', en: 'Planned' }, set: { dash: [5, 3] } },
  { when: { status: ['nieczynny'] }, title: { pl: 'Nieczynny', en: 'Disused' }, set: { dash: [1.5, 2.5] } },
];

const BRANCH_RULES: readonly StyleRule[] = BRANCHES.map((b) => ({
  when: { rodzajSieci: [b.value] }, title: { pl: b.pl, en: b.en }, legend: true,
  set: { stroke: b.colour, ...('dash' in b ? { dash: [...b.dash] } : {}) },
}));

interface Extra { rules?: readonly StyleRule[]; label?: Omit<LabelStyle, 'attribute' | 'maxScale'>; zIndex: number }

const EXTRAS: Record<string, Extra> = {
  'egib:kontury_uzytkow': {
    zIndex: 10,
    rules: [
      ...OFU.map(([v, pl, en, fill]): StyleRule => ({ when: { OFU: [v] }, title: { pl: `${v} – ${pl}`, en: `${v} – ${en}` }, legend: true, set: { fill, fillOpacity: 1 } })),
      // Contours mostly follow parcel boundaries: at small scales their colour says enough.
      { when: {}, title: { pl: 'Granice konturów', en: 'Contour boundaries' }, scale: { min: 5_000 }, set: { strokeWidth: 0 } },
    ],
    label: { size: 10, italic: true, colour: '#1f6b3d', halo: '#ffffff', priority: 20, offsets: [[0, 15], [0, -15], [0, 0]], minRadius: 9 },
  },
  'egib:budynki': {
    zIndex: 20,
    rules: [
      ...KST.map(([v, pl, en, fill]): StyleRule => ({ when: { rodzajWgKST: [v] }, title: { pl: `${v} – ${pl}`, en: `${v} – ${en}` }, legend: true, set: { fill } })),
      { when: { statusBudynku: ['w budowie'] }, title: { pl: 'W budowie', en: 'Under construction' }, set: { dash: [4, 2], fillOpacity: 0.5 } },
    ],
    label: { size: 9, colour: '#4a1d12', halo: '#f7e6dc', priority: 40, offsets: [[0, 0], [0, 10], [0, -10]], minRadius: 4 },
  },
  'egib:dzialki': {
    zIndex: 30,
    rules: [{ when: {}, title: { pl: 'Granice działek', en: 'Parcel boundaries' }, scale: { min: 5_000 }, set: { stroke: '#505050' } }],
    label: { size: 11, colour: '#000000', halo: '#ffffff', priority: 60, offsets: CENTRE, minRadius: 5 },
  },
  'sip:budynki_projektowane': { zIndex: 40 },
  'gesut:przewody': { zIndex: 50, rules: [...BRANCH_RULES, ...LINE_MODIFIERS] },
  'gesut:urzadzenia': { zIndex: 60, rules: BRANCH_RULES.map((r) => ({ ...r, set: { stroke: r.set.stroke! } })) },
  'sip:drzewa': { zIndex: 70 },
  'egib:obreby': {
    zIndex: 80,
    label: { size: 14, bold: true, colour: '#222222', halo: '#ffffff', priority: 100, offsets: CENTRE, minRadius: 20 },
  },
};

function extraOf(layer: Pick<Layer, 'typeName' | 'namespace' | 'table'>): Extra {
  const own = EXTRAS[layer.typeName];
  if (own) return own;
  // The branch layers of GESUT: the catalogue gives their colour; width and status come from the rules.
  if (layer.table === 'gesut.przewody') return { zIndex: 50, rules: LINE_MODIFIERS };
  return { zIndex: 50 };
}

function symbolOf(s: StyleSpec): Symbolizer {
  return {
    stroke: s.stroke, strokeWidth: s.strokeWidth,
    ...(s.fill ? { fill: s.fill, fillOpacity: s.fillOpacity ?? 1 } : {}),
    ...(s.dash ? { dash: s.dash } : {}),
    ...(s.radius ? { radius: s.radius } : {}),
  };
}

/** The layer's style with the given name (default when absent), or undefined if it has no such style. */
export function layerStyle(layer: Layer, name: string = DEFAULT_STYLE): RenderStyle | undefined {
  if (name.toLowerCase() !== DEFAULT_STYLE) return undefined;
  const extra = extraOf(layer);
  const spec = layer.style;
  return {
    name: DEFAULT_STYLE,
    title: DEFAULT_TITLE,
    symbol: symbolOf(spec),
    rules: extra.rules ?? [],
    zIndex: extra.zIndex,
    ...(spec.label ? {
      label: {
        attribute: spec.label.attribute, maxScale: spec.label.maxScale,
        ...(extra.label ?? { size: 10, colour: '#000000', halo: '#ffffff', priority: 10, offsets: CENTRE }),
      },
    } : {}),
  };
}

/** Names of the styles a layer offers. */
export function styleNames(_layer: Layer): string[] {
  return [DEFAULT_STYLE];
}

/**
 * The rules that apply to a map: those of its scale, and only on attributes the role may see (a rule on a
 * hidden attribute would leak its values through colours).
 */
export function usableRules(layer: Layer, style: RenderStyle, role: Role, scale: number): StyleRule[] {
  const visible = new Set(visibleAttributes(layer, role).map((a) => a.name));
  return style.rules.filter((r) => Object.keys(r.when).every((a) => visible.has(a))
    && (r.scale?.min === undefined || scale >= r.scale.min) && (r.scale?.max === undefined || scale <= r.scale.max));
}

/** Labels grow a little at the largest scales (up to 1.4× at 1:500), where parcels are big on screen. */
export function labelFactor(scale: number): number {
  return scale >= 1_000 ? 1 : Math.min(1.4, Math.sqrt(1_000 / scale));
}

/**
 * Stroke widths are designed for large scales; smaller scales draw them thinner (down to half at 1:10 000),
 * so dense parcels and networks stay readable instead of merging into a dark mass.
 */
export function strokeFactor(scale: number): number {
  return scale <= 2_500 ? 1 : Math.max(0.5, Math.sqrt(2_500 / scale));
}

/** The symbolizer for a feature's attribute values (every rule that matches, in order). */
export function resolveSymbol(base: Symbolizer, rules: readonly StyleRule[], values: Readonly<Record<string, string | null>>): Symbolizer {
  let s = base;
  for (const r of rules) {
    if (Object.entries(r.when).every(([a, vs]) => { const v = values[a]; return v != null && vs.includes(v); })) s = { ...s, ...r.set };
  }
  return s;
}

/** A stable key of a symbolizer: features with equal keys are drawn in one path. */
export function symbolKey(s: Symbolizer): string {
  return `${s.fill ?? ''}|${s.fillOpacity ?? ''}|${s.stroke}|${s.strokeWidth}|${s.dash?.join(',') ?? ''}|${s.radius ?? ''}`;
}
