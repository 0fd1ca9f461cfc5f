// DXF for CAD (AutoCAD, BricsCAD, MicroStation, ZWCAD) as a design base: one CAD layer per object class and per
// network branch, named as Polish CAD users get them from the county offices' exports (EGB_DZIALKI,
// GESUT_W_WODOCIAGOWA, … — the full list in docs/cartography.md), coloured by the AutoCAD Color Index nearest the
// base-map colours (catalog/cartography.ts); TEXT entities for parcel numbers, building labels (function symbol +
// storeys) and network labels ("w150") on their own …_NUMERY / …_OPISY layers; every entity carries the feature's
// attributes as XDATA of the application SIP_POZNAN ("name=value" strings, group 1000), so a CAD user can list them
// and GDAL shows them as ExtendedEntity. Planned lines go to a …_PROJ layer drawn DASHED, disused lines are DOTTED.
// Coordinates are easting/northing in metres of the extract's CRS (DXF has no CRS of its own; EPSG:2177 by default).
// dxf-writer builds the document (header, tables, layers, line types); the entities are written here, because
// dxf-writer's own entities cannot carry XDATA.
import { createRequire } from 'node:module';
import Drawing from 'dxf-writer';
import type { Geometry, Position } from 'geojson';
import type { Layer } from '../catalog/types.ts';
import type { FeatureRow } from '../query/feature-query.ts';
import {
  CARTO_ATTRIBUTES as A, DISUSED, NETWORKS, PLANNED, buildingLabel, nearestAci, networkLabel, rgbOfHex, type Rgb,
} from '../catalog/cartography.ts';

const require = createRequire(import.meta.url);
/** dxf-writer's handle counter: our entities take their handles from the same sequence as the document's. */
const Handle = require('dxf-writer/src/Handle.js') as { next(): string };
const AppId = require('dxf-writer/src/AppId.js') as new (name: string) => DxfObject;

/** The XDATA application name registered in the APPID table. */
export const XDATA_APP = 'SIP_POZNAN';

/** Text heights in drawing units (metres): 2.5 mm / 2 mm / 1.6 mm on paper at 1:500. */
const TEXT_HEIGHT = { number: 1.25, label: 1.0, network: 0.8, district: 5 } as const;

interface Manager { push(code: number, value: unknown): void }
interface DxfObject { ownerObjectHandle: string; layer?: { name: string }; tags(m: Manager): void }

/** What a catalogue layer becomes in CAD: the layer name of its features and of its texts, and the text itself. */
export interface CadClass {
  name: string; textLayer?: string; text?: (p: Record<string, unknown>) => string; textHeight?: number;
  /** Lines of text height to move the text down (−) or up (+) from the middle, so texts of one place do not overlap. */
  textShift?: number;
}

/** CAD layers of the catalogue's layers (the network layers are split by branch: networkCadLayer). */
export const CAD_CLASSES: Readonly<Record<string, CadClass>> = {
  'egib:obreby': { name: 'EGB_OBREBY', textLayer: 'EGB_OBREBY_NAZWY', text: (p) => String(p[A.districtName] ?? ''), textHeight: TEXT_HEIGHT.district },
  'egib:dzialki': { name: 'EGB_DZIALKI', textLayer: 'EGB_DZIALKI_NUMERY', text: (p) => String(p[A.parcelNumber] ?? ''), textHeight: TEXT_HEIGHT.number },
  'egib:budynki': { name: 'EGB_BUDYNKI', textLayer: 'EGB_BUDYNKI_OPISY', text: buildingLabel, textHeight: TEXT_HEIGHT.label, textShift: -1.6 },
  'egib:kontury_uzytkow': { name: 'EGB_KONTURY_UZYTKOW', textLayer: 'EGB_KONTURY_UZYTKOW_OZNACZENIA', text: (p) => String(p[A.landUse] ?? ''), textHeight: TEXT_HEIGHT.label, textShift: 1.6 },
  'egib:kontury_klasyfikacyjne': { name: 'EGB_KONTURY_KLASYFIKACYJNE' },
  'egib:punkty_graniczne': { name: 'EGB_PUNKTY_GRANICZNE', textLayer: 'EGB_PUNKTY_GRANICZNE_NUMERY', text: (p) => String(p.idPunktu ?? '').split('.').pop() ?? '', textHeight: TEXT_HEIGHT.label },
  'sip:punkty_osnowy': { name: 'OSNOWA_SZCZEGOLOWA', textLayer: 'OSNOWA_SZCZEGOLOWA_NUMERY', text: (p) => String(p.numer ?? ''), textHeight: TEXT_HEIGHT.label },
  'sip:budynki_projektowane': { name: 'SIP_BUDYNKI_PROJEKTOWANE' },
  'sip:drzewa': { name: 'SIP_DRZEWA' },
  'sip:arkusze': { name: 'SIP_ARKUSZE_PL2000' },
};

