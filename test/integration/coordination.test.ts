// The clearance check of designed networks on the real server and the sample PostGIS (issue 18): a designed water
// main crossing a real gas line of the sample data and ending 0.5 m from a building is reported with both conflicts,
// the distances and the table's requirement; the same design as DXF gives the same answer; a main along a tree is
// reported inside its root zone; crossings and parcels agree with PostGIS asked directly; bad input gets 400/415
// problems naming what is wrong. No sign-in anywhere: the check reveals no personal data.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fc from 'fast-check';
import { startApp, type TestApp } from '../support/app.ts';
import { branchAttribute } from '../../server/coordination/check.ts';
import { buildingRequirement, treeRequirement } from '../../server/coordination/rules.ts';

let app: TestApp;
beforeAll(async () => { app = await startApp(); });
afterAll(async () => { await app?.close(); });

type Pos = [number, number];
interface Conflict { kind: string; with: { layer: string; id: string; branza: string | null }; distanceM: number; requiredM: number | null; at: Pos }
interface Answer { conflicts: Conflict[]; parcels: string[]; design: { index: number; branza: string; lengthM: number }[] }

const post = (body: string, type: string) => fetch(`${app.url}/api/coordination/check`, { method: 'POST', headers: { 'content-type': type }, body });
const check = async (body: unknown): Promise<Answer> => {
  const res = await post(JSON.stringify(body), 'application/geo+json');
  expect(res.status, await res.clone().text()).toBe(200);
  expect(res.headers.get('content-type')).toContain('application/json');
  return await res.json() as Answer;
};
const feature = (coords: Pos[], props: Record<string, unknown>) => ({ type: 'Feature', properties: props, geometry: { type: 'LineString', coordinates: coords } });
const collection = (...features: unknown[]) => ({ type: 'FeatureCollection', features });

/** An ASCII DXF with one LWPOLYLINE per line, on the layer given. */
function dxf(lines: { layer: string; coords: Pos[] }[]): string {
  const out = ['0', 'SECTION', '2', 'HEADER', '9', '$INSUNITS', '70', '6', '0', 'ENDSEC', '0', 'SECTION', '2', 'ENTITIES'];
  lines.forEach((l, i) => {
    out.push('0', 'LWPOLYLINE', '5', (0x100 + i).toString(16).toUpperCase(), '8', l.layer, '90', String(l.coords.length), '70', '0');
    for (const [x, y] of l.coords) out.push('10', String(x), '20', String(y));
  });
  out.push('0', 'ENDSEC', '0', 'EOF');
  return out.join('\r\n') + '\r\n';
}

/** A real gas line and a building 4–15 m from it, the gas line's point nearest the building inside the line. */
async function gasLineNearBuilding(): Promise<{ gas: string; building: string; p: Pos; q: Pos }> {
  // The branch column as the catalogue has it: rodzajSieci (words) before the 2021 model, branza (codes) after.
  const branch = branchAttribute(app.catalog.layers.find((l) => l.typeName === 'gesut:przewody')!);
  const [row] = await app.db.query<{ gas: string; building: string; px: number; py: number; qx: number; qy: number }>(`
    SELECT g."idPrzewodu" AS gas, b."idBudynku" AS building,
           ST_X(ST_ClosestPoint(g.geom, b.geom)) AS px, ST_Y(ST_ClosestPoint(g.geom, b.geom)) AS py,
           ST_X(ST_ClosestPoint(b.geom, g.geom)) AS qx, ST_Y(ST_ClosestPoint(b.geom, g.geom)) AS qy
    FROM gesut.przewody g JOIN egib.budynki b ON ST_DWithin(g.geom, b.geom, 15) AND ST_Distance(g.geom, b.geom) >= 4
    WHERE g."${branch}" IN ('gazowa', 'g')
      AND ST_LineLocatePoint(g.geom, ST_ClosestPoint(g.geom, b.geom)) BETWEEN 0.1 AND 0.9
    ORDER BY g.id, b.id LIMIT 1`);
  expect(row, 'the sample data have a gas line near a building').toBeDefined();
  return { gas: row!.gas, building: row!.building, p: [row!.px, row!.py], q: [row!.qx, row!.qy] };
}

