// Output formats of WFS GetFeature: the names clients send, looked up in the format registry (formats/registry.ts).
// WFS's own rules: a bare text/xml means the version's GML, and every body says its charset.
import { OwsException } from '../../errors/service-error.ts';
import { formatById, formatsOf, type FormatSpec, type WfsVersion } from '../../formats/registry.ts';

export const ADVERTISED_FORMATS: Record<WfsVersion, string[]> = {
  '2.0.0': formatsOf('wfs').flatMap((f) => f.surfaces.wfs?.advertised['2.0.0'] ?? []),
  '1.1.0': formatsOf('wfs').flatMap((f) => f.surfaces.wfs?.advertised['1.1.0'] ?? []),
};

/** The default GML of a WFS version. */
function versionGml(version: WfsVersion): FormatSpec {
  return formatById(version === '2.0.0' ? 'gml' : 'gml311')!;
}

export function featureFormat(name: string | undefined, version: WfsVersion): FormatSpec {
  if (!name) return versionGml(version);
  const n = name.toLowerCase().replace(/[\s"]+/g, '');
  if (n === 'text/xml') return versionGml(version);
  const found = formatsOf('wfs').find((f) => f.surfaces.wfs!.accepts.includes(n));
  if (!found) throw new OwsException('InvalidParameterValue', `Output format "${name}" is not supported`, 'outputFormat');
  return found;
}

export function contentType(format: FormatSpec): string {
  return /charset=/.test(format.mediaType) ? format.mediaType : `${format.mediaType}; charset=utf-8`;
}
