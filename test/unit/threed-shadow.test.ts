// The shadow model against hand computation: a 10 m cube on flat ground in Poznań at solar noon on 21 June
// casts a shadow 10 / tan(61.0°) ≈ 5.5 m long to the north.
import { describe, expect, it } from 'vitest';
import { BuildingShape } from '../../server/threed/building-shape.ts';
import { ShadowCaster, runShadowStudy } from '../../server/threed/shadow-study.ts';
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
      terrain: flat(60), steps, stepMinutes: 30, trueNorth: trueNorthGridAzimuth(E, N), area: [E - 30, N - 30, E + 30, N + 30], cell: 1,
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
