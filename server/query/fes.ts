// OGC Filter Encoding → filter AST: FES 2.0 (WFS 2.0) and Filter Encoding 1.1 (WFS 1.1), from a FILTER parameter
// or an element of a POSTed request. Tolerant of what real clients write: GDAL puts FES in the default namespace
// and writes <Distance unit="m">, OWSLib's BBOX names the property ows:BoundingBox and puts lowerCorner in the
// FES namespace, WFS 1.1 clients write GmlObjectId with id or gml:id. Elements are recognised by local name in
// the FES or OGC namespace (or none), so a filter mixing 1.1 and 2.0 names still parses.
import { FilterError, type ComparisonOperator, type Expression, type Filter, type GeometryLiteral, type SpatialRelation } from './filter.ts';
import { isGmlGeometry, parseGmlGeometry } from './gml-geometry.ts';
import { NS, XmlInputError, attributeOf, childElements, firstChildNamed, parseXml, textOf, type XmlElement } from '../xml/parse.ts';

export interface FesOptions {
  /** CRS of geometries without srsName: the queried type's default CRS. */
  defaultCrs?: string;
  /** Short EPSG:nnnn srsNames mean x/y (WFS 1.0). */
  legacyShortForm?: boolean;
  /** Largest accepted FILTER text in bytes. */
  maxBytes?: number;
}

export const DEFAULT_FILTER_CRS = 'urn:ogc:def:crs:EPSG::2177';
const MAX_DEPTH = 20;
const MAX_NODES = 500;

const FILTER_NS: readonly string[] = [NS.fes, NS.ogc];

const COMPARISONS: Readonly<Record<string, ComparisonOperator>> = {
  PropertyIsEqualTo: '=', PropertyIsNotEqualTo: '<>', PropertyIsLessThan: '<', PropertyIsGreaterThan: '>',
  PropertyIsLessThanOrEqualTo: '<=', PropertyIsGreaterThanOrEqualTo: '>=',
};

const SPATIAL: Readonly<Record<string, SpatialRelation>> = {
  BBOX: 'bbox', Intersects: 'intersects', Within: 'within', Contains: 'contains', Disjoint: 'disjoint',
  Equals: 'equals', Touches: 'touches', Crosses: 'crosses', Overlaps: 'overlaps',
};

const ID_ELEMENTS = new Set(['ResourceId', 'GmlObjectId', 'FeatureId']);

const TEMPORAL = new Set(['After', 'Before', 'Begins', 'BegunBy', 'TContains', 'During', 'EndedBy', 'Ends', 'TEquals',
  'Meets', 'MetBy', 'TOverlaps', 'OverlappedBy', 'AnyInteracts']);

/** Parses a fes:Filter / ogc:Filter (a document string or an element) into the filter AST. */
export function parseFesFilter(input: string | XmlElement, options: FesOptions = {}): Filter {
  let root: XmlElement;
  if (typeof input === 'string') {
    if (!input.trim()) throw new FilterError('The filter is empty');
    try {
      root = parseXml(input, options.maxBytes).documentElement!;
    } catch (e) {
      if (e instanceof XmlInputError) {
        const notWellFormed = 'The XML is not well-formed: ';
        throw new FilterError(e.message.startsWith(notWellFormed) ? `The filter is not valid XML: ${e.message.slice(notWellFormed.length)}` : `Filter refused: ${e.message}`);
      }
      throw e;
    }
  } else {
    root = input;
  }
  return new FesParser(options).filter(root);
}

/**
 * The published property name a ValueReference/PropertyName points at: namespace prefix and any leading type step
 * removed (egib:dzialki/egib:numerDzialki → numerDzialki), GML's own properties kept as gml:name, the feature id
 * attribute as @gml:id. Anything beyond a simple child path is refused.
 */
export function normalisePropertyName(raw: string, context?: XmlElement): string {
  const steps = raw.trim().replace(/^\.?\/+/, '').split('/').filter((s) => s && s !== '.');
  const last = steps[steps.length - 1];
  if (!last) throw new FilterError('A property name is empty');
  if (/[[\]()*|=]|::/.test(raw)) throw new FilterError(`The property path ${raw.trim()} is not supported: use a property name`);
  const attribute = last.startsWith('@');
  const [prefix, local] = splitQName(attribute ? last.slice(1) : last);
  if (!/^[\p{L}_][\p{L}\p{N}_.-]*$/u.test(local)) throw new FilterError(`${raw.trim()} is not a valid property name`);
  const ns = prefix ? context?.lookupNamespaceURI(prefix) : undefined;
  const isGml = prefix === 'gml' || ns === NS.gml || ns === NS.gml32;
  if (attribute) return isGml || local === 'id' ? '@gml:id' : `@${local}`;
  return isGml ? `gml:${local}` : local;
}

