// A truecolour PNG writer for drawn maps (PNG 1.2 / ISO/IEC 15948: signature, IHDR, one IDAT, IEND): Skia's
// premultiplied RGBA in, 8-bit RGB (opaque) or RGBA (transparent, un-premultiplied) out, filter type 0 on every row,
// zlib on the calling thread. Why not libvips: for a 256² map, sharp's pipeline (a libuv hop, its own threads, the
// alpha removal as an operation) cost 4.3 ms of CPU where this costs 1.4 ms at zlib level 3 with bytes 11 % larger
// (40 real maps of the WMS benchmark, issue 19); the render threads are where the time is spent, so the work stays on
// them. Filter 0: maps are flat colour areas and thin lines, where the sub/up filters made the files larger, not smaller.
import zlib from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** zlib level of map PNGs: 3 is the knee (level 6 took twice the CPU for 10 % fewer bytes, level 1 saved 0.2 ms more). */
export const PNG_ZLIB_LEVEL = 3;

let crcTable: Uint32Array | undefined;
/** CRC-32 of the chunk type and data (zlib.crc32 where Node has it, since 20.15; the PNG annex's table otherwise). */
function crc32(buf: Uint8Array): number {
  if (typeof zlib.crc32 === 'function') return zlib.crc32(buf) >>> 0;
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = crcTable[(c ^ buf[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/**
 * PNG bytes of a premultiplied RGBA raster (`width`·`height`·4 bytes, rows top down). `alpha`: keep the alpha
 * channel (colour type 6, colours un-premultiplied, fully transparent pixels written as 0,0,0,0); else colour type 2
 * and the alpha is dropped (an opaque canvas's pixels are their own un-premultiplied values).
 */
export function encodePng(rgba: Uint8Array, width: number, height: number, alpha: boolean, level = PNG_ZLIB_LEVEL): Buffer {
  if (rgba.length !== width * height * 4) throw new Error(`encodePng: ${rgba.length} bytes for ${width}×${height} RGBA`);
  const channels = alpha ? 4 : 3;
  const stride = width * channels + 1;
  const raw = Buffer.allocUnsafe(stride * height);
  let q = 0;
  for (let y = 0; y < height; y++) {
    let p = y * stride;
    raw[p++] = 0; // filter type 0 (None)
    if (!alpha) {
      for (let x = 0; x < width; x++, q += 4) { raw[p++] = rgba[q]!; raw[p++] = rgba[q + 1]!; raw[p++] = rgba[q + 2]!; }
    } else {
      for (let x = 0; x < width; x++, q += 4) {
        const a = rgba[q + 3]!;
        if (a === 255) { raw[p++] = rgba[q]!; raw[p++] = rgba[q + 1]!; raw[p++] = rgba[q + 2]!; raw[p++] = 255; }
        else if (a === 0) { raw[p++] = 0; raw[p++] = 0; raw[p++] = 0; raw[p++] = 0; }
        else {
          // c = round(c' · 255 / a), at most 255 (Skia keeps c' ≤ a).
          const half = a >>> 1;
          raw[p++] = Math.min(255, ((rgba[q]! * 255 + half) / a) | 0);
          raw[p++] = Math.min(255, ((rgba[q + 1]! * 255 + half) / a) | 0);
          raw[p++] = Math.min(255, ((rgba[q + 2]! * 255 + half) / a) | 0);
          raw[p++] = a;
        }
      }
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = alpha ? 6 : 2; // colour type: truecolour with alpha / truecolour
  // compression 0 (deflate), filter method 0, interlace 0: already zero
  return Buffer.concat([SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw, { level })), chunk('IEND', new Uint8Array(0))]);
}