describe('POST /api/coordination/check', () => {
  let scene: Awaited<ReturnType<typeof gasLineNearBuilding>>;
  let main: Pos[];
  let answer: Answer;

  beforeAll(async () => {
    scene = await gasLineNearBuilding();
    // From 2 m beyond the gas line, across it, towards the building, ending 0.5 m before the building's outline:
    // on the segment from the gas line to the building the distance to the building is exactly the distance to its end.
    const [p, q] = [scene.p, scene.q];
    const d = Math.hypot(p[0] - q[0], p[1] - q[1]);
    const u: Pos = [(p[0] - q[0]) / d, (p[1] - q[1]) / d];
    main = [[p[0] + 2 * u[0], p[1] + 2 * u[1]], [q[0] + 0.5 * u[0], q[1] + 0.5 * u[1]]];
    answer = await check(collection(feature(main, { branza: 'wodociągowa', srednica: 160, id: 'W-1' })));
  });

  it('reports the crossing of the gas line where it is', () => {
    const crossing = answer.conflicts.find((c) => c.kind === 'crossing' && c.with.id === scene.gas);
    expect(crossing).toMatchObject({ with: { layer: 'gesut:przewody', id: scene.gas, branza: 'g' }, distanceM: 0, requiredM: null });
    expect(Math.hypot(crossing!.at[0] - scene.p[0], crossing!.at[1] - scene.p[1])).toBeLessThan(0.02);
  });

  it('reports the building 0.5 m away with the table\'s minimum for a water main', () => {
    const building = answer.conflicts.filter((c) => c.kind === 'building' && c.with.id === scene.building);
    expect(building).toHaveLength(1);
    expect(building[0]).toMatchObject({ with: { layer: 'egib:budynki', id: scene.building, branza: null }, requiredM: buildingRequirement('w', 160).minM });
    expect(building[0]!.requiredM).toBe(1.5);
    expect(Math.abs(building[0]!.distanceM - 0.5)).toBeLessThanOrEqual(0.01);
    expect(Math.hypot(building[0]!.at[0] - main[1]![0], building[0]!.at[1] - main[1]![1])).toBeLessThan(0.02);
  });

  it('reports exactly the lines PostGIS sees crossing it, and the parcels it passes through', async () => {
    const wkt = `LINESTRING(${main.map((p) => p.join(' ')).join(',')})`;
    const crossed = await app.db.query<{ id: string }>(`SELECT "idPrzewodu" AS id FROM gesut.przewody WHERE ST_Intersects(geom, ST_GeomFromText($1, 2177)) ORDER BY 1`, [wkt]);
    expect(answer.conflicts.filter((c) => c.kind === 'crossing' && c.with.layer === 'gesut:przewody').map((c) => c.with.id).sort()).toEqual(crossed.map((r) => r.id));
    const parcels = await app.db.query<{ id: string }>(`SELECT "idDzialki" AS id FROM egib.dzialki WHERE ST_Intersects(geom, ST_GeomFromText($1, 2177)) ORDER BY 1`, [wkt]);
    expect(parcels.length).toBeGreaterThan(0);
    expect(answer.parcels).toEqual(parcels.map((r) => r.id));
    expect(answer.design).toEqual([expect.objectContaining({ index: 0, branza: 'w', lengthM: expect.closeTo(Math.hypot(main[1]![0] - main[0]![0], main[1]![1] - main[0]![1]), 2) })]);
    for (const c of answer.conflicts.filter((x) => x.kind === 'too_close')) expect(c.distanceM).toBeLessThan(c.requiredM!);
  });

  it('gives the same conflicts for the same design sent as DXF (both media types)', async () => {
    for (const type of ['image/vnd.dxf', 'application/dxf']) {
      const res = await post(dxf([{ layer: 'w', coords: main }]), type);
      expect(res.status).toBe(200);
      const fromDxf = await res.json() as Answer;
      expect(fromDxf.conflicts).toEqual(answer.conflicts);
      expect(fromDxf.parcels).toEqual(answer.parcels);
    }
  });

  it('reports a designed line within a tree\'s root zone', async () => {
    const [tree] = await app.db.query<{ id: string; x: number; y: number; crown: number }>(
      `SELECT "numerInwentarzowy" AS id, ST_X(geom) AS x, ST_Y(geom) AS y, "srednicaKorony"::float8 AS crown FROM sip.drzewa WHERE "srednicaKorony" >= 6 ORDER BY id LIMIT 1`);
    const answer = await check(collection(feature([[tree!.x - 3, tree!.y + 1], [tree!.x + 3, tree!.y + 1]], { branza: 't' })));
    const c = answer.conflicts.find((x) => x.kind === 'tree' && x.with.id === tree!.id);
    expect(c).toMatchObject({ with: { layer: 'sip:drzewa' }, requiredM: treeRequirement('t', tree!.crown).minM });
    expect(c!.requiredM).toBeGreaterThanOrEqual(3);
    expect(Math.abs(c!.distanceM - 1)).toBeLessThanOrEqual(0.01);
  });

  it('answers bad input with a problem naming what is wrong', async () => {
    const [x, y] = [6_427_000, 5_809_000];
    const cases: [string, string, number, RegExp][] = [
      [JSON.stringify({ type: 'Feature' }), 'application/json', 400, /FeatureCollection/],
      ['{"type": "FeatureCollection", ', 'application/json', 400, /could not be parsed/],
      [JSON.stringify(collection({ type: 'Feature', properties: { branza: 'w' }, geometry: { type: 'Polygon', coordinates: [[[x, y], [x + 1, y], [x, y + 1], [x, y]]] } })), 'application/json', 400, /not Polygon/],
      [JSON.stringify(collection(feature([[x, y], [x + 5, y]], { branza: 'paliwowa' }))), 'application/json', 400, /Unknown network branch "paliwowa"/],
      [JSON.stringify(collection(feature([[y, x], [y + 5, x]], { branza: 'w' }))), 'application/json', 400, /axes look swapped/],
      [JSON.stringify(collection(feature([[6_500_000, 5_600_000], [6_500_005, 5_600_000]], { branza: 'w' }))), 'application/json', 400, /outside the City of Poznań/],
      [JSON.stringify(collection(...Array.from({ length: 501 }, () => feature([[x, y], [x + 1, y]], { branza: 'w' })))), 'application/json', 400, /Too many features/],
      [dxf([{ layer: 'OBRYS', coords: [[x, y], [x + 5, y]] }]), 'image/vnd.dxf', 400, /layer "OBRYS", which names no network branch/],
      ['AutoCAD Binary DXF\r\n', 'application/dxf', 400, /Binary DXF/],
      ['LINE', 'text/plain', 415, /GeoJSON .* or ASCII DXF/],
    ];
    for (const [body, type, status, message] of cases) {
      const res = await post(body, type);
      expect(res.status, body.slice(0, 80)).toBe(status);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const p = await res.json() as { status: number; detail: string };
      expect(p.status).toBe(status);
      expect(p.detail).toMatch(message);
    }
  });
});

