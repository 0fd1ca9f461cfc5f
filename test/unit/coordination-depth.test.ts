// The depths of designed lines and the vertical clearance at crossings (coordination/depth.ts, rules.ts): depths read
// from DXF (Z of the vertices, an LWPOLYLINE's elevation), GeoJSON (z, properties.glebokosc) and GML (3D posList, a
// glebokosc property); a height above sea level refused; the clearance between the walls against the table's minimum,
// with its source, and an honest "unknown" (requiredM null and a note) where a depth or a required value is missing.
import { describe, it, expect } from 'vitest';
import { depthAt, lineDepth, readDepth, verticalClearance } from '../../server/coordination/depth.ts';
import { classifyNetwork, crossingRequirement, type Measured } from '../../server/coordination/rules.ts';
import { CROSSING_CLEARANCES, SOURCES } from '../../server/coordination/distances.ts';
import { parseDesignGeoJson } from '../../server/coordination/design.ts';
import { parseDesignDxf } from '../../server/coordination/dxf.ts';
import { gmlToDesignGeoJson } from '../../server/coordination/gml.ts';
import { HttpProblem } from '../../server/errors/service-error.ts';

const X = 6_427_000, Y = 5_809_000;
const crossingAt = (at: [number, number]): Measured => ({ design: 0, layer: 'gesut:przewody', id: 'PL.PZGiK.3064.GESUT_P.7', distanceM: 0, meets: true, at });

describe('depths of a design', () => {
  it('reads a depth as metres below terrain, its sign ignored, 0 as none; a Z above 30 m is a height, a glebokosc above it refused', () => {
    expect(readDepth(1.5, '/x')).toBe(1.5);
    expect(readDepth(-1.5, '/x')).toBe(1.5);
    expect(readDepth('1.20', '/x')).toBe(1.2);
    expect(readDepth(0, '/x')).toBeNull();
    expect(readDepth(undefined, '/x')).toBeNull();
    let e: unknown;
    try { readDepth(78.4, '/features/0/geometry/coordinates/1/2'); } catch (x) { e = x; }
    expect(e).toBeInstanceOf(HttpProblem);
    expect((e as HttpProblem).message).toContain('not a depth below terrain');
    expect(() => readDepth('głęboko', '/x')).toThrow(HttpProblem);
    expect(readDepth(78.4, '/x', { z: true })).toBeNull();
  });

  it('interpolates the depth along the line at a crossing, else takes the line\'s one depth', () => {
    const parts: [number, number][][] = [[[X, Y], [X + 10, Y], [X + 10, Y + 10]]];
    expect(depthAt(parts, { vertices: [[1.0, 2.0, 3.0]] }, [X + 5, Y])).toBe(1.5);
    expect(depthAt(parts, { vertices: [[1.0, 2.0, 3.0]] }, [X + 10, Y + 5])).toBe(2.5);
    // a vertex without a depth: the line's one depth, else unknown
    expect(depthAt(parts, { vertices: [[1.0, null, 3.0]], glebokosc: 1.8 }, [X + 5, Y])).toBe(1.8);
    expect(depthAt(parts, { vertices: [[1.0, null, 3.0]] }, [X + 5, Y])).toBeNull();
    expect(lineDepth({ vertices: [[1.0, 2.0, 3.0]] })).toBe(2);
    expect(lineDepth({ glebokosc: 1.4, vertices: [[1.0, 2.0]] })).toBe(1.4);
  });

  it('reads Z from DXF vertices (LINE 30/31) and an LWPOLYLINE\'s elevation (38)', () => {
    const dxf = ['0', 'SECTION', '2', 'ENTITIES',
      '0', 'LINE', '8', 'w', '10', String(X), '20', String(Y), '30', '-1.6', '11', String(X + 10), '21', String(Y), '31', '-1.8',
      '0', 'LWPOLYLINE', '8', 'g', '90', '2', '70', '0', '38', '1.2', '10', String(X), '20', String(Y + 5), '10', String(X + 10), '20', String(Y + 5),
      '0', 'LWPOLYLINE', '8', 'e', '90', '2', '70', '0', '10', String(X), '20', String(Y + 9), '10', String(X + 10), '20', String(Y + 9),
      '0', 'ENDSEC', '0', 'EOF'].join('\n');
    const [line, gas, power] = parseDesignDxf(dxf);
    expect(line!.depths).toEqual({ vertices: [[1.6, 1.8]], glebokosc: null });
    expect(depthAt(line!.parts, line!.depths!, [X + 5, Y])).toBe(1.7);
    expect(gas!.depths).toEqual({ vertices: [[null, null]], glebokosc: 1.2 });
    expect(power!.depths).toBeUndefined();
    // A Z that is a height above sea level (Poznań lies 50–110 m a.s.l.) is not misread as a depth: unknown there.
    expect(parseDesignDxf(dxf.replace('-1.6', '61.6'))[0]!.depths).toEqual({ vertices: [[null, 1.8]], glebokosc: null });
  });

  it('reads z of GeoJSON positions and properties.glebokosc, and a GML 3D posList or its glebokosc', () => {
    const [a, b] = parseDesignGeoJson({ type: 'FeatureCollection', features: [
      { type: 'Feature', properties: { branza: 'w' }, geometry: { type: 'LineString', coordinates: [[X, Y, 1.5], [X + 10, Y, 1.7]] } },
      { type: 'Feature', properties: { branza: 'k', glebokosc: '2.5' }, geometry: { type: 'LineString', coordinates: [[X, Y + 5], [X + 10, Y + 5]] } },
    ] });
    expect(a!.depths?.vertices).toEqual([[1.5, 1.7]]);
    expect(b!.depths).toEqual({ vertices: [[null, null]], glebokosc: 2.5 });
    const gml = (posList: string, extra = '') => `<gml:FeatureCollection xmlns:gml="http://www.opengis.net/gml/3.2" xmlns:p="urn:p" gml:id="c"><gml:featureMember>
      <p:Przewod gml:id="W1"><p:branza>w</p:branza>${extra}<p:geom><gml:LineString gml:id="l" srsName="urn:ogc:def:crs:EPSG::2177" srsDimension="3">
      <gml:posList>${posList}</gml:posList></gml:LineString></p:geom></p:Przewod></gml:featureMember></gml:FeatureCollection>`;
    const [g] = parseDesignGeoJson(gmlToDesignGeoJson(gml(`${Y} ${X} 1.4 ${Y} ${X + 10} 1.6`)));
    expect(g!.parts).toEqual([[[X, Y], [X + 10, Y]]]);
    expect(g!.depths?.vertices).toEqual([[1.4, 1.6]]);
    const [h] = parseDesignGeoJson(gmlToDesignGeoJson(gml(`${Y} ${X} 0 ${Y} ${X + 10} 0`, '<p:glebokosc>1.9</p:glebokosc>')));
    expect(h!.depths).toEqual({ vertices: [[null, null]], glebokosc: 1.9 });
  });
});

