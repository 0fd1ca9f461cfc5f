// The OWS endpoints (/ows, /wfs, /wms): KVP over GET, XML over POST, dispatched to the service adapters. Failures
// are thrown; the router records the service and version the request turned out to speak (an XML body says more
// than the URL), and the one error renderer (server/errors/) answers with that service's exception report.
import express, { Router, type Request, type Response } from 'express';
import { Kvp } from './params.ts';
import { OwsException } from '../../errors/service-error.ts';
import { speaks } from '../../errors/protocol.ts';
import { baseUrl, requestRole, type ServiceContext } from '../context.ts';
import { canonicalOperation, handleWfs, negotiateVersion, operationVersion, type WfsCall } from '../wfs/handler.ts';
import { wfsCallFromXml } from '../wfs/xml-request.ts';
import { parseFesFilter } from '../../query/fes.ts';
import { parseXml } from '../../xml/parse.ts';
import { isWmsOnlyOperation, negotiateWmsVersion, wmsHandler } from '../wms/handler.ts';

const MAX_XML_BYTES = 1_000_000;

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
  // WFS filters read srsName="EPSG:nnnn" x/y like SRSNAME and BBOX (README, "CRS names and axis order").
  const parseFes = (xml: string) => parseFesFilter(xml, { legacyShortForm: true });
  const xmlBody = express.text({ type: () => true, limit: MAX_XML_BYTES });
  const handleWms = wmsHandler(ctx);

  async function handle(req: Request, res: Response): Promise<void> {
    const serviceUrl = baseUrl(req, ctx.config) + req.baseUrl + req.path;
    const role = requestRole(req);
    let call: WfsCall;
    if (req.method === 'POST') {
      const text = typeof req.body === 'string' ? req.body : '';
      if (!text.trim()) throw new OwsException('MissingParameterValue', 'POST requests need an XML body', 'request');
      const root = parseXml(text, MAX_XML_BYTES).documentElement;
      if (!root) throw new OwsException('OperationParsingFailed', 'The XML body has no root element', 'request');
      const service = serviceOf(root.getAttribute('service') ?? undefined, req.path) ?? 'WFS';
      if (service !== 'WFS') throw new OwsException('OperationNotSupported', 'WMS requests are sent with GET', 'request');
      call = wfsCallFromXml(root);
    } else {
      const kvp = Kvp.fromUrl(req.originalUrl);
      const request = kvp.get('REQUEST')?.trim();
      // GetMap, GetFeatureInfo and GetLegendGraphic are WMS operations even without SERVICE.
      const service = serviceOf(kvp.get('SERVICE'), req.path) ?? (isWmsOnlyOperation(request) ? 'WMS' : undefined);
      // A request without SERVICE at /ows: the operation must say which service it is for.
      if (!service) throw new OwsException('MissingParameterValue', 'Parameter SERVICE is required (WFS or WMS)', 'service');
      if (service === 'WMS') {
        speaks(req, { kind: 'wms', version: negotiateWmsVersion(kvp) });
        return await handleWms(kvp, role, res, serviceUrl);
      }
      if (!request) throw new OwsException('MissingParameterValue', 'Parameter REQUEST is required', 'request');
      const operation = canonicalOperation(request);
      const version = operation === 'GetCapabilities'
        ? negotiateVersion(kvp.get('ACCEPTVERSIONS'), kvp.get('VERSION'))
        : operationVersion(kvp.get('VERSION'));
      call = { operation, version, kvp };
    }
    speaks(req, { kind: 'ows', version: call.version === '1.1.0' ? '1.1.0' : '2.0.0' });
    await handleWfs(call, ctx, role, req, res, serviceUrl, parseFes);
  }

  for (const path of ['/ows', '/wfs', '/wms']) {
    router.get(path, handle);
    router.post(path, xmlBody, handle);
  }
  return router;
}
