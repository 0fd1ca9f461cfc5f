// The contents of the 3D tiles: GLB of existing buildings, planned buildings, trees and terrain for one tile,
// and the tileset that lists them. Geometry is built in PL-2000 and moved rigorously into each tile's frame.
import path from 'node:path';
import type { Queryable } from '../../db/database.ts';
import type { Catalog } from '../../catalog/catalog.ts';
import type { Role } from '../../catalog/roles.ts';
import type { Config } from '../../config.ts';
import { NATIVE_CRS } from '../../crs/definitions.ts';
import { renderMapImage } from '../../render/render-pool.ts';
import { gridToLocal, type HeightModel } from '../../threed/geodesy.ts';
import { MeshBuilder, hexToLinear, type Rgb, type ToLocal } from '../../threed/building-mesh.ts';
import type { MeshData } from '../../threed/glb.ts';

/**
 * The glTF writer and its @gltf-transform libraries (about 18 MB of heap) are loaded with the first 3D tile, not at
 * start: most processes never serve one (issue 19, idle RSS).
 */
const glb = () => import('../../threed/glb.ts');
import { Dem, terrainMesh } from '../../threed/terrain.ts';
import { buildTileset, tileBox, tileFrame, tileGrid, validTile, type Box, type ContentLayer, type TileGrid, type TileSummary } from '../../threed/tileset.ts';
import { existingShape, plannedShape } from '../../threed/models.ts';
import { BUILDING_SKIRT, LAYER_IDS, ThreedData, layerOf, propertyDefs } from './data.ts';
import { HttpProblem } from '../../errors/service-error.ts';

const WALL = hexToLinear('#efe6d8');
const ROOF_PITCHED = hexToLinear('#a4503a');
const ROOF_FLAT = hexToLinear('#8d8a86');
const GROUND = hexToLinear('#7a7066');

export class ThreedContent {
  readonly data: ThreedData;
  readonly hm: HeightModel;
  private demPromise: Promise<Dem | undefined> | undefined;
  private gridPromise: Promise<TileGrid> | undefined;

  constructor(private readonly db: Queryable, private readonly catalog: Catalog, private readonly config: Config) {
    this.data = new ThreedData(db, catalog);
    this.hm = { anomaly: config.threed.heightAnomalyM };
  }

  /** The terrain model (opened once). */
  dem(): Promise<Dem | undefined> {
    this.demPromise ??= (async () => {
      const model = await this.data.terrainModel();
      if (!model) return undefined;
      const root = this.config.sampleDataDir;
      const file = path.resolve(root, model.file);
      if (!file.startsWith(root + path.sep)) return undefined;
      try { return await Dem.open(file); } catch { return undefined; }
    })();
    return this.demPromise;
  }

  /** Tiles cover the terrain model's extent (else the buildings' extent). */
  grid(): Promise<TileGrid> {
    this.gridPromise ??= (async () => {
      const dem = await this.dem();
      const extent = dem?.extent ?? this.catalog.layer(LAYER_IDS.buildings, 'admin')?.extent;
      if (!extent) throw new HttpProblem(503, 'Service Unavailable', 'No data for the 3D view');
      return tileGrid(extent as Box, this.config.threed.tileSizeM);
    })();
    return this.gridPromise;
  }

  async tile(i: number, j: number): Promise<{ grid: TileGrid; box: Box; toLocal: ToLocal }> {
    const grid = await this.grid();
    if (!validTile(grid, i, j)) throw new HttpProblem(404, 'Not Found', `No 3D tile ${i}/${j} (columns 0–${grid.columns - 1}, rows 0–${grid.rows - 1})`);
    const frame = tileFrame(grid, i, j, this.hm);
    return { grid, box: tileBox(grid, i, j), toLocal: (e, n, h) => gridToLocal(frame, e, n, h, this.hm) };
  }

