// Terrain (NMT) and surface (NMPT) models.
// NMT: the Warta valley floor at ~52–54 m PL-EVRF2007-NH, the Old Town terrace at
// ~60–65 m and the moraine upland west of it at ~75–85 m; smooth analytic profile
// across the valley plus seeded value noise. NMPT = NMT + buildings (roof profile)
// + tree crowns, burned into a raster while the features stream past.

import { writeArrayBuffer } from 'geotiff';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MARKET_X, RIVER_OFFSET, type Config } from './config.ts';
import { M, pointInRing, ringBBox, type Pt } from './geom.ts';
import type { River } from './river.ts';
import { hash32, valueNoise } from './rng.ts';

const smooth = (a: number, b: number, v: number): number => {
  const t = Math.max(0, Math.min(1, (v - a) / (b - a)));
  return t * t * (3 - 2 * t);
};

export type RoofKind = 'płaski' | 'jednospadowy' | 'dwuspadowy' | 'czterospadowy' | 'mansardowy';

export class Terrain {
  private readonly cfg: Config;
  private readonly river: River | null;
  private readonly nFine: number;
  private readonly nMid: number;
  private readonly nBig: number;
  /** Raster grid (also used to sample heights when rasters are skipped). */
  readonly res: number; // mm
  readonly width: number;
  readonly height: number;
  readonly nmt: Float32Array | null;
  readonly nmpt: Float32Array | null;

  constructor(cfg: Config, river: River | null) {
    this.cfg = cfg;
    this.river = river;
    this.nFine = hash32(cfg.seed, 'terrain-fine');
    this.nMid = hash32(cfg.seed, 'terrain-mid');
    this.nBig = hash32(cfg.seed, 'terrain-big');
    this.res = Math.round((cfg.rasterRes ?? 2) * M);
    this.width = Math.round((cfg.bbox.x1 - cfg.bbox.x0) / this.res);
    this.height = Math.round((cfg.bbox.y1 - cfg.bbox.y0) / this.res);
    if (cfg.rasterRes !== null) {
      this.nmt = new Float32Array(this.width * this.height);
      for (let r = 0; r < this.height; r++) {
        const y = cfg.bbox.y1 - (r + 0.5) * this.res;
        for (let c = 0; c < this.width; c++) {
          const x = cfg.bbox.x0 + (c + 0.5) * this.res;
          this.nmt[r * this.width + c] = this.h(x, y);
        }
      }
      this.nmpt = Float32Array.from(this.nmt);
    } else {
      this.nmt = null;
      this.nmpt = null;
    }
  }

  /** Analytic ground height, m, at (x, y) in mm. */
  h(x: number, y: number): number {
    const rv = this.river;
    const centre = rv ? rv.centre(y) : (MARKET_X + RIVER_OFFSET) * M;
    const hw = rv ? rv.halfWidth(y) : 50 * M;
    const water = rv ? rv.waterLevel(y) : 52.0;
    if (rv && rv.inWater(x, y)) return Math.round(water * 100) / 100; // LiDAR water surface is flat
    const dx = x - centre;
    const d = (Math.abs(dx) - hw) / M; // metres from the bank
    let h: number;
    if (dx < 0) {
      // west: terrace with the Old Town, then the moraine upland
      h = water + 1.4 + 9 * smooth(0, 700, d) + 19 * smooth(700, 1900, d) + Math.min(22, 0.006 * Math.max(0, d - 1900));
    } else {
      h = water + 1.4 + 6 * smooth(0, 600, d) + 10 * smooth(600, 2500, d) + Math.min(18, 0.005 * Math.max(0, d - 2500));
    }
    const far = smooth(1200, 3000, d);
    h += (valueNoise(this.nBig, x, y, 3000 * M) - 0.5) * 14 * far;
    h += (valueNoise(this.nMid, x, y, 180 * M) - 0.5) * 1.4 * smooth(5, 40, d);
    h += (valueNoise(this.nFine, x, y, 30 * M) - 0.5) * 0.3;
    return h;
  }

  /** Pixel (column, row) containing a point, clamped to the grid. */
  private pixel(x: number, y: number): [number, number] {
    const c = Math.min(this.width - 1, Math.max(0, Math.floor((x - this.cfg.bbox.x0) / this.res)));
    const r = Math.min(this.height - 1, Math.max(0, Math.floor((this.cfg.bbox.y1 - y) / this.res)));
    return [c, r];
  }

  /** Ground height as read from the NMT raster at (x, y) (the value of the pixel containing it). */
  ground(x: number, y: number): number {
    const [c, r] = this.pixel(x, y);
    if (this.nmt) return this.nmt[r * this.width + c] as number;
    return this.h(this.cfg.bbox.x0 + (c + 0.5) * this.res, this.cfg.bbox.y1 - (r + 0.5) * this.res);
  }

