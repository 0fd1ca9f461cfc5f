// Binary glTF for 3D Tiles contents, written with glTF Transform: one mesh (one primitive) per tile, with
// per-feature ids (EXT_mesh_features) pointing into a property table (EXT_structural_metadata) whose class
// properties carry the catalogue's attribute titles; geometry quantized (KHR_mesh_quantization) and
// compressed with meshopt (EXT_meshopt_compression); trees as GPU instances (EXT_mesh_gpu_instancing).
// glTF is y-up: callers give positions as (east, up, −north) in the tile's local frame.
import { Document, Logger, NodeIO, type Accessor, type Node as GltfNode } from '@gltf-transform/core';
import { EXTMeshGPUInstancing, EXTMeshoptCompression, KHRMeshQuantization } from '@gltf-transform/extensions';
import { quantize, reorder } from '@gltf-transform/functions';
import { MeshoptDecoder, MeshoptEncoder } from 'meshoptimizer';

export type PropertyType = 'STRING' | 'INT32' | 'FLOAT64';
export interface PropertyDef { name: string; title: string; description?: string; type: PropertyType }
/** One row per feature (feature id = row index). */
export interface FeatureTable { classId: string; className: string; properties: readonly PropertyDef[]; rows: readonly Record<string, unknown>[] }

export interface MeshData {
  positions: Float32Array;
  normals: Float32Array;
  /** RGB 0..1 per vertex, optional. */
  colors?: Float32Array;
  /** Texture coordinates, optional (terrain). */
  uvs?: Float32Array;
  /** Feature id of each vertex, optional. */
  featureIds?: Uint32Array;
  indices: Uint32Array;
}

export interface MaterialDef { name: string; color: [number, number, number, number]; doubleSided?: boolean; image?: { data: Uint8Array; mimeType: string } }

export interface GlbOptions { compress: boolean; extras?: Record<string, unknown> }

/** Null of numeric properties in the property table. */
export const NO_DATA_NUMBER = -9999;

let ready: Promise<void> | undefined;
function meshoptReady(): Promise<void> {
  ready ??= Promise.all([MeshoptEncoder.ready, MeshoptDecoder.ready]).then(() => undefined);
  return ready;
}

function io(): NodeIO {
  return new NodeIO()
    .setLogger(QUIET)
    .registerExtensions([EXTMeshoptCompression, KHRMeshQuantization, EXTMeshGPUInstancing])
    .registerDependencies({ 'meshopt.encoder': MeshoptEncoder, 'meshopt.decoder': MeshoptDecoder });
}

/** Reads a GLB back (tests, bounding-volume checks), decoding meshopt. */
export async function readGlb(buf: Uint8Array): Promise<Document> {
  await meshoptReady();
  return io().readBinary(buf);
}

/** glTF Transform reports its steps and the 3D Tiles extensions it does not know at info/warn level: keep errors. */
const QUIET = new Logger(Logger.Verbosity.ERROR);

function newDocument(): Document {
  const doc = new Document().setLogger(QUIET);
  doc.getRoot().getAsset().generator = 'SIP Poznań 3D (glTF Transform)';
  doc.createBuffer();
  return doc;
}

function addMeshNode(doc: Document, data: MeshData, material: MaterialDef, name: string): GltfNode {
  const buffer = doc.getRoot().listBuffers()[0]!;
  const acc = (array: Float32Array | Uint32Array | Uint16Array, type: 'VEC3' | 'VEC2' | 'SCALAR'): Accessor =>
    doc.createAccessor().setArray(array).setType(type).setBuffer(buffer);
  const prim = doc.createPrimitive()
    .setAttribute('POSITION', acc(data.positions, 'VEC3'))
    .setAttribute('NORMAL', acc(data.normals, 'VEC3'))
    .setIndices(acc(data.indices, 'SCALAR'));
  if (data.colors) prim.setAttribute('COLOR_0', acc(data.colors, 'VEC3'));
  if (data.uvs) prim.setAttribute('TEXCOORD_0', acc(data.uvs, 'VEC2'));
  if (data.featureIds) {
    // EXT_mesh_features: integer ids in an unsigned-short attribute when they fit, else float (exact to 2^24).
    const max = data.featureIds.reduce((m, v) => Math.max(m, v), 0);
    const ids = max < 65535 ? Uint16Array.from(data.featureIds) : Float32Array.from(data.featureIds);
    prim.setAttribute('_FEATURE_ID_0', acc(ids, 'SCALAR'));
  }
  const mat = doc.createMaterial(material.name).setBaseColorFactor(material.color).setMetallicFactor(0).setRoughnessFactor(0.9)
    .setDoubleSided(material.doubleSided ?? false);
  if (material.color[3] < 1) mat.setAlphaMode('BLEND');
  if (material.image) {
    const tex = doc.createTexture('map').setImage(material.image.data).setMimeType(material.image.mimeType);
    mat.setBaseColorTexture(tex);
  }
  prim.setMaterial(mat);
  const mesh = doc.createMesh(name).addPrimitive(prim);
  return doc.createNode(name).setMesh(mesh);
}

