// Draws the service's 3D Tiles 1.1 tileset in a three.js scene, refining by screen-space error as CesiumJS does:
// each frame the tree is walked from the root; a tile whose geometric error would show as more than MAX_SSE pixels
// at its distance from the camera is replaced by its children (REPLACE), drawn once all of them are loaded (the
// parent stays on screen meanwhile); tiles outside the view frustum are skipped. Contents (GLB) are loaded a few at
// a time, nearest first, and the least recently drawn are dropped past a budget. Each tile's contents are placed by
// the composed tile transforms, relative to one east-north-up frame at the tileset's centre (three.js y-up:
// x = east, y = up, z = −north). Reads each content's per-feature attributes (EXT_structural_metadata).
import * as THREE from 'three';
import { GLTFLoader, type GLTF } from 'three/examples/jsm/loaders/GLTFLoader.js';
import { MeshoptDecoder } from 'three/examples/jsm/libs/meshopt_decoder.module.js';
import { EnuFrame, ecefToGeodetic, geodeticToEcef, gridToLocal, type HeightModel, type Vec3 } from '../../../server/threed/geodesy.ts';

export type ContentLayer = 'teren' | 'budynki' | 'projektowane' | 'drzewa';

interface TileJson { transform?: number[]; boundingVolume: { region: number[] }; geometricError: number; refine?: 'ADD' | 'REPLACE'; contents?: { uri: string; group: number }[]; children?: TileJson[] }
export interface TilesetJson {
  root: TileJson;
  groups: { properties: { id: ContentLayer } }[];
  extras: { heightAnomaly: number; tileGrid: { origin: [number, number]; size: number; columns: number; rows: number; levels?: number } };
}

/** One loaded content: its object in the scene and its features' attributes (by feature id). */
export interface LoadedContent { layer: ContentLayer; uri: string; object: THREE.Object3D; features: Record<string, unknown>[]; treeIds?: string[]; bytes: number }

/** CesiumJS's default maximumScreenSpaceError. */
export const MAX_SSE = 16;
/** Loaded contents kept beyond those drawn (least recently drawn dropped first). */
const CACHE_CONTENTS = 256;

interface Slot { uri: string; layer: ContentLayer; matrix: THREE.Matrix4; state: 'none' | 'queued' | 'loading' | 'ready' | 'failed'; content?: LoadedContent; usedAt: number; priority: number }
interface TileNode { error: number; refine: 'ADD' | 'REPLACE'; box: THREE.Box3; matrix: THREE.Matrix4; slots: Slot[]; children: TileNode[] }

export class CityModel {
  readonly group = new THREE.Group();
  frame!: EnuFrame;
  hm!: HeightModel;
  /** Called once per content when it arrives (materials, shadows). */
  onContent: (c: LoadedContent) => void = () => undefined;
  /** Fetched contents and their bytes since the page opened (the benchmark reads them). */
  readonly stats = { fetched: 0, bytes: 0 };
  private loader = new GLTFLoader();
  private meshopt = true;
  private root!: TileNode;
  private drawn = new Set<LoadedContent>();
  private hidden = new Set<ContentLayer>();
  private queue: Slot[] = [];
  private active = 0;
  private frameNo = 0;
  private settledNow = false;
  private waiters: (() => void)[] = [];
  private readonly frustum = new THREE.Frustum();

  constructor(private readonly base: string) {}

  /** PL-2000 point (normal height) → scene coordinates. */
  toScene(e: number, n: number, h: number): THREE.Vector3 {
    const [x, y, z] = gridToLocal(this.frame, e, n, h, this.hm);
    return new THREE.Vector3(x, z, -y);
  }

