// Glyph PBFs for MapLibre's labels (the style's `glyphs` URL): signed distance fields of 256 code points per
// range, rendered from the DejaVu Sans that the WMS labels use (render/fonts.ts, from npm) with @mapbox/tiny-sdf
// on a @napi-rs/canvas, and written in the glyphs.proto format with pbf. Made on first request and kept: the
// client needs nothing from outside the service.
import { createCanvas } from '@napi-rs/canvas';
import TinySDF from '@mapbox/tiny-sdf';
import { PbfWriter } from 'pbf';
import { LRUCache } from 'lru-cache';
import { glyphCacheRangesFrom } from '../config.ts';
import { ensureFonts } from '../render/fonts.ts';

/** The font stacks served, by the name a style's text-font uses, with the CSS font of each. */
export const FONT_STACKS: Readonly<Record<string, { style: 'normal' | 'italic'; weight: 'normal' | 'bold' }>> = {
  'DejaVu Sans Book': { style: 'normal', weight: 'normal' },
  'DejaVu Sans Bold': { style: 'normal', weight: 'bold' },
  'DejaVu Sans Oblique': { style: 'italic', weight: 'normal' },
  'DejaVu Sans Bold Oblique': { style: 'italic', weight: 'bold' },
};

/** The font stack name of a label's typography. */
export function fontStackOf(label: { bold?: boolean; italic?: boolean }): string {
  return `DejaVu Sans ${label.bold ? (label.italic ? 'Bold Oblique' : 'Bold') : label.italic ? 'Oblique' : 'Book'}`;
}

// MapLibre's glyph conventions: 24 px SDFs with a 3 px border (GLYPH_PBF_BORDER) and an 8 px radius; a glyph's
// top is measured from an origin above the em box, about 27 px over TinySDF's baseline (as MapLibre's own
// TinySDF fallback aligns it).
const FONT_SIZE = 24;
const BUFFER = 3;
const RADIUS = 8;
const TOP_ADJUSTMENT = 27;

/** TinySDF draws on a browser canvas; here on Skia's. */
class SkiaSdf extends TinySDF {
  _createCanvas(size: number) {
    return createCanvas(size, size);
  }
}

const renderers = new Map<string, TinySDF>();
// Bounded (config.ts GLYPH_CACHE_RANGES): the least recently used ranges are drawn again when asked for.
const ranges = new LRUCache<string, Buffer>({ max: glyphCacheRangesFrom() });

/** A range "start-end" as MapLibre asks for it: 256 code points from a multiple of 256, up to U+FFFF. */
export function parseGlyphRange(range: string): number | undefined {
  const m = /^(\d{1,5})-(\d{1,5})$/.exec(range);
  if (!m) return undefined;
  const start = Number(m[1]), end = Number(m[2]);
  return start % 256 === 0 && end === start + 255 && end <= 0xffff ? start : undefined;
}

/** The first served font of a comma-separated font stack, or undefined. */
export function resolveFontStack(stack: string): string | undefined {
  return stack.split(',').map((s) => s.trim()).find((s) => s in FONT_STACKS);
}

/** The glyph PBF of 256 code points from `start` of a served font stack. */
export function glyphRange(fontStack: string, start: number): Buffer {
  const key = `${fontStack}\n${start}`;
  let pbf = ranges.get(key);
  if (pbf) return pbf;
  const font = FONT_STACKS[fontStack];
  if (!font) throw new Error(`font stack ${fontStack} is not served`);
  ensureFonts();
  let sdf = renderers.get(fontStack);
  if (!sdf) {
    renderers.set(fontStack, sdf = new SkiaSdf({ fontSize: FONT_SIZE, buffer: BUFFER, radius: RADIUS, cutoff: 0.25, fontFamily: '"DejaVu Sans"', fontWeight: font.weight, fontStyle: font.style }));
  }
  const out = new PbfWriter();
  out.writeMessage(1, (_: unknown, p: PbfWriter) => {
    p.writeStringField(1, fontStack);
    p.writeStringField(2, `${start}-${start + 255}`);
    for (let id = start; id < start + 256; id++) {
      // Surrogates and controls have no glyph; a code point the font lacks comes out empty or from a fallback font.
      if ((id >= 0xd800 && id <= 0xdfff) || id < 0x20) continue;
      const g = sdf.draw(String.fromCodePoint(id));
      p.writeMessage(3, (_g: unknown, q: PbfWriter) => {
        q.writeVarintField(1, id);
        if (g.glyphWidth > 0 && g.glyphHeight > 0) q.writeBytesField(2, new Uint8Array(g.data.buffer, g.data.byteOffset, g.data.byteLength));
        q.writeVarintField(3, g.glyphWidth);
        q.writeVarintField(4, g.glyphHeight);
        q.writeSVarintField(5, g.glyphLeft);
        q.writeSVarintField(6, g.glyphTop - TOP_ADJUSTMENT);
        q.writeVarintField(7, Math.round(g.glyphAdvance));
      }, undefined);
    }
  }, undefined);
  pbf = Buffer.from(out.finish());
  ranges.set(key, pbf);
  return pbf;
}
