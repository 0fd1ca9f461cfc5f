// The style model shared by every consumer of the catalogue's styles: the WMS renderer (render/), the MapLibre
// style of the vector tiles (maplibre.ts) and the legends. It reads StyleSpec (data in the catalogue) and
// resolves what a feature looks like at a scale for a role; it draws nothing itself.
import type { Layer, LabelSpec, StyleRule, Symbolizer, Text } from '../catalog/types.ts';
import type { Role } from '../catalog/roles.ts';
import { visibleAttributes } from '../catalog/catalog.ts';

export type { StyleRule, Symbolizer } from '../catalog/types.ts';

/** A label with its typography complete (defaults filled in). */
export interface LabelStyle extends Required<Omit<LabelSpec, 'bold' | 'italic' | 'minRadius' | 'text' | 'alongLine' | 'once'>> {
  bold?: boolean;
  italic?: boolean;
  minRadius?: number;
  text?: LabelSpec['text'];
  alongLine?: boolean;
  once?: boolean;
}

/** A named style of a layer, as the consumers see it. */
export interface RenderStyle {
  name: string;
  title: Text;
  symbol: Symbolizer;
  rules: readonly StyleRule[];
  label?: LabelStyle;
  /** Paint order across layers: lower is drawn first. */
  zIndex: number;
}

export const DEFAULT_STYLE = 'default';

/** The vector tiles' layer of label anchors of a layer whose label is drawn once per feature (one point each). */
export const labelPointsLayer = (name: string): string => `${name}_etykiety`;
export const DEFAULT_Z_INDEX = 50;
const DEFAULT_TITLE: Text = { pl: 'Domyślny', en: 'Default' };
const DEFAULT_LABEL: Omit<LabelStyle, 'attribute' | 'maxScale'> = {
  size: 10, colour: '#000000', halo: '#ffffff', priority: 10, offsets: [[0, 0], [0, 12], [0, -12], [14, 0], [-14, 0]],
};

function symbolOf(s: Symbolizer): Symbolizer {
  return {
    stroke: s.stroke, strokeWidth: s.strokeWidth,
    ...(s.fill ? { fill: s.fill, fillOpacity: s.fillOpacity ?? 1 } : {}),
    ...(s.dash ? { dash: s.dash } : {}),
    ...(s.radius ? { radius: s.radius } : {}),
  };
}

const resolved = new WeakMap<object, RenderStyle>();

/**
 * The layer's style with the given name (default when absent), or undefined if it has no such style. Resolved
 * once per style spec (every map, tile and legend asks for it); treat the result as read-only.
 */
export function layerStyle(layer: Pick<Layer, 'style'>, name: string = DEFAULT_STYLE): RenderStyle | undefined {
  if (name.toLowerCase() !== DEFAULT_STYLE) return undefined;
  const spec = layer.style;
  let style = resolved.get(spec);
  if (!style) resolved.set(spec, style = resolveStyle(spec));
  return style;
}

function resolveStyle(spec: Layer['style']): RenderStyle {
  return {
    name: DEFAULT_STYLE,
    title: DEFAULT_TITLE,
    symbol: symbolOf(spec),
    rules: spec.rules ?? [],
    zIndex: spec.zIndex ?? DEFAULT_Z_INDEX,
    ...(spec.label ? { label: { ...DEFAULT_LABEL, ...stripUndefined(spec.label) } as LabelStyle } : {}),
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Names of the styles a layer offers. */
export function styleNames(_layer: Pick<Layer, 'style'>): string[] {
  return [DEFAULT_STYLE];
}

/** Whether a scale denominator lies in a rule's (or layer's) range: min inclusive, max inclusive. */
export function inRuleScale(range: { min?: number; max?: number } | undefined, scale: number): boolean {
  return (range?.min === undefined || scale >= range.min) && (range?.max === undefined || scale <= range.max);
}

/**
 * The rules that apply to a map: those of its scale, and only on attributes the role may see (a rule on a
 * hidden attribute would leak its values through colours).
 */
export function usableRules(layer: Layer, style: RenderStyle, role: Role, scale: number): StyleRule[] {
  return rulesForRole(layer, style, role).filter((r) => inRuleScale(r.scale, scale));
}

/** The rules of a style on attributes the role may see, whatever their scale. */
export function rulesForRole(layer: Layer, style: RenderStyle, role: Role): StyleRule[] {
  const visible = new Set(visibleAttributes(layer, role).map((a) => a.name));
  return style.rules.filter((r) => Object.keys(r.when).every((a) => visible.has(a)));
}

/** Whether a rule's condition holds for a feature's attribute values (as text). */
export function ruleMatches(rule: StyleRule, values: Readonly<Record<string, string | null>>): boolean {
  return Object.entries(rule.when).every(([a, vs]) => { const v = values[a]; return v != null && vs.includes(v); });
}

/** The symbolizer for a feature's attribute values (every rule that matches, in order). */
export function resolveSymbol(base: Symbolizer, rules: readonly StyleRule[], values: Readonly<Record<string, string | null>>): Symbolizer {
  let s = base;
  for (const r of rules) if (ruleMatches(r, values)) s = { ...s, ...r.set };
  return s;
}

/** Labels grow a little at the largest scales (up to 1.4× at 1:500), where parcels are big on screen. */
export function labelFactor(scale: number): number {
  return scale >= 1_000 ? 1 : Math.min(1.4, Math.sqrt(1_000 / scale));
}

/** Scale denominators between which strokeFactor changes (constant outside). */
export const STROKE_FACTOR_RANGE = { full: 2_500, half: 10_000 } as const;

/**
 * Stroke widths are designed for large scales; smaller scales draw them thinner (down to half at 1:10 000),
 * so dense parcels and networks stay readable instead of merging into a dark mass.
 */
export function strokeFactor(scale: number): number {
  return scale <= STROKE_FACTOR_RANGE.full ? 1 : Math.max(0.5, Math.sqrt(STROKE_FACTOR_RANGE.full / scale));
}
