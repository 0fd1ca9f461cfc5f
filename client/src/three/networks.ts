// Planned utility lines in the 3D view (the designers' view of coordinated designs): the GESUT lines with status
// projektowany from /3d/networks.json, drawn at their depth below the terrain as tubes in their branch colour, seen
// through the ground (drawn over it, translucent) with a dashed white axis, so that they read as planned, not as
// built. A line whose depth the register does not hold is drawn at the service's default cover and paler (the
// legend says so). The data and the depth rule are the server's (server/threed/networks.ts). A district holds
// hundreds of planned lines: they are merged into two meshes (depth known / not) and one set of axis segments, three
// draw calls in all; a picked triangle finds its line through the meshes' triangle ranges.
import * as THREE from 'three';
import { mergeGeometries } from 'three/examples/jsm/utils/BufferGeometryUtils.js';
import type { PlannedNetworksDocument } from '../../../server/services/threed/networks.ts';
import type { PlannedLine3d } from '../../../server/threed/networks.ts';
import type { CityModel } from './tiles.ts';

/** Tubes are drawn at least this thick (m) so that a small pipe is visible from the view's usual distance. */
const MIN_RADIUS_M = 0.25;

export interface PlannedNetworks {
  group: THREE.Group; count: number; doc: PlannedNetworksDocument;
  /** The line a picked triangle of one of the group's meshes belongs to. */
  lineAt(hit: THREE.Intersection): PlannedLine3d | undefined;
}

export async function loadPlannedNetworks(base: string, model: CityModel): Promise<PlannedNetworks> {
  const res = await fetch(`${base}/networks.json`);
  if (!res.ok) throw new Error(`${base}/networks.json: ${res.status}`);
  const doc = await res.json() as PlannedNetworksDocument;
  const group = new THREE.Group();
  group.name = 'sieci-projektowane';
  const sets = { known: { geometries: [] as THREE.BufferGeometry[], ranges: [] as { end: number; line: PlannedLine3d }[], triangles: 0 }, unknown: { geometries: [] as THREE.BufferGeometry[], ranges: [] as { end: number; line: PlannedLine3d }[], triangles: 0 } };
  const axis: THREE.Vector3[] = [];
  for (const line of doc.lines) {
    const points = line.coordinates.map(([x, y, h]) => model.toScene(x, y, h));
    if (points.length < 2) continue;
    const path = new THREE.CurvePath<THREE.Vector3>();
    for (let i = 1; i < points.length; i++) { path.add(new THREE.LineCurve3(points[i - 1]!, points[i]!)); axis.push(points[i - 1]!, points[i]!); }
    const tube = new THREE.TubeGeometry(path, Math.max(2, (points.length - 1) * 2), Math.max(MIN_RADIUS_M, (line.srednica ?? 0) / 2000), 6, false);
    const colour = new THREE.Color(line.colour);
    const n = tube.getAttribute('position').count;
    const colours = new Float32Array(n * 3);
    for (let i = 0; i < n; i++) colours.set([colour.r, colour.g, colour.b], i * 3);
    tube.setAttribute('color', new THREE.BufferAttribute(colours, 3));
    const set = line.depthKnown ? sets.known : sets.unknown;
    set.triangles += tube.index!.count / 3;
    set.ranges.push({ end: set.triangles, line });
    set.geometries.push(tube);
  }
  const meshes = new Map<THREE.Object3D, { end: number; line: PlannedLine3d }[]>();
  for (const [name, set] of Object.entries(sets)) {
    if (!set.geometries.length) continue;
    const merged = mergeGeometries(set.geometries)!;
    set.geometries.forEach((g) => g.dispose());
    // Seen through the terrain: no depth test, drawn after the ground; paler where the depth is not recorded.
    const mesh = new THREE.Mesh(merged, new THREE.MeshBasicMaterial({ vertexColors: true, transparent: true, opacity: name === 'known' ? 0.75 : 0.4, depthTest: false, depthWrite: false }));
    mesh.renderOrder = 10;
    mesh.name = `sieci-projektowane-${name}`;
    meshes.set(mesh, set.ranges);
    group.add(mesh);
  }
  if (axis.length) {
    const dashes = new THREE.LineSegments(new THREE.BufferGeometry().setFromPoints(axis), new THREE.LineDashedMaterial({ color: '#ffffff', dashSize: 1.5, gapSize: 1.0, depthTest: false }));
    dashes.computeLineDistances();
    dashes.renderOrder = 11;
    group.add(dashes);
  }
  return {
    group, count: doc.lines.length, doc,
    lineAt(hit) {
      const ranges = meshes.get(hit.object);
      if (!ranges || hit.faceIndex === undefined || hit.faceIndex === null) return undefined;
      return ranges.find((r) => hit.faceIndex! < r.end)?.line;
    },
  };
}
