// Loads the service's 3D Tiles 1.1 tileset into a three.js scene: every tile's contents (GLB) placed by the
// tile's transform, relative to one east-north-up frame at the tileset's centre (three.js y-up: x = east,
// y = up, z = −north). Reads each content's per-feature attributes (EXT_structural_metadata property table).
import * as THREE from 'three';
import { GLTFLoader, type GLTF } from 'three/examples/jsm/loaders/GLTFLoader.js';
import { MeshoptDecoder } from 'three/examples/jsm/libs/meshopt_decoder.module.js';
import { EnuFrame, ecefToGeodetic, gridToLocal, type HeightModel, type Vec3 } from '../../../server/threed/geodesy.ts';

export type ContentLayer = 'teren' | 'budynki' | 'projektowane' | 'drzewa';

interface TileJson { transform: number[]; boundingVolume: { region: number[] }; contents: { uri: string; group: number }[] }
export interface TilesetJson {
  root: { boundingVolume: { region: number[] }; children: TileJson[] };
  groups: { properties: { id: ContentLayer } }[];
  extras: { heightAnomaly: number; tileGrid: { origin: [number, number]; size: number; columns: number; rows: number } };
}

/** One loaded content: its object in the scene and its features' attributes (by feature id). */
export interface LoadedContent { layer: ContentLayer; object: THREE.Object3D; features: Record<string, unknown>[]; treeIds?: string[] }

export class CityModel {
  readonly group = new THREE.Group();
  readonly contents: LoadedContent[] = [];
  frame!: EnuFrame;
  hm!: HeightModel;
  private loader = new GLTFLoader();
  private meshopt = true;

  constructor(private readonly base: string) {}

  /** PL-2000 point (normal height) → scene coordinates. */
  toScene(e: number, n: number, h: number): THREE.Vector3 {
    const [x, y, z] = gridToLocal(this.frame, e, n, h, this.hm);
    return new THREE.Vector3(x, z, -y);
  }

  async load(onProgress: (done: number, total: number) => void): Promise<void> {
    // meshopt's decoder is WebAssembly; where the page may not compile it, ask for uncompressed contents.
    this.meshopt = await MeshoptDecoder.ready.then(() => true, () => false);
    if (this.meshopt) this.loader.setMeshoptDecoder(MeshoptDecoder);
    const ts = await (await fetch(`${this.base}/tileset.json`)).json() as TilesetJson;
    this.hm = { anomaly: ts.extras.heightAnomaly };
    const r = ts.root.boundingVolume.region;
    const lon = ((r[0]! + r[2]!) / 2) * 180 / Math.PI, lat = ((r[1]! + r[3]!) / 2) * 180 / Math.PI;
    this.frame = new EnuFrame(lon, lat, this.hm.anomaly);
    const jobs = ts.root.children.flatMap((tile) => tile.contents.map((c) => ({ tile, c, layer: ts.groups[c.group]!.properties.id })));
    let done = 0;
    // A few at a time: the browser and the server both do better than with everything at once.
    const queue = [...jobs];
    const worker = async () => {
      for (let job = queue.shift(); job; job = queue.shift()) {
        const url = `${this.base}/${job.c.uri}${this.meshopt ? '' : '?meshopt=0'}`;
        const gltf = await this.loader.loadAsync(url);
        const object = gltf.scene;
        object.matrixAutoUpdate = false;
        object.matrix.copy(this.contentMatrix(job.tile.transform));
        object.name = `${job.layer} ${job.c.uri}`;
        const loaded: LoadedContent = { layer: job.layer, object, features: await featureTable(gltf) };
        if (job.layer === 'drzewa') loaded.treeIds = (object.userData.numerInwentarzowy as string[] | undefined) ?? [];
        object.userData.content = loaded;
        this.contents.push(loaded);
        this.group.add(object);
        onProgress(++done, jobs.length);
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
  }

  /** Scene ← content: y-up → z-up (3D Tiles), tile ENU → ECEF (tile transform), ECEF → scene ENU, z-up → y-up. */
  private contentMatrix(transform: number[]): THREE.Matrix4 {
    const f = this.frame;
    const col = (v: Vec3) => new THREE.Vector3(v[0], v[1], v[2]);
    // ECEF → scene ENU as a matrix: rows east, north, up; translation −R·origin.
    const ecefToEnu = new THREE.Matrix4().makeBasis(col(f.east), col(f.north), col(f.up)).transpose();
    const o = new THREE.Vector3(...f.origin).applyMatrix4(ecefToEnu);
    ecefToEnu.setPosition(-o.x, -o.y, -o.z);
    const tile = new THREE.Matrix4().fromArray(transform);
    const yUpToZUp = new THREE.Matrix4().set(1, 0, 0, 0, 0, 0, -1, 0, 0, 1, 0, 0, 0, 0, 0, 1);
    const zUpToYUp = new THREE.Matrix4().set(1, 0, 0, 0, 0, 0, 1, 0, 0, -1, 0, 0, 0, 0, 0, 1);
    return zUpToYUp.multiply(ecefToEnu).multiply(tile).multiply(yUpToZUp);
  }

  layer(layer: ContentLayer): LoadedContent[] { return this.contents.filter((c) => c.layer === layer); }

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
