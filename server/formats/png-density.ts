// The print resolution of a PNG: a pHYs chunk (pixels per metre) put after IHDR, without decoding the image (a
// 300 dpi map sheet has 56 million pixels; re-encoding it only to say its resolution would take seconds).
const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** The PNG with its pHYs chunk set to dpi (any previous pHYs is replaced). */
export function setPngDensity(png: Buffer, dpi: number): Buffer {
  const SIGNATURE = 8;
  const ihdrEnd = SIGNATURE + 8 + png.readUInt32BE(SIGNATURE) + 4;
  const ppm = Math.round(dpi / 0.0254);
  const chunk = Buffer.alloc(12 + 9);
  chunk.writeUInt32BE(9, 0);
  chunk.write('pHYs', 4, 'latin1');
  chunk.writeUInt32BE(ppm, 8);
  chunk.writeUInt32BE(ppm, 12);
  chunk.writeUInt8(1, 16); // unit: metre
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 17)), 17);
  // Drop an existing pHYs chunk.
  const parts: Buffer[] = [png.subarray(0, ihdrEnd), chunk];
  let at = ihdrEnd;
  while (at < png.length) {
    const len = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const end = at + 12 + len;
    if (type !== 'pHYs') parts.push(png.subarray(at, end));
    at = end;
  }
  return Buffer.concat(parts);
}
