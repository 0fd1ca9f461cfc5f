// OGC API – Features Part 3 filters: CQL2 text and CQL2 JSON → filter AST. Basic CQL2 plus IN, casei() and the
// spatial functions S_* with WKT / GeoJSON / BBOX literals. No maintained CQL2 parser exists on npm (the ECQL
// parser geostyler-cql-parser speaks GeoServer's dialect, not CQL2), hence a small tokenizer and a
// recursive-descent parser. Geometry literals are in filter-crs (default CRS:84) in that CRS's axis order.
import type { Geometry, Position } from 'geojson';
import { resolveCrs } from '../crs/names.ts';
import { FilterError, type ComparisonOperator, type Expression, type Filter, type GeometryLiteral, type SpatialRelation } from './filter.ts';

export interface Cql2Options {
  /** The filter-crs parameter: CRS of geometry literals; default CRS:84. */
  filterCrs?: string;
  /** Longest accepted filter text in characters. */
  maxLength?: number;
}

export type Cql2Language = 'cql2-text' | 'cql2-json';

const MAX_DEPTH = 20;
const MAX_NODES = 500;
const LOCATOR = 'filter';

/** Parses a filter in the given filter-lang (cql2-text by default). */
export function parseCql2(filter: string, lang: Cql2Language = 'cql2-text', options: Cql2Options = {}): Filter {
  return lang === 'cql2-json' ? parseCql2Json(filter, options) : parseCql2Text(filter, options);
}

export function parseCql2Text(text: string, options: Cql2Options = {}): Filter {
  checkLength(text, options);
  const parser = new TextParser(tokenize(text), geometryContext(options));
  return parser.parse();
}

/** Parses CQL2 JSON given as text or as an already parsed value. */
export function parseCql2Json(input: unknown, options: Cql2Options = {}): Filter {
  let value = input;
  if (typeof input === 'string') {
    checkLength(input, options);
    try {
      value = JSON.parse(input);
    } catch (e) {
      throw new FilterError(`The CQL2 JSON filter is not valid JSON: ${e instanceof Error ? e.message : String(e)}`, LOCATOR);
    }
  }
  return new JsonParser(geometryContext(options)).filter(value, 1);
}

function checkLength(text: string, options: Cql2Options): void {
  const max = options.maxLength ?? 1_000_000;
  if (text.length > max) throw new FilterError(`The filter is longer than ${max} characters`, LOCATOR);
  if (!text.trim()) throw new FilterError('The filter is empty', LOCATOR);
}

function fail(message: string): never {
  throw new FilterError(message, LOCATOR);
}

// ---------------------------------------------------------------------------------------------------------------
// Shared: node budget, geometry literals in the filter CRS

class Budget {
  private nodes = 0;
  node(): void {
    if (++this.nodes > MAX_NODES) fail(`The filter is too large (more than ${MAX_NODES} terms)`);
  }
  depth(d: number): void {
    if (d > MAX_DEPTH) fail(`The filter is nested too deeply (more than ${MAX_DEPTH} levels)`);
  }
}

interface GeometryContext { crs: string; swap: boolean }

function geometryContext(options: Cql2Options): GeometryContext {
  const name = options.filterCrs?.trim() || 'CRS:84';
  const resolved = resolveCrs(name);
  if (!resolved) throw new FilterError(`filter-crs ${name} is not supported`, 'filter-crs');
  return { crs: resolved.crs.code, swap: resolved.axisOrder === 'yx' };
}