describe('hostile designs (generated, fixed seed)', () => {
  const [x0, y0] = [6_427_000, 5_809_000];
  const coordinate = fc.oneof(
    fc.tuple(fc.double({ min: x0 - 500, max: x0 + 500, noNaN: true }), fc.double({ min: y0 - 500, max: y0 + 500, noNaN: true })),
    fc.tuple(fc.double(), fc.double()),
    fc.array(fc.oneof(fc.double(), fc.string(), fc.constant(null)), { maxLength: 4 }),
    fc.jsonValue(),
  );
  const props = fc.oneof(fc.record({ branza: fc.oneof(fc.constantFrom('w', 'g', 'Gazowa', 'inna', 'ś', ''), fc.string(), fc.jsonValue()), srednica: fc.oneof(fc.nat(5000), fc.string(), fc.jsonValue()) }, { requiredKeys: [] }), fc.jsonValue());
  const geometry = fc.record({ type: fc.constantFrom('LineString', 'MultiLineString', 'Point', 'GeometryCollection', 'x'), coordinates: fc.oneof(fc.array(coordinate, { maxLength: 6 }), fc.array(fc.array(coordinate, { maxLength: 4 }), { maxLength: 3 }), fc.jsonValue()) });
  const body = fc.oneof(
    fc.record({ type: fc.constantFrom('FeatureCollection', 'Feature'), features: fc.array(fc.record({ type: fc.constantFrom('Feature', 'x'), properties: props, geometry: fc.oneof(geometry, fc.jsonValue()) }), { maxLength: 4 }) }).map((b) => JSON.stringify(b)),
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc.string({ maxLength: 200 }),
  );
  const dxfBody = fc.array(fc.oneof(
    fc.tuple(fc.constantFrom('0', '5', '8', '10', '20', '11', '21', '70', '90', '2', '-1', 'x'), fc.oneof(fc.constantFrom('SECTION', 'ENTITIES', 'LINE', 'LWPOLYLINE', 'POLYLINE', 'VERTEX', 'SEQEND', 'ENDSEC', 'w', 'g', '0', String(x0), String(y0)), fc.string({ maxLength: 12 }), fc.double().map(String))),
  ), { maxLength: 40 }).map((pairs) => pairs.flat().join('\n'));

  const expectClientErrorOrSuccess = async (res: Response) => {
    expect(res.status === 200 || res.status === 400 || res.status === 415 || res.status === 413, `status ${res.status}: ${await res.clone().text()}`).toBe(true);
    if (res.status !== 200) expect(res.headers.get('content-type')).toContain('application/problem+json');
    await res.arrayBuffer();
  };

  it('never answers a GeoJSON body with a server error', { timeout: 300_000 }, async () => {
    await fc.assert(fc.asyncProperty(body, async (b) => expectClientErrorOrSuccess(await post(b, 'application/json'))), { seed: 18, numRuns: 150 });
  });
  it('checks any valid design: 200 with well-formed conflicts', { timeout: 300_000 }, async () => {
    const pos = fc.tuple(fc.double({ min: x0 - 300, max: x0 + 300, noNaN: true }), fc.double({ min: y0 - 300, max: y0 + 300, noNaN: true }));
    const nudged = pos.chain(([x, y]) => fc.constantFrom<Pos[]>([[x, y], [x + 1e-9, y]], [[x, y], [x + 0.001, y], [x, y + 0.001], [x, y]], [[x, y], [x + 50, y], [x + 50, y + 50], [x, y - 10]]));
    const design = fc.array(fc.record({ coords: fc.oneof(fc.array(pos, { minLength: 2, maxLength: 6 }), nudged), branza: fc.constantFrom('w', 'k', 'e', 'g', 'c', 't', 's', 'x', 'deszczowa'), srednica: fc.option(fc.integer({ min: 20, max: 1200 })) }), { minLength: 1, maxLength: 3 });
    await fc.assert(fc.asyncProperty(design, async (lines) => {
      const res = await post(JSON.stringify(collection(...lines.map((l) => feature(l.coords as Pos[], { branza: l.branza, srednica: l.srednica })))), 'application/json');
      if (res.status === 400) { expect((await res.json() as { detail: string }).detail).toMatch(/two distinct positions/); return; }
      expect(res.status).toBe(200);
      const a = await res.json() as Answer & { conflicts: (Conflict & { design: number })[] };
      for (const c of a.conflicts) {
        expect(c.design).toBeLessThan(lines.length);
        expect(['crossing', 'too_close', 'building', 'tree']).toContain(c.kind);
        expect(c.at.every(Number.isFinite)).toBe(true);
        if (c.kind === 'crossing') expect([c.distanceM, c.requiredM]).toEqual([0, null]);
        else expect(c.distanceM).toBeLessThan(c.requiredM!);
      }
    }), { seed: 18, numRuns: 60 });
  });
  it('never answers a DXF body with a server error', { timeout: 300_000 }, async () => {
    await fc.assert(fc.asyncProperty(dxfBody, async (b) => expectClientErrorOrSuccess(await post(b, 'image/vnd.dxf'))), { seed: 18, numRuns: 150 });
  });
});

describe('GET /api/coordination/distances', () => {
  it('publishes the table with a source for every row', async () => {
    const res = await fetch(`${app.url}/api/coordination/distances`);
    expect(res.status).toBe(200);
    const t = await res.json() as { sources: Record<string, { title: string }>; networks: { a: string; b: string; minM: number; source: string; verified: boolean }[] };
    expect(t.networks.find((r) => (r.a === 'w' && r.b === 'g') || (r.a === 'g' && r.b === 'w'))).toMatchObject({ minM: 1.5, verified: true });
    for (const r of t.networks) expect(t.sources[r.source]?.title).toBeTruthy();
  });
});