function splitQName(name: string): [string | undefined, string] {
  const i = name.indexOf(':');
  return i < 0 ? [undefined, name] : [name.slice(0, i), name.slice(i + 1)];
}

class FesParser {
  private nodes = 0;
  private readonly defaultCrs: string;

  constructor(private readonly options: FesOptions) {
    this.defaultCrs = options.defaultCrs ?? DEFAULT_FILTER_CRS;
  }

  filter(root: XmlElement): Filter {
    if (!this.isFes(root, 'Filter')) {
      // A bare operator is what some clients put in FILTER; accept it as the filter's only predicate.
      return this.predicate(root, 1);
    }
    const children = childElements(root);
    if (children.length === 0) throw new FilterError('The filter has no condition');
    if (children.every((c) => ID_ELEMENTS.has(c.localName ?? ''))) {
      return { op: 'resourceId', ids: children.map((c) => this.resourceId(c)) };
    }
    if (children.length > 1) {
      throw new FilterError(`A filter holds one condition (or only resource ids); combine ${children.map((c) => c.tagName).join(', ')} with And or Or`);
    }
    return this.predicate(children[0]!, 1);
  }

  private isFes(el: XmlElement, localName: string): boolean {
    return el.localName === localName && (!el.namespaceURI || FILTER_NS.includes(el.namespaceURI));
  }

  private count(el: XmlElement, depth: number): void {
    if (depth > MAX_DEPTH) throw new FilterError(`The filter is nested too deeply (more than ${MAX_DEPTH} levels)`);
    if (++this.nodes > MAX_NODES) throw new FilterError(`The filter is too large (more than ${MAX_NODES} elements)`);
    if (el.namespaceURI && !FILTER_NS.includes(el.namespaceURI)) {
      throw new FilterError(`${el.tagName} is not a filter operator (namespace ${el.namespaceURI})`);
    }
  }

  private predicate(el: XmlElement, depth: number): Filter {
    this.count(el, depth);
    const name = el.localName ?? '';
    const args = childElements(el);
    switch (name) {
      case 'And': case 'Or': {
        if (args.length < 2) throw new FilterError(`${el.tagName} needs at least two conditions`);
        const parsed = args.map((a) => this.predicate(a, depth + 1));
        return { op: name === 'And' ? 'and' : 'or', args: parsed };
      }
      case 'Not':
        if (args.length !== 1) throw new FilterError(`${el.tagName} needs exactly one condition`);
        return { op: 'not', arg: this.predicate(args[0]!, depth + 1) };
      case 'PropertyIsLike': return this.like(el, args);
      case 'PropertyIsNull': case 'PropertyIsNil': {
        if (args.length !== 1) throw new FilterError(`${el.tagName} needs exactly one property`);
        return { op: name === 'PropertyIsNull' ? 'isNull' : 'isNil', expr: this.expression(args[0]!) };
      }
      case 'PropertyIsBetween': return this.between(el, args);
      case 'DWithin': case 'Beyond': return this.distance(el, args, name === 'DWithin' ? 'dwithin' : 'beyond');
      default:
        if (ID_ELEMENTS.has(name)) return { op: 'resourceId', ids: [this.resourceId(el)] };
        if (name in COMPARISONS) return this.comparison(el, args, COMPARISONS[name]!);
        if (name in SPATIAL) return this.spatial(el, args, SPATIAL[name]!);
        if (TEMPORAL.has(name)) throw new FilterError(`The temporal operator ${el.tagName} is not supported`);
        throw new FilterError(`Unknown filter operator ${el.tagName}`);
    }
  }

  private comparison(el: XmlElement, args: XmlElement[], operator: ComparisonOperator): Filter {
    if (args.length !== 2) throw new FilterError(`${el.tagName} needs exactly two operands, got ${args.length}`);
    // Every property holds a single value here, so Any, All and One mean the same.
    const matchAction = attributeOf(el, 'matchAction');
    if (matchAction !== undefined && !['Any', 'All', 'One'].includes(matchAction)) {
      throw new FilterError(`matchAction="${matchAction}" on ${el.tagName} is not Any, All or One`);
    }
    return { op: 'compare', operator, left: this.expression(args[0]!), right: this.expression(args[1]!), matchCase: this.matchCase(el) };
  }