  /** Reads the tileset and builds its tree; nothing is loaded until update() is called with a camera. */
  async open(): Promise<void> {
    // meshopt's decoder is WebAssembly; where the page may not compile it, ask for uncompressed contents.
    this.meshopt = await MeshoptDecoder.ready.then(() => true, () => false);
    if (this.meshopt) this.loader.setMeshoptDecoder(MeshoptDecoder);
    const ts = await (await fetch(`${this.base}/tileset.json`)).json() as TilesetJson;
    this.hm = { anomaly: ts.extras.heightAnomaly };
    const r = ts.root.boundingVolume.region;
    const lon = ((r[0]! + r[2]!) / 2) * 180 / Math.PI, lat = ((r[1]! + r[3]!) / 2) * 180 / Math.PI;
    this.frame = new EnuFrame(lon, lat, this.hm.anomaly);
    const build = (t: TileJson, parent: THREE.Matrix4): TileNode => {
      // 3D Tiles transforms compose down the tree.
      const absolute = t.transform ? parent.clone().multiply(new THREE.Matrix4().fromArray(t.transform)) : parent.clone();
      const matrix = this.contentMatrix(absolute);
      return {
        error: t.geometricError, refine: t.refine ?? 'REPLACE', box: this.regionBox(t.boundingVolume.region), matrix,
        slots: (t.contents ?? []).map((c) => ({ uri: c.uri, layer: ts.groups[c.group]!.properties.id, matrix, state: 'none', usedAt: 0, priority: 0 })),
        children: (t.children ?? []).map((c) => build(c, absolute)),
      };
    };
    this.root = build(ts.root, new THREE.Matrix4());
  }

  /** The scene box of the whole model (its root's bounding volume). */
  bounds(): THREE.Box3 { return this.root.box.clone(); }

  /** Picks the tiles for this camera, asks for the missing contents and shows the chosen ones. */
  update(camera: THREE.PerspectiveCamera, screenHeight: number): void {
    this.frameNo++;
    camera.updateMatrixWorld();
    this.frustum.setFromProjectionMatrix(new THREE.Matrix4().multiplyMatrices(camera.projectionMatrix, camera.matrixWorldInverse));
    const k = screenHeight / (2 * Math.tan(THREE.MathUtils.degToRad(camera.fov) / 2));
    const out: LoadedContent[] = [];
    const complete = this.select(this.root, camera.position, k, out);
    for (const c of this.drawn) if (!out.includes(c)) c.object.visible = false;
    this.drawn = new Set(out);
    for (const c of out) c.object.visible = !this.hidden.has(c.layer);
    this.pump();
    this.settledNow = complete && this.queue.length === 0 && this.active === 0;
    if (this.settledNow) { for (const w of this.waiters.splice(0)) w(); }
    this.evict();
  }

  /** Resolves once the tiles for the current view are all loaded and drawn (update() must keep being called). */
  settled(): Promise<void> {
    return this.settledNow ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Whether the tile's part of the view is fully drawn (its contents or its children's). */
  private select(node: TileNode, eye: THREE.Vector3, k: number, out: LoadedContent[]): boolean {
    if (!this.frustum.intersectsBox(node.box)) return true;
    const distance = Math.max(node.box.distanceToPoint(eye), 1e-3);
    const refine = node.children.length > 0 && (node.error * k) / distance > MAX_SSE;
    const priority = distance / Math.max(node.error, 1);
    if (!refine) return this.use(node, out, priority);
    const below: LoadedContent[] = [];
    let ready = true;
    for (const child of node.children) ready = this.select(child, eye, k, below) && ready;
    if (node.refine === 'ADD') {
      ready = this.use(node, out, priority) && ready;
      out.push(...below);
      return ready;
    }
    if (ready) { out.push(...below); return true; }
    // REPLACE: the parent stands in until all its children are there.
    if (node.slots.length && this.use(node, out, priority)) return true;
    out.push(...below);
    return false;
  }

  /** Asks for a tile's contents; adds them to `out` when all are loaded. */
  private use(node: TileNode, out: LoadedContent[], priority: number): boolean {
    let ready = true;
    for (const s of node.slots) {
      s.usedAt = this.frameNo;
      if (s.state === 'none') { s.state = 'queued'; s.priority = priority; this.queue.push(s); }
      if (s.state === 'queued') s.priority = Math.min(s.priority, priority);
      if (s.state !== 'ready' && s.state !== 'failed') ready = false;
    }
    if (ready) for (const s of node.slots) if (s.content) out.push(s.content);
    return ready;
  }

