// Drawing one layer's features: features sharing a symbol become one Path2D (SVG path data from PostGIS,
// parsed natively by Skia) and are filled and stroked with one call each — no per-feature native calls.
import { Path2D, type SKRSContext2D } from '@napi-rs/canvas';
import type { FetchedFeature } from './query.ts';
import { resolveSymbol, symbolKey, type StyleRule, type Symbolizer } from './styles.ts';

export type GeometryKind = 'point' | 'line' | 'polygon';

interface Group { symbol: Symbolizer; parts: string[] }

function groupBySymbol(features: readonly FetchedFeature[], base: Symbolizer, rules: readonly StyleRule[], part: (f: FetchedFeature, s: Symbolizer) => string | undefined): Group[] {
  const groups = new Map<string, Group>();
  for (const f of features) {
    const symbol = rules.length ? resolveSymbol(base, rules, f.values) : base;
    const text = part(f, symbol);
    if (!text) continue;
    const key = symbolKey(symbol);
    let g = groups.get(key);
    if (!g) groups.set(key, g = { symbol, parts: [] });
    g.parts.push(text);
  }
  return [...groups.values()];
}

/** A circle as SVG path data (two arcs), so point symbols join the same one-call path. */
function circlePath(x: number, y: number, r: number): string {
  return `M${(x - r).toFixed(2)} ${y.toFixed(2)}a${r} ${r} 0 1 0 ${2 * r} 0a${r} ${r} 0 1 0 ${-2 * r} 0Z`;
}

function strokeGroup(g: SKRSContext2D, path: Path2D, s: Symbolizer, k: number, widthFactor: number): void {
  if (s.strokeWidth <= 0) return;
  g.strokeStyle = s.stroke;
  g.lineWidth = s.strokeWidth * k * widthFactor;
  g.setLineDash(s.dash ? s.dash.map((d) => d * k) : []);
  g.stroke(path);
}

/** Draws features of one layer; k scales symbol sizes (output dpi), widthFactor thins strokes (generalisation). */
export function drawFeatures(g: SKRSContext2D, kind: GeometryKind, features: readonly FetchedFeature[], base: Symbolizer, rules: readonly StyleRule[], k: number, widthFactor = 1): void {
  g.save();
  if (kind === 'point') {
    const groups = groupBySymbol(features, base, rules, (f, s) => circlePath(f.x!, f.y!, (s.radius ?? 3) * k));
    g.lineJoin = 'round';
    for (const grp of groups) {
      const path = new Path2D(grp.parts.join(''));
      if (grp.symbol.fill) {
        g.globalAlpha = grp.symbol.fillOpacity ?? 1;
        g.fillStyle = grp.symbol.fill;
        g.fill(path);
        g.globalAlpha = 1;
      }
      strokeGroup(g, path, grp.symbol, k, 1);
    }
  } else if (kind === 'line') {
    const groups = groupBySymbol(features, base, rules, (f, s) => (s.strokeWidth > 0 ? f.path : undefined));
    // Thin lines first: mains stay on top of the service connections that meet them.
    groups.sort((a, b) => a.symbol.strokeWidth - b.symbol.strokeWidth);
    g.lineJoin = 'round';
    g.lineCap = 'round';
    for (const grp of groups) strokeGroup(g, new Path2D(grp.parts.join(' ')), grp.symbol, k, widthFactor);
  } else {
    const groups = groupBySymbol(features, base, rules, (f) => f.path);
    const paths = groups.map((grp) => new Path2D(grp.parts.join(' ')));
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