  private matchCase(el: XmlElement): boolean {
    const v = attributeOf(el, 'matchCase')?.trim().toLowerCase();
    if (v === undefined || v === 'true' || v === '1') return true;
    if (v === 'false' || v === '0') return false;
    throw new FilterError(`matchCase="${v}" on ${el.tagName} is not a boolean`);
  }

  private like(el: XmlElement, args: XmlElement[]): Filter {
    if (args.length !== 2) throw new FilterError(`${el.tagName} needs a property and a pattern`);
    const wildCard = attributeOf(el, 'wildCard');
    const singleChar = attributeOf(el, 'singleChar');
    // escapeChar since FE 1.1; FE 1.0 (and GDAL speaking WFS 1.0) calls it escape.
    const escape = attributeOf(el, 'escapeChar') ?? attributeOf(el, 'escape');
    for (const [attr, v] of [['wildCard', wildCard], ['singleChar', singleChar], ['escapeChar', escape]] as const) {
      if (v === undefined) { if (attr === 'escapeChar') continue; throw new FilterError(`${el.tagName} needs the ${attr} attribute`); }
      if ([...v].length !== 1) throw new FilterError(`${attr}="${v}" on ${el.tagName} must be a single character`);
    }
    if (wildCard === singleChar || wildCard === escape || singleChar === escape) {
      throw new FilterError(`wildCard, singleChar and escapeChar of ${el.tagName} must differ`);
    }
    const literal = args[1]!;
    if (!this.isFes(literal, 'Literal')) throw new FilterError(`The pattern of ${el.tagName} must be a Literal`);
    const pattern = translatePattern(textOf(literal), wildCard!, singleChar!, escape);
    return { op: 'like', expr: this.expression(args[0]!), pattern, matchCase: this.matchCase(el) };
  }

  private between(el: XmlElement, args: XmlElement[]): Filter {
    const lower = args.find((a) => this.isFes(a, 'LowerBoundary'));
    const upper = args.find((a) => this.isFes(a, 'UpperBoundary'));
    const exprs = args.filter((a) => a !== lower && a !== upper);
    if (!lower || !upper || exprs.length !== 1) {
      throw new FilterError(`${el.tagName} needs a property, a LowerBoundary and an UpperBoundary`);
    }
    return { op: 'between', expr: this.expression(exprs[0]!), lower: this.boundary(lower), upper: this.boundary(upper) };
  }

  private boundary(el: XmlElement): Expression {
    const c = childElements(el);
    if (c.length !== 1) throw new FilterError(`${el.tagName} needs exactly one expression`);
    return this.expression(c[0]!);
  }

  /** A value expression: a property reference or a literal. */
  private expression(el: XmlElement): Expression {
    if (++this.nodes > MAX_NODES) throw new FilterError(`The filter is too large (more than ${MAX_NODES} elements)`);
    if (this.isFes(el, 'ValueReference') || this.isFes(el, 'PropertyName')) {
      return { kind: 'property', name: normalisePropertyName(textOf(el), el) };
    }
    if (this.isFes(el, 'Literal')) {
      if (childElements(el).length > 0) throw new FilterError(`A ${el.tagName} holding XML is not supported here`);
      // Typed by the compiler against the property; the text is kept exactly as written.
      return { kind: 'literal', value: textOf(el) };
    }
    if (this.isFes(el, 'Function')) throw new FilterError(`Filter functions are not supported (${attributeOf(el, 'name') ?? el.tagName})`);
    if (['Add', 'Sub', 'Mul', 'Div'].includes(el.localName ?? '')) throw new FilterError(`Arithmetic (${el.tagName}) is not supported in filters`);
    throw new FilterError(`${el.tagName} is not a value (expected ValueReference, PropertyName or Literal)`);
  }

  /** The operands of a spatial operator: an optional property and one geometry (directly or in a Literal). */
  private spatialOperands(el: XmlElement, args: XmlElement[]): { property?: string; geometry: GeometryLiteral } {
    let property: string | undefined;
    let geometry: GeometryLiteral | undefined;
    for (const a of args) {
      if (this.isFes(a, 'ValueReference') || this.isFes(a, 'PropertyName')) {
        if (property !== undefined) throw new FilterError(`${el.tagName} between two properties is not supported`);
        const text = textOf(a).trim();
        // OWSLib's BBOX names the CSW queryable ows:BoundingBox; an empty reference means the default geometry.
        property = text === '' || /^(ows:)?BoundingBox$/.test(text) ? '' : normalisePropertyName(text, a);
        continue;
      }
      const geom = this.isFes(a, 'Literal') ? literalGeometry(a) : a;
      if (!isGmlGeometry(geom)) throw new FilterError(`${a.tagName} is not a geometry operand of ${el.tagName}`);
      if (geometry) throw new FilterError(`${el.tagName} takes one geometry`);
      geometry = parseGmlGeometry(geom, { defaultCrs: this.defaultCrs, legacyShortForm: this.options.legacyShortForm });
    }
    if (!geometry) throw new FilterError(`${el.tagName} needs a geometry`);
    return property ? { property, geometry } : { geometry };
  }