/** The CAD layer of a network object: GESUT_<branch code>_<branch>[_URZADZENIA | _OPISY | _PROJ]. */
export function networkCadLayer(branch: unknown, kind: 'lines' | 'planned' | 'devices' | 'labels'): string {
  const n = NETWORKS.find((x) => x.code === branch) ?? NETWORKS.find((x) => x.code === 'x')!;
  const base = `GESUT_${n.code.toUpperCase()}_${n.cad}`;
  return kind === 'lines' ? base : `${base}_${{ planned: 'PROJ', devices: 'URZADZENIA', labels: 'OPISY' }[kind]}`;
}

/** A DXF layer name of a catalogue layer without a CAD class of its own. */
export function dxfLayerName(layer: Pick<Layer, 'namespace' | 'name' | 'typeName'>): string {
  return CAD_CLASSES[layer.typeName]?.name ?? `${layer.namespace}_${layer.name}`.toUpperCase();
}

const isNetworkLayer = (layer: Layer) => layer.namespace === 'gesut';

/** The XDATA strings of a feature: "name=value", one group 1000 each, at most 255 bytes, no line breaks. */
export function xdataStrings(p: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(p)) {
    if (v === null || v === undefined || v === '') continue;
    let s = `${k}=${v instanceof Date ? v.toISOString() : typeof v === 'object' ? JSON.stringify(v) : String(v)}`.replace(/[\r\n]+/g, ' ');
    while (Buffer.byteLength(s) > 255) s = s.slice(0, -1);
    out.push(s);
  }
  return out;
}

function entityHead(m: Manager, type: string, e: DxfObject & { handle: string }, layer: string, subclass: string, linetype?: string): void {
  m.push(0, type); m.push(5, e.handle); m.push(330, e.ownerObjectHandle);
  m.push(100, 'AcDbEntity'); m.push(8, layer);
  if (linetype) m.push(6, linetype);
  m.push(100, subclass);
}

function xdata(m: Manager, strings: readonly string[]): void {
  if (!strings.length) return;
  m.push(1001, XDATA_APP);
  for (const s of strings) m.push(1000, s);
}

class PolylineEntity implements DxfObject {
  readonly handle = Handle.next();
  ownerObjectHandle = '0';
  constructor(private readonly layerName: string, private readonly points: readonly [number, number][], private readonly closed: boolean,
    private readonly attrs: readonly string[], private readonly linetype?: string) {}
  tags(m: Manager): void {
    entityHead(m, 'LWPOLYLINE', this, this.layerName, 'AcDbPolyline', this.linetype);
    m.push(90, this.points.length); m.push(70, this.closed ? 1 : 0);
    for (const [x, y] of this.points) { m.push(10, x); m.push(20, y); }
    xdata(m, this.attrs);
  }
}

class PointEntity implements DxfObject {
  readonly handle = Handle.next();
  ownerObjectHandle = '0';
  constructor(private readonly layerName: string, private readonly x: number, private readonly y: number, private readonly attrs: readonly string[]) {}
  tags(m: Manager): void {
    entityHead(m, 'POINT', this, this.layerName, 'AcDbPoint');
    m.push(10, this.x); m.push(20, this.y); m.push(30, 0);
    xdata(m, this.attrs);
  }
}

class TextEntity implements DxfObject {
  readonly handle = Handle.next();
  ownerObjectHandle = '0';
  constructor(private readonly layerName: string, private readonly x: number, private readonly y: number, private readonly height: number,
    private readonly rotation: number, private readonly value: string, private readonly attrs: readonly string[], private readonly vAlign: 1 | 2 = 2) {}
  tags(m: Manager): void {
    // Centred (72 = 1) on the alignment point, vertically middle (73 = 2) or bottom (73 = 1, network labels sit on
    // their line).
    entityHead(m, 'TEXT', this, this.layerName, 'AcDbText');
    m.push(10, this.x); m.push(20, this.y); m.push(30, 0);
    m.push(40, this.height); m.push(1, this.value); m.push(50, this.rotation);
    m.push(72, 1); m.push(11, this.x); m.push(21, this.y); m.push(31, 0);
    m.push(100, 'AcDbText'); m.push(73, this.vAlign);
    xdata(m, this.attrs);
  }
}

function pointInRings(pt: [number, number], rings: readonly Position[][]): boolean {
  let c = false;
  for (const r of rings) for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
    const p = r[i]!, q = r[j]!;
    if ((p[1]! > pt[1]) !== (q[1]! > pt[1]) && pt[0] < ((q[0]! - p[0]!) * (pt[1] - p[1]!)) / (q[1]! - p[1]!) + p[0]!) c = !c;
  }
  return c;
}

