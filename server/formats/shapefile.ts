// ESRI Shapefile per layer: .shp/.shx by @mapbox/shp-write's low-level writer, the .dbf here (dBase III with
// UTF-8 text and a .cpg saying so, unique 10-byte field names as GDAL makes them), and the .prj in ESRI WKT.
import writeShp from '@mapbox/shp-write/src/write.js';
import type { Geometry, Position } from 'geojson';
import type { Attribute, Layer, ValueType } from '../catalog/types.ts';
import type { FeatureRow } from '../query/feature-query.ts';
import { SRS_WKT } from './srs.ts';
import { valueText } from './values.ts';
import { shapefileFieldName } from './shapefile-names.ts';

export interface ShapefileFiles { name: string; files: { name: string; data: Buffer }[]; features: number }

interface DbfField { name: string; attribute: Attribute; type: 'C' | 'N' | 'L' | 'D'; length: number; decimals: number }

/**
 * dBase field names: the documented short name of each long attribute (shapefile-names.ts), then at most 10 bytes,
 * unique (a clash, which the table avoids, would get a _n suffix, as GDAL does).
 */
export function dbfFieldNames(names: readonly string[]): string[] {
  const used = new Set<string>();
  return names.map((n) => {
    let base = Buffer.from(shapefileFieldName(n), 'utf8').subarray(0, 10).toString('utf8').replace(/\uFFFD/g, '');
    let candidate = base;
    for (let i = 1; used.has(candidate.toUpperCase()); i++) {
      const suffix = `_${i}`;
      base = base.slice(0, 10 - suffix.length);
      candidate = base + suffix;
    }
    used.add(candidate.toUpperCase());
    return candidate;
  });
}

function cellText(v: unknown, type: ValueType): string {
  if (v === null || v === undefined) return '';
  if (type === 'boolean') return v ? 'T' : 'F';
  if (type === 'date') return valueText(v).slice(0, 10).replace(/-/g, '');
  if (type === 'number') return Number(v).toString();
  return valueText(v);
}

const NUMBER_DECIMALS = 15;

/** Builds the .dbf: field widths from the data (text up to 254 bytes), numbers as GDAL writes reals (N 24.15). */
export function writeDbf(attributes: readonly Attribute[], rows: readonly Record<string, unknown>[]): Buffer {
  const names = dbfFieldNames(attributes.map((a) => a.name));
  const fields: DbfField[] = attributes.map((a, i) => {
    const name = names[i]!;
    switch (a.type) {
      case 'integer': return { name, attribute: a, type: 'N', length: 18, decimals: 0 };
      case 'number': return { name, attribute: a, type: 'N', length: 24, decimals: NUMBER_DECIMALS };
      case 'boolean': return { name, attribute: a, type: 'L', length: 1, decimals: 0 };
      case 'date': return { name, attribute: a, type: 'D', length: 8, decimals: 0 };
      default: {
        let max = 1;
        for (const r of rows) max = Math.max(max, Buffer.byteLength(cellText(r[a.name], a.type), 'utf8'));
        return { name, attribute: a, type: 'C', length: Math.min(254, max), decimals: 0 };
      }
    }
  });
  const headerLength = 32 + fields.length * 32 + 1;
  const recordLength = 1 + fields.reduce((s, f) => s + f.length, 0);
  const buf = Buffer.alloc(headerLength + rows.length * recordLength + 1, 0x20);
  buf.fill(0, 0, headerLength);
  const now = new Date();
  buf.writeUInt8(0x03, 0);
  buf.writeUInt8(now.getUTCFullYear() - 1900, 1);
  buf.writeUInt8(now.getUTCMonth() + 1, 2);
  buf.writeUInt8(now.getUTCDate(), 3);
  buf.writeUInt32LE(rows.length, 4);
  buf.writeUInt16LE(headerLength, 8);
  buf.writeUInt16LE(recordLength, 10);
  buf.writeUInt8(0x57, 29); // language driver: ANSI (the .cpg says UTF-8)
  fields.forEach((f, i) => {
    const at = 32 + i * 32;
    buf.write(f.name, at, 10, 'utf8');
    buf.write(f.type, at + 11, 'ascii');
    buf.writeUInt8(f.length, at + 16);
    buf.writeUInt8(f.decimals, at + 17);
  });
  buf.writeUInt8(0x0d, headerLength - 1);
  let at = headerLength;
  for (const r of rows) {
    buf.writeUInt8(0x20, at);
    let p = at + 1;
    for (const f of fields) {
      const v = r[f.attribute.name];
      let text = cellText(v, f.attribute.type);
      if (f.type === 'N' && text !== '') {
        text = f.decimals ? Number(v).toFixed(f.decimals) : String(Math.trunc(Number(v)));
        if (text.length > f.length) text = Number(v).toPrecision(f.length - 7);
        text = text.padStart(f.length, ' ');
      }
      // Text is cut on a UTF-8 character boundary.
      let bytes = Buffer.from(text, 'utf8');
      if (bytes.length > f.length) bytes = Buffer.from(bytes.subarray(0, f.length).toString('utf8').replace(/\uFFFD+$/, ''), 'utf8');
      bytes.copy(buf, p);
      p += f.length;
    }
    at += recordLength;
  }
  buf.writeUInt8(0x1a, at);
  return buf;
}

