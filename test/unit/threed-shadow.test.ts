// The shadow model against hand computation: a 10 m cube on flat ground in Poznań at solar noon on 21 June
// casts a shadow 10 / tan(61.0°) ≈ 5.5 m long to the north; and the legal equinox case (warunki techniczne §60): a
// house's south facade with a tall planned building due south of it, its shaded interval worked out by hand.
import { describe, expect, it } from 'vitest';
import { BuildingShape } from '../../server/threed/building-shape.ts';
import { ShadowCaster, runShadowStudy, verdictOf } from '../../server/threed/shadow-study.ts';
import { HeightGrid } from '../../server/threed/terrain.ts';
import { daySteps, localInstant, solarNoon, sunPosition, sunVector } from '../../server/threed/sun.ts';
import { lonLatOf, trueNorthGridAzimuth } from '../../server/threed/geodesy.ts';

// Stary Rynek, Poznań (EPSG:2177)
const E = 6427477, N = 5808863;
const [LON, LAT] = lonLatOf(E, N);
const flat = (h: number) => new HeightGrid(E - 500, N + 500, 10, 101, 101, new Float32Array(101 * 101).fill(h));
const cube = (ground: number) => new BuildingShape(
  [[[[E - 5, N - 5], [E + 5, N - 5], [E + 5, N + 5], [E - 5, N + 5]]]], { ground, eaves: 10, ridge: 10, roof: 'płaski' });

describe('sun position at Poznań', () => {
  it('culminates at 61.0° on 21 June and 14.2° on 21 December, due south', () => {
    const june = solarNoon(new Date('2026-06-21T12:00:00Z'), LAT, LON);
    const s = sunPosition(june, LAT, LON);
    // 90° − 52.41° + 23.44° = 61.03° (plus 0.01° of refraction)
    expect(s.altitude).toBeCloseTo(61.04, 1);
    expect(s.azimuth).toBeCloseTo(180, 0);
    // Local noon at 16.93°E is 12:52 − (equation of time ≈ −1.7 min) in UTC+2: about 12:54 CEST.
    expect(june.getUTCHours() * 60 + june.getUTCMinutes()).toBeGreaterThanOrEqual(10 * 60 + 50);
    expect(june.getUTCHours() * 60 + june.getUTCMinutes()).toBeLessThanOrEqual(10 * 60 + 56);
    const dec = sunPosition(solarNoon(new Date('2026-12-21T12:00:00Z'), LAT, LON), LAT, LON);
    expect(dec.altitude).toBeGreaterThan(14.0);
    expect(dec.altitude).toBeLessThan(14.4);
  });

  it('steps through the local day in Europe/Warsaw time', () => {
    expect(localInstant('2026-06-21', 12 * 60).toISOString()).toBe('2026-06-21T10:00:00.000Z');
    expect(localInstant('2026-12-21', 12 * 60).toISOString()).toBe('2026-12-21T11:00:00.000Z');
    const steps = daySteps('2026-06-21', 15, LAT, LON, 0);
    // Poznań: about 16 h 40 min of day at the solstice.
    expect(steps.length * 15).toBeGreaterThan(16 * 60);
    expect(steps.length * 15).toBeLessThan(17 * 60 + 15);
    expect(steps[0]!.local < '05:00').toBe(true);
  });
});

