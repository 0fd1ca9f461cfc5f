// Tile addresses, tile sets from the catalogue, the zooms that hold a layer, the attributes a tile carries, and the
// SQL of a tile (identifiers from the catalogue, values bound).
import { describe, expect, it } from 'vitest';
import { LAYERS } from '../../server/catalog/layers.ts';
import { Catalog } from '../../server/catalog/catalog.ts';
import type { Layer } from '../../server/catalog/types.ts';
import { HttpProblem } from '../../server/errors/service-error.ts';
import { MERCATOR_HALF, parseTileAddress, tileBounds, tileNativeBox } from '../../server/services/tiles/tile.ts';
import { layerTileZooms, layersAtZoom, setZooms, tileSets } from '../../server/services/tiles/sets.ts';
import { planGeoJsonSql, planMvtSql, tileAttributes } from '../../server/services/tiles/mvt.ts';
import { layerZoomRange, POZNAN_LATITUDE } from '../../server/style/zoom.ts';

const catalog = new Catalog(LAYERS.map((spec): Layer => ({
  ...spec, typeName: `${spec.namespace}:${spec.name}`, extent: undefined,
  attributes: spec.attributes.map((a) => ({ ...a, type: a.type ?? 'string', description: '', nullable: true })),
})));
const LAT = POZNAN_LATITUDE;

describe('tile addresses', () => {
  it('accepts integers in range and rejects anything else as a 400 problem', () => {
    expect(parseTileAddress('0', '0', '0')).toEqual({ z: 0, x: 0, y: 0 });
    expect(parseTileAddress('22', String(2 ** 22 - 1), '5')).toEqual({ z: 22, x: 2 ** 22 - 1, y: 5 });
    for (const [z, x, y] of [['23', '0', '0'], ['1', '2', '0'], ['1', '0', '2'], ['-1', '0', '0'], ['1', '0x1', '0'], ['1.0', '0', '0'], ['', '0', '0'], ['1', '1e0', '0']]) {
      let err: unknown;
      try { parseTileAddress(z!, x!, y!); } catch (e) { err = e; }
      expect(err, `${z}/${x}/${y}`).toBeInstanceOf(HttpProblem);
      expect((err as HttpProblem).status).toBe(400);
    }
  });

  it('computes Web Mercator bounds and the native box that selects the data', () => {
    expect(tileBounds({ z: 0, x: 0, y: 0 })).toEqual([-MERCATOR_HALF, -MERCATOR_HALF, MERCATOR_HALF, MERCATOR_HALF]);
    const [minx, miny, maxx, maxy] = tileBounds({ z: 1, x: 1, y: 0 });
    expect([minx, miny, maxx, maxy]).toEqual([0, 0, MERCATOR_HALF, MERCATOR_HALF]);
    // A z16 tile at Stary Rynek is about 373 m of ground: its native box (with the buffer) is a bit larger.
    const b = tileNativeBox({ z: 16, x: 35_850, y: 21_526 })!;
    expect(b[2] - b[0]).toBeGreaterThan(370);
    expect(b[2] - b[0]).toBeLessThan(400);
    expect(b[0]).toBeGreaterThan(6_420_000);
    // Far from Poland nothing is selected.
    expect(tileNativeBox({ z: 10, x: 0, y: 0 })).toBeUndefined();
  });
});