/** A point inside a polygon for its label: the centroid when inside, else the middle of the widest scan line. */
export function labelPoint(rings: readonly Position[][]): [number, number] {
  const outer = rings[0] ?? [];
  let a = 0, cx = 0, cy = 0;
  for (let i = 0, j = outer.length - 1; i < outer.length; j = i++) {
    const p = outer[i]!, q = outer[j]!;
    const f = q[0]! * p[1]! - p[0]! * q[1]!;
    a += f; cx += (q[0]! + p[0]!) * f; cy += (q[1]! + p[1]!) * f;
  }
  const inside = (x: number, y: number) => {
    let c = false;
    for (const r of rings) for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
      const p = r[i]!, q = r[j]!;
      if ((p[1]! > y) !== (q[1]! > y) && x < ((q[0]! - p[0]!) * (y - p[1]!)) / (q[1]! - p[1]!) + p[0]!) c = !c;
    }
    return c;
  };
  if (a !== 0) { cx /= 3 * a; cy /= 3 * a; if (inside(cx, cy)) return [cx, cy]; }
  // Scan lines across the ring's height: the widest inside interval's middle.
  const ys = outer.map((p) => p[1]!);
  const y0 = Math.min(...ys), y1 = Math.max(...ys);
  let best: [number, number] = [outer[0]?.[0] ?? 0, outer[0]?.[1] ?? 0], width = -1;
  for (let k = 1; k < 16; k++) {
    const y = y0 + ((y1 - y0) * k) / 16;
    const xs: number[] = [];
    for (const r of rings) for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
      const p = r[i]!, q = r[j]!;
      if ((p[1]! > y) !== (q[1]! > y)) xs.push(p[0]! + ((y - p[1]!) * (q[0]! - p[0]!)) / (q[1]! - p[1]!));
    }
    xs.sort((u, v) => u - v);
    for (let i = 0; i + 1 < xs.length; i += 2) if (xs[i + 1]! - xs[i]! > width) { width = xs[i + 1]! - xs[i]!; best = [(xs[i]! + xs[i + 1]!) / 2, y]; }
  }
  return best;
}

/** Where a line's label goes: the middle of its longest segment, turned along it and readable (−90°…90°]. */
export function lineLabelPlace(line: readonly Position[]): { x: number; y: number; angle: number; length: number } | undefined {
  let best: { x: number; y: number; angle: number; length: number } | undefined;
  for (let i = 0; i + 1 < line.length; i++) {
    const p = line[i]!, q = line[i + 1]!;
    const len = Math.hypot(q[0]! - p[0]!, q[1]! - p[1]!);
    if (best && len <= best.length) continue;
    let angle = (Math.atan2(q[1]! - p[1]!, q[0]! - p[0]!) * 180) / Math.PI;
    if (angle > 90) angle -= 180; else if (angle <= -90) angle += 180;
    best = { x: (p[0]! + q[0]!) / 2, y: (p[1]! + q[1]!) / 2, angle, length: len };
  }
  return best;
}

const xy = (p: Position): [number, number] => [p[0]!, p[1]!];

function partsOf(g: Geometry): { points: Position[]; lines: Position[][]; polygons: Position[][][] } {
  const out = { points: [] as Position[], lines: [] as Position[][], polygons: [] as Position[][][] };
  const add = (g: Geometry) => {
    switch (g.type) {
      case 'Point': out.points.push(g.coordinates); break;
      case 'MultiPoint': out.points.push(...g.coordinates); break;
      case 'LineString': out.lines.push(g.coordinates); break;
      case 'MultiLineString': out.lines.push(...g.coordinates); break;
      case 'Polygon': out.polygons.push(g.coordinates); break;
      case 'MultiPolygon': out.polygons.push(...g.coordinates); break;
      case 'GeometryCollection': g.geometries.forEach(add); break;
    }
  };
  add(g);
  return out;
}

export class DxfWriter {
  private readonly d = new Drawing();
  private readonly entities: DxfObject[] = [];
  private readonly layers = new Set<string>();

  constructor() {
    this.d.setUnits('Meters');
    // AutoCAD 2007+ DXF (AC1021, what dxf-writer declares) is UTF-8 whatever $DWGCODEPAGE says: texts and XDATA
    // are written so. GDAL 3.6 assumes ANSI_1252 unless told (--config DXF_ENCODING UTF-8), docs/cartography.md.
    // Registered application of the XDATA.
    (this.d as unknown as { tables: Record<string, { add(o: DxfObject): void }> }).tables.APPID!.add(new AppId(XDATA_APP));
  }

  private layer(name: string, rgb: Rgb, linetype = 'CONTINUOUS'): string {
    if (!this.layers.has(name)) { this.layers.add(name); this.d.addLayer(name, nearestAci(rgb), linetype); }
    return name;
  }