  /** Starts loads, nearest (by distance ÷ error) first, four at a time. */
  private pump(): void {
    // A tile the view no longer asks for leaves the queue (and is asked for again if the camera comes back).
    this.queue = this.queue.filter((s) => {
      if (s.state !== 'queued') return false;
      if (s.usedAt >= this.frameNo - 1) return true;
      s.state = 'none';
      return false;
    });
    this.queue.sort((a, b) => a.priority - b.priority);
    while (this.active < 4 && this.queue.length) {
      const slot = this.queue.shift()!;
      slot.state = 'loading';
      this.active++;
      void this.load(slot).finally(() => { this.active--; });
    }
  }

  private async load(slot: Slot): Promise<void> {
    try {
      const url = `${this.base}/${slot.uri}${this.meshopt ? '' : '?meshopt=0'}`;
      const res = await fetch(url);
      if (!res.ok) throw new Error(`${slot.uri}: HTTP ${res.status}`);
      const buf = await res.arrayBuffer();
      this.stats.fetched++; this.stats.bytes += buf.byteLength;
      const gltf = await this.loader.parseAsync(buf, '');
      const object = gltf.scene;
      object.matrixAutoUpdate = false;
      object.matrix.copy(slot.matrix);
      object.name = `${slot.layer} ${slot.uri}`;
      object.visible = false;
      const loaded: LoadedContent = { layer: slot.layer, uri: slot.uri, object, features: await featureTable(gltf), bytes: buf.byteLength };
      if (slot.layer === 'drzewa') loaded.treeIds = (object.userData.numerInwentarzowy as string[] | undefined) ?? [];
      object.userData.content = loaded;
      this.onContent(loaded);
      this.group.add(object);
      slot.content = loaded;
      slot.state = 'ready';
    } catch (err) {
      console.warn((err as Error).message);
      slot.state = 'failed';
    }
  }

  /** Drops the least recently drawn contents past the budget (GPU buffers and textures freed). */
  private evict(): void {
    const loaded: Slot[] = [];
    const walk = (n: TileNode) => { for (const s of n.slots) if (s.state === 'ready') loaded.push(s); n.children.forEach(walk); };
    if (this.frameNo % 60 !== 0) return;
    walk(this.root);
    if (loaded.length <= CACHE_CONTENTS) return;
    loaded.sort((a, b) => a.usedAt - b.usedAt);
    for (const s of loaded.slice(0, loaded.length - CACHE_CONTENTS)) {
      if (s.usedAt >= this.frameNo - 1 || !s.content) continue;
      this.group.remove(s.content.object);
      s.content.object.traverse((o) => {
        const mesh = o as THREE.Mesh;
        if (!mesh.isMesh) return;
        mesh.geometry.dispose();
        for (const m of ([] as THREE.Material[]).concat(mesh.material)) { (m as THREE.MeshStandardMaterial).map?.dispose(); m.dispose(); }
      });
      s.content = undefined;
      s.state = 'none';
    }
  }

  /** A region (radians, ellipsoidal heights) as a box in scene coordinates (edges and corners sampled). */
  private regionBox(r: number[]): THREE.Box3 {
    const box = new THREE.Box3();
    const deg = (v: number) => (v * 180) / Math.PI;
    const toScene = (p: Vec3) => { const [e, n, u] = this.frame.fromEcef(p); return new THREE.Vector3(e, u, -n); };
    for (let a = 0; a <= 4; a++) for (let b = 0; b <= 4; b++) for (const h of [r[4]!, r[5]!]) {
      const lon = deg(r[0]! + ((r[2]! - r[0]!) * a) / 4), lat = deg(r[1]! + ((r[3]! - r[1]!) * b) / 4);
      box.expandByPoint(toScene(geodeticToEcef(lon, lat, h)));
    }
    return box;
  }