describe('vertical clearance at a crossing', () => {
  it('is the depth difference of the axes less both radii', () => {
    expect(verticalClearance(1.55, null, 1.2, 100)).toEqual({ clearanceM: expect.closeTo(0.3, 9), designDepthM: 1.55, otherDepthM: 1.2, wallsKnown: false });
    expect(verticalClearance(1.0, 200, 2.0, 100).clearanceM).toBeCloseTo(0.85, 9);
    expect(verticalClearance(1.0, 200, 1.05, 100).clearanceM).toBe(0);
    expect(verticalClearance(null, 200, 1.0, 100).clearanceM).toBeNull();
  });

  it('reports a crossing with both depths against the table\'s minimum and its source', () => {
    const k = classifyNetwork({ branza: 'w', srednica: null }, crossingAt([X + 5, Y]), { branza: 'g', srednica: 100 }, { design: 1.55, other: 1.2 })!;
    expect(k).toMatchObject({ kind: 'crossing', distanceM: 0.3, requiredM: 0.2, source: 'GAS_2001', verified: false, vertical: { designDepthM: 1.55, otherDepthM: 1.2 } });
    expect(k.note).toContain('diameter is unknown');
    // A crossing of a pair no source gives a vertical value for: the clearance, no invented requirement.
    const t = classifyNetwork({ branza: 'w', srednica: 110 }, crossingAt([X, Y]), { branza: 't', srednica: 50 }, { design: 1.5, other: 0.8 })!;
    expect(t).toMatchObject({ distanceM: 0.62, requiredM: null });
    expect(t.note).toContain('no source');
  });

  it('says so when a depth is unknown: distance 0 in plan, requiredM null, a note', () => {
    const k = classifyNetwork({ branza: 'w', srednica: null }, crossingAt([X, Y]), { branza: 'g', srednica: 100 }, { design: null, other: 1.2 })!;
    expect(k).toMatchObject({ kind: 'crossing', distanceM: 0, requiredM: null, vertical: { clearanceM: null } });
    expect(k.note).toMatch(/depth unknown \(the design's\)/);
    expect(classifyNetwork({ branza: 'w', srednica: null }, crossingAt([X, Y]), { branza: 'g', srednica: 100 })!.note).toMatch(/the design's and the crossed line's/);
  });

  it('keeps the table of vertical clearances as data with a source and unverified marks', () => {
    for (const r of CROSSING_CLEARANCES) { expect(SOURCES[r.source]).toBeDefined(); expect(r.minM).toBeGreaterThan(0); }
    expect(crossingRequirement('g', 'w')).toEqual({ minM: 0.2, source: 'GAS_2001', verified: false });
    expect(crossingRequirement('e', 'g')!.minM).toBe(0.5);
    expect(crossingRequirement('w', 'k')).toBeUndefined();
  });
});

describe('planned lines in 3D (threed/networks.ts)', () => {
  it('puts every vertex at the terrain less the depth, dividing long segments, and says when the depth is a default', async () => {
    const { densify, plannedLine3d, DEFAULT_COVER_M, MAX_SEGMENT_M } = await import('../../server/threed/networks.ts');
    expect(densify([[0, 0], [25, 0]])).toEqual([[0, 0], [25 / 3, 0], [50 / 3, 0], [25, 0]]);
    expect(densify([[0, 0], [MAX_SEGMENT_M, 0]])).toHaveLength(2);
    const terrain = (x: number) => 60 + x / 10; // a slope: 60 m at x = X, 61 m ten metres on
    const row = { id: 'PL.PZGiK.3064.GESUT_P.9', branza: 'w', srednica: 160, glebokosc: 1.6, numerSprawyKoordynacyjnej: 'KOORD/2026/000001', coordinates: [[X, Y], [X + 20, Y]] as [number, number][] };
    const l = plannedLine3d(row, (x) => terrain(x - X));
    expect(l).toMatchObject({ colour: '#0000ff', depthKnown: true, glebokosc: 1.6, numerSprawyKoordynacyjnej: 'KOORD/2026/000001' });
    expect(l.coordinates).toEqual([[X, Y, 58.4], [X + 10, Y, 59.4], [X + 20, Y, 60.4]]);
    const u = plannedLine3d({ ...row, glebokosc: null }, () => 60);
    expect(u).toMatchObject({ depthKnown: false, glebokosc: null });
    expect(u.coordinates.every((p) => p[2] === 60 - DEFAULT_COVER_M)).toBe(true);
  });
});