/** Validates a geometry's shape and puts its positions easting/longitude first (2D). */
function toLiteral(g: Geometry, ctx: GeometryContext): GeometryLiteral {
  const pos = (p: unknown): Position => {
    if (!Array.isArray(p) || p.length < 2 || p.length > 3 || !p.every((n) => typeof n === 'number' && Number.isFinite(n))) {
      fail(`${JSON.stringify(p)} is not a position of two or three numbers`);
    }
    const [a, b] = p as number[];
    return ctx.swap ? [b!, a!] : [a!, b!];
  };
  const list = (v: unknown, min: number, what: string): Position[] => {
    if (!Array.isArray(v) || v.length < min) fail(`A ${what} needs at least ${min} positions`);
    return v.map(pos);
  };
  const ring = (v: unknown): Position[] => {
    const r = list(v, 4, 'polygon ring');
    const [a, b] = [r[0]!, r[r.length - 1]!];
    if (a[0] !== b[0] || a[1] !== b[1]) fail('A polygon ring is not closed (the first and last positions differ)');
    return r;
  };
  const arr = (v: unknown, what: string): unknown[] => {
    if (!Array.isArray(v) || v.length === 0) fail(`${what} needs at least one member`);
    return v;
  };
  const convert = (geom: Geometry, depth: number): Geometry => {
    if (depth > 4) fail('Geometry collections are nested too deeply');
    const c = (geom as { coordinates?: unknown }).coordinates;
    switch (geom.type) {
      case 'Point': return { type: 'Point', coordinates: pos(c) };
      case 'LineString': return { type: 'LineString', coordinates: list(c, 2, 'line') };
      case 'Polygon': return { type: 'Polygon', coordinates: arr(c, 'A polygon').map(ring) };
      case 'MultiPoint': return { type: 'MultiPoint', coordinates: arr(c, 'A multipoint').map(pos) };
      case 'MultiLineString': return { type: 'MultiLineString', coordinates: arr(c, 'A multilinestring').map((l) => list(l, 2, 'line')) };
      case 'MultiPolygon': return { type: 'MultiPolygon', coordinates: arr(c, 'A multipolygon').map((p) => arr(p, 'A polygon').map(ring)) };
      case 'GeometryCollection':
        return { type: 'GeometryCollection', geometries: arr(geom.geometries, 'A geometry collection').map((m) => convert(m as Geometry, depth + 1)) };
      default: return fail(`Geometry type ${String((geom as { type?: unknown }).type)} is not supported`);
    }
  };
  return { kind: 'geometry', geometry: convert(g, 0), crs: ctx.crs };
}

/** BBOX(minx, miny, maxx, maxy) (or with z) in the filter CRS's axis order → polygon. */
function bboxLiteral(values: number[], ctx: GeometryContext): GeometryLiteral {
  if (values.length !== 4 && values.length !== 6) fail('A bbox needs four (or six) numbers');
  const half = values.length / 2;
  const [a1, b1, a2, b2] = [values[0]!, values[1]!, values[half]!, values[half + 1]!];
  if (a1 > a2 || b1 > b2) fail('A bbox must give its minimum corner first (check the axis order of filter-crs)');
  const ring = [[a1, b1], [a2, b1], [a2, b2], [a1, b2], [a1, b1]];
  // toLiteral swaps for northing-first CRSs; the ring stays closed and counter-clockwise enough for PostGIS.
  return toLiteral({ type: 'Polygon', coordinates: [ring] }, ctx);
}

const SPATIAL: Readonly<Record<string, SpatialRelation>> = {
  S_INTERSECTS: 'intersects', S_WITHIN: 'within', S_CONTAINS: 'contains', S_DISJOINT: 'disjoint',
  S_EQUALS: 'equals', S_TOUCHES: 'touches', S_CROSSES: 'crosses', S_OVERLAPS: 'overlaps',
};

/** geometry REL property ⇔ property REL' geometry */
const CONVERSE: Readonly<Record<SpatialRelation, SpatialRelation>> = {
  intersects: 'intersects', disjoint: 'disjoint', equals: 'equals', touches: 'touches', crosses: 'crosses',
  overlaps: 'overlaps', within: 'contains', contains: 'within', bbox: 'bbox',
};

function spatialFilter(name: string, relation: SpatialRelation, a: SpatialOperand, b: SpatialOperand): Filter {
  if ('property' in a && 'geometry' in b) return { op: 'spatial', relation, property: a.property, geometry: b.geometry };
  if ('geometry' in a && 'property' in b) return { op: 'spatial', relation: CONVERSE[relation], property: b.property, geometry: a.geometry };
  return fail(`${name} needs one property and one geometry literal`);
}

type SpatialOperand = { property: string } | { geometry: GeometryLiteral };

/** A scalar operand, with whether casei() wrapped it. */
interface Scalar { expr: Expression; casei: boolean }

