// GML geometry (GML 2, 3.1.1 and 3.2) → a GeoJSON geometry literal in easting/longitude-first order.
// Axis order comes from the srsName (or the caller's default CRS) through resolveCrs, so
// urn:ogc:def:crs:EPSG::2177 (northing first) and CRS:84 (easting first) both come out x/y.
import type { Geometry, Position, Polygon } from 'geojson';
import { resolveCrs } from '../crs/names.ts';
import { FilterError, type GeometryLiteral } from './filter.ts';
import { NS, attributeOf, childElements, childrenNamed, firstChildNamed, textOf, type XmlElement } from '../xml/parse.ts';

const GML_NAMESPACES: readonly string[] = [NS.gml, NS.gml32];

export interface GmlOptions {
  /** CRS of a geometry without srsName on itself or a GML ancestor, e.g. urn:ogc:def:crs:EPSG::2177. */
  defaultCrs: string;
  /** Read a short EPSG:nnnn srsName as x/y (WFS 1.0); otherwise it follows the authority's axis order. */
  legacyShortForm?: boolean;
}

const GEOMETRY_NAMES = new Set([
  'Envelope', 'Box', 'Point', 'LineString', 'LinearRing', 'Polygon', 'MultiPoint', 'MultiCurve', 'MultiLineString',
  'MultiSurface', 'MultiPolygon', 'Curve', 'Surface',
]);

/** Whether an element is a GML geometry this module reads (GML namespaces, or no namespace at all). */
export function isGmlGeometry(el: XmlElement): boolean {
  return GEOMETRY_NAMES.has(el.localName ?? '') && (!el.namespaceURI || GML_NAMESPACES.includes(el.namespaceURI));
}

/** Converts a GML geometry element to a geometry literal; any unsupported or broken geometry is a FilterError. */
export function parseGmlGeometry(el: XmlElement, options: GmlOptions): GeometryLiteral {
  if (!isGmlGeometry(el)) throw new FilterError(`${el.tagName} is not a supported GML geometry`);
  const srsName = inheritedSrsName(el) ?? options.defaultCrs;
  const resolved = resolveCrs(srsName, options.legacyShortForm ?? false);
  if (!resolved) throw new FilterError(`The coordinate reference system ${srsName} of ${el.tagName} is not supported`);
  const reader = new Reader(resolved.axisOrder === 'yx');
  return { kind: 'geometry', geometry: reader.geometry(el), crs: resolved.crs.code };
}

