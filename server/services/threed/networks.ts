// GET /3d/networks.json[?bbox=]: the planned utility lines (GESUT, status projektowany — the designs a coordination
// protocol approved) at their depth below the terrain, for the designers' 3D view. The lines come from the catalogue's
// layer in the 3D role "networks" (data.ts), the terrain from the NMT the 3D tiles use; the geometry is made 3D by
// threed/networks.ts (pure). Without a bbox: the city (the design check's city box).
import type { Role } from '../../catalog/roles.ts';
import { CITY_BOX } from '../../coordination/design.ts';
import { DEFAULT_COVER_M, plannedLine3d, type PlannedLine3d } from '../../threed/networks.ts';
import type { Box } from '../../threed/tileset.ts';
import type { ThreedContent } from './content.ts';

/** The side of the cells whose lines share one read of the terrain (m). */
const GROUP_M = 250;

export interface PlannedNetworksDocument {
  crs: 'EPSG:2177';
  /** Whether heights are the terrain's less the depth (true) or depths below 0 (no terrain model under the lines). */
  terrain: boolean;
  defaultCoverM: number;
  lines: PlannedLine3d[];
}

export async function plannedNetworks3d(content: ThreedContent, role: Role, bbox: Box | undefined): Promise<PlannedNetworksDocument> {
  const box: Box = bbox ?? [CITY_BOX[0], CITY_BOX[1], CITY_BOX[2], CITY_BOX[3]];
  const rows = await content.data.plannedNetworks(role, box);
  const dem = await content.dem();
  let terrain = dem !== undefined;
  // The terrain is read once per cell of GROUP_M (the union of its lines' boxes, with a margin for bilinear reads),
  // not once per line: a district's planned networks are hundreds of short lines.
  const groups = new Map<string, { rows: typeof rows; box: Box }>();
  for (const r of rows) {
    const xs = r.coordinates.map((p) => p[0]), ys = r.coordinates.map((p) => p[1]);
    const b: Box = [Math.min(...xs) - 5, Math.min(...ys) - 5, Math.max(...xs) + 5, Math.max(...ys) + 5];
    const key = `${Math.floor(b[0] / GROUP_M)}/${Math.floor(b[1] / GROUP_M)}`;
    const g = groups.get(key);
    if (!g) groups.set(key, { rows: [r], box: b });
    else { g.rows.push(r); g.box = [Math.min(g.box[0], b[0]), Math.min(g.box[1], b[1]), Math.max(g.box[2], b[2]), Math.max(g.box[3], b[3])]; }
  }
  const lines: PlannedLine3d[] = [];
  for (const g of groups.values()) {
    let at = (_x: number, _y: number) => 0;
    if (dem) {
      const e = dem.extent;
      const b: Box = [Math.max(g.box[0], e[0]), Math.max(g.box[1], e[1]), Math.min(g.box[2], e[2]), Math.min(g.box[3], e[3])];
      if (b[0] < b[2] && b[1] < b[3]) {
        const grid = await dem.read(b);
        at = (x, y) => grid.at(x, y);
      } else terrain = false; // lines outside the terrain model: their heights are depths below 0
    }
    for (const r of g.rows) lines.push(plannedLine3d(r, at));
  }
  lines.sort((a, b) => a.id.localeCompare(b.id));
  return { crs: 'EPSG:2177', terrain, defaultCoverM: DEFAULT_COVER_M, lines };
}
