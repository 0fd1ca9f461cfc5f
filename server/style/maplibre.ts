// The MapLibre style (style spec v8) of the vector tiles, generated from the same style definitions the WMS
// draws with (the catalogue's StyleSpec through style/model.ts):
// - the catalogue's scale ranges become minzoom/maxzoom with the true ground scale at the data's latitude
//   (style/zoom.ts), and so do the scale ranges of rules (e.g. service connections hidden below 1:5000): a
//   layer is cut into zoom bands inside which the same rules apply;
// - rules become `match` expressions on the feature's attribute (later rules win, as in resolveSymbol), in the
//   forms QGIS 3.22's converter translates too (see resolve());
// - stroke widths follow the WMS thinning at small scales (strokeFactor) by exponential interpolation over zoom;
// - a dash pattern cannot vary per feature in every MapLibre version, and MapLibre measures dashes in line
//   widths, so lines get a layer per (dash, width) with a filter;
// - paint order across layers is the catalogue's zIndex; of a layer's lines, wider ones are drawn on top.
// - labels are symbol layers over every geometry layer, with the WMS label's attribute, typography and scale
//   limit (minzoom), text growing at the largest scales as the WMS labelFactor does, placed by priority (a
//   higher priority is placed first); their glyphs come from this service (style/glyphs.ts).
import type { Layer, StyleRule, Symbolizer } from '../catalog/types.ts';
import type { Role } from '../catalog/roles.ts';
import { labelFactor, labelPointsLayer, layerStyle, rulesForRole, strokeFactor, STROKE_FACTOR_RANGE, usableRules, type LabelStyle } from './model.ts';
import { fontStackOf } from './glyphs.ts';
import { visibleAttributes } from '../catalog/catalog.ts';
import { layerZoomRange, roundZoom, scaleAtZoom, zoomForScale } from './zoom.ts';
import { LABEL_TEXT_PROPERTY } from '../catalog/cartography.ts';

type Expr = unknown;
export type StyleLayer = Record<string, unknown> & { id: string; type: string; source?: string; 'source-layer'?: string };
export interface MapLibreStyle {
  version: 8;
  name: string;
  metadata: Record<string, unknown>;
  center: [number, number];
  zoom: number;
  glyphs?: string;
  sources: Record<string, { type: 'vector'; url: string; attribution?: string }>;
  layers: StyleLayer[];
}

export interface StyleSourceInput {
  /** Source id (the tile set's id). */
  id: string;
  /** URL of the set's TileJSON. */
  url: string;
  /** The layers the set's tiles carry (their names are the source layers). */
  layers: readonly Layer[];
}

export interface StyleInput {
  name: string;
  sources: readonly StyleSourceInput[];
  role: Role;
  /** Latitude the scale ranges are converted at. */
  latitude: number;
  center: [number, number];
  zoom: number;
  attribution?: string;
  /** Background colour (the WMS default is white); undefined = none, for overlays. */
  background?: string;
  /** URL template of the glyph PBFs ({fontstack}, {range}); without it the style has no labels. */
  glyphs?: string;
}

const TRANSPARENT = 'rgba(0,0,0,0)';
/** The highest zoom a style band is written for (MapLibre's limit is 24). */
const TOP_ZOOM = 24;

type Kind = 'point' | 'line' | 'polygon';
function kindOf(layer: Layer): Kind {
  const t = layer.geometry.type;
  if (t === 'Point' || t === 'MultiPoint') return 'point';
  if (t === 'LineString' || t === 'MultiLineString') return 'line';
  return 'polygon';
}

/**
 * How a symbolizer property resolves per feature: the attributes its rules test, and its value for every
 * combination of their listed values (OTHER = any value no rule lists). Later rules win, as in resolveSymbol.
 * Expressions are written in the forms QGIS 3.22's style converter translates (QgsMapBoxGlStyleConverter:
 * `match` on `["get", attribute]` for values, `all`/`any` of `match` → true/false for filters, `interpolate` on
 * zoom with plain stops) — no `to-string`, no `case` in values — and MapLibre evaluates them the same way.
 */
const OTHER = Symbol('other');
type Label = string | number;
interface Combination<V> { labels: (Label | typeof OTHER)[]; value: V }
interface Resolved<V> { attributes: string[]; listed: Label[][]; combinations: Combination<V>[] }