  /** Scene ← content: y-up → z-up (3D Tiles), tile ENU → ECEF (tile transform), ECEF → scene ENU, z-up → y-up. */
  private contentMatrix(tile: THREE.Matrix4): THREE.Matrix4 {
    const f = this.frame;
    const col = (v: Vec3) => new THREE.Vector3(v[0], v[1], v[2]);
    // ECEF → scene ENU as a matrix: rows east, north, up; translation −R·origin.
    const ecefToEnu = new THREE.Matrix4().makeBasis(col(f.east), col(f.north), col(f.up)).transpose();
    const o = new THREE.Vector3(...f.origin).applyMatrix4(ecefToEnu);
    ecefToEnu.setPosition(-o.x, -o.y, -o.z);
    const yUpToZUp = new THREE.Matrix4().set(1, 0, 0, 0, 0, 0, -1, 0, 0, 1, 0, 0, 0, 0, 0, 1);
    const zUpToYUp = new THREE.Matrix4().set(1, 0, 0, 0, 0, 0, 1, 0, 0, -1, 0, 0, 0, 0, 0, 1);
    return zUpToYUp.multiply(ecefToEnu).multiply(tile).multiply(yUpToZUp);
  }

  /** The layer's contents drawn now. */
  layer(layer: ContentLayer): LoadedContent[] { return [...this.drawn].filter((c) => c.layer === layer); }

  /** The contents drawn now (those of hidden layers left out). */
  visible(): LoadedContent[] { return [...this.drawn].filter((c) => !this.hidden.has(c.layer)); }

  setLayerVisible(layer: ContentLayer, on: boolean): void {
    if (on) this.hidden.delete(layer); else this.hidden.add(layer);
    for (const c of this.drawn) if (c.layer === layer) c.object.visible = on;
  }

  /** Longitude/latitude of a scene point (for the sun). */
  lonLat(p: THREE.Vector3): [number, number] {
    const [lon, lat] = ecefToGeodetic(this.frame.toEcef([p.x, -p.z, p.y]));
    return [lon, lat];
  }
}

interface MetadataJson {
  schema: { classes: Record<string, { properties: Record<string, { type: string; componentType?: string; noData?: number }> }> };
  propertyTables: { class: string; count: number; properties: Record<string, { values: number; stringOffsets?: number }> }[];
}

/** The rows of a content's EXT_structural_metadata property table (feature id = row). */
async function featureTable(gltf: GLTF): Promise<Record<string, unknown>[]> {
  const meta = (gltf.parser.json as { extensions?: { EXT_structural_metadata?: MetadataJson } }).extensions?.EXT_structural_metadata;
  const table = meta?.propertyTables[0];
  if (!meta || !table) return [];
  const cls = meta.schema.classes[table.class]!;
  const rows: Record<string, unknown>[] = Array.from({ length: table.count }, () => ({}));
  const view = async (i: number) => new Uint8Array(await gltf.parser.getDependency('bufferView', i) as ArrayBuffer);
  const decoder = new TextDecoder();
  for (const [name, col] of Object.entries(table.properties)) {
    const def = cls.properties[name]!;
    const bytes = await view(col.values);
    if (def.type === 'STRING') {
      const offBytes = await view(col.stringOffsets!);
      const offsets = new Uint32Array(offBytes.buffer.slice(offBytes.byteOffset, offBytes.byteOffset + offBytes.byteLength));
      for (let i = 0; i < table.count; i++) rows[i]![name] = decoder.decode(bytes.subarray(offsets[i]!, offsets[i + 1]!));
    } else {
      const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
      const arr = def.componentType === 'INT32' ? new Int32Array(buf) : new Float64Array(buf);
      for (let i = 0; i < table.count; i++) rows[i]![name] = arr[i] === def.noData ? null : arr[i];
    }
  }
  return rows;
}