  /**
   * Burn a building into the NMPT: eaves height at the walls rising to the ridge
   * along the longer axis of the footprint's bounding box (flat roofs: constant).
   */
  burnBuilding(ring: readonly Pt[], base: number, eaves: number, ridge: number, roof: RoofKind): void {
    if (!this.nmpt) return;
    const bb = ringBBox(ring);
    const alongX = bb.x1 - bb.x0 >= bb.y1 - bb.y0;
    const halfSpan = (alongX ? bb.y1 - bb.y0 : bb.x1 - bb.x0) / 2;
    const mid = alongX ? (bb.y0 + bb.y1) / 2 : (bb.x0 + bb.x1) / 2;
    const [c0, r1] = this.pixel(bb.x0, bb.y0);
    const [c1, r0] = this.pixel(bb.x1, bb.y1);
    for (let r = r0; r <= r1; r++) {
      const y = this.cfg.bbox.y1 - (r + 0.5) * this.res;
      for (let c = c0; c <= c1; c++) {
        const x = this.cfg.bbox.x0 + (c + 0.5) * this.res;
        if (!pointInRing(x, y, ring)) continue;
        let z = eaves;
        if (roof !== 'płaski' && ridge > eaves) {
          const t = Math.min(1, Math.abs((alongX ? y : x) - mid) / halfSpan);
          const rise = ridge - eaves;
          if (roof === 'mansardowy') z = eaves + rise * (t > 0.75 ? (1 - t) * 4 * 0.7 : 0.7 + 0.3 * (1 - t / 0.75));
          else if (roof === 'jednospadowy') z = eaves + rise * (((alongX ? y : x) - (mid - halfSpan)) / (2 * halfSpan));
          else z = eaves + rise * (1 - t);
        }
        const i = r * this.width + c;
        const v = base + z;
        if (v > (this.nmpt[i] as number)) this.nmpt[i] = v;
      }
    }
  }

  /** Burn a tree crown: a dome of the crown diameter, top at the tree height. */
  burnTree(x: number, y: number, crownDiameter: number, height: number): void {
    if (!this.nmpt || !this.nmt) return;
    const rad = (crownDiameter / 2) * M;
    const [c0, r1] = this.pixel(x - rad, y - rad);
    const [c1, r0] = this.pixel(x + rad, y + rad);
    for (let r = r0; r <= r1; r++) {
      const py = this.cfg.bbox.y1 - (r + 0.5) * this.res;
      for (let c = c0; c <= c1; c++) {
        const px = this.cfg.bbox.x0 + (c + 0.5) * this.res;
        const q = Math.hypot(px - x, py - y) / rad;
        if (q > 1) continue;
        const i = r * this.width + c;
        const v = (this.nmt[i] as number) + height * (1 - 0.35 * q * q);
        if (v > (this.nmpt[i] as number)) this.nmpt[i] = v;
      }
    }
  }

  /** Burn a forest canopy over a polygon: ground + canopy height with crown texture. */
  burnCanopy(ring: readonly Pt[], height: number): void {
    if (!this.nmpt || !this.nmt) return;
    const bb = ringBBox(ring);
    const [c0, r1] = this.pixel(bb.x0, bb.y0);
    const [c1, r0] = this.pixel(bb.x1, bb.y1);
    for (let r = r0; r <= r1; r++) {
      const y = this.cfg.bbox.y1 - (r + 0.5) * this.res;
      for (let c = c0; c <= c1; c++) {
        const x = this.cfg.bbox.x0 + (c + 0.5) * this.res;
        if (!pointInRing(x, y, ring)) continue;
        const i = r * this.width + c;
        const v = (this.nmt[i] as number) + height * (0.8 + 0.35 * valueNoise(this.nFine, x, y, 6 * M));
        if (v > (this.nmpt[i] as number)) this.nmpt[i] = v;
      }
    }
  }

  /** Write nmt.tif and nmpt.tif (Float32, EPSG:2177, pixel-is-area). */
  write(dir: string): string[] {
    if (!this.nmt || !this.nmpt) return [];
    const files: string[] = [];
    for (const [name, data] of [['nmt.tif', this.nmt], ['nmpt.tif', this.nmpt]] as const) {
      const buf = writeArrayBuffer(data, {
        width: this.width,
        height: this.height,
        ModelPixelScale: [this.res / M, this.res / M, 0],
        ModelTiepoint: [0, 0, 0, this.cfg.bbox.x0 / M, this.cfg.bbox.y1 / M, 0],
        GTModelTypeGeoKey: 1, // projected
        GTRasterTypeGeoKey: 1, // PixelIsArea
        ProjectedCSTypeGeoKey: 2177,
        GTCitationGeoKey: 'ETRF2000-PL / CS2000/18 + PL-EVRF2007-NH height',
        GDAL_NODATA: '-9999',
        BitsPerSample: [32],
        SampleFormat: [3],
        SamplesPerPixel: [1],
        PhotometricInterpretation: [1],
      });
      writeFileSync(join(dir, name), Buffer.from(buf));
      files.push(name);
    }
    return files;
  }
}