/** A rule value as the tiles carry it: numbers for numeric attributes, text otherwise. */
function labelOf(layer: Layer, attribute: string, value: string): Label {
  const type = layer.attributes.find((a) => a.name === attribute)?.type;
  return (type === 'integer' || type === 'number') && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
}

function resolve<K extends keyof Symbolizer>(layer: Layer, base: Symbolizer, rules: readonly StyleRule[], key: K): Resolved<Symbolizer[K]> {
  const setting = rules.filter((r) => key in r.set && Object.values(r.when).every((v) => v.length > 0));
  const attributes = [...new Set(setting.flatMap((r) => Object.keys(r.when)))];
  const listed = attributes.map((a) => uniqueBy(setting.flatMap((r) => (r.when[a] ?? []).map((v) => labelOf(layer, a, v))), String));
  const combinations: Combination<Symbolizer[K]>[] = [];
  const walk = (i: number, labels: (Label | typeof OTHER)[]) => {
    if (i === attributes.length) {
      let value = base[key];
      for (const r of setting) {
        const applies = Object.entries(r.when).every(([a, values]) => {
          const l = labels[attributes.indexOf(a)];
          return l !== OTHER && values.some((v) => labelOf(layer, a, v) === l);
        });
        if (applies) value = r.set[key] as Symbolizer[K];
      }
      combinations.push({ labels, value });
      return;
    }
    for (const l of [...listed[i]!, OTHER] as (Label | typeof OTHER)[]) walk(i + 1, [...labels, l]);
  };
  walk(0, []);
  return { attributes, listed, combinations };
}

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The distinct values a resolved property takes. */
function valuesOf<V>(r: Resolved<V>): V[] {
  return uniqueBy(r.combinations.map((c) => c.value), (v) => JSON.stringify(v ?? null));
}

/** `match` on one attribute as a boolean: in `labels` → `inside`. */
function matchTest(attribute: string, labels: readonly Label[], inside: boolean): Expr {
  return ['match', ['get', attribute], [...labels], inside, !inside];
}

/**
 * The same resolution without the attributes the value does not depend on (storm sewers: the colour of branch k
 * whatever the type), so that a value that depends on one attribute is written as a `match` QGIS can convert.
 */
function relevantOnly<V>(r: Resolved<V>): Resolved<V> {
  for (let i = 0; i < r.attributes.length; i++) {
    const rest = (c: Combination<V>) => JSON.stringify(c.labels.filter((_, j) => j !== i).map((l) => (l === OTHER ? '\u0000other' : l)));
    const seen = new Map<string, V>();
    const irrelevant = r.combinations.every((c) => {
      const k = rest(c);
      if (!seen.has(k)) { seen.set(k, c.value); return true; }
      return sameValue(seen.get(k), c.value);
    });
    if (!irrelevant) continue;
    const key = (labels: (Label | typeof OTHER)[]) => JSON.stringify(labels.map((l) => (l === OTHER ? '\u0000other' : l)));
    const combinations = uniqueBy(r.combinations.map((c) => ({ labels: c.labels.filter((_, j) => j !== i), value: c.value })), (c) => key(c.labels));
    return relevantOnly({ attributes: r.attributes.filter((_, j) => j !== i), listed: r.listed.filter((_, j) => j !== i), combinations });
  }
  return r;
}

/** The property as a paint/layout value: a constant, a `match` on its one attribute, or a `case` over several. */
function valueExpr<V>(resolved: Resolved<V>, encode: (v: V) => Expr): Expr {
  const r = relevantOnly(resolved);
  const values = valuesOf(r);
  if (values.length === 1) return encode(values[0]!);
  const fallback = r.combinations.find((c) => c.labels.every((l) => l === OTHER))!.value;
  if (r.attributes.length === 1) {
    const groups: Expr[] = [];
    for (const v of values) {
      if (sameValue(v, fallback)) continue;
      const labels = r.combinations.filter((c) => c.labels[0] !== OTHER && sameValue(c.value, v)).map((c) => c.labels[0] as Label);
      groups.push([...labels], encode(v));
    }
    return ['match', ['get', r.attributes[0]!], ...groups, encode(fallback)];
  }
  // Several attributes (MapLibre only; QGIS 3.22 cannot convert a case value — no such property is a paint value here).
  const branches: Expr[] = [];
  for (const c of r.combinations) {
    if (c.labels.every((l) => l === OTHER)) continue;
    branches.push(combinationTest(r, c), encode(c.value));
  }
  return ['case', ...branches, encode(fallback)];
}

