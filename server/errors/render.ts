// Renders a ServiceError in the protocol of its request: the one place where an error becomes status, headers and
// body. The HTTP glue (server/http/errors.ts) writes what this returns.
import type { ServiceError } from './service-error.ts';
import type { Protocol } from './protocol.ts';
import { errorPage, owsExceptionReport, problemDocument, wmsExceptionContentType, wmsExceptionReport } from './reports.ts';

export interface RenderedError { status: number; headers: Record<string, string>; contentType: string; body: string | Buffer }

export async function renderError(e: ServiceError, protocol: Protocol): Promise<RenderedError> {
  const headers = { ...e.headers };
  switch (protocol.kind) {
    case 'ows':
      return { status: e.status, headers, contentType: 'application/xml', body: owsExceptionReport(e, protocol.version) };
    case 'wms':
      // EXCEPTIONS=INIMAGE/BLANK (WMS 1.3.0 §7.3.3.11, 1.1.1 §7.2.3.10): the client's mistake in GetMap drawn as the
      // map, with 200 as the client expects of an image. The service's own failures and refusals whose status
      // matters (401 bad key, 429, 503 with Retry-After) keep the XML report and their status.
      if (protocol.image && e.status < 500) {
        const { blankImage, messageImage } = await import('../render/message-image.ts');
        const { contentType, encodeImage } = await import('../render/encode.ts');
        const spec = protocol.image;
        const canvas = spec.mode === 'blank' ? blankImage(spec) : messageImage(spec, `${e.code}: ${e.message}`);
        return { status: 200, headers, contentType: contentType(spec.format), body: await encodeImage(canvas, spec.format, spec.transparent) };
      }
      return { status: e.status, headers, contentType: wmsExceptionContentType(protocol.version), body: wmsExceptionReport(e, protocol.version) };
    case 'problem':
      return { status: e.status, headers, contentType: 'application/problem+json', body: JSON.stringify(problemDocument(e)) };
    case 'html':
      return { status: e.status, headers, contentType: 'text/html; charset=utf-8', body: errorPage(e) };
  }
}