describe('shadow of a 10 m cube at solar noon on 21 June', () => {
  it('reaches 10/tan(61.0°) ≈ 5.5 m north of the cube, ±2%', () => {
    const noon = solarNoon(new Date('2026-06-21T12:00:00Z'), LAT, LON);
    const sun = sunPosition(noon, LAT, LON);
    const d = sunVector(sun, trueNorthGridAzimuth(E, N));
    expect(d[1]).toBeLessThan(0); // the sun is in the south
    const caster = new ShadowCaster(cube(60), [], flat(60));
    // Walk north from the middle of the north wall along the shadow's direction (away from the sun) and find
    // where the ground gets sun again.
    const away = [-d[0], -d[1]];
    const h = Math.hypot(away[0]!, away[1]!);
    let length = 0;
    for (let s = 0.01; s < 20; s += 0.01) {
      const p: [number, number, number] = [E + (away[0]! / h) * s, N + 5 + (away[1]! / h) * s, 60.0001];
      if (!caster.planned.hits(p, d)) { length = s; break; }
    }
    const expected = 10 / Math.tan((61.0 * Math.PI) / 180);
    expect(expected).toBeCloseTo(5.54, 2);
    expect(Math.abs(length - expected) / expected).toBeLessThan(0.02);
    console.log(`cube shadow at solar noon 21 June: ${length.toFixed(2)} m (hand: ${expected.toFixed(2)} m), sun ${sun.altitude.toFixed(2)}°`);
    // The shadow points north (within the meridian convergence and the sun's azimuth at transit).
    expect(Math.abs(Math.atan2(away[0]!, away[1]!) * 180 / Math.PI)).toBeLessThan(1.5);
  });

  it('counts lost hours only where the sun reached the ground before', () => {
    const steps = daySteps('2026-06-21', 30, LAT, LON, 5);
    const planned = cube(60);
    const result = runShadowStudy({
      planned, neighbours: [], parcels: [{ id: 'P1', polygons: [[[[E - 20, N + 5], [E + 20, N + 5], [E + 20, N + 20], [E - 20, N + 20]]]] }],
      terrain: flat(60), days: [{ date: '2026-06-21', steps }], stepMinutes: 30, trueNorth: trueNorthGridAzimuth(E, N), area: [E - 30, N - 30, E + 30, N + 30], cell: 1,
    });
    const p = result.parcels[0]!;
    expect(p.idDzialki).toBe('P1');
    expect(p.hoursLostMax).toBeGreaterThan(1);
    // A point right at the north wall is in the cube's shadow from morning to evening while the sun is south of
    // east–west (roughly 07:30–16:30 in June), not all day.
    expect(p.hoursLostMax).toBeLessThan(steps.length * 0.5);
    // The south-east corner of the area is never behind the cube as seen from the sun.
    const { grid } = result;
    const southEdgeRow = grid.height - 1;
    expect(grid.hoursLost[southEdgeRow * grid.width + grid.width - 1]).toBe(0);
  });
});

