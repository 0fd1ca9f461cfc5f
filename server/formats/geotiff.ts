// GeoTIFF (TIFF 6.0 + GeoTIFF 1.1 keys): projected CRS by EPSG code, pixel-is-area, the geotransform as
// ModelPixelScale + ModelTiepoint; Deflate-compressed strips. Map sheets (RGB) and terrain crops (Float32 + nodata).
// Written here rather than with geotiff.js's writeArrayBuffer, which allocates a DataView per sample: it took 31 s
// for one 100 dpi sheet (6 Mpx), and a 300 dpi sheet has 56 Mpx. geotiff.js still reads the terrain models.
import { deflateSync } from 'node:zlib';

export interface GeoTiffImage {
  width: number;
  height: number;
  /** Pixel values: RGB interleaved bytes (3 per pixel) or one Float32 band. */
  data: Uint8Array | Float32Array;
  /** Outer edges of the pixels [minE, minN, maxE, maxN] in the CRS. */
  bounds: [number, number, number, number];
  epsg: number;
  noData?: number;
  /** Resolution for viewers that print (RGB maps). */
  dpi?: number;
  citation?: string;
  /** TIFF ImageDescription (tag 270) and Copyright (tag 33432): a released file's licence (TIFF 6.0, section 8). */
  description?: string;
  copyright?: string;
}

const SHORT = 3, LONG = 4, RATIONAL = 5, DOUBLE = 12, ASCII = 2;
const TYPE_SIZE: Record<number, number> = { [SHORT]: 2, [LONG]: 4, [RATIONAL]: 8, [DOUBLE]: 8, [ASCII]: 1 };

interface Entry { tag: number; type: number; values: number[] | string }

// TIFF 6.0 says 7-bit ASCII; text tags are written as UTF-8 (what GDAL and libtiff pass through unchanged), so the
// Polish letters of a licence survive.
function entryBytes(e: Entry): Buffer {
  if (typeof e.values === 'string') return Buffer.from(e.values + '\0', 'utf8');
  const size = TYPE_SIZE[e.type]!;
  const b = Buffer.alloc(e.values.length * size);
  e.values.forEach((v, i) => {
    if (e.type === SHORT) b.writeUInt16LE(v, i * 2);
    else if (e.type === LONG) b.writeUInt32LE(v, i * 4);
    else if (e.type === DOUBLE) b.writeDoubleLE(v, i * 8);
    else if (e.type === RATIONAL) b.writeUInt32LE(v, i * 4); // pairs given flat: numerator, denominator
  });
  return b;
}

function count(e: Entry): number {
  if (typeof e.values === 'string') return Buffer.byteLength(e.values, 'utf8') + 1;
  return e.type === RATIONAL ? e.values.length / 2 : e.values.length;
}

