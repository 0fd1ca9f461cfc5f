// Which protocol a request speaks, decided by one function, so that every error is answered in the form its client
// reads: an OWS ExceptionReport (WFS 2.0 → OWS 1.1, WFS 1.1 → OWS 1.0), a WMS ServiceExceptionReport (1.3.0 or
// 1.1.1, or an image for GetMap with EXCEPTIONS=INIMAGE/BLANK), a JSON problem (RFC 9457) for the REST side, or an
// HTML page for the pages people read. A protocol router that learns more than the URL tells (the WFS version of an
// XML body, the image a WMS GetMap asked for) records it for its request with speaks(); the renderer asks
// protocolFor(), which falls back to protocolOf() for errors raised before any router ran (middleware).
import type { ImageFormat } from '../render/map-request.ts';

export type WmsVersion = '1.3.0' | '1.1.1';
export type WfsVersion = '2.0.0' | '1.1.0';
export type ExceptionMode = 'xml' | 'inimage' | 'blank';

/** What a GetMap with EXCEPTIONS=INIMAGE/BLANK asked for: the error is then drawn as the map image (WMS 1.3.0 §7.3.3.11). */
export interface ImageException { mode: 'inimage' | 'blank'; width: number; height: number; format: ImageFormat; transparent: boolean; background: string }

export type Protocol =
  | { kind: 'ows'; version: WfsVersion }
  | { kind: 'wms'; version: WmsVersion; image?: ImageException }
  | { kind: 'problem' }
  | { kind: 'html' };

/** The parts of a request the decision reads (no web framework here). */
export interface RequestInfo { path: string; url: string; accept?: string }

/** The EXCEPTIONS parameter in either WMS version's spelling; anything else is the default XML. */
export function exceptionMode(value: string | undefined): ExceptionMode {
  const v = (value ?? '').trim().toLowerCase();
  if (v === 'inimage' || v === 'application/vnd.ogc.se_inimage') return 'inimage';
  if (v === 'blank' || v === 'application/vnd.ogc.se_blank') return 'blank';
  return 'xml';
}

const OWS_PATH = /^\/(ows|wfs|wms)\/?$/;
const REST_PATH = /^\/(ogcapi|api|tiles|3d)(\/|$)/;
const PAGE_PATH = /^\/(konto|admin|biuro|portal|widok-3d)(\/|$)/;
/** WMS operations that need no SERVICE parameter (GetCapabilities does: it exists in WFS too). */
const WMS_ONLY_OPERATIONS = new Set(['getmap', 'map', 'getfeatureinfo', 'feature_info', 'getlegendgraphic']);

/** KVP parameters by upper-case name, the first occurrence winning (as the services read them). */
function kvp(url: string): Map<string, string> {
  const q = url.indexOf('?');
  const map = new Map<string, string>();
  if (q < 0) return map;
  try {
    for (const [k, v] of new URLSearchParams(url.slice(q + 1))) if (!map.has(k.toUpperCase())) map.set(k.toUpperCase(), v);
  } catch { /* a query that cannot be decoded: no parameters */ }
  return map;
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number), pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) { const d = (pa[i] ?? 0) - (pb[i] ?? 0); if (d) return d; }
  return 0;
}

/**
 * WMS version negotiation (WMS 1.3.0 §6.2.4): a version at or above 1.3.0 gets 1.3.0, anything lower 1.1.1.
 * Without a version, a request naming SRS but no CRS is a 1.1.1 client.
 */
export function wmsVersionOf(params: { get(name: string): string | undefined; has(name: string): boolean }): WmsVersion {
  const v = (params.get('VERSION') ?? params.get('WMTVER'))?.trim();
  if (!v || !/^\d+(\.\d+){0,2}$/.test(v)) return params.has('SRS') && !params.has('CRS') ? '1.1.1' : '1.3.0';
  return compareVersions(v, '1.3.0') >= 0 ? '1.3.0' : '1.1.1';
}

/** The WFS version whose exception report a KVP request gets: 1.1.0 when it asks for it, else 2.0.0. */
function wfsVersionOf(params: Map<string, string>): WfsVersion {
  const v = (params.get('VERSION') ?? params.get('ACCEPTVERSIONS')?.split(',')[0])?.trim();
  return v === '1.1.0' || v === '1.1' ? '1.1.0' : '2.0.0';
}

/** The protocol of a request by its path and parameters alone. */
export function protocolOf(req: RequestInfo): Protocol {
  if (OWS_PATH.test(req.path)) {
    const params = kvp(req.url);
    const service = params.get('SERVICE')?.trim().toUpperCase();
    const operation = params.get('REQUEST')?.trim().toLowerCase() ?? '';
    const wms = service === 'WMS' || (service !== 'WFS' && (req.path.startsWith('/wms') || WMS_ONLY_OPERATIONS.has(operation)));
    if (wms) return { kind: 'wms', version: wmsVersionOf({ get: (n) => params.get(n), has: (n) => params.has(n) }) };
    return { kind: 'ows', version: wfsVersionOf(params) };
  }
  if (REST_PATH.test(req.path)) return { kind: 'problem' };
  if (PAGE_PATH.test(req.path)) return prefersJson(req.accept) ? { kind: 'problem' } : { kind: 'html' };
  // Elsewhere (the landing page, static files, unknown paths): a page for a browser, a problem for a program.
  return /^\s*text\/html/i.test(req.accept ?? '') ? { kind: 'html' } : { kind: 'problem' };
}

/** A script on a page (fetch with Accept: application/json) reads a problem, not a page. */
function prefersJson(accept: string | undefined): boolean {
  return /^\s*application\/(problem\+)?json/i.test(accept ?? '');
}

const recorded = new WeakMap<object, Protocol>();

/** Records what a protocol router learned of its request's protocol (the request object is the key). */
export function speaks(request: object, protocol: Protocol): void {
  recorded.set(request, protocol);
}

/** The protocol an error of this request is answered in: as recorded by its router, else by its URL. */
export function protocolFor(request: object, info: RequestInfo): Protocol {
  return recorded.get(request) ?? protocolOf(info);
}
