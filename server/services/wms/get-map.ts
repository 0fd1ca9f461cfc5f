// GetMap: the map part parsed against the layer tree, drawn by the renderer, encoded in the asked format. The
// handler answers through the response cache (http/cache.ts) keyed by planMap's canonical key.
import type { Queryable } from '../../db/database.ts';
import type { Catalog } from '../../catalog/catalog.ts';
import type { Role } from '../../catalog/roles.ts';
import type { Kvp } from '../ows/params.ts';
import type { RenderStats } from '../../render/render-map.ts';
import type { ImageFormat, MapRequest } from '../../render/map-request.ts';
import { renderMapImage } from '../../render/render-pool.ts';
import { parseMapParams } from './map-params.ts';
import type { TreeNode } from './layer-tree.ts';
import type { WmsVersion } from '../../errors/protocol.ts';

export interface ImageResponse { contentType: string; body: Buffer; stats?: RenderStats }

export interface PlannedMap { request: MapRequest; format: ImageFormat; key: string }

/** The parsed map and a canonical key of everything its image depends on (the response cache's key). */
export function planMap(kvp: Kvp, version: WmsVersion, catalog: Catalog, tree: TreeNode, role: Role, maxSize: number): PlannedMap {
  const { request, format } = parseMapParams(kvp, version, tree, catalog, role, maxSize, true);
  const r = request;
  const key = JSON.stringify(['wms-map', r.layers.map((l) => [l.layer.typeName, l.style]), r.crs.code, r.bbox, r.width, r.height, r.transparent, r.background, r.dpi ?? null, format]);
  return { request, format: format!, key };
}

export async function renderPlannedMap(db: Queryable, plan: PlannedMap): Promise<ImageResponse> {
  return renderMapImage(db, plan.request, plan.format);
}