function combinationTest<V>(r: Resolved<V>, c: Combination<V>): Expr {
  const parts = c.labels.map((l, i) => (l === OTHER ? matchTest(r.attributes[i]!, r.listed[i]!, false) : matchTest(r.attributes[i]!, [l], true)));
  return parts.length === 1 ? parts[0] : ['all', ...parts];
}

/** A filter selecting the features whose resolved value satisfies `wanted`: true/false when all or none do. */
function filterWhere<V>(r: Resolved<V>, wanted: (v: V) => boolean): Expr | boolean {
  const hits = r.combinations.filter((c) => wanted(c.value));
  if (hits.length === 0) return false;
  if (hits.length === r.combinations.length) return true;
  if (r.attributes.length === 1) {
    const otherHit = hits.some((c) => c.labels[0] === OTHER);
    // Listed labels with the other outcome, as the complement when unlisted values are wanted too.
    const labels = (otherHit ? r.combinations.filter((c) => !wanted(c.value)) : hits).map((c) => c.labels[0] as Label);
    return matchTest(r.attributes[0]!, labels, !otherHit);
  }
  const tests = hits.map((c) => combinationTest(r, c));
  return tests.length === 1 ? tests[0]! : ['any', ...tests];
}

function uniqueBy<T>(list: readonly T[], key: (v: T) => string): T[] {
  const seen = new Set<string>();
  return list.filter((v) => { const k = key(v); if (seen.has(k)) return false; seen.add(k); return true; });
}

const dashKey = (d: readonly number[] | undefined) => (d?.length ? d.join(',') : '');

/** Zoom bands of a layer: its range cut at the zooms where a rule starts or stops applying. */
function bands(layer: Layer, rules: readonly StyleRule[], latitude: number): [number, number][] {
  const range = layerZoomRange(layer, latitude);
  const lo = Math.max(0, range.min), hi = Math.min(TOP_ZOOM, range.max ?? TOP_ZOOM);
  if (hi <= lo) return [];
  const cuts = new Set<number>();
  for (const r of rules) {
    for (const s of [r.scale?.min, r.scale?.max]) {
      if (s === undefined) continue;
      const z = zoomForScale(s, latitude);
      if (z > lo + 1e-6 && z < hi - 1e-6) cuts.add(z);
    }
  }
  const edges = [lo, ...[...cuts].sort((a, b) => a - b), hi];
  return edges.slice(1).map((b, i) => [edges[i]!, b]);
}

/** A line width × the WMS stroke thinning over the band (exponential base √2 is exact between the kinks). */
function thinned(width: number, band: [number, number], latitude: number): Expr {
  const [a, b] = band;
  const kinks = [zoomForScale(STROKE_FACTOR_RANGE.half, latitude), zoomForScale(STROKE_FACTOR_RANGE.full, latitude)].filter((z) => z > a && z < b);
  const stops = [...new Set([a, ...kinks, b].map((z) => roundZoom(z)))];
  const factors = stops.map((z) => strokeFactor(scaleAtZoom(z, latitude)));
  if (factors.every((f) => Math.abs(f - factors[0]!) < 1e-6)) return round(width * factors[0]!);
  return ['interpolate', ['exponential', Math.SQRT2], ['zoom'], ...stops.flatMap((z, i) => [z, round(width * factors[i]!)])];
}

const round = (n: number) => Math.round(n * 1000) / 1000;

function zoomLimits(band: [number, number]): Record<string, number> {
  const out: Record<string, number> = {};
  if (band[0] > 0) out.minzoom = roundZoom(band[0]);
  if (band[1] < TOP_ZOOM) out.maxzoom = roundZoom(band[1]);
  return out;
}

