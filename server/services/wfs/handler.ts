// WFS operations: capabilities, schema, features, property values, stored queries.
import type { Request, Response } from 'express';
import type { Role } from '../../catalog/roles.ts';
import { OwsException } from '../../errors/service-error.ts';
import { list, type Kvp } from '../ows/params.ts';
import type { ServiceContext } from '../context.ts';
import { capabilities11, capabilities20 } from './capabilities.ts';
import { describeFeatureTypes } from './describe.ts';
import { getFeature, getPropertyValue, resolveLayer, type GetFeatureParams } from './get-feature.ts';
import { describeStoredQueries, listStoredQueries } from './stored-queries.ts';
import { getFeatureFromKvp, kvpPrefixes, type FesParser } from './kvp-request.ts';
import { canonicalTypeName } from './type-names.ts';
import { describedLayer } from '../../catalog/download-terms.ts';

export type WfsVersion = '2.0.0' | '1.1.0';

export const WFS_OPERATIONS = ['GetCapabilities', 'DescribeFeatureType', 'GetFeature', 'GetPropertyValue', 'ListStoredQueries', 'DescribeStoredQueries'] as const;
const UNSUPPORTED = ['Transaction', 'LockFeature', 'GetFeatureWithLock', 'CreateStoredQuery', 'DropStoredQuery', 'GetGmlObject'];

/** Version of a non-capabilities request: 2.0.x → 2.0.0, 1.1.0; none → 2.0.0 (GDAL sends none). */
export function operationVersion(value: string | undefined): WfsVersion {
  if (!value) return '2.0.0';
  if (/^2\.0\.[0-2]$/.test(value)) return '2.0.0';
  if (value === '1.1.0') return '1.1.0';
  throw new OwsException('InvalidParameterValue', `WFS version ${value} is not supported (2.0.0, 1.1.0)`, 'version');
}

/** Capabilities version negotiation (OWS Common): the first of AcceptVersions we support. */
export function negotiateVersion(acceptVersions: string | undefined, version: string | undefined): WfsVersion {
  if (acceptVersions) {
    for (const v of list(acceptVersions)) {
      if (/^2\.0\.[0-2]$/.test(v)) return '2.0.0';
      if (v === '1.1.0') return '1.1.0';
    }
    throw new OwsException('VersionNegotiationFailed', `None of the versions ${acceptVersions} is supported (2.0.0, 1.1.0)`, 'AcceptVersions');
  }
  if (version === '1.1.0') return '1.1.0';
  return '2.0.0';
}

export function canonicalOperation(name: string): string {
  const all = [...WFS_OPERATIONS, ...UNSUPPORTED];
  const match = all.find((o) => o.toLowerCase() === name.toLowerCase());
  if (!match) throw new OwsException('OperationNotSupported', `Operation ${name} is not supported by this WFS`, 'request');
  if (UNSUPPORTED.includes(match)) throw new OwsException('OperationNotSupported', `Operation ${match} is not offered: this WFS is read-only (Basic WFS)`, 'request');
  return match;
}

export interface WfsCall {
  operation: string;
  version: WfsVersion;
  kvp?: Kvp;
  /** Parsed parameters of a POSTed GetFeature/GetPropertyValue. */
  getFeature?: GetFeatureParams & { valueReference?: string };
  typeNames?: string[];
  storedQueryIds?: string[];
}

export async function handleWfs(call: WfsCall, ctx: ServiceContext, role: Role, req: Request, res: Response, serviceUrl: string, parseFes: FesParser): Promise<void> {
  const layers = ctx.catalog.visibleLayers(role);
  switch (call.operation) {
    case 'GetCapabilities': {
      const c = { serviceUrl, layers, maxFeatures: ctx.config.limits.maxFeatures };
      res.type('application/xml').send(call.version === '2.0.0' ? capabilities20(c) : capabilities11(c));
      return;
    }
    case 'DescribeFeatureType': {
      const names = call.typeNames ?? (call.kvp ? list(call.kvp.first('TYPENAMES', 'TYPENAME')).map((n) => canonicalTypeName(n, kvpPrefixes(call.kvp!))) : []);
      // A partly free layer is described as its free part, the form its features take (catalog/download-terms.ts).
      const chosen = (names.length ? names.map((n) => resolveLayer(ctx, n, role)) : layers).map((l) => describedLayer(l, role, ctx.config.downloadTerms));
      const format = call.kvp?.get('OUTPUTFORMAT');
      if (format && !/gml|xml|xsd/i.test(format)) throw new OwsException('InvalidParameterValue', `Output format ${format} is not supported for DescribeFeatureType`, 'outputFormat');
      // Layers of several namespaces (or none named: every layer) get a wrapper importing each namespace's schema.
      const describeUrl = (typeNames: string[]) => `${serviceUrl}?SERVICE=WFS&VERSION=${call.version}&REQUEST=DescribeFeatureType&TYPENAMES=${encodeURIComponent(typeNames.join(','))}`;
      res.type(call.version === '2.0.0' ? 'application/gml+xml; version=3.2' : 'text/xml; subtype=gml/3.1.1').send(describeFeatureTypes(chosen, role, call.version === '2.0.0', describeUrl));
      return;
    }
    case 'GetFeature': {
      const p = call.getFeature ?? getFeatureFromKvp(call.kvp!, call.version, `${serviceUrl}?${new URL(req.originalUrl, 'http://x').searchParams}`, parseFes);
      await getFeature(p, ctx, role, req, res);
      return;
    }
    case 'GetPropertyValue': {
      if (call.version !== '2.0.0') throw new OwsException('OperationNotSupported', 'GetPropertyValue is a WFS 2.0 operation', 'request');
      const p = call.getFeature ?? { ...getFeatureFromKvp(call.kvp!, '2.0.0', '', parseFes), valueReference: call.kvp!.required('VALUEREFERENCE') };
      if (!p.valueReference) throw new OwsException('MissingParameterValue', 'Parameter valueReference is required', 'valueReference');
      await getPropertyValue({ ...p, valueReference: p.valueReference }, ctx, role, req, res);
      return;
    }
    case 'ListStoredQueries':
      res.type('application/xml').send(listStoredQueries(layers));
      return;
    case 'DescribeStoredQueries': {
      const ids = call.storedQueryIds ?? list(call.kvp?.get('STOREDQUERY_ID'));
      res.type('application/xml').send(describeStoredQueries(ids, layers));
      return;
    }
  }
}