  async tileset(role: Role): Promise<Record<string, unknown>> {
    const grid = await this.grid();
    const dem = await this.dem();
    const summaries = await this.data.tileSummaries(role, grid.origin, grid.size);
    const tiles: TileSummary[] = [];
    for (let i = 0; i < grid.columns; i++) for (let j = 0; j < grid.rows; j++) {
      const s = summaries.get(`${i}/${j}`) ?? {};
      const contents: TileSummary['contents'] = {};
      const box = tileBox(grid, i, j);
      let terrainRange: [number, number] | undefined;
      if (dem) {
        terrainRange = (await dem.read(box)).range();
        contents.teren = { box, minH: terrainRange[0] - TERRAIN.skirt, maxH: terrainRange[1], count: 1 };
      }
      if (s.budynki) contents.budynki = s.budynki;
      if (s.projektowane) contents.projektowane = s.projektowane;
      if (s.drzewa) {
        const [lo, hi] = terrainRange ?? [0, 400];
        contents.drzewa = { ...s.drzewa, minH: lo, maxH: hi + s.drzewa.maxH };
      }
      tiles.push({ i, j, contents });
    }
    return buildTileset({ grid, hm: this.hm, tiles, rootError: grid.size / 2 });
  }

  async glb(role: Role, i: number, j: number, layer: ContentLayer, compress = this.config.threed.meshopt): Promise<Uint8Array | undefined> {
    switch (layer) {
      case 'budynki': return this.buildingsGlb(role, i, j, compress);
      case 'projektowane': return this.plannedGlb(role, i, j, compress);
      case 'drzewa': return this.treesGlb(role, i, j);
      case 'teren': return this.terrainGlb(role, i, j, compress);
    }
  }

  async buildingsGlb(role: Role, i: number, j: number, compress = this.config.threed.meshopt): Promise<Uint8Array | undefined> {
    const { box, toLocal } = await this.tile(i, j);
    const rows = await this.data.buildings(role, box, true);
    if (!rows.length) return undefined;
    const mb = new MeshBuilder(toLocal);
    rows.forEach((r, id) => {
      const shape = existingShape(r, BUILDING_SKIRT);
      const roof: Rgb = r.roof === 'płaski' || r.lod === 1 ? ROOF_FLAT : ROOF_PITCHED;
      mb.addFeature(id, { surfaces: shape.surfaces(), colours: { wall: WALL, roof, ground: GROUND } });
    });
    const attrs = this.data.buildingAttributes(role);
    const layerTitle = layerOf(this.catalog, LAYER_IDS.buildings, role).title.pl;
    return (await glb()).meshGlb(mb.build(), { name: 'budynki', color: [1, 1, 1, 1] }, { compress },
      { classId: 'budynek', className: layerTitle, properties: propertyDefs(attrs), rows: rows.map((r) => r.attributes) });
  }

  async plannedGlb(role: Role, i: number, j: number, compress = this.config.threed.meshopt): Promise<Uint8Array | undefined> {
    const { box, toLocal } = await this.tile(i, j);
    const rows = await this.data.planned(role, { box, assignByPoint: true });
    if (!rows.length) return undefined;
    const layer = layerOf(this.catalog, LAYER_IDS.planned, role);
    // The catalogue's colour of planned buildings, as the 2D map draws them.
    const colour = hexToLinear(layer.style.fill ?? '#d63384');
    const mb = new MeshBuilder(toLocal);
    rows.forEach((r, id) => mb.addFeature(id, { surfaces: plannedShape(r, BUILDING_SKIRT).surfaces(), colours: { wall: colour, roof: colour, ground: colour } }));
    const attrs = [{ name: 'id', title: { pl: 'Identyfikator', en: 'Identifier' }, type: 'integer' }, ...this.data.plannedAttributes(role)];
    return (await glb()).meshGlb(mb.build(), { name: 'budynki_projektowane', color: [1, 1, 1, 1] }, { compress },
      { classId: 'budynek_projektowany', className: layer.title.pl, properties: propertyDefs(attrs), rows: rows.map((r) => r.attributes) });
  }