/** The style layers of one catalogue layer from one source. */
export function layerStyleLayers(layer: Layer, sourceId: string, role: Role, latitude: number): StyleLayer[] {
  const style = layerStyle(layer);
  if (!style) return [];
  const kind = kindOf(layer);
  const out: StyleLayer[] = [];
  const common = (id: string, type: string, band: [number, number]): StyleLayer => ({
    id, type, source: sourceId, 'source-layer': layer.name, ...zoomLimits(band),
    metadata: { 'sip:layer': layer.typeName, 'sip:title': layer.title.pl },
  });
  const allBands = bands(layer, rulesForRole(layer, style, role), latitude);
  allBands.forEach((band, bi) => {
    const mid = band[1] >= TOP_ZOOM ? band[0] + 0.5 : (band[0] + band[1]) / 2;
    const rules = usableRules(layer, style, role, scaleAtZoom(mid, latitude));
    const base = style.symbol;
    const suffix = allBands.length > 1 ? `-z${bi}` : '';
    const id = `${layer.namespace}-${layer.name}`;
    const fill = resolve(layer, base, rules, 'fill');
    const fillOpacity = resolve(layer, base, rules, 'fillOpacity');
    const stroke = resolve(layer, base, rules, 'stroke');
    const width = resolve(layer, base, rules, 'strokeWidth');
    const filled = valuesOf(fill).some((v) => v);
    const fillColour = valueExpr(fill, (v) => v ?? TRANSPARENT);
    const lineColour = valueExpr(stroke, (v) => v);

    if (kind === 'point') {
      out.push({
        ...common(`${id}${suffix}`, 'circle', band),
        paint: {
          'circle-radius': valueExpr(resolve(layer, base, rules, 'radius'), (v) => v ?? 3),
          'circle-color': fillColour,
          'circle-opacity': filled ? valueExpr(fillOpacity, (v) => v ?? 1) : 0,
          'circle-stroke-color': lineColour,
          'circle-stroke-width': valueExpr(width, (v) => v),
        },
      });
      return;
    }
    if (kind === 'polygon' && filled) {
      out.push({ ...common(`${id}-fill${suffix}`, 'fill', band), paint: { 'fill-color': fillColour, 'fill-opacity': valueExpr(fillOpacity, (v) => v ?? 1) } });
    }
    // Lines and outlines: a layer per (dash, width) with a filter — MapLibre measures dashes in line widths, and a
    // plain width lets the WMS thinning over zoom be a plain interpolation — drawn thinnest first (wider on top).
    const widths = valuesOf(width).filter((w) => w > 0).sort((a, b) => a - b);
    if (!widths.length) return;
    const dash = resolve(layer, base, rules, 'dash');
    const dashes = valuesOf(dash).map(dashKey);
    const lineLayout = kind === 'line' ? { 'line-cap': 'round', 'line-join': 'round' } : { 'line-join': 'miter' };
    for (const d of dashes) {
      const byDash = dashes.length > 1 ? filterWhere(dash, (v) => dashKey(v) === d) : true;
      if (byDash === false) continue;
      for (const w of widths) {
        const byWidth = widths.length > 1 || valuesOf(width).includes(0) ? filterWhere(width, (v) => v === w) : true;
        if (byWidth === false) continue;
        const parts = [byDash, byWidth].filter((p): p is Expr => p !== true);
        const name = `${id}-line${d ? `-dash${d.replace(/[.,]/g, '_')}` : dashes.length > 1 ? '-solid' : ''}${widths.length > 1 ? `-w${String(w).replace('.', '_')}` : ''}${suffix}`;
        out.push({
          ...common(name, 'line', band),
          ...(parts.length ? { filter: parts.length === 1 ? parts[0] : ['all', ...parts] } : {}),
          layout: lineLayout,
          paint: {
            'line-color': lineColour,
            'line-width': thinned(w, band, latitude),
            ...(d ? { 'line-dasharray': d.split(',').map(Number).map((p) => round(p / w)) } : {}),
          },
        });
      }
    }
  });
  return out;
}

/** WMS label offsets (pixels from the anchor) as MapLibre anchors: the text's side that touches the anchor. */
function anchorsOf(offsets: readonly (readonly [number, number])[]): string[] {
  const out = offsets.map(([dx, dy]) => (dx === 0 && dy === 0 ? 'center' : Math.abs(dy) >= Math.abs(dx) ? (dy > 0 ? 'top' : 'bottom') : dx > 0 ? 'left' : 'right'));
  return [...new Set(out)];
}

/** Label size over zoom: the WMS size, growing with labelFactor from 1:1000 to its 1.4× at 1:500 and beyond. */
function labelSize(size: number, latitude: number): Expr {
  const z1000 = roundZoom(zoomForScale(1_000, latitude));
  const zMax = roundZoom(zoomForScale(1_000 / 1.4 ** 2, latitude));
  return ['interpolate', ['exponential', Math.SQRT2], ['zoom'], z1000, size, zMax, round(size * labelFactor(1_000 / 1.4 ** 2))];
}

/**
 * The symbol layer of a catalogue layer's label, or undefined without one: shown from the zoom of the label's
 * scale limit (and the layer's range), with the WMS label's attribute, size, colours, halo and placements.
 */
