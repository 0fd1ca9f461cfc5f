// Type names as clients qualify them (issue 15 item 4) and OGC API datetime values (item 7): pure parsing.
import { describe, expect, it } from 'vitest';
import { canonicalTypeName, kvpResolver, parseNamespacesKvp } from '../../server/services/wfs/type-names.ts';
import { datetimeFilter, DatetimeError } from '../../server/services/ogcapi/datetime.ts';

describe('WFS type names by namespace URI', () => {
  it('reads NAMESPACES (2.0, comma) and NAMESPACE (1.1.0, equals sign) with several bindings', () => {
    const b = parseNamespacesKvp('xmlns(e,https://sip.poznan.pl/ns/egib),xmlns(s=https://sip.poznan.pl/ns/sip)');
    expect([...b]).toEqual([['e', 'https://sip.poznan.pl/ns/egib'], ['s', 'https://sip.poznan.pl/ns/sip']]);
    expect(() => parseNamespacesKvp('egib=https://x')).toThrow(/NAMESPACES/);
  });

  it('maps bound prefixes and Clark notation to the catalogue prefix, leaves other namespaces alone', () => {
    const r = kvpResolver(parseNamespacesKvp('xmlns(e,https://sip.poznan.pl/ns/egib),xmlns(o,http://example.com/other)'));
    expect(canonicalTypeName('e:dzialki', r)).toBe('egib:dzialki');
    expect(canonicalTypeName('egib:dzialki', r)).toBe('egib:dzialki');
    expect(canonicalTypeName('o:dzialki', r)).toBe('o:dzialki');
    expect(canonicalTypeName('{https://sip.poznan.pl/ns/gesut}przewody')).toBe('gesut:przewody');
    expect(canonicalTypeName('{http://example.com/other}przewody')).toBe('{http://example.com/other}przewody');
    expect(canonicalTypeName(' drzewa ')).toBe('drzewa');
  });
});

describe('OGC API datetime on an instant property', () => {
  const p = { kind: 'property', name: 't' };
  const lit = (value: string) => ({ kind: 'literal', value });
  it('makes instants, whole days and open or closed intervals', () => {
    expect(datetimeFilter('2019-01-01T00:00:00Z', 't')).toEqual({ op: 'compare', operator: '=', left: p, right: lit('2019-01-01T00:00:00Z'), matchCase: true });
    expect(datetimeFilter('2019-01-01T00:00:00Z/..', 't')).toEqual({ op: 'compare', operator: '>=', left: p, right: lit('2019-01-01T00:00:00Z'), matchCase: true });
    expect(datetimeFilter('/2019-01-01', 't')).toEqual({ op: 'compare', operator: '<', left: p, right: lit('2019-01-02T00:00:00.000Z'), matchCase: true });
    expect(datetimeFilter('2019-01-01', 't')).toMatchObject({ op: 'and', args: [{ operator: '>=' }, { operator: '<' }] });
    expect(datetimeFilter('2018-01-01T00:00:00+02:00/2019-01-01T00:00:00Z', 't')).toMatchObject({ op: 'and', args: [{ operator: '>=' }, { operator: '<=' }] });
  });
  it('refuses what is not RFC 3339 or has no bound', () => {
    for (const v of ['2019-02-30', '2019-01-01T25:00:00Z', 'yesterday', '../..', '', '2019/2020/2021', '2020-01-01/2019-01-01', '2019-01-01T00:00:00']) {
      expect(() => datetimeFilter(v, 't'), v).toThrow(DatetimeError);
    }
  });
});