function comparison(operator: ComparisonOperator, l: Scalar, r: Scalar): Filter {
  return { op: 'compare', operator, left: l.expr, right: r.expr, matchCase: !(l.casei || r.casei) };
}

const TEMPORAL_OR_ARRAY = /^(T|A)_[A-Z]+$/;

// ---------------------------------------------------------------------------------------------------------------
// CQL2 text

type Token =
  | { t: 'id'; v: string; quoted: boolean; at: number }
  | { t: 'str'; v: string; at: number }
  | { t: 'num'; v: number; at: number }
  | { t: 'op'; v: string; at: number }
  | { t: 'eof'; at: number };

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) { i++; continue; }
    const at = i;
    if (ch === "'") {
      let v = '';
      for (i++; ; i++) {
        if (i >= text.length) fail(`Unterminated string starting at position ${at + 1}`);
        if (text[i] === "'") {
          if (text[i + 1] === "'") { v += "'"; i++; continue; }
          i++;
          break;
        }
        v += text[i];
      }
      out.push({ t: 'str', v, at });
    } else if (ch === '"') {
      let v = '';
      for (i++; ; i++) {
        if (i >= text.length) fail(`Unterminated quoted name starting at position ${at + 1}`);
        if (text[i] === '"') {
          if (text[i + 1] === '"') { v += '"'; i++; continue; }
          i++;
          break;
        }
        v += text[i];
      }
      if (!v) fail(`Empty quoted name at position ${at + 1}`);
      out.push({ t: 'id', v, quoted: true, at });
    } else if (/[0-9.]/.test(ch) || ((ch === '-' || ch === '+') && /[0-9.]/.test(text[i + 1] ?? ''))) {
      const m = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(text.slice(i));
      if (!m) fail(`Unexpected "${ch}" at position ${at + 1}`);
      const v = Number(m[0]);
      if (!Number.isFinite(v)) fail(`The number ${m[0]} is out of range`);
      out.push({ t: 'num', v, at });
      i += m[0].length;
    } else if (/[\p{L}_]/u.test(ch)) {
      const m = /^[\p{L}_][\p{L}\p{N}_.:]*/u.exec(text.slice(i))!;
      out.push({ t: 'id', v: m[0], quoted: false, at });
      i += m[0].length;
    } else {
      const two = text.slice(i, i + 2);
      if (two === '<>' || two === '<=' || two === '>=') { out.push({ t: 'op', v: two, at }); i += 2; continue; }
      if ('()=<>,'.includes(ch)) { out.push({ t: 'op', v: ch, at }); i++; continue; }
      fail(`Unexpected "${ch}" at position ${at + 1}`);
    }
  }
  out.push({ t: 'eof', at: text.length });
  return out;
}

const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'LIKE', 'BETWEEN', 'IN', 'IS', 'NULL', 'TRUE', 'FALSE']);
const GEOMETRY_WORDS = new Set(['POINT', 'LINESTRING', 'POLYGON', 'MULTIPOINT', 'MULTILINESTRING', 'MULTIPOLYGON', 'GEOMETRYCOLLECTION', 'BBOX']);
const COMPARISON_OPS = new Set(['=', '<>', '<', '>', '<=', '>=']);

class TextParser {
  private i = 0;
  private readonly budget = new Budget();

  constructor(private readonly tokens: Token[], private readonly geo: GeometryContext) {}

  parse(): Filter {
    const f = this.or(1);
    const t = this.peek();
    if (t.t !== 'eof') fail(`Unexpected ${describe(t)} at position ${t.at + 1}`);
    return f;
  }