/** Signed area (shoelace): positive = counter-clockwise. */
function ringArea(ring: readonly Position[]): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) s += (ring[j]![0]! - ring[i]![0]!) * (ring[j]![1]! + ring[i]![1]!);
  return s / 2;
}

/** Shapefile polygons: outer rings clockwise, holes counter-clockwise. */
function orientPolygon(rings: readonly Position[][]): Position[][] {
  return rings.map((ring, i) => {
    const ccw = ringArea(ring) > 0;
    return (i === 0) === ccw ? [...ring].reverse() : ring;
  });
}

function shapeOf(g: Geometry): { type: 'POINT' | 'POLYLINE' | 'POLYGON'; coords: unknown } {
  switch (g.type) {
    case 'Point': return { type: 'POINT', coords: g.coordinates };
    case 'LineString': return { type: 'POLYLINE', coords: [g.coordinates] };
    case 'MultiLineString': return { type: 'POLYLINE', coords: g.coordinates };
    case 'Polygon': return { type: 'POLYGON', coords: [orientPolygon(g.coordinates)] };
    case 'MultiPolygon': return { type: 'POLYGON', coords: g.coordinates.map(orientPolygon) };
    default: throw new Error(`geometry type ${g.type} cannot be written to a shapefile`);
  }
}

const view = (v: DataView) => Buffer.from(v.buffer, v.byteOffset, v.byteLength);

/** One layer as a shapefile set (name.shp, .shx, .dbf, .prj, .cpg), features collected from the batches. */
export async function layerShapefile(layer: Layer, attributes: readonly Attribute[], batches: AsyncIterable<FeatureRow[]>, epsg: number, onRows?: (n: number) => void): Promise<ShapefileFiles> {
  const rows: Record<string, unknown>[] = [];
  const geometries: unknown[] = [];
  let type: 'POINT' | 'POLYLINE' | 'POLYGON' | undefined;
  for await (const batch of batches) {
    for (const r of batch) {
      if (!r.geometry) continue;
      const s = shapeOf(JSON.parse(r.geometry) as Geometry);
      if (type && s.type !== type) throw new Error(`${layer.typeName}: mixed geometry types`);
      type = s.type;
      geometries.push(s.coords);
      rows.push(r.properties);
    }
    onRows?.(batch.length);
  }
  type ??= layer.geometry.type.includes('Point') ? 'POINT' : layer.geometry.type.includes('Line') ? 'POLYLINE' : 'POLYGON';
  const name = layer.name;
  const files: { name: string; data: Buffer }[] = [];
  if (geometries.length > 0) {
    const { shp, shx } = await new Promise<{ shp: DataView; shx: DataView }>((resolve, reject) =>
      writeShp([], type!, geometries, (err, f) => (err ? reject(err) : resolve(f))));
    files.push({ name: `${name}.shp`, data: view(shp) }, { name: `${name}.shx`, data: view(shx) });
  } else {
    files.push(...emptyShape(type, name));
  }
  files.push({ name: `${name}.dbf`, data: writeDbf(attributes, rows) });
  files.push({ name: `${name}.prj`, data: Buffer.from(SRS_WKT[epsg]?.esri ?? '', 'utf8') });
  files.push({ name: `${name}.cpg`, data: Buffer.from('UTF-8', 'ascii') });
  // Which attribute each (short) field holds: the field names are documented with the data.
  const fieldNames = dbfFieldNames(attributes.map((a) => a.name));
  const csvCell = (v: string): string => (/[";\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  files.push({ name: `${name}_pola.txt`, data: Buffer.from(['pole;atrybut;opis', ...attributes.map((a, i) => [fieldNames[i]!, a.name, a.title.pl].map(csvCell).join(';'))].join('\n') + '\n', 'utf8') });
  return { name, files, features: rows.length };
}

/** A header-only .shp/.shx (no features in the area). */
function emptyShape(type: 'POINT' | 'POLYLINE' | 'POLYGON', name: string): { name: string; data: Buffer }[] {
  const code = { POINT: 1, POLYLINE: 3, POLYGON: 5 }[type];
  const header = () => {
    const b = Buffer.alloc(100);
    b.writeInt32BE(9994, 0);
    b.writeInt32BE(50, 24);
    b.writeInt32LE(1000, 28);
    b.writeInt32LE(code, 32);
    return b;
  };
  return [{ name: `${name}.shp`, data: header() }, { name: `${name}.shx`, data: header() }];
}
