// CQL2 text and JSON (OGC API – Features Part 3) → filter AST.
import { describe, expect, it } from 'vitest';
import { parseCql2, parseCql2Json, parseCql2Text } from '../../server/query/cql2.ts';
import { FilterError, type Filter } from '../../server/query/filter.ts';

const prop = (name: string) => ({ kind: 'property', name });
const lit = (value: string | number | boolean) => ({ kind: 'literal', value });
const cmp = (operator: string, left: unknown, right: unknown, matchCase = true) => ({ op: 'compare', operator, left, right, matchCase });
const geom = (geometry: unknown, crs = 'CRS:84') => ({ kind: 'geometry', crs, geometry });

describe('CQL2 text: basic', () => {
  it.each([
    ["numerDzialki = '12/3'", cmp('=', prop('numerDzialki'), lit('12/3'))],
    ['srednica <> 300', cmp('<>', prop('srednica'), lit(300))],
    ['srednica < -1.5e2', cmp('<', prop('srednica'), lit(-150))],
    ['srednica<=300', cmp('<=', prop('srednica'), lit(300))],
    ['srednica > .5', cmp('>', prop('srednica'), lit(0.5))],
    ['srednica >= +10', cmp('>=', prop('srednica'), lit(10))],
    ["300 > srednica", cmp('>', lit(300), prop('srednica'))],
    ['"rodzajSieci" = \'gazowa\'', cmp('=', prop('rodzajSieci'), lit('gazowa'))],
    ['"with ""quotes""" = 1', cmp('=', prop('with "quotes"'), lit(1))],
    ["polozenie = 'O''Brien'", cmp('=', prop('polozenie'), lit("O'Brien"))],
    ["rodzajSieci = 'ciepłownicza'", cmp('=', prop('rodzajSieci'), lit('ciepłownicza'))],
    ['zabytek = TRUE', cmp('=', prop('zabytek'), lit(true))],
    ['zabytek = false', cmp('=', prop('zabytek'), lit(false))],
    ["poczatekWersjiObiektu > TIMESTAMP('2024-01-01T00:00:00Z')", cmp('>', prop('poczatekWersjiObiektu'), lit('2024-01-01T00:00:00Z'))],
    ["dataUchwalenia = DATE('2020-05-31')", cmp('=', prop('dataUchwalenia'), lit('2020-05-31'))],
    ['a = b', cmp('=', prop('a'), prop('b'))],
  ])('%s', (text, expected) => {
    expect(parseCql2Text(text)).toEqual(expected);
  });

  it('AND binds tighter than OR; NOT and parentheses', () => {
    expect(parseCql2Text('a = 1 OR b = 2 AND NOT c = 3')).toEqual({ op: 'or', args: [
      cmp('=', prop('a'), lit(1)),
      { op: 'and', args: [cmp('=', prop('b'), lit(2)), { op: 'not', arg: cmp('=', prop('c'), lit(3)) }] },
    ] });
    expect(parseCql2Text('(a = 1 or b = 2) and c = 3')).toEqual({ op: 'and', args: [
      { op: 'or', args: [cmp('=', prop('a'), lit(1)), cmp('=', prop('b'), lit(2))] }, cmp('=', prop('c'), lit(3)),
    ] });
    expect(parseCql2Text('a = 1 AND b = 2 AND c = 3')).toMatchObject({ op: 'and', args: [{}, {}, {}] });
  });

  it('IS [NOT] NULL, [NOT] LIKE, [NOT] BETWEEN, [NOT] IN', () => {
    expect(parseCql2Text('numerKW IS NULL')).toEqual({ op: 'isNull', expr: prop('numerKW') });
    expect(parseCql2Text('numerKW IS NOT NULL')).toEqual({ op: 'not', arg: { op: 'isNull', expr: prop('numerKW') } });
    expect(parseCql2Text("numerDzialki LIKE '1%'")).toEqual({ op: 'like', expr: prop('numerDzialki'), pattern: '1%', matchCase: true });
    expect(parseCql2Text("numerDzialki NOT LIKE '1\\_%'")).toEqual({ op: 'not', arg: { op: 'like', expr: prop('numerDzialki'), pattern: '1\\_%', matchCase: true } });
    expect(parseCql2Text('srednica BETWEEN 100 AND 200')).toEqual({ op: 'between', expr: prop('srednica'), lower: lit(100), upper: lit(200) });
    expect(parseCql2Text('srednica NOT BETWEEN 100 AND 200 AND a = 1')).toEqual({ op: 'and', args: [
      { op: 'not', arg: { op: 'between', expr: prop('srednica'), lower: lit(100), upper: lit(200) } }, cmp('=', prop('a'), lit(1)),
    ] });
    expect(parseCql2Text("rodzajSieci IN ('gazowa', 'wodociągowa')")).toEqual({ op: 'in', expr: prop('rodzajSieci'), values: [lit('gazowa'), lit('wodociągowa')] });
    expect(parseCql2Text('srednica NOT IN (100)')).toEqual({ op: 'not', arg: { op: 'in', expr: prop('srednica'), values: [lit(100)] } });
  });

  it('casei() makes the comparison case-insensitive', () => {
    expect(parseCql2Text("CASEI(polozenie) = casei('Głogowska')")).toEqual(cmp('=', prop('polozenie'), lit('Głogowska'), false));
    expect(parseCql2Text("casei(polozenie) LIKE casei('%głog%')")).toEqual({ op: 'like', expr: prop('polozenie'), pattern: '%głog%', matchCase: false });
  });

  it('TRUE and FALSE alone are constant predicates', () => {
    expect(parseCql2Text('TRUE')).toEqual({ op: 'include' });
    expect(parseCql2Text('false OR a = 1')).toEqual({ op: 'or', args: [{ op: 'exclude' }, cmp('=', prop('a'), lit(1))] });
  });
});

