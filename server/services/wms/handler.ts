// WMS 1.3.0 and 1.1.1 over KVP: version negotiation and the operations. Failures are thrown; the handler records
// what the request asked for (its version, and for GetMap with EXCEPTIONS=INIMAGE/BLANK the image to draw the error
// in) so that the one error renderer (server/errors/) answers as the client expects.
import type { Response } from 'express';
import type { Role } from '../../catalog/roles.ts';
import type { ServiceContext } from '../context.ts';
import { OwsException } from '../../errors/service-error.ts';
import type { Kvp } from '../ows/params.ts';
import { buildTree, type TreeNode } from './layer-tree.ts';
import { capabilities111, capabilities130 } from './capabilities.ts';
import { planMap, renderPlannedMap } from './get-map.ts';
import { METADATA_CACHE_CONTROL, responseCache } from '../../http/cache.ts';
import { getFeatureInfo } from './feature-info.ts';
import { getLegendGraphic } from './legend-graphic.ts';
import { imageExceptionParams } from './map-params.ts';
import { exceptionMode, speaks, wmsVersionOf, type WmsVersion } from '../../errors/protocol.ts';

type Operation = 'GetCapabilities' | 'GetMap' | 'GetFeatureInfo' | 'GetLegendGraphic';

/** Operation names, with the WMS 1.0 spellings some clients still send. */
const OPERATIONS: Record<string, Operation> = {
  getcapabilities: 'GetCapabilities', capabilities: 'GetCapabilities',
  getmap: 'GetMap', map: 'GetMap',
  getfeatureinfo: 'GetFeatureInfo', feature_info: 'GetFeatureInfo',
  getlegendgraphic: 'GetLegendGraphic',
};

/** Whether a request without SERVICE is a WMS one by its operation (GetMap needs no SERVICE). */
export function isWmsOnlyOperation(request: string | undefined): boolean {
  const op = OPERATIONS[(request ?? '').trim().toLowerCase()];
  return op !== undefined && op !== 'GetCapabilities';
}

/**
 * WMS version negotiation: a version at or above 1.3.0 gets 1.3.0, anything lower 1.1.1 (the highest below,
 * or the lowest we have). Without a version, a request naming SRS but no CRS is a 1.1.1 client.
 */
export function negotiateWmsVersion(kvp: Kvp): WmsVersion {
  return wmsVersionOf(kvp);
}

/** Capabilities update sequence: the start of this process (the catalogue is loaded once). */
const UPDATE_SEQUENCE = String(Math.floor(Date.now() / 1000));

function checkUpdateSequence(value: string | undefined): void {
  const v = value?.trim();
  if (!v) return;
  if (v === UPDATE_SEQUENCE) throw new OwsException('CurrentUpdateSequence', `Update sequence ${v} is current`, 'UPDATESEQUENCE');
  const newer = /^\d+$/.test(v) ? Number(v) > Number(UPDATE_SEQUENCE) : v > UPDATE_SEQUENCE;
  if (newer) throw new OwsException('InvalidUpdateSequence', `Update sequence ${v} is greater than the current ${UPDATE_SEQUENCE}`, 'UPDATESEQUENCE');
}

export function wmsHandler(ctx: ServiceContext) {
  const limits = ctx.config.wms;
  const cache = responseCache(ctx.db, ctx.config.cache, ctx.log);
  const trees = new Map<Role, TreeNode>();
  const treeFor = (role: Role) => {
    let t = trees.get(role);
    if (!t) trees.set(role, t = buildTree(ctx.catalog.visibleLayers(role)));
    return t;
  };

  /** What a GetMap asked errors to look like: its version, and an image for EXCEPTIONS=INIMAGE/BLANK when its size and format allow one. */
  function recordProtocol(res: Response, kvp: Kvp, version: WmsVersion, operation: Operation | undefined): void {
    const mode = operation === 'GetMap' ? exceptionMode(kvp.get('EXCEPTIONS')) : 'xml';
    const spec = mode === 'xml' ? undefined : imageExceptionParams(kvp, limits.maxSize);
    speaks(res.req, { kind: 'wms', version, image: spec && mode !== 'xml' ? { mode, ...spec } : undefined });
  }

  return async function handleWms(kvp: Kvp, role: Role, res: Response, serviceUrl: string): Promise<void> {
    const version = negotiateWmsVersion(kvp);
    const request = kvp.get('REQUEST')?.trim();
    const operation: Operation | undefined = request ? OPERATIONS[request.toLowerCase()] : undefined;
    recordProtocol(res, kvp, version, operation);
    if (!request) throw new OwsException('MissingParameterValue', 'Parameter REQUEST is required', 'REQUEST');
    if (!operation) throw new OwsException('OperationNotSupported', `Operation ${request} is not supported by this WMS (GetCapabilities, GetMap, GetFeatureInfo, GetLegendGraphic)`, 'REQUEST');
    const tree = treeFor(role);
    switch (operation) {
      case 'GetCapabilities': {
        checkUpdateSequence(kvp.get('UPDATESEQUENCE'));
        const c = { serviceUrl, tree, maxSize: limits.maxSize, updateSequence: UPDATE_SEQUENCE };
        res.set('Cache-Control', METADATA_CACHE_CONTROL);
        if (version === '1.3.0') res.type('text/xml; charset=utf-8').send(capabilities130(c));
        else res.type('application/vnd.ogc.wms_xml; charset=utf-8').send(capabilities111(c));
        return;
      }
      case 'GetMap': {
        // Validators from the data version, 304 for a current copy, the image kept in memory.
        const plan = planMap(kvp, version, ctx.catalog, tree, role, limits.maxSize);
        await cache.serve(res.req, res, { key: plan.key, role, produce: async () => {
          const image = await renderPlannedMap(ctx.db, plan);
          return { status: 200, contentType: image.contentType, body: image.body };
        } });
        return;
      }
      case 'GetFeatureInfo': {
        const info = await getFeatureInfo(kvp, version, ctx.db, ctx.catalog, tree, role, limits);
        res.type(info.contentType).send(info.body);
        return;
      }
      case 'GetLegendGraphic': {
        const image = await getLegendGraphic(kvp, tree, ctx.catalog, role);
        res.type(image.contentType).send(image.body);
        return;
      }
    }
  };
}
