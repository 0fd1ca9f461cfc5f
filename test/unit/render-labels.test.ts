// Label placement: priority first, collisions avoided with the candidate offsets, nothing cut by the edge.
import { describe, expect, it } from 'vitest';
import { createCanvas } from '@napi-rs/canvas';
import { placeAndDrawLabels, type LabelCandidate } from '../../server/render/labels.ts';
import type { LabelStyle } from '../../server/render/styles.ts';
import { ensureFonts } from '../../server/render/fonts.ts';

const style = (priority: number, offsets: LabelStyle['offsets'] = [[0, 0]]): LabelStyle =>
  ({ attribute: 'x', maxScale: 1e9, size: 11, colour: '#000000', halo: '#ffffff', priority, offsets });

function inkColumns(g: ReturnType<ReturnType<typeof createCanvas>['getContext']>, w: number, h: number): Set<number> {
  const d = g.getImageData(0, 0, w, h).data;
  const cols = new Set<number>();
  for (let i = 0; i < d.length; i += 4) if (d[i + 3]! > 0 && d[i]! < 128) cols.add((i / 4) % w);
  return cols;
}

describe('label placement', () => {
  it('has the label font', () => {
    expect(ensureFonts()).toBe(true);
  });

  it('places the higher priority label and drops the colliding one', () => {
    const g = createCanvas(200, 100).getContext('2d');
    const labels: LabelCandidate[] = [
      { text: '123/4', x: 100, y: 50, radius: 30, style: style(10) },
      { text: 'Stare Miasto', x: 100, y: 50, radius: 30, style: style(100) },
    ];
    expect(placeAndDrawLabels(g, labels, 200, 100, 1)).toBe(1);
    // The wide one won: ink reaches far from the centre.
    const cols = inkColumns(g, 200, 100);
    expect(Math.min(...cols)).toBeLessThan(75);
  });

  it('moves a colliding label to its next candidate position', () => {
    const g = createCanvas(200, 100).getContext('2d');
    const labels: LabelCandidate[] = [
      { text: '12', x: 100, y: 50, radius: 30, style: style(50) },
      { text: 'B', x: 100, y: 50, radius: 30, style: style(20, [[0, 0], [0, 16]]) },
    ];
    expect(placeAndDrawLabels(g, labels, 200, 100, 1)).toBe(2);
  });

  it('leaves out labels that would be cut by the image edge and slivers', () => {
    const g = createCanvas(100, 40).getContext('2d');
    expect(placeAndDrawLabels(g, [{ text: 'long label text', x: 5, y: 20, radius: 30, style: style(1) }], 100, 40, 1)).toBe(0);
    expect(placeAndDrawLabels(g, [{ text: '7', x: 50, y: 20, radius: 2, style: { ...style(1), minRadius: 5 } }], 100, 40, 1)).toBe(0);
  });
});