describe('CQL2 text: spatial', () => {
  it.each([
    ['S_INTERSECTS(geom, POINT(16.9 52.4))', 'intersects', { type: 'Point', coordinates: [16.9, 52.4] }],
    ['s_within(geom, POLYGON((16 52, 17 52, 17 53, 16 52)))', 'within', { type: 'Polygon', coordinates: [[[16, 52], [17, 52], [17, 53], [16, 52]]] }],
    ['S_CONTAINS(geom, LINESTRING(16 52, 17 53))', 'contains', { type: 'LineString', coordinates: [[16, 52], [17, 53]] }],
    ['S_DISJOINT(geom, MULTIPOINT((16 52), (17 53)))', 'disjoint', { type: 'MultiPoint', coordinates: [[16, 52], [17, 53]] }],
    ['S_EQUALS(geom, MULTIPOINT(16 52, 17 53))', 'equals', { type: 'MultiPoint', coordinates: [[16, 52], [17, 53]] }],
    ['S_TOUCHES(geom, MULTILINESTRING((16 52, 17 53), (18 52, 19 53)))', 'touches', { type: 'MultiLineString', coordinates: [[[16, 52], [17, 53]], [[18, 52], [19, 53]]] }],
    ['S_CROSSES(geom, MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5), (5.1 5.1, 5.2 5.1, 5.2 5.2, 5.1 5.1))))', 'crosses',
      { type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]]], [[[5, 5], [6, 5], [6, 6], [5, 5]], [[5.1, 5.1], [5.2, 5.1], [5.2, 5.2], [5.1, 5.1]]]] }],
    ['S_OVERLAPS(geom, GEOMETRYCOLLECTION(POINT(1 2), LINESTRING(0 0, 1 1)))', 'overlaps',
      { type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [1, 2] }, { type: 'LineString', coordinates: [[0, 0], [1, 1]] }] }],
    ['S_INTERSECTS(geom, BBOX(16.8, 52.3, 17.1, 52.5))', 'intersects', { type: 'Polygon', coordinates: [[[16.8, 52.3], [17.1, 52.3], [17.1, 52.5], [16.8, 52.5], [16.8, 52.3]]] }],
    ['S_INTERSECTS(geom, POINT Z(16.9 52.4 80))', 'intersects', { type: 'Point', coordinates: [16.9, 52.4] }],
  ])('%s', (text, relation, geometry) => {
    expect(parseCql2Text(text)).toEqual({ op: 'spatial', relation, property: 'geom', geometry: geom(geometry) });
  });

  it('literal first: within and contains swap, the rest stay', () => {
    expect(parseCql2Text('S_WITHIN(POINT(16.9 52.4), geom)')).toMatchObject({ op: 'spatial', relation: 'contains', property: 'geom' });
    expect(parseCql2Text('S_CONTAINS(POINT(16.9 52.4), "geom")')).toMatchObject({ op: 'spatial', relation: 'within', property: 'geom' });
    expect(parseCql2Text('S_INTERSECTS(POINT(16.9 52.4), geom)')).toMatchObject({ op: 'spatial', relation: 'intersects' });
  });

  it('geometry literals are in filter-crs, in its axis order', () => {
    expect(parseCql2Text('S_INTERSECTS(geom, POINT(52.4 16.9))', { filterCrs: 'http://www.opengis.net/def/crs/EPSG/0/4326' }))
      .toMatchObject({ geometry: geom({ type: 'Point', coordinates: [16.9, 52.4] }, 'EPSG:4326') });
    expect(parseCql2Text('S_INTERSECTS(geom, BBOX(5806000, 6398000, 5807000, 6399000))', { filterCrs: 'http://www.opengis.net/def/crs/EPSG/0/2177' }))
      .toMatchObject({ geometry: geom({ type: 'Polygon', coordinates: [[[6398000, 5806000], [6398000, 5807000], [6399000, 5807000], [6399000, 5806000], [6398000, 5806000]]] }, 'EPSG:2177') });
    expect(parseCql2Text('S_INTERSECTS(geom, POINT(16.9 52.4))', { filterCrs: 'http://www.opengis.net/def/crs/OGC/1.3/CRS84' }))
      .toMatchObject({ geometry: { crs: 'CRS:84' } });
  });

  it('an unknown filter-crs is an error located at filter-crs', () => {
    let error: unknown;
    try { parseCql2Text('TRUE', { filterCrs: 'http://www.opengis.net/def/crs/EPSG/0/31468' }); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(FilterError);
    expect((error as FilterError).locator).toBe('filter-crs');
  });
});

