// The map PNG writer (server/render/png.ts) read back by an independent decoder (libvips through sharp): the same
// pixels as the canvas, opaque as RGB, transparent as un-premultiplied RGBA, and a chunk layout PNG 1.2 allows.
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { createCanvas } from '@napi-rs/canvas';
import { encodePng } from '../../server/render/png.ts';

function scene(transparent: boolean) {
  const c = createCanvas(97, 53); // odd sizes: no row happens to align
  const ctx = c.getContext('2d');
  if (!transparent) { ctx.fillStyle = '#ffffff'; ctx.fillRect(0, 0, 97, 53); }
  ctx.fillStyle = 'rgba(200, 120, 40, 0.5)'; ctx.fillRect(5, 5, 60, 30);
  ctx.strokeStyle = '#1f4e9c'; ctx.lineWidth = 2.5; ctx.beginPath(); ctx.moveTo(0, 50); ctx.lineTo(96, 3); ctx.stroke();
  ctx.fillStyle = 'rgba(10, 200, 90, 0.2)'; ctx.beginPath(); ctx.arc(70, 30, 18, 0, Math.PI * 2); ctx.fill();
  return c;
}

describe('map PNG writer', () => {
  it('writes an opaque canvas as 8-bit RGB with the canvas pixels', async () => {
    const c = scene(false);
    const png = encodePng(c.data(), c.width, c.height, false);
    const meta = await sharp(png).metadata();
    expect([meta.format, meta.width, meta.height, meta.channels, meta.depth]).toEqual(['png', 97, 53, 3, 'uchar']);
    const { data } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    const rgba = c.data();
    let diff = 0;
    for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3) for (let k = 0; k < 3; k++) diff += Number(rgba[i + k] !== data[j + k]);
    expect(diff).toBe(0);
  });

  it('writes a transparent canvas as RGBA, un-premultiplied as libvips does it', async () => {
    const c = scene(true);
    const ours = await sharp(encodePng(c.data(), c.width, c.height, true)).raw().toBuffer({ resolveWithObject: true });
    const vips = await sharp(await sharp(c.data(), { raw: { width: c.width, height: c.height, channels: 4, premultiplied: true } }).png().toBuffer())
      .raw().toBuffer({ resolveWithObject: true });
    expect(ours.info.channels).toBe(4);
    let worst = 0;
    for (let i = 0; i < ours.data.length; i++) worst = Math.max(worst, Math.abs(ours.data[i]! - vips.data[i]!));
    expect(worst).toBeLessThanOrEqual(1); // rounding of c·255/a
    // Fully transparent pixels carry no colour; the opaque line keeps its own.
    expect([...ours.data.subarray(0, 4)]).toEqual([0, 0, 0, 0]);
    expect(ours.data.filter((_, i) => i % 4 === 3 && ours.data[i] === 255).length).toBeGreaterThan(100);
  });

  it('has the signature, IHDR first, one IDAT and IEND last, each with a correct CRC', () => {
    const c = scene(false);
    const png = encodePng(c.data(), c.width, c.height, false);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const types: string[] = [];
    for (let o = 8; o < png.length;) {
      const len = png.readUInt32BE(o);
      types.push(png.toString('latin1', o + 4, o + 8));
      const crc = png.readUInt32BE(o + 8 + len);
      let x = 0xffffffff;
      for (const b of png.subarray(o + 4, o + 8 + len)) { x ^= b; for (let k = 0; k < 8; k++) x = x & 1 ? 0xedb88320 ^ (x >>> 1) : x >>> 1; }
      expect((x ^ 0xffffffff) >>> 0).toBe(crc);
      o += 12 + len;
    }
    expect(types).toEqual(['IHDR', 'IDAT', 'IEND']);
  });

  it('refuses a raster whose length does not match its size', () => {
    expect(() => encodePng(new Uint8Array(10), 2, 2, false)).toThrow(/RGBA/);
  });
});