  async treesGlb(role: Role, i: number, j: number): Promise<Uint8Array | undefined> {
    const { box, toLocal } = await this.tile(i, j);
    const trees = await this.data.trees(role, box);
    const dem = await this.dem();
    if (!trees.length) return undefined;
    const heights = dem ? await dem.read([box[0] - 50, box[1] - 50, box[2] + 50, box[3] + 50]) : undefined;
    const trunkT: number[] = [], trunkS: number[] = [], crownT: number[] = [], crownS: number[] = [];
    for (const t of trees) {
      const ground = heights ? heights.at(t.x, t.y) : 0;
      const trunkH = Math.max(0.5, t.height * 0.4);
      const [x, y, z] = toLocal(t.x, t.y, ground);
      const r = Math.max(0.3, t.crown / 2);
      const trunkR = Math.max(0.1, Math.min(0.6, r * 0.12));
      trunkT.push(x, z, -y); trunkS.push(trunkR, trunkH, trunkR);
      // The crown: an ellipsoid from the trunk's top to the tree's height.
      const crownH = Math.max(0.5, t.height - trunkH);
      crownT.push(x, z + trunkH + crownH / 2, -y); crownS.push(r, crownH / 2, r);
    }
    return (await glb()).instancedGlb([
      { data: unitCylinder(8), material: { name: 'pien', color: [0.36, 0.25, 0.16, 1] }, translations: Float32Array.from(trunkT), scales: Float32Array.from(trunkS) },
      { data: unitSphere(8, 6), material: { name: 'korona', color: [0.22, 0.45, 0.18, 1] }, translations: Float32Array.from(crownT), scales: Float32Array.from(crownS) },
    ], { compress: false, extras: { numerInwentarzowy: trees.map((t) => t.label), layer: LAYER_IDS.trees } });
  }

  async terrainGlb(role: Role, i: number, j: number, compress = this.config.threed.meshopt): Promise<Uint8Array | undefined> {
    const { box, toLocal } = await this.tile(i, j);
    const dem = await this.dem();
    if (!dem) return undefined;
    const grid = await dem.read(box);
    const mesh = terrainMesh(grid, box, toLocal, TERRAIN);
    const image = await this.baseMap(role, box, TERRAIN.texture);
    return (await glb()).meshGlb(mesh, { name: 'teren', color: [1, 1, 1, 1], image: { data: image, mimeType: 'image/jpeg' } }, { compress });
  }

  /** This service's own base map of a box (the WMS renderer): land use and parcels. */
  async baseMap(role: Role, box: Box, size: number): Promise<Uint8Array> {
    // The catalogue's base-map layers (3D role baseMap), in its paint order.
    const layers = this.catalog.layers.filter((l) => l.threed?.includes('baseMap')).map((l) => this.catalog.layer(l.typeName, role)).filter((l) => !!l)
      .sort((a, b) => (a.style.zIndex ?? 50) - (b.style.zIndex ?? 50)).map((layer) => ({ layer, style: 'default' }));
    // The WMS's own renderer (render threads): the same cartography as GetMap of this box.
    const { body } = await renderMapImage(this.db, { layers, crs: NATIVE_CRS, bbox: box, width: size, height: size, transparent: false, background: '#efece4', role }, 'jpeg');
    return new Uint8Array(body);
  }
}

export const TERRAIN = { gridSize: 257, maxError: 0.25, skirt: 5, texture: 1024 };

/** A cylinder of radius 1 from y = 0 to y = 1 (trunks), smooth sides and caps. */
function unitCylinder(segments: number): MeshData {
  const pos: number[] = [], nrm: number[] = [], idx: number[] = [];
  for (let k = 0; k <= segments; k++) {
    const a = (2 * Math.PI * k) / segments, x = Math.cos(a), z = Math.sin(a);
    pos.push(x, 0, z, x, 1, z); nrm.push(x, 0, z, x, 0, z);
  }
  for (let k = 0; k < segments; k++) { const b = 2 * k; idx.push(b, b + 1, b + 3, b, b + 3, b + 2); }
  return { positions: Float32Array.from(pos), normals: Float32Array.from(nrm), indices: Uint32Array.from(idx) };
}

/** A UV sphere of radius 1 (crowns). */
function unitSphere(segments: number, rings: number): MeshData {
  const pos: number[] = [], idx: number[] = [];
  for (let r = 0; r <= rings; r++) {
    const phi = (Math.PI * r) / rings;
    for (let s = 0; s <= segments; s++) {
      const th = (2 * Math.PI * s) / segments;
      pos.push(Math.sin(phi) * Math.cos(th), Math.cos(phi), Math.sin(phi) * Math.sin(th));
    }
  }
  for (let r = 0; r < rings; r++) for (let s = 0; s < segments; s++) {
    const a = r * (segments + 1) + s, b = a + segments + 1;
    idx.push(a, a + 1, b, a + 1, b + 1, b);
  }
  return { positions: Float32Array.from(pos), normals: Float32Array.from(pos), indices: Uint32Array.from(idx) };
}
