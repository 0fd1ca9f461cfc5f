// Filter AST → SQL WHERE fragment. Every client value becomes a bound parameter cast to the type of the property
// it is compared with, so a wrong literal is a FilterError (HTTP 400) here and never a database error; property
// names are resolved by the caller to trusted SQL, and an unknown one is refused without saying whether it exists.
import type { ValueType } from '../catalog/types.ts';
import { CRS_LIST, NATIVE_CRS } from '../crs/definitions.ts';
import { checkPositions, dataDomainIn, positionsOf } from '../crs/area.ts';
import { FilterError, type ComparisonOperator, type Expression, type Filter, type GeometryLiteral, type SpatialRelation } from './filter.ts';
import type { Geometry } from 'geojson';

export interface FilterContext {
  /** Resolve a published property name to a trusted SQL expression and its type; undefined → unknown (FilterError, never reveal whether a hidden one exists). */
  property(name: string): { sql: string; type: ValueType } | undefined;
  /** Trusted SQL of the layer's geometry column in EPSG:2177, e.g. t."geom". */
  geometry: string;
  /**
   * Published names of the geometry property (e.g. ['geom']), which spatial operators may name. Absent: any name
   * that is not a scalar property is taken to mean the layer's geometry.
   */
  geometryNames?: readonly string[];
  /** Adds a bound value and returns its placeholder ($n). */
  param(value: unknown): string;
  /** Decodes a published feature id (e.g. 'dzialki.123') to the integer key, or undefined if it is not this layer's. */
  featureKey(id: string): number | undefined;
  /** Trusted SQL of the integer key column, e.g. t."id". */
  key: string;
}

export function compileFilter(filter: Filter, ctx: FilterContext): string {
  return new Compiler(ctx).filter(filter);
}

const SQL_TYPE: Readonly<Record<ValueType, string>> = {
  string: 'text', integer: 'bigint', number: 'double precision', boolean: 'boolean', date: 'date', dateTime: 'timestamptz',
};

const FLIPPED: Readonly<Record<ComparisonOperator, ComparisonOperator>> = { '=': '=', '<>': '<>', '<': '>', '>': '<', '<=': '>=', '>=': '<=' };

const SPATIAL_FUNCTION: Readonly<Record<Exclude<SpatialRelation, 'bbox'>, string>> = {
  intersects: 'ST_Intersects', disjoint: 'ST_Disjoint', equals: 'ST_Equals', touches: 'ST_Touches',
  crosses: 'ST_Crosses', within: 'ST_Within', contains: 'ST_Contains', overlaps: 'ST_Overlaps',
};

/** Metres per unit, by the names, symbols, UCUM codes and EPSG unit codes clients use. */
const METRES_PER_UNIT: Readonly<Record<string, number>> = {
  m: 1, metre: 1, meter: 1, metres: 1, meters: 1, '9001': 1,
  km: 1000, kilometre: 1000, kilometer: 1000, kilometres: 1000, kilometers: 1000, '9036': 1000,
  cm: 0.01, mm: 0.001,
  ft: 0.3048, foot: 0.3048, feet: 0.3048, '[ft_i]': 0.3048, '9002': 0.3048,
  '[ft_us]': 1200 / 3937, us_survey_foot: 1200 / 3937, '9003': 1200 / 3937,
  mi: 1609.344, mile: 1609.344, miles: 1609.344, statute_mile: 1609.344, '[mi_i]': 1609.344, '9093': 1609.344,
  nmi: 1852, nm: 1852, nautical_mile: 1852, nautical_miles: 1852, '[nmi_i]': 1852, '9030': 1852,
  yd: 0.9144, yard: 0.9144, yards: 0.9144, '[yd_i]': 0.9144, '9096': 0.9144,
};
const ANGULAR_UNITS = new Set(['deg', 'degree', 'degrees', 'decimal_degrees', 'rad', 'radian', 'radians', '9102', '9122', '9101', 'arc-degree']);