export function labelStyleLayer(layer: Layer, sourceId: string, role: Role, latitude: number): StyleLayer | undefined {
  const label: LabelStyle | undefined = layerStyle(layer)?.label;
  // Lines are labelled only along them (the network labels). A label of an attribute the role may not see is not
  // in its tiles (and its values would leak).
  if (!label || (kindOf(layer) === 'line' && !label.alongLine)) return undefined;
  const visible = new Set(visibleAttributes(layer, role).map((a) => a.name));
  if (!(label.text ? label.text.attributes : [label.attribute]).every((a) => visible.has(a))) return undefined;
  const range = layerZoomRange(layer, latitude);
  const min = Math.max(range.min, zoomForScale(label.maxScale, latitude), 0);
  const max = Math.min(range.max ?? TOP_ZOOM, TOP_ZOOM);
  if (max <= min) return undefined;
  const anchors = anchorsOf(label.offsets);
  // The first non-zero offset, in ems of the label's size (MapLibre's unit for offsets).
  const offset = label.offsets.map(([dx, dy]) => Math.hypot(dx, dy)).find((d) => d > 0);
  const placement = label.alongLine
    // Along the line, beside it (the WMS offset above the line), repeated every 250 px on long lines.
    ? { 'symbol-placement': 'line', 'text-offset': [0, -round((offset ?? 6) / label.size)], 'symbol-spacing': 250, 'text-max-angle': 30 }
    : anchors.length > 1
      ? { 'text-variable-anchor': anchors, ...(offset ? { 'text-radial-offset': round(offset / label.size / 2) } : {}) }
      : { 'text-anchor': anchors[0] ?? 'center' };
  return {
    id: `${layer.namespace}-${layer.name}-label`,
    type: 'symbol',
    source: sourceId,
    // A label once per feature reads the tiles' point layer of label anchors (one point per feature).
    'source-layer': label.once ? labelPointsLayer(layer.name) : layer.name,
    ...zoomLimits([min, max]),
    metadata: { 'sip:layer': layer.typeName, 'sip:label': label.attribute, 'sip:maxScale': label.maxScale, 'sip:priority': label.priority },
    filter: ['has', label.text ? LABEL_TEXT_PROPERTY : label.attribute],
    layout: {
      'text-field': ['get', label.text ? LABEL_TEXT_PROPERTY : label.attribute],
      'text-font': [fontStackOf(label)],
      'text-size': labelSize(label.size, latitude),
      'text-padding': 2,
      'text-max-width': 12,
      ...placement,
    },
    paint: { 'text-color': label.colour, 'text-halo-color': label.halo, 'text-halo-width': 1.5 },
  };
}

/** The whole style: a source per tile set, the layers of all sets in the catalogue's paint order. */
export function maplibreStyle(input: StyleInput): MapLibreStyle {
  const entries = input.sources.flatMap((s) => s.layers.map((layer) => ({ layer, source: s.id })));
  entries.sort((a, b) => (layerStyle(a.layer)?.zIndex ?? 50) - (layerStyle(b.layer)?.zIndex ?? 50));
  const layers: StyleLayer[] = input.background ? [{ id: 'background', type: 'background', paint: { 'background-color': input.background } }] : [];
  for (const e of entries) layers.push(...layerStyleLayers(e.layer, e.source, input.role, input.latitude));
  if (input.glyphs) {
    // Labels above all geometry; MapLibre places the topmost symbol layer first, so the highest priority goes last.
    const labels = entries.flatMap((e) => { const l = labelStyleLayer(e.layer, e.source, input.role, input.latitude); return l ? [{ l, p: layerStyle(e.layer)!.label!.priority }] : []; });
    labels.sort((a, b) => a.p - b.p);
    layers.push(...labels.map((x) => x.l));
  }
  return {
    version: 8,
    name: input.name,
    metadata: { 'sip:latitude': round(input.latitude), 'sip:labels': input.glyphs ? 'as the WMS draws them' : 'none: no glyphs URL' },
    center: input.center,
    zoom: input.zoom,
    ...(input.glyphs ? { glyphs: input.glyphs } : {}),
    sources: Object.fromEntries(input.sources.map((s) => [s.id, { type: 'vector' as const, url: s.url, ...(input.attribution ? { attribution: input.attribution } : {}) }])),
    layers,
  };
}
