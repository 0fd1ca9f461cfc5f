// Output formats of WFS GetFeature: the names clients send, mapped to the writer that answers.
import { OwsException } from '../../errors/service-error.ts';

export type FeatureFormat = 'gml32' | 'gml311' | 'geojson' | 'csv';

export const GML32_MIME = 'application/gml+xml; version=3.2';
export const GML311_MIME = 'text/xml; subtype=gml/3.1.1';

export const ADVERTISED_FORMATS: Record<'2.0.0' | '1.1.0', string[]> = {
  '2.0.0': [GML32_MIME, 'text/xml; subtype=gml/3.2', 'application/json', 'application/geo+json', 'text/csv'],
  '1.1.0': [GML311_MIME, 'application/json', 'text/csv'],
};

export function featureFormat(name: string | undefined, version: '2.0.0' | '1.1.0'): FeatureFormat {
  if (!name) return version === '2.0.0' ? 'gml32' : 'gml311';
  const n = name.toLowerCase().replace(/\s+/g, '');
  if (/^(application\/gml\+xml;version=3\.2|text\/xml;subtype=(")?gml\/3\.2(\.1)?(")?|gml32|gml3\.2)$/.test(n)) return 'gml32';
  if (/^(text\/xml;subtype=(")?gml\/3\.1\.1(")?|gml3|gml31|application\/gml\+xml;version=3\.1)$/.test(n)) return 'gml311';
  if (/^(text\/xml)$/.test(n)) return version === '2.0.0' ? 'gml32' : 'gml311';
  if (/^(application\/json|application\/geo\+json|json|geojson)$/.test(n)) return 'geojson';
  if (/^(text\/csv|csv)$/.test(n)) return 'csv';
  throw new OwsException('InvalidParameterValue', `Output format "${name}" is not supported`, 'outputFormat');
}

export function contentType(format: FeatureFormat): string {
  switch (format) {
    case 'gml32': return 'application/gml+xml; version=3.2; charset=utf-8';
    case 'gml311': return 'text/xml; subtype=gml/3.1.1; charset=utf-8';
    case 'geojson': return 'application/geo+json; charset=utf-8';
    case 'csv': return 'text/csv; charset=utf-8';
  }
}