describe('CQL2 JSON', () => {
  it('the examples of the standard', () => {
    expect(parseCql2Json('{"op":"=","args":[{"property":"numerDzialki"},"12/3"]}')).toEqual(cmp('=', prop('numerDzialki'), lit('12/3')));
    expect(parseCql2Json({ op: 'and', args: [
      { op: '>=', args: [{ property: 'srednica' }, 100] },
      { op: 'not', args: [{ op: 'isNull', args: [{ property: 'material' }] }] },
      { op: 'like', args: [{ op: 'casei', args: [{ property: 'operator' }] }, { op: 'casei', args: ['%aquanet%'] }] },
      { op: 'between', args: [{ property: 'glebokosc' }, 1, 2.5] },
      { op: 'in', args: [{ property: 'rodzajSieci' }, ['gazowa', 'wodociągowa']] },
      { op: '=', args: [{ property: 'zabytek' }, true] },
      { op: '>', args: [{ property: 'poczatekWersjiObiektu' }, { timestamp: '2024-01-01T00:00:00Z' }] },
      { op: '=', args: [{ property: 'dataUchwalenia' }, { date: '2020-05-31' }] },
    ] })).toEqual({ op: 'and', args: [
      cmp('>=', prop('srednica'), lit(100)),
      { op: 'not', arg: { op: 'isNull', expr: prop('material') } },
      { op: 'like', expr: prop('operator'), pattern: '%aquanet%', matchCase: false },
      { op: 'between', expr: prop('glebokosc'), lower: lit(1), upper: lit(2.5) },
      { op: 'in', expr: prop('rodzajSieci'), values: [lit('gazowa'), lit('wodociągowa')] },
      cmp('=', prop('zabytek'), lit(true)),
      cmp('>', prop('poczatekWersjiObiektu'), lit('2024-01-01T00:00:00Z')),
      cmp('=', prop('dataUchwalenia'), lit('2020-05-31')),
    ] });
  });

  it('spatial operations with GeoJSON and bbox, either order', () => {
    expect(parseCql2Json({ op: 's_intersects', args: [{ property: 'geom' }, { type: 'Point', coordinates: [16.9, 52.4] }] }))
      .toEqual({ op: 'spatial', relation: 'intersects', property: 'geom', geometry: geom({ type: 'Point', coordinates: [16.9, 52.4] }) });
    expect(parseCql2Json({ op: 's_within', args: [{ bbox: [16.8, 52.3, 17.1, 52.5] }, { property: 'geom' }] }))
      .toMatchObject({ op: 'spatial', relation: 'contains', geometry: { geometry: { type: 'Polygon' } } });
    expect(parseCql2Json({ op: 's_intersects', args: [{ property: 'geom' }, { type: 'Point', coordinates: [52.4, 16.9] }] }, { filterCrs: 'http://www.opengis.net/def/crs/EPSG/0/4326' }))
      .toMatchObject({ geometry: geom({ type: 'Point', coordinates: [16.9, 52.4] }, 'EPSG:4326') });
  });

  it('the draft form of between and constant predicates', () => {
    expect(parseCql2Json({ op: 'between', args: [{ property: 'a' }, [1, 2]] })).toEqual({ op: 'between', expr: prop('a'), lower: lit(1), upper: lit(2) });
    expect(parseCql2Json(true)).toEqual({ op: 'include' });
    expect(parseCql2Json('false')).toEqual({ op: 'exclude' });
  });

  it('parseCql2 dispatches on filter-lang', () => {
    expect(parseCql2('a = 1')).toEqual(cmp('=', prop('a'), lit(1)));
    expect(parseCql2('{"op":"=","args":[{"property":"a"},1]}', 'cql2-json')).toEqual(cmp('=', prop('a'), lit(1)));
  });
});

