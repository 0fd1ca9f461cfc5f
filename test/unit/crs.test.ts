// Coordinate round trips between WGS 84, PL-2000 zone 6 and PL-1992 agree with PROJ's reference values within 1 mm.
import { describe, expect, it } from 'vitest';
import { transform, CRS_LIST } from '../../server/crs/definitions.ts';
import { REFERENCE } from '../support/crs-reference.ts';



const MM = 0.001;
const DEG_MM = 1e-8; // about 1 mm in degrees

describe('CRS transformations (proj4js) against PROJ reference values', () => {
  for (const p of REFERENCE) {
    it(`${p.name}: 4326 → 2177 → 2180 → 4326`, () => {
      const a = transform('EPSG:4326', 'EPSG:2177', p.lonlat);
      expect(Math.abs(a[0] - p.pl2000[0])).toBeLessThan(MM);
      expect(Math.abs(a[1] - p.pl2000[1])).toBeLessThan(MM);
      const b = transform('EPSG:2177', 'EPSG:2180', a);
      expect(Math.abs(b[0] - p.pl1992[0])).toBeLessThan(MM);
      expect(Math.abs(b[1] - p.pl1992[1])).toBeLessThan(MM);
      const c = transform('EPSG:2180', 'EPSG:4326', b);
      expect(Math.abs(c[0] - p.lonlat[0])).toBeLessThan(DEG_MM);
      expect(Math.abs(c[1] - p.lonlat[1])).toBeLessThan(DEG_MM);
    });
  }

  it('declares the authority axis order of each CRS', () => {
    const order = Object.fromEntries(CRS_LIST.map((c) => [c.code, c.axisOrder]));
    expect(order).toEqual({ 'EPSG:2177': 'yx', 'EPSG:2180': 'yx', 'EPSG:4326': 'yx', 'EPSG:4258': 'yx', 'EPSG:3857': 'xy', 'CRS:84': 'xy' });
  });
});
