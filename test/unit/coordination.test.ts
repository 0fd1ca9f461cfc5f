// The pure parts of the coordination clearance check: branch normalisation (2021 codes and Polish words), the
// distance table as data (every pair, every source), the rules and the classification of measured neighbours, the
// reading of a GeoJSON design with its limits, and the ASCII DXF reader — also on drawings written by dxf-writer.
import { describe, it, expect } from 'vitest';
import Drawing from 'dxf-writer';
import { normaliseBranza, BRANZE, type Branza } from '../../server/coordination/branches.ts';
import { BRANCHES } from '../../server/catalog/styles.ts';
import * as table from '../../server/coordination/distances.ts';
import {
  buildingRequirement, classifyBuilding, reportedDistance, classifyNetwork, classifyTree, networkRequirement, searchRadii, sortConflicts, treeRequirement,
  type Measured,
} from '../../server/coordination/rules.ts';
import { CITY_BOX, DESIGN_LIMITS, parseDesignGeoJson } from '../../server/coordination/design.ts';
import { branzaOfLayer, parseDesignDxf } from '../../server/coordination/dxf.ts';
import { HttpProblem } from '../../server/errors/service-error.ts';

const X = 6_427_000, Y = 5_809_000; // in the sample district
const line = (coords: number[][], props: Record<string, unknown> = { branza: 'w' }) => ({ type: 'Feature', properties: props, geometry: { type: 'LineString', coordinates: coords } });
const fc = (...features: unknown[]) => ({ type: 'FeatureCollection', features });

/** The problem a call throws (fails the test when it throws none or something else). */
function problem(fn: () => unknown): HttpProblem {
  try { fn(); } catch (e) { if (e instanceof HttpProblem) return e; throw e; }
  throw new Error('expected a problem');
}

describe('branch normalisation', () => {
  it('reads the 2021 codes and the Polish names, any case, with or without diacritics', () => {
    for (const b of BRANZE) { expect(normaliseBranza(b.code)).toBe(b.code); expect(normaliseBranza(b.code.toUpperCase())).toBe(b.code); expect(normaliseBranza(b.pl)).toBe(b.code); }
    expect(normaliseBranza('Sieć Ciepłownicza')).toBe('c');
    expect(normaliseBranza('cieplownicza')).toBe('c');
    expect(normaliseBranza('  GAZ ')).toBe('g');
    expect(normaliseBranza('kanalizacja deszczowa')).toBe('k');
    expect(normaliseBranza('przewody_telekomunikacyjne')).toBe('t');
  });
  it('reads every branch value the register stored before the 2021 model', () => {
    const expected: Record<string, Branza> = { wodociągowa: 'w', kanalizacyjna: 'k', deszczowa: 'k', gazowa: 'g', elektroenergetyczna: 'e', telekomunikacyjna: 't', ciepłownicza: 'c', inna: 'x' };
    for (const [value, code] of Object.entries(expected)) expect(normaliseBranza(value)).toBe(code);
    // …and whatever the catalogue's branch layers select by (those words before the 2021 model, codes after it).
    for (const b of BRANCHES) expect(normaliseBranza(b.value), b.value).toBeDefined();
  });
  it('names no branch for anything else', () => {
    for (const v of ['woda2', '', 'z', 'ww', 'gazowa x', 42, null, undefined, {}, 'w'.repeat(100)]) expect(normaliseBranza(v)).toBeUndefined();
  });
});