async function finish(doc: Document, nodes: GltfNode[], o: GlbOptions): Promise<Uint8Array> {
  const scene = doc.createScene('tile');
  for (const n of nodes) scene.addChild(n);
  doc.getRoot().setDefaultScene(scene);
  if (o.extras) scene.setExtras(o.extras);
  await meshoptReady();
  if (o.compress) {
    // Quantize positions to 16 bits and normals to 8 (enough for a ±1 km tile: 3 cm), keep feature ids as they are.
    await doc.transform(
      reorder({ encoder: MeshoptEncoder, target: 'size' }),
      quantize({ pattern: /^(POSITION|NORMAL|TEXCOORD_0|COLOR_0)$/, quantizePosition: 16, quantizeNormal: 8, quantizeTexcoord: 12, quantizeColor: 8 }),
    );
    doc.createExtension(EXTMeshoptCompression).setRequired(true)
      .setEncoderOptions({ method: EXTMeshoptCompression.EncoderMethod.QUANTIZE });
  }
  return io().writeBinary(doc);
}

/** A GLB with one mesh; featureTable adds EXT_mesh_features + EXT_structural_metadata. */
export async function meshGlb(data: MeshData, material: MaterialDef, o: GlbOptions, featureTable?: FeatureTable): Promise<Uint8Array> {
  const doc = newDocument();
  const node = addMeshNode(doc, data, material, featureTable?.classId ?? material.name);
  const glb = await finish(doc, [node], o);
  return featureTable ? addStructuralMetadata(glb, featureTable) : glb;
}

/** Instanced meshes (trees): each template drawn at every instance's translation and scale. */
export async function instancedGlb(templates: { data: MeshData; material: MaterialDef; translations: Float32Array; scales: Float32Array }[], o: GlbOptions): Promise<Uint8Array> {
  const doc = newDocument();
  const buffer = doc.getRoot().listBuffers()[0]!;
  const ext = doc.createExtension(EXTMeshGPUInstancing).setRequired(true);
  const nodes = templates.map((t, i) => {
    const node = addMeshNode(doc, t.data, t.material, `${t.material.name}-${i}`);
    const inst = ext.createInstancedMesh()
      .setAttribute('TRANSLATION', doc.createAccessor().setType('VEC3').setArray(t.translations).setBuffer(buffer))
      .setAttribute('SCALE', doc.createAccessor().setType('VEC3').setArray(t.scales).setBuffer(buffer));
    node.setExtension('EXT_mesh_gpu_instancing', inst);
    return node;
  });
  return finish(doc, nodes, { ...o, compress: false });
}

// --- EXT_structural_metadata -----------------------------------------------------------------------------------
// glTF Transform has no implementation of the 3D Tiles metadata extensions, so they are added to the written GLB:
// the property table's columns are appended to the binary chunk as 8-byte aligned buffer views.

interface GltfJson {
  buffers?: { byteLength: number; uri?: string; extensions?: Record<string, { fallback?: boolean }> }[];
  bufferViews?: { buffer: number; byteOffset?: number; byteLength: number }[];
  meshes?: { primitives: { attributes: Record<string, number>; extensions?: Record<string, unknown> }[] }[];
  extensions?: Record<string, unknown>;
  extensionsUsed?: string[];
}

function parseGlb(glb: Uint8Array): { json: GltfJson; bin: Uint8Array } {
  const view = new DataView(glb.buffer, glb.byteOffset, glb.byteLength);
  const jsonLen = view.getUint32(12, true);
  const json = JSON.parse(new TextDecoder().decode(glb.subarray(20, 20 + jsonLen))) as GltfJson;
  let bin: Uint8Array = new Uint8Array(0);
  const binStart = 20 + jsonLen;
  if (binStart + 8 <= glb.byteLength) {
    const binLen = view.getUint32(binStart, true);
    bin = glb.subarray(binStart + 8, binStart + 8 + binLen);
  }
  return { json, bin };
}