/** Converts a distance with a unit (symbol, name or URI such as urn:ogc:def:uom:EPSG::9001) to metres. */
export function toMetres(distance: number, units: string): number {
  const unit = units.trim().replace(/^.*[/#:](?=[^/#:]+$)/, '').toLowerCase().replace(/[\s-]+/g, '_');
  if (ANGULAR_UNITS.has(unit)) {
    throw new FilterError(`Distances in degrees are not supported: give the distance in metres (uom="m")`);
  }
  const factor = METRES_PER_UNIT[unit];
  if (factor === undefined) throw new FilterError(`Unknown unit of distance "${units}": use m, km, ft or mi`);
  if (!Number.isFinite(distance) || distance < 0) throw new FilterError(`The distance ${distance} must be a non-negative number`);
  return distance * factor;
}

const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Typed SQL of a value, with its value type (undefined = an untyped literal). */
interface Operand { sql: string; type: ValueType | undefined }

class Compiler {
  constructor(private readonly ctx: FilterContext) {}

  filter(f: Filter): string {
    switch (f.op) {
      case 'and': case 'or':
        if (f.args.length === 0) return f.op === 'and' ? 'TRUE' : 'FALSE';
        return `(${f.args.map((a) => this.filter(a)).join(f.op === 'and' ? ' AND ' : ' OR ')})`;
      case 'not': return `(NOT ${this.filter(f.arg)})`;
      case 'compare': return this.compare(f.operator, f.left, f.right, f.matchCase);
      case 'like': return this.like(f.expr, f.pattern, f.matchCase);
      case 'between': {
        const expr = this.operand(f.expr, undefined);
        return `(${expr.sql} BETWEEN ${this.operand(f.lower, expr.type).sql} AND ${this.operand(f.upper, expr.type).sql})`;
      }
      case 'in': {
        if (f.values.length === 0) return 'FALSE';
        const expr = this.operand(f.expr, undefined);
        return `(${expr.sql} IN (${f.values.map((v) => this.operand(v, expr.type).sql).join(', ')}))`;
      }
      case 'isNull': case 'isNil': {
        if (f.expr.kind === 'literal') return f.expr.value === null ? 'TRUE' : 'FALSE';
        return `(${this.operand(f.expr, undefined).sql} IS NULL)`;
      }
      case 'spatial': return this.spatial(f.relation, f.property, f.geometry);
      case 'distance': {
        const metres = toMetres(f.distance, f.units);
        const sql = `ST_DWithin(${this.geometryColumn(f.property)}, ${this.geometryLiteral(f.geometry)}, ${this.ctx.param(metres)}::double precision)`;
        return f.relation === 'dwithin' ? sql : `(NOT ${sql})`;
      }
      case 'resourceId': return this.resourceIds(f.ids, false);
      case 'include': return 'TRUE';
      case 'exclude': return 'FALSE';
    }
  }

  private compare(operator: ComparisonOperator, left: Expression, right: Expression, matchCase: boolean): string {
    // The feature id as a property (OWSLib's POST featureid, @gml:id) is a resource id test.
    const id = this.idComparison(operator, left, right);
    if (id !== undefined) return id;
    if (left.kind !== 'property' && right.kind === 'property') return this.compare(FLIPPED[operator], right, left, matchCase);
    if (left.kind === 'literal' && right.kind === 'literal') {
      // No property to type them: numbers compare as numbers, anything else as text.
      const numeric = typeof left.value === 'number' && typeof right.value === 'number';
      const [a, b] = [left.value, right.value].map((v) => (numeric || v === null ? v : String(v)));
      const cast = numeric ? 'double precision' : 'text';
      const sql = (v: unknown): string => (matchCase || numeric ? `${this.ctx.param(v)}::${cast}` : `lower(${this.ctx.param(v)}::text)`);
      return `(${sql(a)} ${operator} ${sql(b)})`;
    }
    const l = this.operand(left, undefined);
    let r = this.operand(right, l.type);
    let lsql = l.sql;
    // Two properties of different types: compare numbers as numbers, anything else as text.
    if (l.type && r.type && l.type !== r.type) {
      const numeric = (t: ValueType): boolean => t === 'integer' || t === 'number';
      if (!(numeric(l.type) && numeric(r.type))) { lsql = `(${lsql})::text`; r = { sql: `(${r.sql})::text`, type: 'string' }; }
    }
    const type = l.type ?? r.type;
    if (!matchCase && (type === 'string' || type === undefined)) return `(lower(${lsql}) ${operator} lower(${r.sql}))`;
    return `(${lsql} ${operator} ${r.sql})`;
  }

  private idComparison(operator: ComparisonOperator, left: Expression, right: Expression): string | undefined {
    const [prop, value] = left.kind === 'property' ? [left, right] : [right, left];
    if (prop.kind !== 'property' || value.kind !== 'literal' || value.value === null) return undefined;
    const isId = prop.name === '@gml:id' || prop.name === 'gml:id' || (prop.name === 'id' && !this.ctx.property('id'));
    if (!isId) return undefined;
    if (operator !== '=' && operator !== '<>') throw new FilterError(`Feature identifiers can only be compared with = or <>`);
    return this.resourceIds([String(value.value)], operator === '<>');
  }

  private resourceIds(ids: readonly string[], negate: boolean): string {
    const keys = [...new Set(ids.map((id) => this.ctx.featureKey(id)).filter((k): k is number => k !== undefined))];
    if (keys.length === 0) return negate ? 'TRUE' : 'FALSE';
    const test = `${this.ctx.key} = ANY(${this.ctx.param(keys)}::bigint[])`;
    return negate ? `(NOT (${test}))` : `(${test})`;
  }

  private like(expr: Expression, pattern: string, matchCase: boolean): string {
    if (expr.kind !== 'property') throw new FilterError('LIKE needs a property on its left side');
    const p = this.property(expr.name);
    // Non-text properties are matched on their text form (e.g. numerDzialki-like searches on numbers).
    const sql = p.type === 'string' ? p.sql : `(${p.sql})::text`;
    return `(${sql} ${matchCase ? 'LIKE' : 'ILIKE'} ${this.ctx.param(pattern)}::text ESCAPE '\\')`;
  }

  private property(name: string): { sql: string; type: ValueType } {
    const p = this.ctx.property(name);
    if (!p) throw new FilterError(`The property ${name} does not exist in this feature type`);
    return p;
  }

  /** An expression's SQL; a literal is bound and cast to the type of what it is compared with. */
  private operand(e: Expression, against: ValueType | undefined): Operand {
    if (e.kind === 'property') {
      const p = this.property(e.name);
      return { sql: p.sql, type: p.type };
    }
    if (e.kind === 'geometry') throw new FilterError('A geometry can only be used with spatial operators');
    return { sql: this.literal(e.value, against), type: undefined };
  }

  private literal(value: string | number | boolean | null, type: ValueType | undefined): string {
    if (value === null) return `${this.ctx.param(null)}${type ? `::${SQL_TYPE[type]}` : ''}`;
    if (type === undefined) {
      // Nothing to take the type from (literal against literal): numbers stay numbers, the rest is text.
      if (typeof value === 'number') return `${this.ctx.param(value)}::double precision`;
      if (typeof value === 'boolean') return `${this.ctx.param(value)}::boolean`;
      return `${this.ctx.param(value)}::text`;
    }
    const text = String(value).trim();
    switch (type) {
      case 'string': return `${this.ctx.param(String(value))}::text`;
      case 'integer':
      case 'number': {
        if (!NUMBER.test(text) || !Number.isFinite(Number(text))) {
          throw new FilterError(`"${String(value)}" is not a number, but the property is numeric`);
        }
        // Whole numbers of up to 18 digits fit bigint exactly; anything else compares as a double.
        if (type === 'integer' && INTEGER.test(text) && text.replace(/^[+-]/, '').length <= 18) return `${this.ctx.param(text)}::bigint`;
        return `${this.ctx.param(text)}::double precision`;
      }
      case 'boolean': {
        const b = /^(true|t|1|yes)$/i.test(text) ? true : /^(false|f|0|no)$/i.test(text) ? false : undefined;
        if (b === undefined) throw new FilterError(`"${String(value)}" is not a boolean (true or false)`);
        return `${this.ctx.param(b)}::boolean`;
      }
      case 'date': {
        const m = DATE_TIME.exec(text);
        if (!m || !validDate(m)) throw new FilterError(`"${String(value)}" is not a date (YYYY-MM-DD)`);
        return `${this.ctx.param(`${m[1]}-${m[2]}-${m[3]}`)}::date`;
      }
      case 'dateTime': {
        const m = DATE_TIME.exec(text);
        if (!m || !validDate(m)) throw new FilterError(`"${String(value)}" is not a date and time (e.g. 2024-05-31T12:00:00Z)`);
        return `${this.ctx.param(text)}::timestamptz`;
      }
    }
  }

  private spatial(relation: SpatialRelation, property: string | undefined, geometry: GeometryLiteral): string {
    const column = this.geometryColumn(property);
    const lit = this.geometryLiteral(geometry);
    // && first lets the planner use the spatial index even when the literal is wrapped in ST_Transform.
    if (relation === 'bbox') return `(${column} && ${lit} AND ST_Intersects(${column}, ${lit}))`;
    return `${SPATIAL_FUNCTION[relation]}(${column}, ${lit})`;
  }

  private geometryColumn(name: string | undefined): string {
    if (name === undefined || name === '') return this.ctx.geometry;
    const names = this.ctx.geometryNames;
    if (names ? names.includes(name) : !this.ctx.property(name)) return this.ctx.geometry;
    if (this.ctx.property(name)) throw new FilterError(`The property ${name} is not a geometry`);
    throw new FilterError(`The property ${name} does not exist in this feature type`);
  }

  private geometryLiteral(g: GeometryLiteral): string {
    const crs = CRS_LIST.find((c) => c.code === g.crs);
    if (!crs) throw new FilterError(`The coordinate reference system ${g.crs} is not supported`);
    // A coordinate PostGIS cannot transform is the client's mistake (400 with the locator), never a database error.
    const check = checkPositions(crs, positionsOf(g.geometry));
    if (typeof check === 'string') throw new FilterError(check);
    // A self-intersecting ring (a bow-tie drawn by hand, or a fuzzer's) is read as the area it encloses, as QGIS and
    // PostGIS's ST_MakeValid do, instead of letting GEOS fail on it in the middle of the query with a TopologyException.
    // Points and lines cannot be invalid in that way: their SQL stays as it was.
    const valid = (sql: string) => (hasPolygon(g.geometry) ? `ST_MakeValid(${sql})` : sql);
    let sql = valid(`ST_SetSRID(ST_GeomFromGeoJSON(${this.ctx.param(JSON.stringify(g.geometry))}::text), ${Number(crs.epsg)})`);
    if (crs.epsg === NATIVE_CRS.epsg) return sql;
    // Beyond the area where data can be (a world-wide box in degrees), cut it to that area first: nothing is lost,
    // and the transformation never sees a coordinate it cannot handle.
    if (check.beyondData) sql = `ST_ClipByBox2D(${sql}, ST_MakeEnvelope(${dataDomainIn(crs).map((v) => Number(v.toFixed(6))).join(', ')}, ${Number(crs.epsg)}))`;
    // A large polygon's straight edges may cross once its vertices are transformed: valid again after the transform.
    return valid(`ST_Transform(${sql}, ${Number(NATIVE_CRS.epsg)})`);
  }
}

/** Whether a geometry literal has a polygon anywhere in it (the only kind GEOS can find self-intersecting). */
function hasPolygon(g: Geometry): boolean {
  if (g.type === 'Polygon' || g.type === 'MultiPolygon') return true;
  return g.type === 'GeometryCollection' && g.geometries.some(hasPolygon);
}

function validDate(m: RegExpExecArray): boolean {
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return false;
  const [h, mi, s] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  return h < 24 && mi < 60 && s < 60;
}
