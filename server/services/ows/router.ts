// The OWS endpoints (/ows, /wfs, /wms): KVP over GET, XML over POST, dispatched to the service adapters;
// every failure becomes the exception report of the service and version asked for.
import express, { Router, type Request, type Response } from 'express';
import { Kvp } from './params.ts';
import { OwsException, exceptionReport } from './exception.ts';
import { baseUrl, requestRole, type ServiceContext } from '../context.ts';
import { canonicalOperation, handleWfs, negotiateVersion, operationVersion, type WfsCall } from '../wfs/handler.ts';
import { wfsCallFromXml } from '../wfs/xml-request.ts';
import { parseFesFilter } from '../../query/fes.ts';
import { parseXml, XmlInputError } from '../../xml/parse.ts';
import { FilterError } from '../../query/filter.ts';
import { isWmsOnlyOperation, negotiateWmsVersion, sendWmsException, wmsHandler } from '../wms/handler.ts';
import { databaseMonitor, sendUnavailable } from '../../http/availability.ts';
import { DatabaseBusy } from '../../db/errors.ts';
import { isClientDataError } from '../../http/security.ts';

const MAX_XML_BYTES = 1_000_000;

interface Target { service: 'WFS' | 'WMS'; version: string }

function sendException(res: Response, err: OwsException, target: Target): void {
  if (res.headersSent) { res.destroy(); return; }
  if (target.service === 'WMS') return sendWmsException(res, err, target.version === '1.1.1' ? '1.1.1' : '1.3.0');
  const wfs11 = target.service === 'WFS' && target.version === '1.1.0';
  res.status(err.status).type('application/xml').send(exceptionReport(err, wfs11 ? '1.0.0' : '1.1.0', wfs11 ? '1.1.0' : '2.0.0'));
}

function serviceOf(value: string | undefined, path: string): 'WFS' | 'WMS' | undefined {
  const v = value?.trim().toUpperCase();
  if (v === 'WFS' || v === 'WMS') return v;
  if (v) throw new OwsException('InvalidParameterValue', `Service ${value} is not offered here (WFS, WMS)`, 'service');
  if (path.endsWith('/wfs')) return 'WFS';
  if (path.endsWith('/wms')) return 'WMS';
  return undefined;
}

export function owsRouter(ctx: ServiceContext): Router {
  const router = Router();
  const parseFes = (xml: string) => parseFesFilter(xml);
  const xmlBody = express.text({ type: () => true, limit: MAX_XML_BYTES });
  const handleWms = wmsHandler(ctx);

  async function handle(req: Request, res: Response): Promise<void> {
    const target: Target = { service: req.path.endsWith('/wms') ? 'WMS' : 'WFS', version: '2.0.0' };
    const serviceUrl = baseUrl(req, ctx.config) + req.baseUrl + req.path;
    const role = requestRole(req);
    try {
      let call: WfsCall;
      if (req.method === 'POST') {
        const text = typeof req.body === 'string' ? req.body : '';
        if (!text.trim()) throw new OwsException('MissingParameterValue', 'POST requests need an XML body', 'request');
        let root;
        try {
          root = parseXml(text, MAX_XML_BYTES).documentElement;
        } catch (err) {
          if (err instanceof XmlInputError) throw new OwsException('OperationParsingFailed', err.message, 'request');
          throw err;
        }
        if (!root) throw new OwsException('OperationParsingFailed', 'The XML body has no root element', 'request');
        const service = serviceOf(root.getAttribute('service') ?? undefined, req.path) ?? 'WFS';
        if (service !== 'WFS') throw new OwsException('OperationNotSupported', 'WMS requests are sent with GET', 'request');
        call = wfsCallFromXml(root);
      } else {
        const kvp = Kvp.fromUrl(req.originalUrl);
        const request = kvp.get('REQUEST')?.trim();
        // GetMap, GetFeatureInfo and GetLegendGraphic are WMS operations even without SERVICE.
        const service = serviceOf(kvp.get('SERVICE'), req.path) ?? (isWmsOnlyOperation(request) ? 'WMS' : undefined);
        if (!service) {
          // A request without SERVICE at /ows: the operation must say which service it is for.
          throw new OwsException('MissingParameterValue', 'Parameter SERVICE is required (WFS or WMS)', 'service');
        }
        target.service = service;
        if (service === 'WMS') {
          target.version = negotiateWmsVersion(kvp);
          return await handleWms(kvp, role, res, serviceUrl);
        }
        if (!request) throw new OwsException('MissingParameterValue', 'Parameter REQUEST is required', 'request');
        const operation = canonicalOperation(request);
        const version = operation === 'GetCapabilities'
          ? negotiateVersion(kvp.get('ACCEPTVERSIONS'), kvp.get('VERSION'))
          : operationVersion(kvp.get('VERSION'));
        target.version = version;
        call = { operation, version, kvp };
      }
      target.version = call.version;
      await handleWfs(call, ctx, role, req, res, serviceUrl, parseFes);
    } catch (err) {
      if (err instanceof OwsException) return sendException(res, err, target);
      if (err instanceof FilterError) return sendException(res, new OwsException('InvalidParameterValue', err.message, err.locator.toLowerCase()), target);
      if (res.headersSent) {
        ctx.log.warn({ err: (err as Error).message, url: req.originalUrl }, 'response aborted mid-stream');
        res.destroy();
        return;
      }
      if (databaseMonitor(ctx.db, ctx.log).report(err)) return sendUnavailable(req, res);
      if (err instanceof DatabaseBusy) return sendUnavailable(req, res, { detail: err.message, retryAfterS: err.retryAfterS });
      if (isClientDataError(err)) return sendException(res, new OwsException('InvalidParameterValue', 'A value in the request is not valid'), target);
      ctx.log.error({ err: (err as Error).message, stack: (err as Error).stack, url: req.originalUrl }, 'OWS request failed');
      sendException(res, new OwsException('NoApplicableCode', 'The request could not be processed', undefined, 500), target);
    }
  }

  // A body over the limit or in a broken encoding is the client's mistake: answer in OWS terms.
  const readBody = (req: Request, res: Response, next: (err?: unknown) => void) => xmlBody(req, res, (err?: unknown) => {
    if (!err) return next();
    const tooLarge = (err as { type?: string }).type === 'entity.too.large';
    sendException(res, new OwsException(tooLarge ? 'OperationParsingFailed' : 'OperationParsingFailed',
      tooLarge ? `The request body is larger than ${MAX_XML_BYTES} bytes` : 'The request body could not be read', 'request', tooLarge ? 413 : 400),
      { service: 'WFS', version: '2.0.0' });
  });
  for (const path of ['/ows', '/wfs', '/wms']) {
    router.get(path, handle);
    router.post(path, readBody, handle);
  }
  return router;
}
