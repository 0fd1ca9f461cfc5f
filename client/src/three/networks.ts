// Planned utility lines in the 3D view (the designers' view of coordinated designs): the GESUT lines with status
// projektowany from /3d/networks.json, drawn at their depth below the terrain as tubes in their branch colour, seen
// through the ground (drawn over it, translucent) and dashed along their axis so that they read as planned, not as
// built. A line whose depth the register does not hold is drawn at the service's default cover and paler (the
// legend says so). The data and the depth rule are the server's (server/threed/networks.ts).
import * as THREE from 'three';
import type { PlannedNetworksDocument } from '../../../server/services/threed/networks.ts';
import type { CityModel } from './tiles.ts';

/** Tubes are drawn at least this thick (m) so that a small pipe is visible from the view's usual distance. */
const MIN_RADIUS_M = 0.25;

export interface PlannedNetworks { group: THREE.Group; count: number; doc: PlannedNetworksDocument }

export async function loadPlannedNetworks(base: string, model: CityModel): Promise<PlannedNetworks> {
  const res = await fetch(`${base}/networks.json`);
  if (!res.ok) throw new Error(`${base}/networks.json: ${res.status}`);
  const doc = await res.json() as PlannedNetworksDocument;
  const group = new THREE.Group();
  group.name = 'sieci-projektowane';
  for (const line of doc.lines) {
    const points = line.coordinates.map(([x, y, h]) => model.toScene(x, y, h));
    if (points.length < 2) continue;
    const path = new THREE.CurvePath<THREE.Vector3>();
    for (let i = 1; i < points.length; i++) path.add(new THREE.LineCurve3(points[i - 1]!, points[i]!));
    const radius = Math.max(MIN_RADIUS_M, (line.srednica ?? 0) / 2000);
    const colour = new THREE.Color(line.colour);
    const tube = new THREE.Mesh(
      new THREE.TubeGeometry(path, Math.max(2, points.length * 2), radius, 8, false),
      // Seen through the terrain: no depth test, drawn after the ground; paler where the depth is not recorded.
      new THREE.MeshBasicMaterial({ color: colour, transparent: true, opacity: line.depthKnown ? 0.75 : 0.4, depthTest: false, depthWrite: false }),
    );
    tube.renderOrder = 10;
    const axis = new THREE.Line(new THREE.BufferGeometry().setFromPoints(points), new THREE.LineDashedMaterial({ color: '#ffffff', dashSize: 1.5, gapSize: 1.0, depthTest: false }));
    axis.computeLineDistances();
    axis.renderOrder = 11;
    tube.userData = { network: line };
    group.add(tube, axis);
  }
  return { group, count: doc.lines.length, doc };
}
