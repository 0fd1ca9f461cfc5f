// Filter AST → SQL with bound parameters: typing of literals, operators, spatial SQL, ids, units.
import { describe, expect, it } from 'vitest';
import { compileFilter, toMetres, type FilterContext } from '../../server/query/compile-filter.ts';
import { FilterError, type Expression, type Filter, type GeometryLiteral } from '../../server/query/filter.ts';
import type { ValueType } from '../../server/catalog/types.ts';

const COLUMNS: Record<string, ValueType> = {
  numerDzialki: 'string', srednica: 'integer', powierzchnia: 'number', zabytek: 'boolean', dataUchwalenia: 'date',
  poczatekWersjiObiektu: 'dateTime', idObrebu: 'string',
};

function compile(filter: Filter, extra: Partial<FilterContext> = {}): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const ctx: FilterContext = {
    property: (name) => (COLUMNS[name] ? { sql: `t."${name}"`, type: COLUMNS[name]! } : undefined),
    geometry: 't."geom"',
    param: (v) => { params.push(v); return `$${params.length}`; },
    featureKey: (id) => (/^dzialki\.\d+$/.test(id) ? Number(id.slice(8)) : undefined),
    key: 't."id"',
    ...extra,
  };
  return { sql: compileFilter(filter, ctx), params };
}

const prop = (name: string): Expression => ({ kind: 'property', name });
const lit = (value: string | number | boolean | null): Expression => ({ kind: 'literal', value });
const cmp = (operator: '=' | '<>' | '<' | '<=' | '>' | '>=', left: Expression, right: Expression, matchCase = true): Filter =>
  ({ op: 'compare', operator, left, right, matchCase });
const point: GeometryLiteral = { kind: 'geometry', crs: 'CRS:84', geometry: { type: 'Point', coordinates: [16.9, 52.4] } };
const native: GeometryLiteral = { kind: 'geometry', crs: 'EPSG:2177', geometry: { type: 'Point', coordinates: [6398500, 5807000] } };

describe('literals are cast to the type of the property', () => {
  it.each([
    ['numerDzialki', '12/3', 't."numerDzialki" = $1::text', ['12/3']],
    ['srednica', '300', 't."srednica" = $1::bigint', ['300']],
    ['srednica', ' 300 ', 't."srednica" = $1::bigint', ['300']],
    ['srednica', 300, 't."srednica" = $1::bigint', ['300']],
    ['srednica', '12.5', 't."srednica" = $1::double precision', ['12.5']],
    ['srednica', '99999999999999999999', 't."srednica" = $1::double precision', ['99999999999999999999']],
    ['powierzchnia', '1e-2', 't."powierzchnia" = $1::double precision', ['1e-2']],
    ['zabytek', 'TRUE', 't."zabytek" = $1::boolean', [true]],
    ['zabytek', false, 't."zabytek" = $1::boolean', [false]],
    ['zabytek', '0', 't."zabytek" = $1::boolean', [false]],
    ['dataUchwalenia', '2020-05-31', 't."dataUchwalenia" = $1::date', ['2020-05-31']],
    ['dataUchwalenia', '2020-05-31T00:00:00Z', 't."dataUchwalenia" = $1::date', ['2020-05-31']],
    ['poczatekWersjiObiektu', '2024-01-01T12:00:00+02:00', 't."poczatekWersjiObiektu" = $1::timestamptz', ['2024-01-01T12:00:00+02:00']],
    ['poczatekWersjiObiektu', '2024-01-01', 't."poczatekWersjiObiektu" = $1::timestamptz', ['2024-01-01']],
    ['numerDzialki', 12, 't."numerDzialki" = $1::text', ['12']],
  ] as const)('%s = %j', (name, value, sql, params) => {
    expect(compile(cmp('=', prop(name), lit(value)))).toEqual({ sql: `(${sql})`, params });
  });

  it.each([
    ['srednica', 'abc', /"abc" is not a number/],
    ['srednica', '', /is not a number/],
    ['srednica', '1,5', /is not a number/],
    ['srednica', 'NaN', /is not a number/],
    ['powierzchnia', 'Infinity', /is not a number/],
    ['zabytek', 'tak', /not a boolean/],
    ['dataUchwalenia', '2020-02-30', /not a date/],
    ['dataUchwalenia', 'yesterday', /not a date/],
    ['poczatekWersjiObiektu', '2024-01-01T25:00:00Z', /not a date and time/],
  ])('%s = %j is a FilterError', (name, value, message) => {
    expect(() => compile(cmp('=', prop(name), lit(value)))).toThrow(FilterError);
    expect(() => compile(cmp('=', prop(name), lit(value)))).toThrow(message);
  });
});

