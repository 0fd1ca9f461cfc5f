// Legends from the same styles the maps are drawn with: one row per legend rule (land-use classes, building
// classes, network branches) or one row for a layer without rules; a group lists its layers under headings.
// The layout is computed separately so capabilities can state each LegendURL's size without drawing it.
import { createCanvas, type Canvas, type SKRSContext2D } from '@napi-rs/canvas';
import type { Layer } from '../catalog/types.ts';
import { geometryKind } from './query.ts';
import { drawFeatures } from './draw.ts';
import { layerStyle, resolveSymbol, type StyleRule, type Symbolizer } from './styles.ts';
import { FONT_FAMILY, ensureFonts } from './fonts.ts';

export type Language = 'pl' | 'en';

interface Row { text: string; heading: boolean; kind?: 'point' | 'line' | 'polygon'; symbol?: Symbolizer }

export interface LegendLayout { width: number; height: number; rows: Row[]; swatch: { width: number; height: number } }

export interface LegendOptions { language: Language; swatchWidth?: number; swatchHeight?: number }

const PAD = 4;
const GAP = 6;
const TEXT_SIZE = 11;

function rowsOf(layer: Layer, withHeading: boolean, lang: Language, styleName?: string): Row[] {
  const style = layerStyle(layer, styleName);
  if (!style) return [];
  const kind = geometryKind(layer);
  const legendRules: StyleRule[] = style.rules.filter((r) => r.legend);
  if (legendRules.length === 0) return [{ text: layer.title[lang], heading: false, kind, symbol: style.symbol }];
  const rows: Row[] = withHeading ? [{ text: layer.title[lang], heading: true }] : [];
  for (const r of legendRules) rows.push({ text: r.title[lang], heading: false, kind, symbol: resolveSymbol(style.symbol, [r], Object.fromEntries(Object.entries(r.when).map(([a, v]) => [a, v[0]!]))) });
  return rows;
}

let scratch: SKRSContext2D | undefined;
function measure(text: string, heading: boolean): number {
  ensureFonts();
  scratch ??= createCanvas(1, 1).getContext('2d');
  scratch.font = font(heading);
  return scratch.measureText(text).width;
}

const font = (heading: boolean) => `${heading ? 'bold ' : ''}${TEXT_SIZE}px ${FONT_FAMILY}`;

/** Layout of the legend of some layers (one layer: no heading; several: a heading per layer with classes). */
export function legendLayout(layers: readonly Layer[], o: LegendOptions, styleName?: string): LegendLayout {
  const swatch = { width: Math.min(Math.max(o.swatchWidth ?? 20, 8), 64), height: Math.min(Math.max(o.swatchHeight ?? 14, 6), 48) };
  const rows = layers.flatMap((l) => rowsOf(l, layers.length > 1, o.language, styleName));
  const rowHeight = Math.max(swatch.height, TEXT_SIZE + 3) + 4;
  const textWidth = Math.max(0, ...rows.map((r) => Math.ceil(measure(r.text, r.heading)) + (r.heading ? -swatch.width - GAP : 0)));
  return { width: PAD * 2 + swatch.width + GAP + textWidth, height: PAD * 2 + rows.length * rowHeight, rows, swatch };
}

function swatchFeature(kind: 'point' | 'line' | 'polygon', x: number, y: number, w: number, h: number) {
  if (kind === 'point') return { values: {}, x: x + w / 2, y: y + h / 2 };
  if (kind === 'line') return { values: {}, path: `M ${x + 1} ${y + h / 2} L ${x + w - 1} ${y + h / 2}` };
  return { values: {}, path: `M ${x + 1} ${y + 1} L ${x + w - 1} ${y + 1} L ${x + w - 1} ${y + h - 1} L ${x + 1} ${y + h - 1} Z` };
}

export function drawLegend(layout: LegendLayout, transparent: boolean): Canvas {
  ensureFonts();
  const canvas = createCanvas(layout.width, layout.height);
  const g = canvas.getContext('2d');
  if (!transparent) { g.fillStyle = '#ffffff'; g.fillRect(0, 0, layout.width, layout.height); }
  const { width: sw, height: sh } = layout.swatch;
  const rowHeight = Math.max(sh, TEXT_SIZE + 3) + 4;
  layout.rows.forEach((r, i) => {
    const y = PAD + i * rowHeight;
    if (r.kind && r.symbol) {
      // The swatch is drawn by the map's own drawing code: what the legend shows is what the map draws.
      drawFeatures(g, r.kind, [swatchFeature(r.kind, PAD, y + (rowHeight - sh) / 2, sw, sh)], r.symbol, [], 1);
    }
    g.font = font(r.heading);
    g.fillStyle = '#000000';
    g.textBaseline = 'middle';
    g.fillText(r.text, r.heading ? PAD : PAD + sw + GAP, y + rowHeight / 2);
  });
  return canvas;
}