describe('the distance table (data)', () => {
  const networks: Branza[] = ['w', 'k', 'e', 'g', 'c', 't'];
  it('has exactly one row for every pair of the six main branches, each with a known source', () => {
    for (const a of networks) for (const b of networks) {
      const rows = table.NETWORK_DISTANCES.filter((r) => (r.a === a && r.b === b) || (r.a === b && r.b === a));
      expect(rows, `${a}–${b}`).toHaveLength(1);
    }
    for (const r of [...table.NETWORK_DISTANCES, ...table.BUILDING_DISTANCES, ...table.TREE_DISTANCES]) {
      expect(table.SOURCES[r.source]).toBeDefined();
      expect(r.minM).toBeGreaterThan(0);
      for (const band of r.bands ?? []) expect(band.minM).toBeGreaterThan(r.minM);
    }
    for (const b of networks) {
      expect(table.BUILDING_DISTANCES.filter((r) => r.branza === b)).toHaveLength(1);
      expect(table.TREE_DISTANCES.filter((r) => r.branza === b)).toHaveLength(1);
    }
  });
  it('gives symmetric requirements, diameter bands, and the service default for unlisted branches', () => {
    expect(networkRequirement('w', 'g')).toEqual(networkRequirement('g', 'w'));
    expect(networkRequirement('w', 'g').minM).toBe(1.5);
    expect(networkRequirement('w', 'k', 200).minM).toBe(1.2);
    expect(networkRequirement('w', 'k', 200, 400).minM).toBe(1.4);
    expect(networkRequirement('k', 'w', null, 400).minM).toBe(1.4);
    expect(networkRequirement('s', 'w')).toEqual({ minM: table.DEFAULT_PAIR_M, source: 'SERVICE', verified: false });
    expect(buildingRequirement('w', 160).minM).toBe(1.5);
    expect(buildingRequirement('w', 400).minM).toBe(3.0);
    expect(buildingRequirement('x').minM).toBe(table.DEFAULT_BUILDING_M);
  });
  it('takes the root zone (crown radius) for trees when it is larger than the branch minimum', () => {
    expect(treeRequirement('w', 10).minM).toBe(5);
    expect(treeRequirement('w', 2).minM).toBe(2);
    expect(treeRequirement('e', null).minM).toBe(Math.max(2, table.DEFAULT_CROWN_DIAMETER_M / 2));
  });
  it('searches as far as the widest rule reaches', () => {
    const r = searchRadii(40);
    for (const row of table.NETWORK_DISTANCES) expect(r.networks).toBeGreaterThanOrEqual(Math.max(row.minM, ...(row.bands ?? []).map((b) => b.minM)));
    expect(r.buildings).toBeGreaterThanOrEqual(4);
    expect(r.trees).toBe(20);
  });
});

describe('classification of measured neighbours', () => {
  const m = (over: Partial<Measured>): Measured => ({ design: 0, layer: 'gesut:przewody', id: 'P1', distanceM: 0, meets: false, at: [X, Y], ...over });
  const water = { branza: 'w' as Branza, srednica: 160 };
  it('reports a crossing when the lines meet, with no horizontal requirement', () => {
    expect(classifyNetwork(water, m({ meets: true, distanceM: 0 }), { branza: 'g', srednica: 100 })).toMatchObject({ kind: 'crossing', distanceM: 0, requiredM: null, with: { branza: 'g', id: 'P1' } });
  });
  it('reports a parallel run nearer than the table minimum, and nothing at or beyond it', () => {
    expect(classifyNetwork(water, m({ distanceM: 1.2 }), { branza: 'g', srednica: null })).toMatchObject({ kind: 'too_close', distanceM: 1.2, requiredM: 1.5, source: 'PWIK_ZGORZELEC', verified: true });
    expect(classifyNetwork(water, m({ distanceM: 1.5 }), { branza: 'g', srednica: null })).toBeNull();
    expect(classifyNetwork(water, m({ distanceM: 0.9 }), { branza: null, srednica: null })).toMatchObject({ kind: 'too_close', requiredM: table.DEFAULT_PAIR_M });
  });
  it('reports distances in whole centimetres rounded down and decides on the reported value', () => {
    expect(reportedDistance(0.797)).toBe(0.79);
    expect(reportedDistance(0.4999999999)).toBe(0.5);
    expect(reportedDistance(0)).toBe(0);
    const nearly = classifyNetwork({ branza: 'w', srednica: 400 }, m({ distanceM: 0.7999 }), { branza: 'e', srednica: null });
    expect(nearly).toMatchObject({ distanceM: 0.79, requiredM: 0.8 });
    expect(classifyNetwork({ branza: 'w', srednica: 400 }, m({ distanceM: 0.7999999999 }), { branza: 'e', srednica: null })).toBeNull();
  });
  it('reports buildings crossed or too near, and trees within the root zone', () => {
    expect(classifyBuilding(water, m({ layer: 'egib:budynki', meets: true, distanceM: 0 }))).toMatchObject({ kind: 'building', distanceM: 0, requiredM: 1.5 });
    expect(classifyBuilding(water, m({ layer: 'egib:budynki', distanceM: 0.504 }))).toMatchObject({ kind: 'building', distanceM: 0.5, requiredM: 1.5 });
    expect(classifyBuilding(water, m({ layer: 'egib:budynki', distanceM: 1.6 }))).toBeNull();
    expect(classifyTree(water, m({ layer: 'sip:drzewa', distanceM: 3 }), 8)).toMatchObject({ kind: 'tree', requiredM: 4 });
    expect(classifyTree(water, m({ layer: 'sip:drzewa', distanceM: 3 }), 4)).toBeNull();
  });
  it('sorts conflicts by design, kind and distance', () => {
    const a = classifyNetwork(water, m({ distanceM: 1 }), { branza: 'g', srednica: null })!;
    const b = classifyNetwork(water, m({ meets: true }), { branza: 'g', srednica: null })!;
    const c = classifyBuilding({ ...water }, m({ design: 1, distanceM: 0.2 }))!;
    expect(sortConflicts([c, a, b]).map((x) => x.kind)).toEqual(['crossing', 'too_close', 'building']);
  });
});