function packGlb(json: GltfJson, bin: Uint8Array): Uint8Array {
  const text = new TextEncoder().encode(JSON.stringify(json));
  const jsonBytes = new Uint8Array(text.length + ((4 - (text.length % 4)) % 4)).fill(0x20);
  jsonBytes.set(text);
  const binPad = (4 - (bin.length % 4)) % 4;
  const total = 12 + 8 + jsonBytes.length + (bin.length ? 8 + bin.length + binPad : 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x46546c67, true); view.setUint32(4, 2, true); view.setUint32(8, total, true);
  view.setUint32(12, jsonBytes.length, true); view.setUint32(16, 0x4e4f534a, true);
  out.set(jsonBytes, 20);
  if (bin.length) {
    const at = 20 + jsonBytes.length;
    view.setUint32(at, bin.length + binPad, true); view.setUint32(at + 4, 0x004e4942, true);
    out.set(bin, at + 8);
  }
  return out;
}

function encodeColumn(p: PropertyDef, rows: readonly Record<string, unknown>[]): { values: Uint8Array; offsets?: Uint8Array } {
  if (p.type === 'STRING') {
    const enc = new TextEncoder();
    const parts = rows.map((r) => enc.encode(r[p.name] == null ? '' : String(r[p.name])));
    const offsets = new Uint32Array(rows.length + 1);
    let total = 0;
    parts.forEach((b, i) => { offsets[i] = total; total += b.length; });
    offsets[rows.length] = total;
    const values = new Uint8Array(total);
    let at = 0;
    for (const b of parts) { values.set(b, at); at += b.length; }
    return { values, offsets: new Uint8Array(offsets.buffer) };
  }
  const num = (v: unknown) => (v == null || v === '' || !Number.isFinite(Number(v)) ? NO_DATA_NUMBER : Number(v));
  const arr = p.type === 'INT32' ? Int32Array.from(rows, (r) => num(r[p.name])) : Float64Array.from(rows, (r) => num(r[p.name]));
  return { values: new Uint8Array(arr.buffer) };
}

export function addStructuralMetadata(glb: Uint8Array, table: FeatureTable): Uint8Array {
  const { json, bin } = parseGlb(glb);
  const bufferIndex = (json.buffers ?? []).findIndex((b) => !b.uri && !b.extensions?.EXT_meshopt_compression?.fallback);
  if (bufferIndex < 0) throw new Error('GLB without a binary chunk');
  const chunks: Uint8Array[] = [bin];
  let length = bin.length;
  json.bufferViews ??= [];
  const addView = (bytes: Uint8Array): number => {
    const pad = (8 - (length % 8)) % 8;
    if (pad) { chunks.push(new Uint8Array(pad)); length += pad; }
    json.bufferViews!.push({ buffer: bufferIndex, byteOffset: length, byteLength: bytes.length });
    chunks.push(bytes); length += bytes.length;
    return json.bufferViews!.length - 1;
  };
  const classProps: Record<string, unknown> = {};
  const tableProps: Record<string, unknown> = {};
  for (const p of table.properties) {
    classProps[p.name] = {
      name: p.title, ...(p.description ? { description: p.description } : {}),
      ...(p.type === 'STRING' ? { type: 'STRING' } : { type: 'SCALAR', componentType: p.type, noData: NO_DATA_NUMBER }),
    };
    const col = encodeColumn(p, table.rows);
    // A zero-length buffer view is invalid glTF: an empty string column still gets one padding byte.
    const values = addView(col.values.length ? col.values : new Uint8Array(1));
    tableProps[p.name] = col.offsets ? { values, stringOffsets: addView(col.offsets), stringOffsetType: 'UINT32' } : { values };
  }
  const tail = (4 - (length % 4)) % 4;
  if (tail) { chunks.push(new Uint8Array(tail)); length += tail; }
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) { out.set(c, at); at += c.length; }
  json.buffers![bufferIndex]!.byteLength = length;
  json.extensions ??= {};
  json.extensions.EXT_structural_metadata = {
    schema: { id: 'sip_poznan', classes: { [table.classId]: { name: table.className, properties: classProps } } },
    propertyTables: [{ name: table.className, class: table.classId, count: table.rows.length, properties: tableProps }],
  };
  for (const mesh of json.meshes ?? []) {
    for (const prim of mesh.primitives) {
      if (prim.attributes._FEATURE_ID_0 === undefined) continue;
      prim.extensions ??= {};
      prim.extensions.EXT_mesh_features = { featureIds: [{ featureCount: table.rows.length, attribute: 0, propertyTable: 0 }] };
    }
  }
  json.extensionsUsed = [...new Set([...(json.extensionsUsed ?? []), 'EXT_mesh_features', 'EXT_structural_metadata'])];
  return packGlb(json, out);
}
