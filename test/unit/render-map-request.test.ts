// The geometry of a map view: scale with 0.28 mm pixels, true scale in any CRS, scale ranges, native boxes.
import { describe, expect, it } from 'vitest';
import { CRS_LIST, transform } from '../../server/crs/definitions.ts';
import { inScaleRange, nativeBox, nativePixelSize, pixelTransform, scaleDenominator, symbolScale, type Box } from '../../server/render/map-request.ts';

const crs = (code: string) => CRS_LIST.find((c) => c.code === code)!;
const MARKET: [number, number] = [6427477, 5808863];

describe('map view geometry', () => {
  it('computes the scale denominator with 0.28 mm pixels in the native CRS', () => {
    const bbox: Box = [MARKET[0], MARKET[1], MARKET[0] + 280, MARKET[1] + 280];
    expect(scaleDenominator({ crs: crs('EPSG:2177'), bbox, width: 1000 })).toBeCloseTo(1000, 6);
    // At 96 dpi a pixel is 0.2646 mm: the same view is a larger scale.
    expect(scaleDenominator({ crs: crs('EPSG:2177'), bbox, width: 1000, dpi: 96 })).toBeCloseTo(1058.27, 1);
    expect(symbolScale({ dpi: 181.4 })).toBeCloseTo(2, 2);
  });

  it('measures the true scale at Poznań in Web Mercator and WGS 84', () => {
    const [x0, y0] = transform('EPSG:2177', 'EPSG:3857', [MARKET[0] - 500, MARKET[1]]);
    const [x1] = transform('EPSG:2177', 'EPSG:3857', [MARKET[0] + 500, MARKET[1]]);
    // 1000 m on the ground is about 1640 Web Mercator metres at 52.4°N; the scale is the ground's.
    const merc = { crs: crs('EPSG:3857'), bbox: [x0, y0 - 500, x1, y0 + 500] as Box, width: 1000 };
    expect(x1 - x0).toBeGreaterThan(1600);
    expect(nativePixelSize(merc)).toBeCloseTo(1, 2);
    const [lon0, lat] = transform('EPSG:2177', 'EPSG:4326', [MARKET[0] - 500, MARKET[1]]);
    const [lon1] = transform('EPSG:2177', 'EPSG:4326', [MARKET[0] + 500, MARKET[1]]);
    expect(scaleDenominator({ crs: crs('CRS:84'), bbox: [lon0, lat - 0.004, lon1, lat + 0.004], width: 1000 })).toBeCloseTo(1 / 0.00028, -1);
  });

  it('keeps a layer at exactly its maximum scale and hides it just beyond', () => {
    expect(inScaleRange({ max: 10_000 }, 10_000.000001)).toBe(true);
    expect(inScaleRange({ max: 10_000 }, 10_001)).toBe(false);
    expect(inScaleRange({ min: 500 }, 499)).toBe(false);
    expect(inScaleRange(undefined, 1e9)).toBe(true);
  });

  it('turns any request box into a finite native box, or none far from Poland', () => {
    const world = nativeBox({ crs: crs('EPSG:4326'), bbox: [-180, -90, 180, 90], width: 100 });
    expect(world).toBeDefined();
    expect(world!.every(Number.isFinite)).toBe(true);
    expect(nativeBox({ crs: crs('EPSG:3857'), bbox: [0, 0, 1000, 1000], width: 100 })).toBeUndefined();
    const local: Box = [MARKET[0], MARKET[1], MARKET[0] + 100, MARKET[1] + 100];
    expect(nativeBox({ crs: crs('EPSG:2177'), bbox: local, width: 100 }, 10)).toEqual([MARKET[0] - 10, MARKET[1] - 10, MARKET[0] + 110, MARKET[1] + 110]);
    // A Web Mercator view's native box contains the whole view.
    const [mx, my] = transform('EPSG:2177', 'EPSG:3857', MARKET);
    const nb = nativeBox({ crs: crs('EPSG:3857'), bbox: [mx - 200, my - 200, mx + 200, my + 200], width: 100 })!;
    for (const corner of [[mx - 200, my - 200], [mx + 200, my + 200], [mx - 200, my + 200], [mx + 200, my - 200]] as [number, number][]) {
      const [e, n] = transform('EPSG:3857', 'EPSG:2177', corner);
      expect(e).toBeGreaterThanOrEqual(nb[0]); expect(e).toBeLessThanOrEqual(nb[2]);
      expect(n).toBeGreaterThanOrEqual(nb[1]); expect(n).toBeLessThanOrEqual(nb[3]);
    }
  });

  it('maps the box edges to the pixel edges, y down', () => {
    const t = pixelTransform({ bbox: [100, 200, 300, 300], width: 400, height: 100 });
    expect(((100 - t.minx) * t.sx)).toBe(0);
    expect(((300 - t.minx) * t.sx)).toBe(400);
    expect(((t.maxy - 300) * t.sy)).toBe(0);
    expect(((t.maxy - 200) * t.sy)).toBe(100);
  });
});