describe('a GeoJSON design', () => {
  it('reads lines and multilines with their branch, diameter and label; drops repeated vertices', () => {
    const d = parseDesignGeoJson(fc(
      line([[X, Y], [X, Y], [X + 10, Y]], { branza: 'wodociągowa', srednica: 160, id: 'W1' }),
      { type: 'Feature', properties: { branza: 'E', srednica: '110' }, geometry: { type: 'MultiLineString', coordinates: [[[X, Y], [X, Y + 5, 80]], [[X + 1, Y], [X + 2, Y]]] } },
    ));
    expect(d).toEqual([
      { index: 0, branza: 'w', srednica: 160, parts: [[[X, Y], [X + 10, Y]]], label: 'W1' },
      { index: 1, branza: 'e', srednica: 110, parts: [[[X, Y], [X, Y + 5]], [[X + 1, Y], [X + 2, Y]]] },
    ]);
  });
  it('accepts a crs member naming EPSG:2177 and refuses another', () => {
    expect(parseDesignGeoJson({ ...fc(line([[X, Y], [X + 1, Y]])), crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::2177' } } })).toHaveLength(1);
    expect(problem(() => parseDesignGeoJson({ ...fc(line([[X, Y], [X + 1, Y]])), crs: { type: 'name', properties: { name: 'EPSG:2180' } } })).extra.pointer).toBe('/crs');
  });
  it('answers each mistake with a 400 naming it and where it is', () => {
    const cases: [unknown, string, RegExp][] = [
      [[], '', /FeatureCollection/],
      [{ type: 'Feature' }, '', /FeatureCollection/],
      [fc(), '/features', /no lines/],
      [fc({ type: 'Feature', properties: { branza: 'w' }, geometry: { type: 'Point', coordinates: [X, Y] } }), '/features/0/geometry/type', /LineString or MultiLineString, not Point/],
      [fc(line([[X, Y], [X + 1, Y]], { branza: 'woda2' })), '/features/0/properties/branza', /Unknown network branch "woda2"/],
      [fc(line([[X, Y], [X + 1, Y]], {})), '/features/0/properties/branza', /Unknown network branch missing/],
      [fc(line([[X, Y], [X, Y]])), '/features/0/geometry/coordinates', /two distinct positions/],
      [fc(line([[X, Y], [X + 1, 'a' as unknown as number]])), '/features/0/geometry/coordinates/1', /finite numbers/],
      [fc(line([[X, Y], [500_000, 300_000]])), '/features/0/geometry/coordinates/1', /outside PL-2000 zone 6/],
      [fc(line([[Y, X], [Y + 1, X]])), '/features/0/geometry/coordinates/0', /axes look swapped/],
      [fc(line([[6_500_000, 5_600_000], [6_500_010, 5_600_000]])), '/features/0/geometry/coordinates/0', /outside the City of Poznań/],
      [fc(line([[X, Y], [X + 1, Y]], { branza: 'w', srednica: -5 })), '/features/0/properties/srednica', /srednica/],
      [fc(line([[X, Y], [X + 1, Y]]), { type: 'Feature', properties: { branza: 'g' } }), '/features/1/geometry', /no geometry/],
    ];
    for (const [body, pointer, message] of cases) {
      const p = problem(() => parseDesignGeoJson(body));
      expect(p.status).toBe(400);
      expect(p.extra.pointer, JSON.stringify(body).slice(0, 80)).toBe(pointer);
      expect(p.detail).toMatch(message);
    }
    expect(CITY_BOX[0]).toBeLessThan(X);
  });
  it('keeps to the limits on features and vertices', () => {
    const many = fc(...Array.from({ length: DESIGN_LIMITS.features + 1 }, () => line([[X, Y], [X + 1, Y]])));
    expect(problem(() => parseDesignGeoJson(many)).detail).toMatch(/Too many features: 501/);
    const long = Array.from({ length: DESIGN_LIMITS.verticesPerFeature + 1 }, (_, i) => [X + i * 0.1, Y + (i % 2)]);
    expect(problem(() => parseDesignGeoJson(fc(line(long)))).detail).toMatch(/has 5001 vertices/);
    const total = Array.from({ length: 11 }, (_, k) => line(Array.from({ length: 4_900 }, (_, i) => [X + i * 0.1, Y + k])));
    expect(problem(() => parseDesignGeoJson(fc(...total))).detail).toMatch(/53900 vertices; at most 50000/);
  });
});

/** An ASCII DXF of group-code/value pairs. */
const dxf = (...entities: (string | number)[][]) => ['0', 'SECTION', '2', 'ENTITIES', ...entities.flat().map(String), '0', 'ENDSEC', '0', 'EOF'].join('\n') + '\n';

describe('an ASCII DXF design', () => {
  it('reads LINE, LWPOLYLINE (closed too) and POLYLINE … VERTEX … SEQEND, the branch from the layer', () => {
    const text = dxf(
      [0, 'LINE', 5, 'A1', 8, 'gazowa', 10, X, 20, Y, 30, 0, 11, X + 5, 21, Y, 31, 0],
      [0, 'LWPOLYLINE', 5, 'A2', 8, 'SIEC_WODOCIAGOWA', 90, 3, 70, 1, 10, X, 20, Y, 10, X + 5, 20, Y, 42, 0.5, 10, X + 5, 20, Y + 5],
      [0, 'CIRCLE', 8, 'w', 10, X, 20, Y, 40, 3],
      [0, 'POLYLINE', 8, 'e', 66, 1, 70, 0, 10, 0, 20, 0, 30, 0],
      [0, 'VERTEX', 8, 'e', 10, X, 20, Y, 30, 0], [0, 'VERTEX', 8, 'e', 70, 16, 10, X + 50, 20, Y + 50], [0, 'VERTEX', 8, 'e', 10, X, 20, Y + 7, 30, 0],
      [0, 'SEQEND', 8, 'e'],
    );
    expect(parseDesignDxf(text)).toEqual([
      { index: 0, branza: 'g', srednica: null, parts: [[[X, Y], [X + 5, Y]]], label: 'gazowa#A1' },
      { index: 1, branza: 'w', srednica: null, parts: [[[X, Y], [X + 5, Y], [X + 5, Y + 5], [X, Y]]], label: 'SIEC_WODOCIAGOWA#A2' },
      { index: 2, branza: 'e', srednica: null, parts: [[[X, Y], [X, Y + 7]]], label: 'e' },
    ]);
    // CR LF line endings and indented group codes, as AutoCAD writes them.
    expect(parseDesignDxf(text.replace(/^(\d+)$/gm, '  $1').replace(/\n/g, '\r\n'))).toHaveLength(3);
  });
  it('leaves out blocks and entities outside the ENTITIES section', () => {
    const text = ['0', 'SECTION', '2', 'BLOCKS', '0', 'LINE', '8', 'w', '10', X, '20', Y, '11', X + 1, '21', Y, '0', 'ENDSEC'].join('\n') + '\n' + dxf([0, 'LINE', 8, 't', 10, X, 20, Y, 11, X + 2, 21, Y]);
    expect(parseDesignDxf(text).map((f) => f.branza)).toEqual(['t']);
  });
  it('reads the layers a designer would name', () => {
    expect(branzaOfLayer('w')).toBe('w');
    expect(branzaOfLayer('P_kanalizacja')).toBe('k');
    expect(branzaOfLayer('przewody_cieplownicze')).toBe('c');
    expect(branzaOfLayer('projekt-gaz')).toBe('g');
    expect(branzaOfLayer('0')).toBeUndefined();
    expect(branzaOfLayer('w_g')).toBeUndefined();
  });
  it('reads a drawing written by dxf-writer (one layer per branch, PL-2000 metres)', () => {
    const d = new Drawing();
    d.setUnits('Meters');
    d.addLayer('w', Drawing.ACI.BLUE, 'CONTINUOUS');
    d.addLayer('gazowa', Drawing.ACI.YELLOW, 'CONTINUOUS');
    d.setActiveLayer('w');
    d.drawPolyline([[X, Y], [X + 12.5, Y + 0.25], [X + 20, Y + 8]]);
    d.setActiveLayer('gazowa');
    d.drawLine(X + 3, Y - 5, X + 3, Y + 5);
    d.drawPolyline3d([[X, Y, 0], [X + 1, Y + 1, 0]]);
    const features = parseDesignDxf(d.toDxfString());
    expect(features.map((f) => [f.branza, f.parts])).toEqual([
      ['w', [[[X, Y], [X + 12.5, Y + 0.25], [X + 20, Y + 8]]]],
      ['g', [[[X + 3, Y - 5], [X + 3, Y + 5]]]],
      ['g', [[[X, Y], [X + 1, Y + 1]]]],
    ]);
  });
  it('answers each mistake with a 400 naming it', () => {
    const cases: [string, RegExp][] = [
      ['AutoCAD Binary DXF\r\n\u001a\u0000…', /Binary DXF/],
      ['0\nSECTION\n2\n', /odd number of lines/],
      ['zero\nSECTION\n', /Line 1 of the DXF should be a group code/],
      ['0\nSECTION\n2\nHEADER\n0\nENDSEC\n0\nEOF\n', /no ENTITIES section/],
      [dxf([0, 'CIRCLE', 8, 'w', 10, X, 20, Y, 40, 1]), /no LINE, LWPOLYLINE or POLYLINE/],
      [dxf([0, 'LINE', 8, '0', 10, X, 20, Y, 11, X + 1, 21, Y]), /on layer "0", which names no network branch/],
      [dxf([0, 'LINE', 8, 'w', 10, X, 20, 'abc', 11, X + 1, 21, Y]), /should be a number \(group code 20\), not "abc"/],
      [dxf([0, 'LINE', 8, 'w', 10, X, 20, Y, 11, X + 1]), /lacks group code 21/],
      [dxf([0, 'LINE', 8, 'w', 10, Y, 20, X, 11, Y + 1, 21, X]), /axes look swapped/],
      [dxf([0, 'LWPOLYLINE', 8, 'w', 90, 1, 10, X, 20, Y]), /at least two distinct points/],
      [dxf([0, 'POLYLINE', 8, 'w', 70, 64], [0, 'SEQEND']), /is a mesh/],
      [dxf(...Array.from({ length: DESIGN_LIMITS.features + 1 }, () => [0, 'LINE', 8, 'w', 10, X, 20, Y, 11, X + 1, 21, Y])), /Too many lines/],
    ];
    for (const [text, message] of cases) {
      const p = problem(() => parseDesignDxf(text));
      expect(p.status).toBe(400);
      expect(p.detail).toMatch(message);
    }
  });
});
