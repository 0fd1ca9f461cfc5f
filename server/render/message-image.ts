// Images that stand for an error: blank (the background, or transparent) or with the message written in
// it, for clients that can only show an image (WMS EXCEPTIONS=BLANK / INIMAGE).
import type { Canvas } from '@napi-rs/canvas';
import { createMapCanvas } from './render-map.ts';
import { FONT_FAMILY, ensureFonts } from './fonts.ts';

export interface BlankSpec { width: number; height: number; transparent: boolean; background: string }

export function blankImage(spec: BlankSpec): Canvas {
  return createMapCanvas(spec);
}

/** Greedy word wrap to a pixel width. */
function wrap(measure: (s: string) => number, text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (line && measure(next) > width) { lines.push(line); line = word; } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

export function messageImage(spec: BlankSpec, message: string): Canvas {
  ensureFonts();
  const canvas = createMapCanvas(spec);
  const g = canvas.getContext('2d');
  const size = Math.max(8, Math.min(14, Math.floor(spec.width / 30)));
  g.font = `${size}px ${FONT_FAMILY}`;
  g.fillStyle = '#b00020';
  g.textBaseline = 'top';
  const lines = wrap((s) => g.measureText(s).width, message, spec.width - 8);
  lines.forEach((l, i) => g.fillText(l, 4, 4 + i * (size + 3)));
  return canvas;
}