describe('comparisons', () => {
  it('flips the operator when the literal is on the left', () => {
    expect(compile(cmp('<', lit('300'), prop('srednica')))).toEqual({ sql: '(t."srednica" > $1::bigint)', params: ['300'] });
    expect(compile(cmp('>=', lit('300'), prop('srednica'))).sql).toBe('(t."srednica" <= $1::bigint)');
  });

  it('matchCase=false compares lower() of strings, and is ignored for numbers', () => {
    expect(compile(cmp('=', prop('numerDzialki'), lit('AB'), false)).sql).toBe('(lower(t."numerDzialki") = lower($1::text))');
    expect(compile(cmp('=', prop('srednica'), lit('1'), false)).sql).toBe('(t."srednica" = $1::bigint)');
  });

  it('compares two properties, as text when their types differ', () => {
    expect(compile(cmp('=', prop('numerDzialki'), prop('idObrebu'))).sql).toBe('(t."numerDzialki" = t."idObrebu")');
    expect(compile(cmp('<', prop('srednica'), prop('powierzchnia'))).sql).toBe('(t."srednica" < t."powierzchnia")');
    expect(compile(cmp('=', prop('srednica'), prop('numerDzialki'))).sql).toBe('((t."srednica")::text = (t."numerDzialki")::text)');
  });

  it('two literals need no property', () => {
    expect(compile(cmp('=', lit(1), lit(1)))).toEqual({ sql: '($1::double precision = $2::double precision)', params: [1, 1] });
    expect(compile(cmp('=', lit('a'), lit(1)))).toEqual({ sql: '($1::text = $2::text)', params: ['a', '1'] });
  });

  it('refuses unknown properties without telling hidden from missing', () => {
    expect(() => compile(cmp('=', prop('pesel'), lit('1')))).toThrow('The property pesel does not exist in this feature type');
  });

  it('refuses a geometry in a comparison', () => {
    expect(() => compile(cmp('=', prop('numerDzialki'), point))).toThrow(/spatial operators/);
  });
});

describe('other predicates', () => {
  it('LIKE / ILIKE with the backslash escape, numbers matched on their text', () => {
    expect(compile({ op: 'like', expr: prop('numerDzialki'), pattern: '1\\_%', matchCase: true }))
      .toEqual({ sql: "(t.\"numerDzialki\" LIKE $1::text ESCAPE '\\')", params: ['1\\_%'] });
    expect(compile({ op: 'like', expr: prop('numerDzialki'), pattern: 'a%', matchCase: false }).sql).toContain('ILIKE');
    expect(compile({ op: 'like', expr: prop('srednica'), pattern: '1%', matchCase: true }).sql).toBe("((t.\"srednica\")::text LIKE $1::text ESCAPE '\\')");
    expect(() => compile({ op: 'like', expr: lit('x'), pattern: 'a%', matchCase: true })).toThrow(/property/);
  });

  it('BETWEEN and IN cast their values like comparisons', () => {
    expect(compile({ op: 'between', expr: prop('srednica'), lower: lit('100'), upper: lit(200) }))
      .toEqual({ sql: '(t."srednica" BETWEEN $1::bigint AND $2::bigint)', params: ['100', '200'] });
    expect(compile({ op: 'in', expr: prop('numerDzialki'), values: [lit('1'), lit('2')] }))
      .toEqual({ sql: '(t."numerDzialki" IN ($1::text, $2::text))', params: ['1', '2'] });
    expect(compile({ op: 'in', expr: prop('numerDzialki'), values: [] }).sql).toBe('FALSE');
    expect(() => compile({ op: 'between', expr: prop('srednica'), lower: lit('a'), upper: lit(2) })).toThrow(FilterError);
  });

  it('IS NULL for isNull and isNil; logic; include/exclude', () => {
    expect(compile({ op: 'isNull', expr: prop('numerDzialki') }).sql).toBe('(t."numerDzialki" IS NULL)');
    expect(compile({ op: 'isNil', expr: prop('numerDzialki') }).sql).toBe('(t."numerDzialki" IS NULL)');
    expect(compile({ op: 'not', arg: { op: 'and', args: [{ op: 'include' }, { op: 'or', args: [{ op: 'exclude' }, { op: 'include' }] }] } }).sql)
      .toBe('(NOT (TRUE AND (FALSE OR TRUE)))');
    expect(compile({ op: 'and', args: [] }).sql).toBe('TRUE');
    expect(compile({ op: 'or', args: [] }).sql).toBe('FALSE');
  });
});