describe('tile sets', () => {
  it('has the registers, everything, and each layer; a register set carries a table once', () => {
    const sets = tileSets(catalog, 'anonim');
    expect([...sets.keys()]).toEqual(expect.arrayContaining(['egib', 'gesut', 'sip', 'sip_poznan', 'dzialki', 'przewody_gazowe']));
    expect(sets.get('gesut')!.layers.map((l) => l.name)).toEqual(['przewody', 'urzadzenia']);
    expect(sets.get('przewody_gazowe')!.layers.map((l) => l.name)).toEqual(['przewody_gazowe']);
    expect(sets.get('egib')!.layers.map((l) => l.name)).toEqual(['kontury_uzytkow', 'kontury_klasyfikacyjne', 'budynki', 'dzialki', 'obreby']);
  });

  it('puts a layer in the tiles of the zooms its scale range covers', () => {
    const byName = (n: string) => catalog.layers.find((l) => l.name === n)!;
    expect(layerTileZooms(byName('obreby'), LAT)).toEqual({ min: 10, max: 22 });
    // Buildings from 1:25 000 (zoom 12.74): in the tiles of 12. Parcels have the same scale range but start their
    // tiles at 13 (tileMinZoom: a zoom-12 tile of the city held 39,000 of them), and so does their MapLibre layer.
    expect(layerTileZooms(byName('budynki'), LAT)).toEqual({ min: 12, max: 22 });
    expect(layerTileZooms(byName('dzialki'), LAT)).toEqual({ min: 13, max: 22 });
    expect(layerTileZooms({ scale: { max: 25_000 } }, LAT)).toEqual({ min: 12, max: 22 });
    expect(layersAtZoom(tileSets(catalog, 'anonim').get('egib')!, 12, LAT).map((l) => l.name)).not.toContain('dzialki');
    expect(layerZoomRange(byName('dzialki'), LAT).min).toBe(13);
    expect(layerTileZooms(byName('kontury_uzytkow'), LAT)).toEqual({ min: 14, max: 22 });
    expect(layerTileZooms(byName('drzewa'), LAT)).toEqual({ min: 15, max: 22 });
    // A layer drawn only at small scales (1:50 000 and smaller, zoom < 11.74) ends with the tiles of 11.
    expect(layerTileZooms({ scale: { min: 50_000 } }, LAT)).toEqual({ min: 0, max: 11 });
    const egib = tileSets(catalog, 'anonim').get('egib')!;
    expect(layersAtZoom(egib, 11, LAT).map((l) => l.name)).toEqual(['obreby']);
    expect(setZooms(egib, LAT)).toEqual({ minzoom: 10, maxzoom: 16 });
  });

  it('carries all visible attributes from zoom 15, only what the style reads below, never computed ones', () => {
    const dzialki = catalog.layers.find((l) => l.name === 'dzialki')!;
    expect(tileAttributes(dzialki, 'anonim', 16).map((a) => a.name)).toContain('numerKW');
    expect(tileAttributes(dzialki, 'geodeta', 16).map((a) => a.name)).not.toContain('wlasciciele');
    expect(tileAttributes(dzialki, 'anonim', 14).map((a) => a.name)).toEqual(['numerDzialki']);
    const przewody = catalog.layers.find((l) => l.name === 'przewody')!;
    expect(tileAttributes(przewody, 'anonim', 14).map((a) => a.name).sort()).toEqual(['branza', 'eksploatacja', 'funkcja', 'status', 'typ']);
  });

  it('writes one statement per tile with identifiers from the catalogue and every value bound', () => {
    const sets = tileSets(catalog, 'anonim');
    const layers = layersAtZoom(sets.get('gesut')!, 16, LAT);
    const { sql, params } = planMvtSql(layers, 'anonim', { z: 16, x: 35_598, y: 21_592 }, [1, 2, 3, 4]);
    expect(sql.match(/ST_AsMVT\(q,/g)).toHaveLength(2);
    expect(sql).toContain(' || ');
    expect(sql).toContain('ST_AsMVTGeom(ST_Transform(t."geom", 3857), ST_TileEnvelope($1::int, $2::int, $3::int), 4096, 64, true)');
    expect(params).toEqual(expect.arrayContaining([16, 35_598, 21_592, 'przewody', 'urzadzenia']));
    expect(sql).not.toMatch(/'przewody'|35598/);
    const branch = planGeoJsonSql(sets.get('przewody_gazowe')!.layers[0]!, 'anonim', 16, [1, 2, 3, 4]);
    expect(branch.params).toContain('g');
    expect(branch.sql).toContain('"branza" = $1');
  });
});