  private peek(offset = 0): Token { return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)]!; }
  private next(): Token { return this.tokens[Math.min(this.i++, this.tokens.length - 1)]!; }

  private isKeyword(word: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.t === 'id' && !t.quoted && t.v.toUpperCase() === word;
  }

  private isOp(v: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.t === 'op' && t.v === v;
  }

  private expectOp(v: string): void {
    const t = this.next();
    if (t.t !== 'op' || t.v !== v) fail(`Expected "${v}" but found ${describe(t)} at position ${t.at + 1}`);
  }

  private or(depth: number): Filter {
    const args = [this.and(depth)];
    while (this.isKeyword('OR')) { this.i++; args.push(this.and(depth)); }
    return args.length === 1 ? args[0]! : { op: 'or', args };
  }

  private and(depth: number): Filter {
    const args = [this.not(depth)];
    while (this.isKeyword('AND')) { this.i++; args.push(this.not(depth)); }
    return args.length === 1 ? args[0]! : { op: 'and', args };
  }

  private not(depth: number): Filter {
    if (this.isKeyword('NOT')) {
      this.i++;
      this.budget.depth(depth + 1);
      this.budget.node();
      return { op: 'not', arg: this.not(depth + 1) };
    }
    return this.primary(depth);
  }

  private primary(depth: number): Filter {
    this.budget.node();
    const t = this.peek();
    if (this.isOp('(')) {
      this.i++;
      this.budget.depth(depth + 1);
      const f = this.or(depth + 1);
      this.expectOp(')');
      return f;
    }
    if (t.t === 'id' && !t.quoted && this.isOp('(', 1)) {
      const name = t.v.toUpperCase();
      const relation = SPATIAL[name];
      if (relation) return this.spatial(name, relation);
      if (TEMPORAL_OR_ARRAY.test(name)) fail(`${t.v} is not supported (only basic, spatial and case-insensitive comparison)`);
    }
    // A lone TRUE/FALSE is a constant predicate.
    if ((this.isKeyword('TRUE') || this.isKeyword('FALSE')) && !this.startsPredicateTail(1)) {
      this.i++;
      return { op: t.t === 'id' && t.v.toUpperCase() === 'TRUE' ? 'include' : 'exclude' };
    }
    return this.predicate();
  }

  /** Whether the token at offset continues a predicate (operator, IS, LIKE, …). */
  private startsPredicateTail(offset: number): boolean {
    const t = this.peek(offset);
    if (t.t === 'op') return COMPARISON_OPS.has(t.v);
    return ['NOT', 'LIKE', 'BETWEEN', 'IN', 'IS'].some((k) => this.isKeyword(k, offset));
  }

  private predicate(): Filter {
    const left = this.scalar();
    const t = this.peek();
    if (t.t === 'op' && COMPARISON_OPS.has(t.v)) {
      this.i++;
      return comparison(t.v as ComparisonOperator, left, this.scalar());
    }
    if (this.isKeyword('IS')) {
      this.i++;
      const negate = this.isKeyword('NOT') ? (this.i++, true) : false;
      if (!this.isKeyword('NULL')) fail(`Expected NULL after IS at position ${this.peek().at + 1}`);
      this.i++;
      const f: Filter = { op: 'isNull', expr: left.expr };
      return negate ? { op: 'not', arg: f } : f;
    }
    const negate = this.isKeyword('NOT') ? (this.i++, true) : false;
    let f: Filter;
    if (this.isKeyword('LIKE')) {
      this.i++;
      const pattern = this.scalar();
      if (pattern.expr.kind !== 'literal' || typeof pattern.expr.value !== 'string') fail('The pattern of LIKE must be a string');
      f = { op: 'like', expr: left.expr, pattern: pattern.expr.value, matchCase: !(left.casei || pattern.casei) };
    } else if (this.isKeyword('BETWEEN')) {
      this.i++;
      const lower = this.scalar();
      if (!this.isKeyword('AND')) fail(`Expected AND in BETWEEN at position ${this.peek().at + 1}`);
      this.i++;
      f = { op: 'between', expr: left.expr, lower: lower.expr, upper: this.scalar().expr };
    } else if (this.isKeyword('IN')) {
      this.i++;
      this.expectOp('(');
      const values = [this.scalar().expr];
      while (this.isOp(',')) { this.i++; values.push(this.scalar().expr); }
      this.expectOp(')');
      f = { op: 'in', expr: left.expr, values };
    } else {
      const n = this.peek();
      return fail(`Expected a comparison (=, <>, <, >, <=, >=, LIKE, BETWEEN, IN or IS NULL) but found ${describe(n)} at position ${n.at + 1}`);
    }
    return negate ? { op: 'not', arg: f } : f;
  }

  private scalar(): Scalar {
    this.budget.node();
    const t = this.next();
    switch (t.t) {
      case 'str': return { expr: { kind: 'literal', value: t.v }, casei: false };
      case 'num': return { expr: { kind: 'literal', value: t.v }, casei: false };
      case 'id': {
        if (t.quoted) return { expr: { kind: 'property', name: t.v }, casei: false };
        const word = t.v.toUpperCase();
        if (word === 'TRUE' || word === 'FALSE') return { expr: { kind: 'literal', value: word === 'TRUE' }, casei: false };
        if (this.isOp('(')) return this.call(t.v, word);
        if (KEYWORDS.has(word)) fail(`Unexpected ${word} at position ${t.at + 1}`);
        if (GEOMETRY_WORDS.has(word)) fail(`A geometry can only be used in a spatial function (S_INTERSECTS, …)`);
        return { expr: { kind: 'property', name: t.v }, casei: false };
      }
      default: return fail(`Expected a property or a value but found ${describe(t)} at position ${t.at + 1}`);
    }
  }

  private call(name: string, word: string): Scalar {
    this.expectOp('(');
    if (word === 'CASEI') {
      const inner = this.scalar();
      this.expectOp(')');
      if (inner.expr.kind === 'geometry') fail('casei() takes a text value');
      return { expr: inner.expr, casei: true };
    }
    if (word === 'DATE' || word === 'TIMESTAMP') {
      const v = this.next();
      if (v.t !== 'str') fail(`${word}() takes a quoted ${word === 'DATE' ? 'date' : 'timestamp'}`);
      const ok = word === 'DATE' ? /^\d{4}-\d{2}-\d{2}$/.test(v.v) : /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(v.v);
      if (!ok) fail(`'${v.v}' is not a valid ${word === 'DATE' ? 'date (YYYY-MM-DD)' : 'timestamp (YYYY-MM-DDTHH:MM:SSZ)'}`);
      this.expectOp(')');
      return { expr: { kind: 'literal', value: v.v }, casei: false };
    }
    if (GEOMETRY_WORDS.has(word)) fail(`A geometry can only be used in a spatial function (S_INTERSECTS, …)`);
    return fail(`The function ${name}() is not supported`);
  }

  private spatial(name: string, relation: SpatialRelation): Filter {
    this.i++; // name
    this.expectOp('(');
    const a = this.spatialOperand();
    this.expectOp(',');
    const b = this.spatialOperand();
    this.expectOp(')');
    return spatialFilter(name, relation, a, b);
  }

  private spatialOperand(): SpatialOperand {
    const t = this.peek();
    if (t.t === 'id' && !t.quoted && GEOMETRY_WORDS.has(t.v.toUpperCase())) return { geometry: this.geometry() };
    if (t.t === 'id' && !t.quoted && this.isOp('(', 1)) {
      fail(`${t.v} is not a geometry literal (POINT, LINESTRING, POLYGON, MULTIPOINT, MULTILINESTRING, MULTIPOLYGON, GEOMETRYCOLLECTION or BBOX)`);
    }
    if (t.t === 'id' && (t.quoted || !KEYWORDS.has(t.v.toUpperCase()))) {
      this.i++;
      return { property: t.v };
    }
    return fail(`Expected a geometry property or a geometry literal but found ${describe(t)} at position ${t.at + 1}`);
  }

  /** A WKT geometry or BBOX(…) literal. */
  private geometry(): GeometryLiteral {
    const word = (this.next() as { v: string }).v.toUpperCase();
    if (word === 'BBOX') {
      this.expectOp('(');
      const values = [this.number()];
      while (this.isOp(',')) { this.i++; values.push(this.number()); }
      this.expectOp(')');
      return bboxLiteral(values, this.geo);
    }
    return toLiteral(this.wkt(word, 0), this.geo);
  }

  private wkt(word: string, depth: number): Geometry {
    if (depth > 4) fail('Geometry collections are nested too deeply');
    // Z/M/ZM markers: a third value is read and dropped.
    if (this.peek().t === 'id' && /^(Z|M|ZM)$/i.test((this.peek() as { v: string }).v)) this.i++;
    if (this.isKeyword('EMPTY')) fail(`An empty ${word} is not supported`);
    this.expectOp('(');
    let g: Geometry;
    switch (word) {
      case 'POINT': g = { type: 'Point', coordinates: this.position() }; break;
      case 'LINESTRING': g = { type: 'LineString', coordinates: this.positions() }; break;
      case 'POLYGON': g = { type: 'Polygon', coordinates: this.rings() }; break;
      case 'MULTIPOINT': {
        // Both MULTIPOINT((1 2), (3 4)) and MULTIPOINT(1 2, 3 4) are in use.
        const point = (): Position => {
          if (!this.isOp('(')) return this.position();
          this.i++;
          const p = this.position();
          this.expectOp(')');
          return p;
        };
        const coordinates = [point()];
        while (this.isOp(',')) { this.i++; coordinates.push(point()); }
        g = { type: 'MultiPoint', coordinates };
        break;
      }
      case 'MULTILINESTRING': g = { type: 'MultiLineString', coordinates: this.list(() => this.parenthesised(() => this.positions())) }; break;
      case 'MULTIPOLYGON': g = { type: 'MultiPolygon', coordinates: this.list(() => this.parenthesised(() => this.rings())) }; break;
      case 'GEOMETRYCOLLECTION': g = {
        type: 'GeometryCollection',
        geometries: this.list(() => {
          const t = this.next();
          if (t.t !== 'id' || !GEOMETRY_WORDS.has(t.v.toUpperCase()) || t.v.toUpperCase() === 'BBOX') fail(`Expected a geometry at position ${t.at + 1}`);
          return this.wkt(t.v.toUpperCase(), depth + 1);
        }),
      }; break;
      default: return fail(`${word} is not a geometry type`);
    }
    this.expectOp(')');
    return g;
  }

  private list<T>(item: () => T): T[] {
    const out = [item()];
    while (this.isOp(',')) { this.i++; out.push(item()); }
    return out;
  }

  private parenthesised<T>(inner: () => T): T {
    this.expectOp('(');
    const v = inner();
    this.expectOp(')');
    return v;
  }

  private rings(): Position[][] { return this.list(() => this.parenthesised(() => this.positions())); }
  private positions(): Position[] { return this.list(() => this.position()); }

  private position(): Position {
    const p = [this.number(), this.number()];
    if (this.peek().t === 'num') p.push(this.number());
    if (this.peek().t === 'num') this.number(); // M
    return p;
  }

  private number(): number {
    const t = this.next();
    if (t.t !== 'num') fail(`Expected a number but found ${describe(t)} at position ${t.at + 1}`);
    return t.v;
  }
}