describe('client mistakes are FilterErrors', () => {
  const text: [string, RegExp][] = [
    ["a = 'open", /Unterminated string/],
    ['"a = 1', /Unterminated quoted name/],
    ['a = 1 AND', /Expected a property or a value but found the end/],
    ['a == 1', /Expected a property or a value but found "="/],
    ['a ! 1', /Unexpected "!"/],
    ['a 1', /Expected a comparison/],
    ['(a = 1', /Expected "\)"/],
    ['a = 1)', /Unexpected "\)"/],
    ['a IS 1', /Expected NULL/],
    ['a LIKE b', /pattern of LIKE must be a string/],
    ['a BETWEEN 1 2', /Expected AND in BETWEEN/],
    ["T_AFTER(t, TIMESTAMP('2020-01-01T00:00:00Z'))", /T_AFTER is not supported/],
    ['A_CONTAINS(a, (1, 2))', /A_CONTAINS is not supported/],
    ['upper(a) = 1', /function upper\(\) is not supported/],
    ["accenti(a) = 'x'", /function accenti\(\) is not supported/],
    ['a = POINT(1 2)', /only be used in a spatial function/],
    ["a = DATE('2020-13')", /not a valid date/],
    ['S_INTERSECTS(geom, geom2)', /one property and one geometry/],
    ['S_INTERSECTS(POINT(1 2), POINT(1 2))', /one property and one geometry/],
    ['S_INTERSECTS(geom, POLYGON((0 0, 1 0, 1 1, 0 1)))', /not closed/],
    ['S_INTERSECTS(geom, POLYGON((0 0, 1 0, 0 0)))', /at least 4 positions/],
    ['S_INTERSECTS(geom, LINESTRING(0 0))', /at least 2 positions/],
    ['S_INTERSECTS(geom, POINT EMPTY)', /empty POINT/],
    ['S_INTERSECTS(geom, POINT(1))', /Expected a number/],
    ['S_INTERSECTS(geom, BBOX(1, 2, 3))', /four \(or six\)/],
    ['S_INTERSECTS(geom, BBOX(3, 2, 1, 4))', /minimum corner first/],
    ['S_INTERSECTS(geom, CIRCLE(1 2))', /CIRCLE is not a geometry literal/],
    ['S_INTERSECTS(geom, 5)', /Expected a geometry property/],
    ['', /empty/],
    ['AND', /Unexpected AND/],
  ];
  for (const [filter, message] of text) {
    it(`text: ${filter || '(empty)'}`, () => {
      let error: unknown;
      try { parseCql2Text(filter); } catch (e) { error = e; }
      expect(error).toBeInstanceOf(FilterError);
      expect((error as Error).message).toMatch(message);
    });
  }

  const json: [string, unknown, RegExp][] = [
    ['not JSON', '{"op":', /not valid JSON/],
    ['no op', { args: [] }, /not a CQL2 JSON predicate/],
    ['no args', { op: '=' }, /needs an "args" array/],
    ['wrong arity', { op: '=', args: [{ property: 'a' }] }, /takes 2 arguments/],
    ['unknown op', { op: 'near', args: [] }, /Unknown CQL2 operation "near"/],
    ['temporal', { op: 't_before', args: [] }, /t_before" is not supported/],
    ['null value', { op: '=', args: [{ property: 'a' }, null] }, /null is not a property or a value/],
    ['geometry as value', { op: '=', args: [{ property: 'a' }, { type: 'Point', coordinates: [1, 2] }] }, /only be used in a spatial/],
    ['bad position', { op: 's_intersects', args: [{ property: 'g' }, { type: 'Point', coordinates: [1] }] }, /not a position/],
    ['bad geometry type', { op: 's_intersects', args: [{ property: 'g' }, { type: 'Circle', coordinates: [1, 2] }] }, /Circle is not supported/],
    ['in without array', { op: 'in', args: [{ property: 'a' }, 1] }, /array of values/],
    ['bad date', { op: '=', args: [{ property: 'a' }, { date: 'yesterday' }] }, /not a date/],
  ];
  for (const [name, filter, message] of json) {
    it(`json: ${name}`, () => {
      expect(() => parseCql2Json(filter)).toThrow(FilterError);
      expect(() => parseCql2Json(filter)).toThrow(message);
    });
  }

  it('limits nesting to 20 levels', () => {
    expect(() => parseCql2Text(`${'('.repeat(21)}a = 1${')'.repeat(21)}`)).toThrow(/nested too deeply/);
    expect(parseCql2Text(`${'('.repeat(19)}a = 1${')'.repeat(19)}`)).toEqual(cmp('=', prop('a'), lit(1)));
    expect(() => parseCql2Text(`${'NOT '.repeat(10000)}a = 1`)).toThrow(/nested too deeply/);
    let deep: unknown = { op: '=', args: [{ property: 'a' }, 1] };
    for (let i = 0; i < 25; i++) deep = { op: 'not', args: [deep] };
    expect(() => parseCql2Json(deep)).toThrow(/nested too deeply/);
    expect(() => parseCql2Json('['.repeat(200000))).toThrow(FilterError);
  });

  it('limits a filter to 500 terms', () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => `a = ${i}`).join(' OR ');
    expect(() => parseCql2Text(many(200))).toThrow(/too large/);
    expect((parseCql2Text(many(100)) as { args: Filter[] }).args).toHaveLength(100);
    expect(() => parseCql2Json({ op: 'or', args: Array.from({ length: 200 }, (_, i) => ({ op: '=', args: [{ property: 'a' }, i] })) })).toThrow(/too large/);
  });
});
