// Pure logic of the portals: how search text is read, permalinks, and geodesic measurement against
// GeographicLib's published test values.
import { describe, it, expect } from 'vitest';
import { interpretQuery } from '../../server/query/search.ts';
import { formatPermalink, parsePermalink } from '../../client/src/map/permalink.ts';
import { geodesicArea, geodesicLength, gridLength } from '../../client/src/geo/measure.ts';

describe('search text', () => {
  it('reads a full parcel identifier, with a fraction number', () => {
    expect(interpretQuery(' 306401_1.0004.12 ')).toEqual({ parcelId: '306401_1.0004.12' });
    expect(interpretQuery('306401_1.0004.19/2')).toEqual({ parcelId: '306401_1.0004.19/2' });
  });
  it('reads a land-register number in any case', () => {
    expect(interpretQuery('po1p/00012345/6')).toEqual({ landRegister: 'PO1P/00012345/6' });
  });
  it('reads a building identifier', () => {
    expect(interpretQuery('306401_1.0004.12.1_BUD')).toEqual({ buildingId: '306401_1.0004.12.1_BUD' });
    // The pre-2021 form without _BUD still finds the building.
    expect(interpretQuery('306401_1.0004.12.1')).toEqual({ buildingId: '306401_1.0004.12.1_BUD' });
  });
  it('reads district + number, which may also be a street + house number', () => {
    expect(interpretQuery('Stare  Miasto 15/2')).toEqual({ district: 'Stare Miasto', number: '15/2', street: 'Stare Miasto', houseNumber: '15/2', ownerName: 'Stare Miasto 15/2' });
    // Four digits first: a district number, not a street.
    expect(interpretQuery('0004 12')).toEqual({ district: '0004', number: '12' });
  });
  it('reads a street with a lettered house number, and a bare street', () => {
    expect(interpretQuery('Święty Marcin 12a')).toEqual({ street: 'Święty Marcin', houseNumber: '12a', ownerName: 'Święty Marcin 12a' });
    expect(interpretQuery('Garbary')).toEqual({ street: 'Garbary', ownerName: 'Garbary' });
    expect(interpretQuery('al. Marcinkowskiego')).toEqual({ street: 'Marcinkowskiego', ownerName: 'al. Marcinkowskiego' });
    expect(interpretQuery('x')).toEqual({});
  });
});

describe('permalinks', () => {
  it('round-trips view and layers', () => {
    const hash = formatPermalink({ view: { zoom: 17.25, lat: 52.4051234, lng: 16.9312346, bearing: 0 }, layers: ['egib:dzialki', 'gesut:przewody_gazowe'] });
    expect(hash).toBe('#map=17.25/52.405123/16.931235&layers=egib:dzialki,gesut:przewody_gazowe');
    expect(parsePermalink(hash)).toEqual({ view: { zoom: 17.25, lat: 52.405123, lng: 16.931235, bearing: 0 }, layers: ['egib:dzialki', 'gesut:przewody_gazowe'] });
  });
  it('ignores a broken view and keeps an empty layer list', () => {
    expect(parsePermalink('#map=abc/1&layers=')).toEqual({ layers: [] });
    expect(parsePermalink('')).toEqual({});
  });
});

describe('geodesic measurement', () => {
  it('matches the classic Flinders Peak – Buninyong geodesic (Vincenty 1975, GDA technical manual): 54 972.271 m', () => {
    const dms = (d: number, m: number, s: number) => Math.sign(d) * (Math.abs(d) + m / 60 + s / 3600);
    const s = geodesicLength([[dms(144, 25, 29.5244), dms(-37, 57, 3.7203)], [dms(143, 55, 35.3839), dms(-37, 39, 10.1561)]]);
    // GRS 80 and WGS 84 differ in the flattening's 11th digit: well under a millimetre here.
    expect(Math.abs(s - 54_972.271)).toBeLessThan(0.002);
  });
  it('a 1 km north–south segment at Poznań: ~1 km on the ellipsoid, grid length scaled by PL-2000', () => {
    const dLat = 1000 / 111_250; // about a kilometre of meridian at 52.4°
    const pts: [number, number][] = [[16.93, 52.40], [16.93, 52.40 + dLat]];
    const s = geodesicLength(pts);
    expect(s).toBeGreaterThan(995);
    expect(s).toBeLessThan(1005);
    // The zone-6 meridian is 18°E: at 16.93°E the scale factor is 0.999923·(1 + small) — within 100 ppm of 1.
    expect(Math.abs(gridLength(pts) / s - 1)).toBeLessThan(1e-4);
  });
  it('area of a 100 m × 100 m square is 1 ha', () => {
    const dLat = 100 / 111_250;
    const dLng = 100 / (111_320 * Math.cos((52.4 * Math.PI) / 180));
    const { area, perimeter } = geodesicArea([[16.93, 52.4], [16.93 + dLng, 52.4], [16.93 + dLng, 52.4 + dLat], [16.93, 52.4 + dLat]]);
    expect(area / 10_000).toBeGreaterThan(0.99);
    expect(area / 10_000).toBeLessThan(1.01);
    expect(perimeter).toBeGreaterThan(398);
  });
});

describe('the order basket (client/src/tools/order.ts)', () => {
  it('turns the chosen parcels, materials and area into the quote API items', async () => {
    const { basketItems } = await import('../../client/src/tools/basket.ts');
    const parcels = ['306401_1.0002.100', '306401_1.0002.101'];
    expect(basketItems(parcels, new Set(['wypis', 'wyrys']), false, undefined, new Set(['extract:gesut']))).toEqual([
      { material: 'wypis', parcels, postac: 'elektroniczna' },
      { material: 'wyrys', parcels, postac: 'elektroniczna' },
    ]);
    const sheets = { kind: 'sheets' as const, sheets: ['6.133.19.04.1.3'] };
    expect(basketItems([], new Set(['wypis']), true, sheets, new Set(['sheet', 'extract:gesut', 'nmt']))).toEqual([
      { material: 'sheet', sheets: sheets.sheets },
      { material: 'extract', dataset: 'gesut', sheets: sheets.sheets },
      { material: 'nmt', sheets: sheets.sheets },
    ]);
    const polygon = { type: 'Polygon', coordinates: [[[16.9, 52.4], [16.91, 52.4], [16.91, 52.41], [16.9, 52.4]]] };
    // Sheets are ordered only by sheet: a drawn polygon offers the data sets, not the sheet item.
    expect(basketItems(['306401_1.0002.100'], new Set(['wypis_budynki']), true, { kind: 'polygon', polygon }, new Set(['sheet', 'model3d']))).toEqual([
      { material: 'wypis_budynki', parcels: ['306401_1.0002.100'], postac: 'nieelektroniczna' },
      { material: 'model3d', polygon, crs: 'http://www.opengis.net/def/crs/OGC/1.3/CRS84' },
    ]);
  });
});