describe('sunlight to the legal standard: a south facade with a tall building due south, at the equinoxes', () => {
  // The case, in the PL-2000 grid (metres), flat ground at 60 m:
  //   a house 4 × 4 m, eaves 3 m, its south wall from (E−2, N) to (E+2, N): one sample point at its middle,
  //   0.1 m in front of the wall, 1.5 m up: P = (E, N − 0.1, 61.5);
  //   the planned building 80 m wide (E−40 … E+40), 10 m deep, 60 m high, its north face at N − 20.1, i.e. 20 m due
  //   south of P (grid south).
  // The building hides the sun from P while the sun's direction crosses the north face:
  //   horizontally, while the sun's grid azimuth is within 180° ± atan(40 / 20) = 180° ± 63.435°, i.e. 116.565° …
  //   243.435°. Grid azimuth = true azimuth + γ, γ = the grid azimuth of true north at Stary Rynek = +0.845° (zone 6's
  //   central meridian is 18°E, Poznań 16.93°E), so true azimuth 115.72° … 242.59°;
  //   vertically, always: at the face the ray has gone at most 20 / cos(63.435°) = 44.72 m, and rises there at most
  //   44.72 × tan(38.12°) = 35.1 m (38.12° is the higher equinox noon sun of 2026, 21 September:
  //   90° − 52.41° + 0.5° of declination + refraction), so it passes the face at ≤ 61.5 + 35.1 = 96.6 m … below the top (60 + 60 = 120 m).
  // astronomy-engine at 52.4083°N 16.9342°E (sunPosition), official time Europe/Warsaw:
  //   21 March 2026 (CET):    true azimuth 115.72° at 08:05:22 (altitude 18.8°), 242.59° at 15:45:32 (20.0°)
  //                           → shaded 7 h 40.2 min = 7.670 h;
  //   21 September 2026 (CEST): 115.72° at 08:52:22 (19.3°), 242.59° at 16:31:05 (20.2°) → shaded 7.646 h.
  // Before the building P sees the sun the whole window 7:00–17:00 = 10 h (sun up: 9.5° at 7:00 in March, 3.0° in
  // September; and in front of the wall: true azimuth 101.9°/92.5° at 7:00 and 258.4°/248.9° at 17:00, all within
  // 90° + γ … 270° + γ). After: 10 − 7.670 = 2.33 h in March, 10 − 7.646 = 2.35 h in September.
  // Against §60 ust. 1 (3 h): 10 h ≥ 3 before, 2.33 h < 3 after → "naruszenie"; against ust. 2 (downtown, 1.5 h):
  // 2.33 ≥ 1.5 → "spełnia". With 5-minute steps the study counts the step middles 7:02:30, 7:07:30, …: 92 of the 120
  // fall in each shaded interval, so it finds 120 − 92 = 28 steps = 2.33 h after, within one step of the hand figure.
  const house = new BuildingShape([[[[E - 2, N], [E + 2, N], [E + 2, N + 4], [E - 2, N + 4]]]], { ground: 60, eaves: 3, ridge: 3, roof: 'płaski' });
  const tall = new BuildingShape([[[[E - 40, N - 30.1], [E + 40, N - 30.1], [E + 40, N - 20.1], [E - 40, N - 20.1]]]], { ground: 60, eaves: 60, ridge: 60, roof: 'płaski' });
  const days = ['2026-03-21', '2026-09-21'].map((date) => ({ date, steps: daySteps(date, 5, LAT, LON, 0, { from: 7 * 60, to: 17 * 60 }) }));
  const parcels = [
    { id: 'INWESTYCJA', polygons: [[[[E - 50, N - 40], [E + 50, N - 40], [E + 50, N - 10], [E - 50, N - 10]]]] as [number, number][][][] },
    { id: 'SASIAD', polygons: [[[[E - 10, N - 10], [E + 10, N - 10], [E + 10, N + 10], [E - 10, N + 10]]]] as [number, number][][][] },
  ];
  const study = (threshold: number) => runShadowStudy({
    planned: tall, neighbours: [{ id: 'DOM', shape: house, residential: true }], parcels, terrain: flat(60), days,
    stepMinutes: 5, threshold, trueNorth: trueNorthGridAzimuth(E, N), area: [E - 60, N - 50, E + 60, N + 20], cell: 2,
  });

  it('the hand figures come from astronomy-engine', () => {
    const gamma = trueNorthGridAzimuth(E, N);
    expect(gamma).toBeCloseTo(0.845, 2);
    const at = (date: string, h: number, m: number, s: number) => sunPosition(localInstant(date, h * 60 + m + s / 60), LAT, LON);
    expect(at('2026-03-21', 8, 5, 22).azimuth + gamma).toBeCloseTo(180 - Math.atan(40 / 20) * 180 / Math.PI, 1);
    expect(at('2026-03-21', 15, 45, 32).azimuth + gamma).toBeCloseTo(180 + Math.atan(40 / 20) * 180 / Math.PI, 1);
    expect(at('2026-09-21', 8, 52, 22).azimuth + gamma).toBeCloseTo(116.565, 1);
    expect(at('2026-09-21', 16, 31, 5).azimuth + gamma).toBeCloseTo(243.435, 1);
    expect(days.map((d) => d.steps.length)).toEqual([120, 120]); // the sun is up the whole window on both days
  });

  it('finds 10 h of sun before and 2.33 h after on the south facade: a violation of 3 h, compliant with 1.5 h', () => {
    const r = study(3);
    const south = r.facades.find((f) => f.idBudynku === 'DOM' && f.facade === 0)!;
    expect(south, JSON.stringify(r.facades)).toBeDefined();
    expect(Math.abs(south.azimuth - 180)).toBeLessThanOrEqual(1);
    expect(south.points).toBe(1);
    expect(south.sunHoursBefore).toBe(10);
    const hand = 10 - 7.670;
    expect(Math.abs(south.sunHoursAfter - hand)).toBeLessThanOrEqual(5 / 60 + 1e-9);
    expect(south.sunHoursAfter).toBeCloseTo(south.sunHoursBefore - south.hoursLost, 5);
    expect(south.verdict).toBe('naruszenie');
    console.log(`equinox case: south facade ${south.sunHoursBefore} h → ${south.sunHoursAfter} h (hand ${hand.toFixed(2)} h) on ${south.date}`);
    const downtown = study(1.5).facades.find((f) => f.idBudynku === 'DOM' && f.facade === 0)!;
    expect(downtown.verdict).toBe('spełnia');
  });

  it('lists the investment\'s own parcel apart, never among the parcels losing sun', () => {
    const r = study(3);
    expect(r.parcels.map((p) => p.idDzialki)).toEqual(['SASIAD']);
    expect(r.parcels[0]!.hoursLostMax).toBeGreaterThan(5);
    expect(r.ownParcels.map((p) => p.idDzialki)).toEqual(['INWESTYCJA']);
  });

  it('judges a point by its hours before and after', () => {
    expect(verdictOf(10, 2.33, 3)).toBe('naruszenie');
    expect(verdictOf(10, 3, 3)).toBe('spełnia');
    expect(verdictOf(2, 1, 3)).toBe('pogorszenie');
    expect(verdictOf(2, 2, 3)).toBe('niespełnione przed');
  });
});
