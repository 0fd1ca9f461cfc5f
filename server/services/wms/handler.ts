// WMS 1.3.0 and 1.1.1 over KVP: version negotiation, the operations, and every failure as the exception
// the request asked for (XML report of its version, or an image for EXCEPTIONS=INIMAGE/BLANK).
import type { Response } from 'express';
import type { Role } from '../../catalog/roles.ts';
import type { ServiceContext } from '../context.ts';
import { OwsException } from '../ows/exception.ts';
import type { Kvp } from '../ows/params.ts';
import { blankImage, messageImage } from '../../render/message-image.ts';
import { contentType, encodeImage } from '../../render/encode.ts';
import { buildTree, type TreeNode } from './layer-tree.ts';
import { capabilities111, capabilities130 } from './capabilities.ts';
import { planMap, renderPlannedMap } from './get-map.ts';
import { METADATA_CACHE_CONTROL, responseCache } from '../../http/cache.ts';
import { getFeatureInfo } from './feature-info.ts';
import { getLegendGraphic } from './legend-graphic.ts';
import { imageExceptionParams } from './map-params.ts';
import { exceptionContentType, exceptionMode, wmsExceptionReport, type WmsVersion } from './exceptions.ts';
import { loadWmsLimits } from './limits.ts';
import { DatabaseBusy } from '../../db/errors.ts';
import { databaseMonitor } from '../../http/availability.ts';

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

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number), pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) { const d = (pa[i] ?? 0) - (pb[i] ?? 0); if (d) return d; }
  return 0;
}

/**
 * WMS version negotiation: a version at or above 1.3.0 gets 1.3.0, anything lower 1.1.1 (the highest below,
 * or the lowest we have). Without a version, a request naming SRS but no CRS is a 1.1.1 client.
 */
export function negotiateWmsVersion(kvp: Kvp): WmsVersion {
  const v = (kvp.get('VERSION') ?? kvp.get('WMTVER'))?.trim();
  if (!v || !/^\d+(\.\d+){0,2}$/.test(v)) return kvp.has('SRS') && !kvp.has('CRS') ? '1.1.1' : '1.3.0';
  return compareVersions(v, '1.3.0') >= 0 ? '1.3.0' : '1.1.1';
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

export function sendWmsException(res: Response, err: OwsException, version: WmsVersion): void {
  if (res.headersSent) { res.destroy(); return; }
  res.status(err.status).type(exceptionContentType(version)).send(wmsExceptionReport(err, version));
}

export function wmsHandler(ctx: ServiceContext) {
  const limits = loadWmsLimits();
  const cache = responseCache(ctx.db, ctx.log);
  const trees = new Map<Role, TreeNode>();
  const treeFor = (role: Role) => {
    let t = trees.get(role);
    if (!t) trees.set(role, t = buildTree(ctx.catalog.visibleLayers(role)));
    return t;
  };

  /** EXCEPTIONS=BLANK/INIMAGE of GetMap: an image of the asked size and format, when the request allows one. */
  async function sendImageException(res: Response, kvp: Kvp, err: OwsException): Promise<boolean> {
    const mode = exceptionMode(kvp.get('EXCEPTIONS'));
    if (mode === 'xml') return false;
    const spec = imageExceptionParams(kvp, limits.maxSize);
    if (!spec) return false;
    const canvas = mode === 'blank' ? blankImage(spec) : messageImage(spec, `${err.code}: ${err.message}`);
    res.status(200).type(contentType(spec.format)).send(await encodeImage(canvas, spec.format, spec.transparent));
    return true;
  }

  return async function handleWms(kvp: Kvp, role: Role, res: Response, serviceUrl: string): Promise<void> {
    let version: WmsVersion = '1.3.0';
    let operation: Operation | undefined;
    try {
      version = negotiateWmsVersion(kvp);
      const request = kvp.get('REQUEST')?.trim();
      if (!request) throw new OwsException('MissingParameterValue', 'Parameter REQUEST is required', 'REQUEST');
      operation = OPERATIONS[request.toLowerCase()];
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
    } catch (err) {
      let e: OwsException;
      if (err instanceof OwsException) {
        e = err;
      } else if (databaseMonitor(ctx.db, ctx.log).report(err)) {
        // The database stopped: 503 with Retry-After, not a 500 (server/http/availability.ts).
        e = new OwsException('NoApplicableCode', 'The service is temporarily unavailable: the database cannot be reached', undefined, 503);
        if (!res.headersSent) res.set('Retry-After', '5');
      } else if (err instanceof DatabaseBusy) {
        e = new OwsException('NoApplicableCode', err.message, undefined, 503);
        if (!res.headersSent) res.set('Retry-After', String(err.retryAfterS));
      } else {
        ctx.log.error({ err: (err as Error).message, stack: (err as Error).stack, operation }, 'WMS request failed');
        e = new OwsException('NoApplicableCode', 'The request could not be processed', undefined, 500);
      }
      if (operation === 'GetMap' && e.status < 500 && await sendImageException(res, kvp, e)) return;
      sendWmsException(res, e, version);
    }
  };
}