export function writeGeoTiff(img: GeoTiffImage): Buffer {
  const rgb = img.data instanceof Uint8Array;
  const samples = rgb ? 3 : 1;
  const bytesPerSample = rgb ? 1 : 4;
  const rowBytes = img.width * samples * bytesPerSample;
  const rowsPerStrip = Math.max(1, Math.min(img.height, Math.floor(256 * 1024 / rowBytes) || 1));
  const raw = Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength); // little-endian host order
  const strips: Buffer[] = [];
  for (let y = 0; y < img.height; y += rowsPerStrip) {
    const end = Math.min(img.height, y + rowsPerStrip);
    strips.push(deflateSync(raw.subarray(y * rowBytes, end * rowBytes), { level: 6 }));
  }
  const [minE, minN, maxE, maxN] = img.bounds;
  const citation = img.citation ? img.citation + '|' : '';
  const geoKeys = [1, 1, 0, citation ? 4 : 3,
    1024, 0, 1, 1, // GTModelTypeGeoKey = projected
    1025, 0, 1, 1, // GTRasterTypeGeoKey = PixelIsArea
    ...(citation ? [1026, 34737, citation.length, 0] : []), // GTCitationGeoKey
    3072, 0, 1, img.epsg]; // ProjectedCSTypeGeoKey
  const entries: Entry[] = [
    { tag: 256, type: LONG, values: [img.width] },
    { tag: 257, type: LONG, values: [img.height] },
    { tag: 258, type: SHORT, values: Array(samples).fill(bytesPerSample * 8) },
    { tag: 259, type: SHORT, values: [8] }, // Adobe Deflate
    { tag: 262, type: SHORT, values: [rgb ? 2 : 1] },
    ...(img.description ? [{ tag: 270, type: ASCII, values: img.description }] : []),
    { tag: 273, type: LONG, values: strips.map(() => 0) }, // offsets, filled in below
    { tag: 277, type: SHORT, values: [samples] },
    { tag: 278, type: LONG, values: [rowsPerStrip] },
    { tag: 279, type: LONG, values: strips.map((s) => s.length) },
    ...(img.dpi ? [{ tag: 282, type: RATIONAL, values: [img.dpi, 1] }, { tag: 283, type: RATIONAL, values: [img.dpi, 1] }] : []),
    { tag: 284, type: SHORT, values: [1] },
    ...(img.dpi ? [{ tag: 296, type: SHORT, values: [2] }] : []),
    { tag: 305, type: ASCII, values: 'SIP Poznań' },
    { tag: 339, type: SHORT, values: Array(samples).fill(rgb ? 1 : 3) },
    ...(img.copyright ? [{ tag: 33432, type: ASCII, values: img.copyright }] : []),
    { tag: 33550, type: DOUBLE, values: [(maxE - minE) / img.width, (maxN - minN) / img.height, 0] },
    { tag: 33922, type: DOUBLE, values: [0, 0, 0, minE, maxN, 0] },
    { tag: 34735, type: SHORT, values: geoKeys },
    ...(citation ? [{ tag: 34737, type: ASCII, values: citation }] : []),
    ...(img.noData !== undefined ? [{ tag: 42113, type: ASCII, values: String(img.noData) }] : []),
  ];
  // Layout: header, IFD, out-of-line values, strips.
  const ifdSize = 2 + entries.length * 12 + 4;
  let offset = 8 + ifdSize;
  const extra: Buffer[] = [];
  const placed = entries.map((e) => {
    const bytes = entryBytes(e);
    if (bytes.length <= 4) return { e, bytes, at: -1 };
    const at = offset;
    extra.push(bytes);
    offset += bytes.length + (bytes.length % 2);
    if (bytes.length % 2) extra.push(Buffer.alloc(1));
    return { e, bytes, at };
  });
  // Strip offsets are known once the metadata's size is.
  const stripOffsets: number[] = [];
  let dataAt = offset;
  for (const s of strips) { stripOffsets.push(dataAt); dataAt += s.length; }
  const offsetsEntry = placed.find((p) => p.e.tag === 273)!;
  const offsetsBytes = entryBytes({ tag: 273, type: LONG, values: stripOffsets });
  if (offsetsEntry.at >= 0) {
    const i = extra.indexOf(offsetsEntry.bytes);
    extra[i] = offsetsBytes;
  } else offsetsEntry.bytes = offsetsBytes;
  const head = Buffer.alloc(8 + ifdSize);
  head.write('II', 0, 'latin1');
  head.writeUInt16LE(42, 2);
  head.writeUInt32LE(8, 4);
  head.writeUInt16LE(entries.length, 8);
  placed.forEach((p, i) => {
    const at = 10 + i * 12;
    head.writeUInt16LE(p.e.tag, at);
    head.writeUInt16LE(p.e.type, at + 2);
    head.writeUInt32LE(count(p.e), at + 4);
    if (p.at >= 0) head.writeUInt32LE(p.at, at + 8);
    else p.bytes.copy(head, at + 8);
  });
  head.writeUInt32LE(0, 8 + ifdSize - 4); // no next IFD
  return Buffer.concat([head, ...extra, ...strips]);
}
