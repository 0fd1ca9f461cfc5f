// Labels of every layer of a map, placed after all geometry: greedy by priority with bounding-box collision
// (a grid index), candidate offsets tried in order, never cut by the image edge, drawn with a halo. Labels of
// lines run along the line (upright), beside it, where the line in view is longer than the text.
import type { SKRSContext2D } from '@napi-rs/canvas';
import type { LabelStyle } from './styles.ts';
import { FONT_FAMILY } from './fonts.ts';

export interface LabelCandidate {
  text: string;
  /** Anchor in pixels. */
  x: number;
  y: number;
  /** Radius of the largest inscribed circle in pixels (0 for points): a bigger polygon is labelled first. */
  radius: number;
  style: LabelStyle;
  /** A label along a line: the line's direction in radians (pixels, y down); radius is then the line's length. */
  angle?: number;
}

type Rect = [number, number, number, number];

const CELL = 64;
const PADDING = 2;

/** Buckets of placed rectangles on a coarse grid: a collision test looks at a few cells only. */
class RectIndex {
  private readonly cells = new Map<number, Rect[]>();

  private *keys(r: Rect): Iterable<number> {
    for (let cx = Math.floor(r[0] / CELL); cx <= Math.floor(r[2] / CELL); cx++) {
      for (let cy = Math.floor(r[1] / CELL); cy <= Math.floor(r[3] / CELL); cy++) yield cx * 100_003 + cy;
    }
  }

  collides(r: Rect): boolean {
    for (const k of this.keys(r)) {
      for (const o of this.cells.get(k) ?? []) if (r[0] < o[2] && r[2] > o[0] && r[1] < o[3] && r[3] > o[1]) return true;
    }
    return false;
  }

  add(r: Rect): void {
    for (const k of this.keys(r)) {
      const list = this.cells.get(k);
      if (list) list.push(r); else this.cells.set(k, [r]);
    }
  }
}

export function fontOf(style: Pick<LabelStyle, 'size' | 'bold' | 'italic'>, k: number): string {
  return `${style.italic ? 'italic ' : ''}${style.bold ? 'bold ' : ''}${(style.size * k).toFixed(1)}px ${FONT_FAMILY}`;
}

interface Placed { text: string; x: number; y: number; style: LabelStyle; angle?: number }

/** An angle turned so the text reads left to right (within ±90°). */
export function upright(angle: number): number {
  let a = angle;
  while (a > Math.PI / 2) a -= Math.PI;
  while (a <= -Math.PI / 2) a += Math.PI;
  return a;
}

/** Chooses positions for the candidates and draws the ones that fit; k scales sizes (output dpi). */
export function placeAndDrawLabels(g: SKRSContext2D, candidates: readonly LabelCandidate[], width: number, height: number, k: number): number {
  const order = candidates.map((c, i) => ({ c, i }))
    .filter(({ c }) => c.text.trim() !== '' && (c.style.minRadius === undefined || c.radius === 0 || c.radius >= c.style.minRadius * k))
    .sort((a, b) => b.c.style.priority - a.c.style.priority || b.c.radius - a.c.radius || a.i - b.i);
  const index = new RectIndex();
  const placed: Placed[] = [];
  const widths = new Map<string, number>();
  let font = '';
  for (const { c } of order) {
    const f = fontOf(c.style, k);
    if (f !== font) { g.font = f; font = f; }
    const wkey = f + '\u0000' + c.text;
    let w = widths.get(wkey);
    if (w === undefined) { w = g.measureText(c.text).width; widths.set(wkey, w); }
    const h = c.style.size * k;
    if (c.angle !== undefined) {
      // Along a line: only where the line in view is longer than the text; offsets turn with the line (beside it).
      if (c.radius < w + 2 * PADDING) continue;
      const a = upright(c.angle), cos = Math.cos(a), sin = Math.sin(a);
      const hw = (Math.abs(w * cos) + Math.abs(h * sin)) / 2, hh = (Math.abs(w * sin) + Math.abs(h * cos)) / 2;
      for (const [dx, dy] of c.style.offsets) {
        const x = c.x + (dx * cos - dy * sin) * k, y = c.y + (dx * sin + dy * cos) * k;
        const r: Rect = [x - hw - PADDING, y - hh - PADDING, x + hw + PADDING, y + hh + PADDING];
        if (r[0] < 0 || r[1] < 0 || r[2] > width || r[3] > height || index.collides(r)) continue;
        index.add(r);
        placed.push({ text: c.text, x, y, style: c.style, angle: a });
        break;
      }
      continue;
    }
    for (const [dx, dy] of c.style.offsets) {
      const x = c.x + dx * k, y = c.y + dy * k;
      const r: Rect = [x - w / 2 - PADDING, y - h / 2 - PADDING, x + w / 2 + PADDING, y + h / 2 + PADDING];
      if (r[0] < 0 || r[1] < 0 || r[2] > width || r[3] > height || index.collides(r)) continue;
      index.add(r);
      placed.push({ text: c.text, x, y, style: c.style });
      break;
    }
  }
  // Draw by style so the font and colours are set once per style; halos of a style before its text.
  g.save();
  g.textAlign = 'center';
  g.textBaseline = 'middle';
  g.lineJoin = 'round';
  const byStyle = new Map<LabelStyle, Placed[]>();
  for (const p of placed) { const l = byStyle.get(p.style); if (l) l.push(p); else byStyle.set(p.style, [p]); }
  for (const [style, list] of byStyle) {
    g.font = fontOf(style, k);
    g.strokeStyle = style.halo;
    g.lineWidth = 3 * k;
    g.globalAlpha = 0.9;
    const at = (p: Placed, draw: (t: string, x: number, y: number) => void) => {
      if (p.angle === undefined) { draw(p.text, p.x, p.y); return; }
      g.save(); g.translate(p.x, p.y); g.rotate(p.angle); draw(p.text, 0, 0); g.restore();
    };
    for (const p of list) at(p, (t, x, y) => g.strokeText(t, x, y));
    g.globalAlpha = 1;
    g.fillStyle = style.colour;
    for (const p of list) at(p, (t, x, y) => g.fillText(t, x, y));
  }
  g.restore();
  return placed.length;
}