describe('spatial', () => {
  it('bbox: index-friendly && plus ST_Intersects, literal transformed to EPSG:2177', () => {
    expect(compile({ op: 'spatial', relation: 'bbox', geometry: point })).toEqual({
      sql: '(t."geom" && ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON($1::text), 4326), 2177) AND ST_Intersects(t."geom", ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON($1::text), 4326), 2177)))',
      params: ['{"type":"Point","coordinates":[16.9,52.4]}'],
    });
  });

  it('no transform for native literals; relation → function', () => {
    const rels = { intersects: 'ST_Intersects', disjoint: 'ST_Disjoint', equals: 'ST_Equals', touches: 'ST_Touches', crosses: 'ST_Crosses', within: 'ST_Within', contains: 'ST_Contains', overlaps: 'ST_Overlaps' } as const;
    for (const [relation, fn] of Object.entries(rels)) {
      expect(compile({ op: 'spatial', relation: relation as keyof typeof rels, property: 'geom', geometry: native }).sql)
        .toBe(`${fn}(t."geom", ST_SetSRID(ST_GeomFromGeoJSON($1::text), 2177))`);
    }
  });

  it('names the geometry property by geometryNames when given', () => {
    expect(compile({ op: 'spatial', relation: 'intersects', property: 'geometry', geometry: native }, { geometryNames: ['geom', 'geometry'] }).sql).toContain('t."geom"');
    expect(() => compile({ op: 'spatial', relation: 'intersects', property: 'shape', geometry: native }, { geometryNames: ['geom'] })).toThrow(/shape does not exist/);
    expect(() => compile({ op: 'spatial', relation: 'intersects', property: 'numerDzialki', geometry: native })).toThrow(/not a geometry/);
  });

  it('DWithin/Beyond in metres', () => {
    expect(compile({ op: 'distance', relation: 'dwithin', property: 'geom', geometry: native, distance: 1.5, units: 'km' })).toEqual({
      sql: 'ST_DWithin(t."geom", ST_SetSRID(ST_GeomFromGeoJSON($1::text), 2177), $2::double precision)',
      params: ['{"type":"Point","coordinates":[6398500,5807000]}', 1500],
    });
    expect(compile({ op: 'distance', relation: 'beyond', geometry: point, distance: 10, units: 'm' }).sql).toMatch(/^\(NOT ST_DWithin\(t\."geom", ST_Transform/);
    expect(() => compile({ op: 'distance', relation: 'dwithin', geometry: point, distance: 0.01, units: 'deg' })).toThrow(/degrees/);
  });

  it('refuses a CRS it cannot transform from', () => {
    expect(() => compile({ op: 'spatial', relation: 'intersects', geometry: { ...point, crs: 'EPSG:31468' } })).toThrow(/EPSG:31468/);
  });
});

describe('units of distance', () => {
  it.each([
    ['m', 1], ['metre', 1], ['meters', 1], ['urn:ogc:def:uom:EPSG::9001', 1], ['http://www.opengis.net/def/uom/UCUM/0/m', 1], ['#m', 1],
    ['km', 1000], ['http://www.opengis.net/def/uom/EPSG/0/9036', 1000], ['ft', 0.3048], ['feet', 0.3048], ['mi', 1609.344], ['nautical miles', 1852],
  ])('%s', (unit, factor) => {
    expect(toMetres(2, unit)).toBeCloseTo(2 * factor, 9);
  });

  it.each(['deg', 'degree', 'urn:ogc:def:uom:EPSG::9102', 'furlong', ''])('refuses %j', (unit) => {
    expect(() => toMetres(1, unit)).toThrow(FilterError);
  });
});

describe('resource ids', () => {
  it('keeps this layer\'s keys, drops other layers\' ids, dedupes', () => {
    expect(compile({ op: 'resourceId', ids: ['dzialki.5', 'budynki.5', 'dzialki.7', 'dzialki.5'] }))
      .toEqual({ sql: '(t."id" = ANY($1::bigint[]))', params: [[5, 7]] });
    expect(compile({ op: 'resourceId', ids: ['budynki.5'] })).toEqual({ sql: 'FALSE', params: [] });
  });

  it('treats @gml:id and OWSLib\'s "id" property as the feature id', () => {
    expect(compile(cmp('=', prop('@gml:id'), lit('dzialki.9')))).toEqual({ sql: '(t."id" = ANY($1::bigint[]))', params: [[9]] });
    expect(compile(cmp('=', lit('dzialki.9'), prop('id')))).toEqual({ sql: '(t."id" = ANY($1::bigint[]))', params: [[9]] });
    expect(compile(cmp('<>', prop('gml:id'), lit('dzialki.9'))).sql).toBe('(NOT (t."id" = ANY($1::bigint[])))');
    expect(compile(cmp('<>', prop('gml:id'), lit('budynki.9'))).sql).toBe('TRUE');
    expect(() => compile(cmp('<', prop('@gml:id'), lit('dzialki.9')))).toThrow(/= or <>/);
  });
});
