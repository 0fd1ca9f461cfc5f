// Drawing one layer's features: features sharing a symbol become one Path2D (SVG path data from PostGIS,
// parsed natively by Skia) and are filled and stroked with one call each — no per-feature native calls.
// Grouping (plain strings, on the thread that fetched the rows) and painting (Skia, possibly in a render
// thread: render-pool.ts) are separate steps so a group list can be sent to another thread as it is.
import { Path2D, type SKRSContext2D } from '@napi-rs/canvas';
import type { FetchedFeature } from './query.ts';
import { resolveSymbol, symbolKey, type StyleRule, type Symbolizer } from './styles.ts';

export type GeometryKind = 'point' | 'line' | 'polygon';

/** Features of one symbol as one SVG path (points as circles). */
export interface DrawGroup { symbol: Symbolizer; path: string }

/** A circle as SVG path data (two arcs), so point symbols join the same one-call path. */
function circlePath(x: number, y: number, r: number): string {
  return `M${(x - r).toFixed(2)} ${y.toFixed(2)}a${r} ${r} 0 1 0 ${2 * r} 0a${r} ${r} 0 1 0 ${-2 * r} 0Z`;
}

/** Groups a layer's features by their resolved symbol; invisible ones (lines of width 0) are left out. */
export function groupFeatures(kind: GeometryKind, features: readonly FetchedFeature[], base: Symbolizer, rules: readonly StyleRule[], k: number): DrawGroup[] {
  const groups = new Map<string, { symbol: Symbolizer; parts: string[] }>();
  for (const f of features) {
    const symbol = rules.length ? resolveSymbol(base, rules, f.values) : base;
    const text = kind === 'point' ? circlePath(f.x!, f.y!, (symbol.radius ?? 3) * k) : kind === 'line' && symbol.strokeWidth <= 0 ? undefined : f.path;
    if (!text) continue;
    const key = symbolKey(symbol);
    let g = groups.get(key);
    if (!g) groups.set(key, g = { symbol, parts: [] });
    g.parts.push(text);
  }
  const out = [...groups.values()].map((g) => ({ symbol: g.symbol, path: g.parts.join(kind === 'point' ? '' : ' ') }));
  // Thin lines first: mains stay on top of the service connections that meet them.
  if (kind === 'line') out.sort((a, b) => a.symbol.strokeWidth - b.symbol.strokeWidth);
  return out;
}

function strokeGroup(g: SKRSContext2D, path: Path2D, s: Symbolizer, k: number, widthFactor: number): void {
  if (s.strokeWidth <= 0) return;
  g.strokeStyle = s.stroke;
  g.lineWidth = s.strokeWidth * k * widthFactor;
  g.setLineDash(s.dash ? s.dash.map((d) => d * k) : []);
  g.stroke(path);
}

/** Paints grouped features of one layer; k scales symbol sizes (output dpi), widthFactor thins strokes (generalisation). */
export function drawGroups(g: SKRSContext2D, kind: GeometryKind, groups: readonly DrawGroup[], k: number, widthFactor = 1): void {
  g.save();
  const paths = groups.map((grp) => new Path2D(grp.path));
  if (kind === 'point') {
    g.lineJoin = 'round';
    groups.forEach((grp, i) => {
      if (grp.symbol.fill) {
        g.globalAlpha = grp.symbol.fillOpacity ?? 1;
        g.fillStyle = grp.symbol.fill;
        g.fill(paths[i]!);
        g.globalAlpha = 1;
      }
      strokeGroup(g, paths[i]!, grp.symbol, k, 1);
    });
  } else if (kind === 'line') {
    g.lineJoin = 'round';
    g.lineCap = 'round';
    groups.forEach((grp, i) => strokeGroup(g, paths[i]!, grp.symbol, k, widthFactor));
  } else {
    // All fills before any outline: a neighbour's fill never covers a shared edge.
    groups.forEach((grp, i) => {
      if (!grp.symbol.fill) return;
      g.globalAlpha = grp.symbol.fillOpacity ?? 1;
      g.fillStyle = grp.symbol.fill;
      g.fill(paths[i]!, 'evenodd');
    });
    g.globalAlpha = 1;
    g.lineJoin = 'miter';
    groups.forEach((grp, i) => strokeGroup(g, paths[i]!, grp.symbol, k, widthFactor));
  }
  g.restore();
}

/** Draws features of one layer (grouping and painting in one step: legends, tests). */
export function drawFeatures(g: SKRSContext2D, kind: GeometryKind, features: readonly FetchedFeature[], base: Symbolizer, rules: readonly StyleRule[], k: number, widthFactor = 1): void {
  drawGroups(g, kind, groupFeatures(kind, features, base, rules, k), k, widthFactor);
}
