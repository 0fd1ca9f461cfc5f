// The jobs a layer does, as catalogue data (catalog/layers.ts: search, threed, mapSheet, serviceExtent; terrain
// models in catalog/terrain.ts): each entry names real attributes, and the services read the entries, not type
// names of their own — the search follows a changed `search` entry, map sheets, the 3D contents, the portals'
// extent and the client's 3D link follow theirs.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startApp, type TestApp } from '../support/app.ts';
import { LAYERS, type LayerName } from '../../server/catalog/layers.ts';
import { TERRAIN_MODELS } from '../../server/catalog/terrain.ts';
import { Catalog } from '../../server/catalog/catalog.ts';
import type { Layer } from '../../server/catalog/types.ts';
import { search } from '../../server/query/search.ts';
import { defaultSheetLayers } from '../../server/services/downloads/map-sheet.ts';
import { LAYER_IDS } from '../../server/services/threed/data.ts';
import { transform } from '../../server/crs/definitions.ts';

let app: TestApp;
beforeAll(async () => { app = await startApp(); });
afterAll(async () => { await app?.close(); });

/** The running catalogue with one layer's entry changed. */
const changed = (typeName: string, change: (l: Layer) => Layer) => new Catalog(app.catalog.layers.map((l) => (l.typeName === typeName ? change(l) : l)));

describe('layer jobs in the catalogue', () => {
  it('names only layers and attributes that exist', () => {
    // A misspelt layer name in a portal fails the type check (this line is checked by tsc with the tests).
    // @ts-expect-error not a catalogue layer
    const wrong: LayerName = 'egib:dzialkii';
    expect(wrong).toBeTruthy();
    for (const l of LAYERS) {
      const names = new Set(l.attributes.map((a) => a.name));
      for (const a of Object.values(l.search?.attributes ?? {})) expect(names.has(a), `${l.name}: ${a}`).toBe(true);
    }
    for (const part of ['parcel', 'district', 'building'] as const) expect(LAYERS.filter((l) => l.search?.as === part)).toHaveLength(1);
    for (const role of ['buildings', 'plannedBuildings', 'trees', 'parcels', 'networks'] as const) expect(LAYERS.filter((l) => l.threed?.includes(role))).toHaveLength(1);
  });

  it('search reads the layers and attributes of the catalogue\'s search entries', async () => {
    const [row] = await app.db.query<{ ulica: string; idDzialki: string }>(`SELECT "ulica", "idDzialki" FROM egib.budynki WHERE "ulica" IS NOT NULL AND "idDzialki" IS NOT NULL ORDER BY id LIMIT 1`);
    const street = row!.ulica;
    const asIs = await search(app.db, app.catalog, 'anonim', street, { kinds: ['street'], limit: 10 });
    expect(asIs.map((h) => h.label)).toContain(street);
    // Without the buildings' search entry, addresses are not searched.
    const unsearched = changed('egib:budynki', ({ search: _s, ...l }) => l);
    expect(await search(app.db, unsearched, 'anonim', street, { kinds: ['street'], limit: 10 })).toEqual([]);
    // With the entry's street attribute pointed at the building identifier, the "streets" found are building ids
    // (…_BUD), searched by the text "bud" as a street name would be.
    const repointed = changed('egib:budynki', (l) => ({ ...l, search: { as: 'building', attributes: { id: 'idBudynku', parcel: 'idDzialki', street: 'idBudynku', houseNumber: 'numerPorzadkowy' } } }));
    const hits = await search(app.db, repointed, 'anonim', 'bud', { kinds: ['street'], limit: 10 });
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) expect(h.label, h.label).toMatch(/^306401_1\.\d{4}\..*_BUD$/);
  });

  it('map sheets, 3D contents, the portals\' extent, the 3D link and the terrain models follow their entries', async () => {
    expect(defaultSheetLayers(app.catalog, 'anonim').map((l) => l.typeName)).toEqual(app.catalog.visibleLayers('anonim').filter((l) => l.mapSheet).map((l) => l.typeName));
    expect(defaultSheetLayers(app.catalog, 'anonim').map((l) => l.typeName)).not.toContain('sip:arkusze');
    expect(LAYER_IDS).toEqual({ buildings: 'egib:budynki', planned: 'sip:budynki_projektowane', trees: 'sip:drzewa', parcels: 'egib:dzialki', networks: 'gesut:przewody' });

    const portal = await (await fetch(`${app.url}/api/portals/projektanci`)).json() as { extent: number[]; layers: { typeName: string; threed?: string[] }[]; terrainModels: { id: string }[] };
    const districts = app.catalog.layers.filter((l) => l.serviceExtent);
    expect(districts.map((l) => l.typeName)).toEqual(['egib:obreby']);
    const [minx, miny, maxx, maxy] = districts[0]!.extent!;
    const sw = transform('EPSG:2177', 'CRS:84', [minx, miny]), ne = transform('EPSG:2177', 'CRS:84', [maxx, maxy]);
    expect(portal.extent).toEqual([sw[0], sw[1], ne[0], ne[1]]);
    expect(portal.layers.filter((l) => l.threed?.includes('plannedBuildings')).map((l) => l.typeName)).toEqual(['sip:budynki_projektowane']);
    expect(portal.terrainModels.map((t) => t.id)).toEqual(TERRAIN_MODELS.kinds.map((k) => k.id));
    // The terrain models' table as the catalogue describes it is the one the extracts crop from.
    const r = await fetch(`${app.url}/api/extract?layers=${portal.terrainModels[0]!.id}&format=tif&bbox=6427000,5808100,6427400,5808500`);
    expect(r.status).toBe(200);
  });
});