/** The srsName of the element or of the nearest GML ancestor that has one (members inherit their container's). */
function inheritedSrsName(el: XmlElement): string | undefined {
  for (let e: XmlElement | null = el; e; e = e.parentNode as XmlElement | null) {
    if (e.nodeType !== 1 || (e.namespaceURI && !GML_NAMESPACES.includes(e.namespaceURI))) return undefined;
    const srs = e.getAttribute('srsName');
    if (srs && srs.trim()) return srs.trim();
  }
  return undefined;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function toNumber(s: string, where: string): number {
  if (!NUMBER.test(s)) throw new FilterError(`${where}: "${s}" is not a number`);
  const n = Number(s);
  if (!Number.isFinite(n)) throw new FilterError(`${where}: ${s} is out of range`);
  return n;
}

class Reader {
  constructor(private readonly swap: boolean) {}

  geometry(el: XmlElement): Geometry {
    switch (el.localName) {
      case 'Envelope': case 'Box': return this.envelope(el);
      case 'Point': return { type: 'Point', coordinates: this.point(el) };
      case 'LineString': return { type: 'LineString', coordinates: this.line(el) };
      case 'Curve': return { type: 'LineString', coordinates: this.curve(el) };
      case 'LinearRing': return { type: 'Polygon', coordinates: [this.ring(el)] };
      case 'Polygon': return { type: 'Polygon', coordinates: this.polygon(el) };
      case 'Surface': return { type: 'Polygon', coordinates: this.surface(el) };
      case 'MultiPoint': return { type: 'MultiPoint', coordinates: this.members(el, ['pointMember', 'pointMembers'], ['Point']).map((m) => this.point(m)) };
      case 'MultiCurve': case 'MultiLineString':
        return { type: 'MultiLineString', coordinates: this.members(el, ['curveMember', 'curveMembers', 'lineStringMember'], ['LineString', 'Curve'])
          .map((m) => (m.localName === 'Curve' ? this.curve(m) : this.line(m))) };
      case 'MultiSurface': case 'MultiPolygon':
        return { type: 'MultiPolygon', coordinates: this.members(el, ['surfaceMember', 'surfaceMembers', 'polygonMember'], ['Polygon', 'Surface'])
          .map((m) => (m.localName === 'Surface' ? this.surface(m) : this.polygon(m))) };
      default: throw new FilterError(`GML geometry ${el.tagName} is not supported`);
    }
  }

  /** An envelope as the polygon it covers; corners in lowerCorner/upperCorner, two pos, coordinates or coord. */
  private envelope(el: XmlElement): Polygon {
    const lower = firstChildNamed(el, 'lowerCorner');
    const upper = firstChildNamed(el, 'upperCorner');
    const corners = lower && upper
      ? [this.positions(lower, 1)[0]!, this.positions(upper, 1)[0]!]
      : this.positionsOf(el, el.tagName);
    if (corners.length !== 2) throw new FilterError(`${el.tagName} needs exactly two corners`);
    const [[x1, y1], [x2, y2]] = corners as [Position, Position];
    if (x1! > x2! || y1! > y2!) {
      throw new FilterError(`${el.tagName}: the lower corner must not be above or right of the upper corner (check the axis order of the CRS)`);
    }
    return { type: 'Polygon', coordinates: [[[x1!, y1!], [x2!, y1!], [x2!, y2!], [x1!, y2!], [x1!, y1!]]] };
  }

  private point(el: XmlElement): Position {
    const p = this.positionsOf(el, el.tagName);
    if (p.length !== 1) throw new FilterError(`${el.tagName} needs exactly one position`);
    return p[0]!;
  }

  private line(el: XmlElement): Position[] {
    const p = this.positionsOf(el, el.tagName);
    if (p.length < 2) throw new FilterError(`${el.tagName} needs at least two positions`);
    return p;
  }

  private ring(el: XmlElement): Position[] {
    if (el.localName !== 'LinearRing') throw new FilterError(`${el.tagName} is not supported as a polygon boundary (use gml:LinearRing)`);
    const p = this.positionsOf(el, el.tagName);
    if (p.length < 4) throw new FilterError(`${el.tagName} needs at least four positions`);
    const [a, b] = [p[0]!, p[p.length - 1]!];
    if (a[0] !== b[0] || a[1] !== b[1]) throw new FilterError(`${el.tagName} is not closed (the first and last positions differ)`);
    return p;
  }

  /** Rings of a Polygon or PolygonPatch: exterior/interior (GML 3) or outerBoundaryIs/innerBoundaryIs (GML 2). */
  private polygon(el: XmlElement): Position[][] {
    const outer = [...childrenNamed(el, 'exterior'), ...childrenNamed(el, 'outerBoundaryIs')];
    if (outer.length !== 1) throw new FilterError(`${el.tagName} needs exactly one exterior boundary`);
    const inner = [...childrenNamed(el, 'interior'), ...childrenNamed(el, 'innerBoundaryIs')];
    return [outer[0]!, ...inner].map((b) => this.ring(this.only(b)));
  }

  private surface(el: XmlElement): Position[][] {
    const patches = firstChildNamed(el, 'patches');
    const list = patches ? childElements(patches) : [];
    if (list.length !== 1 || list[0]!.localName !== 'PolygonPatch') {
      throw new FilterError(`${el.tagName} is supported only with a single gml:PolygonPatch`);
    }
    return this.polygon(list[0]!);
  }

  private curve(el: XmlElement): Position[] {
    const segments = firstChildNamed(el, 'segments');
    const list = segments ? childElements(segments) : [];
    if (list.length === 0 || list.some((s) => s.localName !== 'LineStringSegment')) {
      throw new FilterError(`${el.tagName} is supported only with gml:LineStringSegment segments`);
    }
    // Consecutive segments share their end points: join them into one line.
    const out: Position[] = [];
    for (const s of list) {
      const p = this.line(s);
      const last = out[out.length - 1];
      out.push(...(last && last[0] === p[0]![0] && last[1] === p[0]![1] ? p.slice(1) : p));
    }
    return out;
  }

  /** Member geometries of a multi-geometry: one per xxxMember, or all children of an xxxMembers. */
  private members(el: XmlElement, memberNames: string[], allowed: string[]): XmlElement[] {
    const out: XmlElement[] = [];
    for (const c of childElements(el)) {
      if (!memberNames.includes(c.localName ?? '')) throw new FilterError(`${c.tagName} is not expected in ${el.tagName}`);
      const inner = c.localName!.endsWith('Members') ? childElements(c) : [this.only(c)];
      for (const m of inner) {
        if (!allowed.includes(m.localName ?? '')) throw new FilterError(`${m.tagName} is not allowed in ${el.tagName}`);
        out.push(m);
      }
    }
    if (out.length === 0) throw new FilterError(`${el.tagName} has no members`);
    return out;
  }

  private only(el: XmlElement): XmlElement {
    const c = childElements(el);
    if (c.length !== 1) throw new FilterError(`${el.tagName} must contain exactly one geometry`);
    return c[0]!;
  }

  /** The positions of a simple geometry in any of the encodings GML allows. */
  private positionsOf(el: XmlElement, where: string): Position[] {
    const posList = firstChildNamed(el, 'posList');
    if (posList) return this.positions(posList, undefined);
    const coordinates = firstChildNamed(el, 'coordinates');
    if (coordinates) return this.coordinates(coordinates);
    const out: Position[] = [];
    for (const c of childElements(el)) {
      if (c.localName === 'pos') out.push(this.positions(c, 1)[0]!);
      else if (c.localName === 'coord') out.push(this.coord(c));
      else if (c.localName === 'pointProperty' || c.localName === 'pointRep') out.push(this.point(this.only(c)));
    }
    if (out.length === 0) throw new FilterError(`${where} has no coordinates`);
    return out;
  }

  /** pos / posList / lowerCorner: whitespace-separated numbers grouped by srsDimension (default 2). */
  private positions(el: XmlElement, expected: number | undefined): Position[] {
    const numbers = textOf(el).trim().split(/\s+/).filter(Boolean).map((s) => toNumber(s, el.tagName));
    const dim = this.dimension(el, expected === 1 ? numbers.length : undefined);
    if (numbers.length === 0 || numbers.length % dim !== 0) {
      throw new FilterError(`${el.tagName} must hold a multiple of ${dim} numbers, got ${numbers.length}`);
    }
    const out: Position[] = [];
    for (let i = 0; i < numbers.length; i += dim) out.push(this.xy(numbers[i]!, numbers[i + 1]!));
    if (expected !== undefined && out.length !== expected) throw new FilterError(`${el.tagName} must hold one position`);
    return out;
  }

  private dimension(el: XmlElement, count: number | undefined): number {
    for (let e: XmlElement | null = el; e && e.nodeType === 1; e = e.parentNode as XmlElement | null) {
      const d = e.getAttribute('srsDimension') || e.getAttribute('dimension');
      if (d) {
        if (d !== '2' && d !== '3') throw new FilterError(`srsDimension ${d} is not supported (only 2 or 3)`);
        return Number(d);
      }
    }
    // A single position without srsDimension tells its own dimension.
    return count === 3 ? 3 : 2;
  }

  /** GML 2 coordinates with cs (tuple separator inside a position), ts (between positions) and decimal. */
  private coordinates(el: XmlElement): Position[] {
    const cs = attributeOf(el, 'cs') ?? ',';
    const ts = attributeOf(el, 'ts') ?? ' ';
    const decimal = attributeOf(el, 'decimal') ?? '.';
    if (!cs || !ts || !decimal || cs === ts || decimal === cs || decimal === ts) {
      throw new FilterError(`${el.tagName}: cs, ts and decimal must be distinct non-empty separators`);
    }
    const text = textOf(el).trim();
    const tuples = /^\s+$/.test(ts) ? text.split(/\s+/) : text.split(ts).map((t) => t.trim());
    return tuples.filter(Boolean).map((tuple) => {
      const parts = tuple.split(cs).map((v) => toNumber(decimal === '.' ? v.trim() : v.trim().split(decimal).join('.'), el.tagName));
      if (parts.length < 2 || parts.length > 3) throw new FilterError(`${el.tagName}: "${tuple}" is not a 2D or 3D position`);
      return this.xy(parts[0]!, parts[1]!);
    });
  }

  private coord(el: XmlElement): Position {
    const x = firstChildNamed(el, 'X');
    const y = firstChildNamed(el, 'Y');
    if (!x || !y) throw new FilterError(`${el.tagName} needs X and Y`);
    return this.xy(toNumber(textOf(x).trim(), 'X'), toNumber(textOf(y).trim(), 'Y'));
  }

  /** Easting/longitude first, whatever order the CRS name implies. */
  private xy(a: number, b: number): Position {
    return this.swap ? [b, a] : [a, b];
  }
}
