// GetMap: the map part parsed against the layer tree, drawn by the renderer, encoded in the asked format.
import type { Queryable } from '../../db/database.ts';
import type { Catalog } from '../../catalog/catalog.ts';
import type { Role } from '../../catalog/roles.ts';
import type { Kvp } from '../ows/params.ts';
import { renderMap, type RenderStats } from '../../render/render-map.ts';
import { contentType, encodeImage } from '../../render/encode.ts';
import { parseMapParams } from './map-params.ts';
import type { TreeNode } from './layer-tree.ts';
import type { WmsVersion } from './exceptions.ts';

export interface ImageResponse { contentType: string; body: Buffer; stats?: RenderStats }

export async function getMap(kvp: Kvp, version: WmsVersion, db: Queryable, catalog: Catalog, tree: TreeNode, role: Role, maxSize: number): Promise<ImageResponse> {
  const { request, format } = parseMapParams(kvp, version, tree, catalog, role, maxSize, true);
  const { canvas, stats } = await renderMap(db, request);
  return { contentType: contentType(format!), body: await encodeImage(canvas, format!, request.transparent), stats };
}
