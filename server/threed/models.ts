// Building solids from the stored heights: existing buildings from their 3D model (eaves, ridge, roof kind),
// planned buildings from the permit's total height and roof kind.
import { BuildingShape, orientedBox, type Polygon2, type RoofKind } from './building-shape.ts';

export function existingShape(b: { polygons: Polygon2[]; ground: number; eaves: number; ridge: number; roof: RoofKind; lod?: number }, skirt: number): BuildingShape {
  // LOD1 models are prisms up to the eaves, whatever roof kind is recorded.
  const roof = b.lod === 1 ? 'płaski' : b.roof;
  return new BuildingShape(b.polygons, { ground: b.ground, eaves: b.eaves, ridge: b.lod === 1 ? b.eaves : b.ridge, roof, skirt });
}

/**
 * A permit records the total height; a pitched roof takes the top: its rise is what a 35° pitch gives over half
 * the building's width, at most 40 % of the height.
 */
export function plannedShape(p: { polygons: Polygon2[]; ground: number; height: number; roof: RoofKind }, skirt: number): BuildingShape {
  if (p.roof === 'płaski') return new BuildingShape(p.polygons, { ground: p.ground, eaves: p.height, ridge: p.height, roof: p.roof, skirt });
  const box = orientedBox(p.polygons.flatMap((poly) => poly[0] ?? []));
  const pitch = p.roof === 'jednospadowy' ? 2 * box.halfWidth : box.halfWidth;
  const rise = Math.min(0.4 * p.height, Math.tan((35 * Math.PI) / 180) * pitch);
  return new BuildingShape(p.polygons, { ground: p.ground, eaves: p.height - rise, ridge: p.height, roof: p.roof, skirt });
}
