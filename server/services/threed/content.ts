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
import {
  buildTileset, levelBox, levelFrame, tileBox, lodOf, terrainOfLevel, tileGrid, topLevel, validLevelTile, type Box, type ContentLayer, type TileGrid, type TileSummary,
} from '../../threed/tileset.ts';
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

  /** A tile of a level (0: the leaves) with its box and local frame; 404 outside the quadtree. */
  async tile(i: number, j: number, level = 0): Promise<{ grid: TileGrid; box: Box; toLocal: ToLocal }> {
    const grid = await this.grid();
    if (!validLevelTile(grid, level, i, j)) {
      const top = topLevel(grid);
      throw new HttpProblem(404, 'Not Found', level === 0
        ? `No 3D tile ${i}/${j} (columns 0–${grid.columns - 1}, rows 0–${grid.rows - 1})`
        : `No 3D tile ${i}/${j} at level ${level} (levels 1–${top} of ${top === 0 ? 'none' : 'the quadtree'})`);
    }
    const frame = levelFrame(grid, level, i, j, this.hm);
    return { grid, box: levelBox(grid, level, i, j), toLocal: (e, n, h) => gridToLocal(frame, e, n, h, this.hm) };
  }

  async tileset(role: Role): Promise<Record<string, unknown>> {
    const grid = await this.grid();
    const dem = await this.dem();
    const top = topLevel(grid);
    const levels = Array.from({ length: top }, (_, k) => k + 1);
    const summaries = await this.data.tileSummaries(role, grid.origin, grid.size, levels.map((l) => lodOf(l).minArea));
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
    // The coarser levels: terrain over the tile's box, LOD1 buildings (those the level keeps) and planned buildings
    // of the leaves below; boxes and height ranges are the leaves' (a LOD1 block stays within its LOD2 solid).
    const levelContents = new Map<string, TileSummary['contents']>();
    for (const level of levels) {
      const k = 2 ** level;
      for (const t of tiles) {
        const key = `${level}/${Math.floor(t.i / k)}/${Math.floor(t.j / k)}`;
        const c = levelContents.get(key) ?? {};
        const merge = (layer: 'teren' | 'budynki' | 'projektowane', part: { box: Box; minH: number; maxH: number; count: number } | undefined) => {
          if (!part || part.count <= 0) return;
          const was = c[layer];
          c[layer] = was ? {
            box: [Math.min(was.box[0], part.box[0]), Math.min(was.box[1], part.box[1]), Math.max(was.box[2], part.box[2]), Math.max(was.box[3], part.box[3])],
            minH: Math.min(was.minH, part.minH), maxH: Math.max(was.maxH, part.maxH), count: was.count + part.count,
          } : { ...part, box: [...part.box] };
        };
        const b = t.contents.budynki as (TileSummary['contents']['budynki'] & { countByArea?: number[] }) | undefined;
        merge('budynki', b ? { ...b, count: b.countByArea?.[level - 1] ?? b.count } : undefined);
        merge('projektowane', t.contents.projektowane);
        if (t.contents.teren) merge('teren', { ...t.contents.teren, minH: t.contents.teren.minH + TERRAIN.skirt - terrainOfLevel(TERRAIN, level).skirt });
        levelContents.set(key, c);
      }
    }
    for (const [key, c] of levelContents) {
      if (!c.teren) continue;
      const [level, i, j] = key.split('/').map(Number) as [number, number, number];
      c.teren = { ...c.teren, box: levelBox(grid, level, i, j) };
    }
    // The root is refined from any distance (its error is the grid's diagonal): it holds no content of its own.
    const rootError = top === 0 ? grid.size / 2 : Math.ceil(Math.hypot(grid.columns, grid.rows) * grid.size);
    return buildTileset({ grid, hm: this.hm, tiles, levels: levelContents, rootError });
  }

  /** A content of a tile of level ≥ 1: coarse terrain, LOD1 blocks or the planned buildings (no trees). */
  async levelGlb(role: Role, level: number, i: number, j: number, layer: ContentLayer, compress = this.config.threed.meshopt): Promise<Uint8Array | undefined> {
    switch (layer) {
      case 'budynki': return this.blocksGlb(role, level, i, j, compress);
      case 'projektowane': return this.plannedGlb(role, i, j, compress, level);
      case 'teren': return this.terrainGlb(role, i, j, compress, level);
      case 'drzewa': throw new HttpProblem(404, 'Not Found', `Tiles of level ${level} have no trees (only the leaves, tiles/{i}/{j}/drzewa.glb)`);
    }
  }

  /** LOD1 blocks of a coarser tile: one mesh, walls and flat roofs, no ground faces (never seen from above). */
  async blocksGlb(role: Role, level: number, i: number, j: number, compress = this.config.threed.meshopt): Promise<Uint8Array | undefined> {
    const { box, toLocal } = await this.tile(i, j, level);
    const lod = lodOf(level);
    const rows = await this.data.buildingBlocks(role, box, lod.minArea, lod.simplify);
    if (!rows.length) return undefined;
    const mb = new MeshBuilder(toLocal);
    rows.forEach((r, id) => {
      // LOD1 block: up to the middle of the roof (a recorded LOD1 model: up to its eaves, as on the leaves).
      const top = r.lod === 1 ? r.eaves : (r.eaves + Math.max(r.eaves, r.ridge)) / 2;
      const shape = existingShape({ polygons: r.polygons, ground: r.ground, eaves: top, ridge: top, roof: 'płaski', lod: 1 }, BUILDING_SKIRT);
      // The roof keeps the leaves' colour (tiles, or the grey of a flat roof), so refining does not change the city's look.
      const roof: Rgb = r.roof === 'płaski' || r.lod === 1 ? ROOF_FLAT : ROOF_PITCHED;
      for (const s of shape.surfaces()) if (s.kind !== 'ground') mb.addSurface(id, s, s.kind === 'wall' ? WALL : roof);
    });
    const mesh = mb.build();
    delete mesh.featureIds;
    return (await glb()).meshGlb(mesh, { name: 'budynki_lod1', color: [1, 1, 1, 1] }, { compress, extras: { lod: 1, level, minArea: lod.minArea } });
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

  async plannedGlb(role: Role, i: number, j: number, compress = this.config.threed.meshopt, level = 0): Promise<Uint8Array | undefined> {
    const { box, toLocal } = await this.tile(i, j, level);
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

  async terrainGlb(role: Role, i: number, j: number, compress = this.config.threed.meshopt, level = 0): Promise<Uint8Array | undefined> {
    const { box, toLocal } = await this.tile(i, j, level);
    const dem = await this.dem();
    if (!dem) return undefined;
    const grid = await dem.read(box);
    const mesh = terrainMesh(grid, box, toLocal, terrainOfLevel(TERRAIN, level));
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