  /** Adds one catalogue layer; returns the number of features and of entities written (texts included). */
  async addLayer(layer: Layer, batches: AsyncIterable<FeatureRow[]>, onRows?: (n: number) => void): Promise<{ features: number; entities: number }> {
    const styleHex = (layer.style.fill && layer.geometry.type.includes('Point') ? layer.style.fill : layer.style.stroke) ?? '#000000';
    const cad = CAD_CLASSES[layer.typeName];
    let features = 0, entities = 0;
    const push = (e: DxfObject) => { this.entities.push(e); entities++; };
    for await (const batch of batches) {
      for (const r of batch) {
        features++;
        if (!r.geometry) continue;
        const attrs = xdataStrings({ id: r.id, ...r.properties });
        const g = partsOf(JSON.parse(r.geometry) as Geometry);
        if (isNetworkLayer(layer)) {
          const branch = r.properties[A.branch];
          const rgb = NETWORKS.find((n) => n.code === branch)?.rgb ?? [0, 0, 0];
          const planned = r.properties[A.status] === PLANNED;
          const disused = r.properties[A.operation] === DISUSED;
          const lineLayer = planned ? this.layer(networkCadLayer(branch, 'planned'), rgb, 'DASHED') : this.layer(networkCadLayer(branch, 'lines'), rgb);
          for (const l of g.lines) push(new PolylineEntity(lineLayer, l.map(xy), false, attrs, disused ? 'DOTTED' : undefined));
          const devices = g.points.length ? this.layer(networkCadLayer(branch, 'devices'), rgb) : '';
          for (const p of g.points) push(new PointEntity(devices, p[0]!, p[1]!, attrs));
          const text = g.lines.length ? networkLabel(r.properties) : '';
          const place = text ? lineLabelPlace(g.lines.reduce((a, b) => (b.length > a.length ? b : a))) : undefined;
          if (text && place && place.length >= 2) {
            // 0.3 m to the left of the line (in the text's upright direction), so the text does not sit on it.
            const t = (place.angle * Math.PI) / 180;
            push(new TextEntity(this.layer(networkCadLayer(branch, 'labels'), rgb), place.x - 0.3 * Math.sin(t), place.y + 0.3 * Math.cos(t),
              TEXT_HEIGHT.network, Math.round(place.angle * 100) / 100, text, attrs, 1));
          }
          continue;
        }
        const rgb = rgbOfHex(styleHex);
        const name = this.layer(dxfLayerName(layer), rgb);
        for (const p of g.points) push(new PointEntity(name, p[0]!, p[1]!, attrs));
        for (const l of g.lines) push(new PolylineEntity(name, l.map(xy), false, attrs));
        for (const poly of g.polygons) for (const ring of poly) push(new PolylineEntity(name, ring.slice(0, -1).map(xy), true, attrs));
        const text = cad?.text?.(r.properties);
        if (text && cad?.textLayer && g.polygons.length) {
          const largest = g.polygons.reduce((a, b) => (extentArea(b[0]!) > extentArea(a[0]!) ? b : a));
          let [x, y] = labelPoint(largest);
          // Buildings a line below the middle, land-use symbols a line above it, so that neither covers the parcel
          // number written in the middle of a parcel of the same shape (when the point stays inside).
          const h = cad.textHeight ?? TEXT_HEIGHT.label;
          if (cad.textShift && pointInRings([x, y + cad.textShift * h], largest)) y += cad.textShift * h;
          push(new TextEntity(this.layer(cad.textLayer, rgb), round3(x), round3(y), h, 0, text, attrs));
        }
      }
      onRows?.(batch.length);
    }
    return { features, entities };
  }

  /**
   * The file; `comment` (a released file's licence) goes first as 999 comment groups, which DXF readers skip
   * (DXF Reference, "Group codes in numerical order": 999 — comment, ignored on OPEN). One line per group.
   */
  toString(comment?: string): string {
    // The entities go into the model space through layer "0"'s shape list (dxf-writer writes each shape's own tags).
    const zero = (this.d as unknown as { layers: Record<string, { addShape(s: DxfObject): void; name: string }> }).layers['0']!;
    for (const e of this.entities) zero.addShape(e);
    this.entities.length = 0;
    const head = comment ? comment.split(/\r?\n/).map((line) => `999\n${line}\n`).join('') : '';
    return head + this.d.toDxfString();
  }
}

function extentArea(ring: readonly Position[]): number {
  const xs = ring.map((p) => p[0]!), ys = ring.map((p) => p[1]!);
  return (Math.max(...xs) - Math.min(...xs)) * (Math.max(...ys) - Math.min(...ys));
}

const round3 = (v: number) => Math.round(v * 1000) / 1000;