function describe(t: Token): string {
  switch (t.t) {
    case 'eof': return 'the end of the filter';
    case 'str': return `'${t.v}'`;
    case 'id': return t.quoted ? `"${t.v}"` : t.v;
    default: return `"${t.v}"`;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// CQL2 JSON

const JSON_COMPARISONS: Readonly<Record<string, ComparisonOperator>> = { '=': '=', '<>': '<>', '<': '<', '>': '>', '<=': '<=', '>=': '>=' };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

class JsonParser {
  private readonly budget = new Budget();

  constructor(private readonly geo: GeometryContext) {}

  filter(node: unknown, depth: number): Filter {
    this.budget.depth(depth);
    this.budget.node();
    if (node === true) return { op: 'include' };
    if (node === false) return { op: 'exclude' };
    if (!isObject(node) || typeof node.op !== 'string') fail(`${short(node)} is not a CQL2 JSON predicate (an object with "op" and "args")`);
    const op = node.op;
    const args = node.args;
    if (!Array.isArray(args)) fail(`The "${op}" operation needs an "args" array`);
    const count = (n: number): void => { if (args.length !== n) fail(`"${op}" takes ${n} arguments, got ${args.length}`); };
    const lower = op.toLowerCase();
    switch (lower) {
      case 'and': case 'or':
        if (args.length < 1) fail(`"${op}" needs at least one argument`);
        return args.length === 1 ? this.filter(args[0], depth + 1) : { op: lower, args: args.map((a) => this.filter(a, depth + 1)) };
      case 'not': count(1); return { op: 'not', arg: this.filter(args[0], depth + 1) };
      case 'like': {
        count(2);
        const [e, p] = [this.scalar(args[0]), this.scalar(args[1])];
        if (p.expr.kind !== 'literal' || typeof p.expr.value !== 'string') fail('The pattern of "like" must be a string');
        return { op: 'like', expr: e.expr, pattern: p.expr.value, matchCase: !(e.casei || p.casei) };
      }
      case 'between': {
        // [value, lower, upper], or the draft form [value, [lower, upper]].
        const bounds = args.length === 2 && Array.isArray(args[1]) ? args[1] : args.slice(1);
        if (bounds.length !== 2) fail('"between" takes a value, a lower and an upper bound');
        return { op: 'between', expr: this.scalar(args[0]).expr, lower: this.scalar(bounds[0]).expr, upper: this.scalar(bounds[1]).expr };
      }
      case 'in': {
        count(2);
        if (!Array.isArray(args[1])) fail('"in" takes a value and an array of values');
        return { op: 'in', expr: this.scalar(args[0]).expr, values: (args[1] as unknown[]).map((v) => this.scalar(v).expr) };
      }
      case 'isnull': count(1); return { op: 'isNull', expr: this.scalar(args[0]).expr };
      default: {
        const cmp = JSON_COMPARISONS[op];
        if (cmp) {
          count(2);
          return comparison(cmp, this.scalar(args[0]), this.scalar(args[1]));
        }
        const relation = SPATIAL[op.toUpperCase()];
        if (relation) {
          count(2);
          return spatialFilter(op, relation, this.spatialOperand(args[0]), this.spatialOperand(args[1]));
        }
        if (TEMPORAL_OR_ARRAY.test(op.toUpperCase())) fail(`"${op}" is not supported (only basic, spatial and case-insensitive comparison)`);
        return fail(`Unknown CQL2 operation "${op}"`);
      }
    }
  }

  private scalar(node: unknown): Scalar {
    this.budget.node();
    if (typeof node === 'string' || typeof node === 'boolean') return { expr: { kind: 'literal', value: node }, casei: false };
    if (typeof node === 'number') {
      if (!Number.isFinite(node)) fail(`${node} is not a finite number`);
      return { expr: { kind: 'literal', value: node }, casei: false };
    }
    if (isObject(node)) {
      if (typeof node.property === 'string') {
        if (!node.property.trim()) fail('A property name is empty');
        return { expr: { kind: 'property', name: node.property }, casei: false };
      }
      if (typeof node.date === 'string') {
        if (!/^\d{4}-\d{2}-\d{2}$/.test(node.date)) fail(`"${node.date}" is not a date (YYYY-MM-DD)`);
        return { expr: { kind: 'literal', value: node.date }, casei: false };
      }
      if (typeof node.timestamp === 'string') {
        if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(node.timestamp)) fail(`"${node.timestamp}" is not a timestamp`);
        return { expr: { kind: 'literal', value: node.timestamp }, casei: false };
      }
      if (typeof node.op === 'string' && node.op.toLowerCase() === 'casei') {
        const args = node.args;
        if (!Array.isArray(args) || args.length !== 1) fail('"casei" takes one argument');
        return { expr: this.scalar(args[0]).expr, casei: true };
      }
      if (typeof node.op === 'string') fail(`"${node.op}" cannot be used as a value`);
      if ('type' in node || 'bbox' in node) fail('A geometry can only be used in a spatial operation (s_intersects, …)');
      if ('interval' in node) fail('Intervals are not supported');
    }
    return fail(`${short(node)} is not a property or a value`);
  }

  private spatialOperand(node: unknown): SpatialOperand {
    this.budget.node();
    if (isObject(node)) {
      if (typeof node.property === 'string') return { property: node.property };
      if (Array.isArray(node.bbox)) {
        if (!node.bbox.every((n) => typeof n === 'number' && Number.isFinite(n))) fail('A bbox needs four (or six) numbers');
        return { geometry: bboxLiteral(node.bbox as number[], this.geo) };
      }
      if (typeof node.type === 'string') return { geometry: toLiteral(node as unknown as Geometry, this.geo) };
    }
    return fail(`${short(node)} is not a geometry property or a GeoJSON geometry`);
  }
}

function short(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}