  private spatial(el: XmlElement, args: XmlElement[], relation: SpatialRelation): Filter {
    const { property, geometry } = this.spatialOperands(el, args);
    const g = relation === 'bbox' ? envelopeOf(geometry) : geometry;
    return property ? { op: 'spatial', relation, property, geometry: g } : { op: 'spatial', relation, geometry: g };
  }

  private distance(el: XmlElement, args: XmlElement[], relation: 'dwithin' | 'beyond'): Filter {
    const d = args.find((a) => this.isFes(a, 'Distance'));
    if (!d) throw new FilterError(`${el.tagName} needs a Distance`);
    const { property, geometry } = this.spatialOperands(el, args.filter((a) => a !== d));
    const text = textOf(d).trim();
    const distance = Number(text);
    if (!/^[+]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) || !Number.isFinite(distance)) {
      throw new FilterError(`The distance "${text}" of ${el.tagName} is not a non-negative number`);
    }
    // uom in FES 2.0, units in FE 1.1, unit as GDAL writes it.
    const units = attributeOf(d, 'uom') ?? attributeOf(d, 'units') ?? attributeOf(d, 'unit');
    if (!units) throw new FilterError(`The Distance of ${el.tagName} needs a unit of measure (uom="m")`);
    const base = { op: 'distance' as const, relation, geometry, distance, units };
    return property ? { ...base, property } : base;
  }

  private resourceId(el: XmlElement): string {
    // rid (FES 2.0), gml:id or id (GmlObjectId, FE 1.1), fid (FeatureId, FE 1.0/1.1).
    const id = attributeOf(el, 'rid') ?? attributeOf(el, 'id', [NS.gml, NS.gml32]) ?? attributeOf(el, 'fid');
    if (!id || !id.trim()) throw new FilterError(`${el.tagName} needs an identifier (rid, gml:id or fid)`);
    return id.trim();
  }
}

/** The geometry inside a fes:Literal (FES 2.0 allows a geometry as a literal operand). */
function literalGeometry(literal: XmlElement): XmlElement {
  const c = childElements(literal);
  if (c.length !== 1) throw new FilterError(`${literal.tagName} must hold exactly one GML geometry`);
  return c[0]!;
}

/** BBOX is about the envelope of its operand: any geometry given is reduced to its bounding box. */
function envelopeOf(lit: GeometryLiteral): GeometryLiteral {
  const g = lit.geometry;
  if (g.type === 'Polygon' && g.coordinates.length === 1 && g.coordinates[0]!.length === 5) {
    const [a, b, c, d] = g.coordinates[0]!;
    if (a![1] === b![1] && b![0] === c![0] && c![1] === d![1] && d![0] === a![0]) return lit;
  }
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (v: unknown): void => {
    if (Array.isArray(v) && typeof v[0] === 'number') {
      minX = Math.min(minX, v[0]); maxX = Math.max(maxX, v[0]);
      minY = Math.min(minY, v[1] as number); maxY = Math.max(maxY, v[1] as number);
    } else if (Array.isArray(v)) v.forEach(visit);
  };
  visit('coordinates' in g ? g.coordinates : []);
  return { kind: 'geometry', crs: lit.crs, geometry: { type: 'Polygon', coordinates: [[[minX, minY], [maxX, minY], [maxX, maxY], [minX, maxY], [minX, minY]]] } };
}

/** Rewrites a FES pattern (client-chosen wildcard, single-character and escape characters) to % _ with \ escapes. */
export function translatePattern(source: string, wildCard: string, singleChar: string, escape: string | undefined): string {
  let out = '';
  const chars = [...source];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (escape !== undefined && ch === escape) {
      const next = chars[++i];
      if (next === undefined) throw new FilterError(`The pattern "${source}" ends with its escape character`);
      out += next === '%' || next === '_' || next === '\\' ? `\\${next}` : next;
    } else if (ch === wildCard) out += '%';
    else if (ch === singleChar) out += '_';
    else if (ch === '%' || ch === '_' || ch === '\\') out += `\\${ch}`;
    else out += ch;
  }
  return out;
}
