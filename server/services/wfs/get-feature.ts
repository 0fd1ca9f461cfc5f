// WFS GetFeature and GetPropertyValue: protocol parameters in, neutral feature queries through the core,
// a format writer out. No SQL here.
import type { Request, Response } from 'express';
import xmlbuilder from 'xmlbuilder';
import type { Layer } from '../../catalog/types.ts';
import type { Role } from '../../catalog/roles.ts';
import type { Filter } from '../../query/filter.ts';
import { FilterError } from '../../query/filter.ts';
import { countFeatures, geoJsonPage, matchedFromPage, planQuery, SMALL_PAGE, streamFeatures, type FeatureQuery, type FeatureRow, type PlannedQuery, type SortKey } from '../../query/feature-query.ts';
import { resolveCrs, type ResolvedCrs } from '../../crs/names.ts';
import { NATIVE_CRS } from '../../crs/definitions.ts';
import { crsUri, crsUrn, echoedSrsName } from '../../crs/names.ts';
import { featureGml, namespaceAttributes } from '../../formats/gml-features.ts';
import { featureJson } from '../../formats/geojson.ts';
import { streamWriterOf, type FeatureOutput, type FormatSpec } from '../../formats/registry.ts';
import { writeGmlGeometry } from '../../formats/gml-geometry.ts';
import type { Geometry } from 'geojson';
import { NS } from '../../formats/namespaces.ts';
import { sinkTo } from '../../http/sink.ts';
import { OwsException } from '../../errors/service-error.ts';
import { downloadableLayer } from '../../catalog/download-terms.ts';
import { clientGone, type ServiceContext } from '../context.ts';
import { contentType, featureFormat } from './formats.ts';

export interface WfsQuery {
  typeNames: string[];
  filter?: Filter;
  properties?: string[];
  sortBy?: SortKey[];
  srsName?: string;
}

export interface GetFeatureParams {
  version: '2.0.0' | '1.1.0';
  queries: WfsQuery[];
  count?: number;
  startIndex: number;
  resultType: 'results' | 'hits';
  outputFormat?: string;
  /** The URL of this request with its KVP, for next/previous links (GET only). */
  selfUrl?: string;
  /** GetFeatureById: answer the bare feature, 404 when it does not exist. */
  byId?: boolean;
}

interface ResolvedQuery { layer: Layer; query: FeatureQuery; plan: PlannedQuery }

const DEFAULT_SRS = crsUrn(NATIVE_CRS);

/**
 * SRSNAME of WFS 1.1/2.0: EPSG:nnnn is x/y, the URN/URI forms follow the CRS (README, "CRS names and axis
 * order"); `name` is the srsName echoed in the answer, saying which order was written.
 */
export function resolveSrs(name: string | undefined, _version: string): { name: string; resolved: ResolvedCrs } {
  const srsName = name ?? DEFAULT_SRS;
  const resolved = resolveCrs(srsName, true);
  if (!resolved) throw new OwsException('InvalidParameterValue', `CRS ${srsName} is not supported`, 'srsName');
  return { name: echoedSrsName(srsName, resolved), resolved };
}

export function resolveLayer(ctx: ServiceContext, typeName: string, role: Role): Layer {
  const layer = ctx.catalog.layer(typeName.trim(), role);
  if (!layer) throw new OwsException('InvalidParameterValue', `Feature type ${typeName} is not known`, 'typeNames');
  return layer;
}

/** A layer whose features are handed out: as the download terms allow this role (catalog/download-terms.ts). */
function downloadLayer(ctx: ServiceContext, typeName: string, role: Role): Layer {
  return downloadableLayer(resolveLayer(ctx, typeName, role), role, ctx.config.downloadTerms, 'typeNames');
}

/** Plans a query; a FilterError is answered as InvalidParameterValue with its locator (server/errors/causes.ts). */
function plan(q: FeatureQuery): PlannedQuery {
  return planQuery(q);
}

function pageUrl(selfUrl: string, startIndex: number, count: number): string {
  const url = new URL(selfUrl);
  for (const key of [...url.searchParams.keys()]) if (/^(startindex|count|maxfeatures)$/i.test(key)) url.searchParams.delete(key);
  url.searchParams.set('STARTINDEX', String(startIndex));
  url.searchParams.set('COUNT', String(count));
  return url.toString();
}

export async function getFeature(p: GetFeatureParams, ctx: ServiceContext, role: Role, req: Request, res: Response): Promise<void> {
  const max = ctx.config.limits.maxFeatures;
  const count = Math.min(p.count ?? max, max);
  const format = featureFormat(p.outputFormat, p.version);
  const resolved: ResolvedQuery[] = [];
  let srs: { name: string; resolved: ResolvedCrs } | undefined;
  for (const q of p.queries) {
    srs ??= resolveSrs(q.srsName, p.version);
    for (const typeName of q.typeNames) {
      const layer = downloadLayer(ctx, typeName, role);
      const query: FeatureQuery = { layer, role, properties: q.properties, filter: q.filter, sortBy: q.sortBy, offset: 0, limit: count, crs: srs.resolved.crs };
      resolved.push({ layer, query, plan: plan(query) });
    }
  }
  if (resolved.length === 0) throw new OwsException('MissingParameterValue', 'Parameter typeNames is required', 'typeNames');
  srs ??= resolveSrs(undefined, p.version);

  // GeoJSON writes numberMatched after the features, so a one-type page that is not full knows it without a count
  // (matchedFromPage): a 500 m box of parcels, the last page of a download. A full page is counted after it is
  // written. GML says numberMatched and next on its root element, before the features: counted first, as are
  // several type names (the page is split over them by their counts) and RESULTTYPE=hits, which asks for the count.
  const deferred = format.id === 'geojson' && p.resultType === 'results' && !p.byId && resolved.length === 1;
  const matched = deferred ? [] : await Promise.all(resolved.map((r) => countFeatures(ctx.db, r.plan)));
  const numberMatched = matched.reduce((a, b) => a + b, 0);
  // Distribute the page [startIndex, startIndex + count) over the queries in order.
  let skip = p.startIndex;
  let remaining = p.resultType === 'hits' ? 0 : count;
  const slices: ResolvedQuery[] = [];
  if (deferred && count > 0) {
    const r = resolved[0]!;
    const query = { ...r.query, offset: p.startIndex, limit: count };
    slices.push({ layer: r.layer, query, plan: plan(query) });
  }
  if (!deferred) resolved.forEach((r, i) => {
    const n = matched[i]!;
    const offset = Math.min(skip, n);
    skip -= offset;
    const take = Math.min(n - offset, remaining);
    remaining -= take;
    if (take > 0) {
      const query = { ...r.query, offset, limit: take };
      slices.push({ layer: r.layer, query, plan: plan(query) });
    }
  });
  const numberReturned = slices.reduce((a, s) => a + s.query.limit, 0);

  if (p.byId) {
    const only = slices[0];
    if (!only || numberMatched === 0) throw new OwsException('NotFound', 'No feature with this identifier', 'ID', 404);
    return writeBareFeature(ctx, only, srs, format, req, res);
  }

  const signal = clientGone(req);
  const layers = [...new Set(resolved.map((r) => r.layer))];
  const attributes = new Map(resolved.map((r) => [r.layer, r.plan.attributes] as const));
  const pageSize = p.count ?? max;
  const nextOf = (matchedAll: number) => (p.selfUrl && p.startIndex + pageSize < matchedAll ? pageUrl(p.selfUrl, p.startIndex + pageSize, pageSize) : undefined);
  const next = nextOf(numberMatched);
  const previous = p.selfUrl && p.startIndex > 0 ? pageUrl(p.selfUrl, Math.max(0, p.startIndex - pageSize), pageSize) : undefined;
  const timeStamp = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const describeUrl = (typeNames: string[]) => `${p.selfUrl ? new URL(p.selfUrl).origin + new URL(p.selfUrl).pathname : ''}?SERVICE=WFS&VERSION=${p.version}&REQUEST=DescribeFeatureType&TYPENAMES=${encodeURIComponent(typeNames.join(','))}`;
  const output: FeatureOutput = {
    parts: slices.map((s) => ({
      layer: s.layer, rows: () => streamFeatures(ctx.db, s.query, s.plan, signal),
      // A small page comes written as GeoJSON by PostgreSQL: one statement, one string, no row objects in Node.
      ...(s.plan.geoJson && s.query.limit <= SMALL_PAGE ? { geoJson: () => geoJsonPage(ctx.db, s.plan) } : {}),
    })),
    layers, attributesOf: (l) => attributes.get(l) ?? [],
    crs: { definition: srs.resolved.crs, name: srs.name, axisOrder: srs.resolved.axisOrder }, crsMember: true,
    numberMatched, numberReturned, hits: p.resultType === 'hits', timeStamp, next, previous, describeUrl,
    head: deferred ? { timeStamp } : { numberMatched, timeStamp },
    tail: deferred
      ? async (n) => {
        const all = matchedFromPage(p.startIndex, count, n) ?? await countFeatures(ctx.db, resolved[0]!.plan);
        const after = nextOf(all);
        return { numberMatched: all, numberReturned: n, ...(after ? { links: [{ rel: 'next', href: after, type: 'application/geo+json' }] } : {}) };
      }
      : (n) => ({ numberReturned: n, ...(next ? { links: [{ rel: 'next', href: next, type: 'application/geo+json' }] } : {}) }),
  };
  res.status(200).type(contentType(format));
  // GeoJSON is x/y whatever the SRSNAME form; its CRS is said in Content-Crs (as in OGC API – Features Part 2) and,
  // for clients of the 2008 GeoJSON format, in one top-level crs member (formats/geojson.ts, legacyCrsMember).
  if (format.id === 'geojson') res.set('Content-Crs', `<${crsUri(srs.resolved.crs)}>`);
  if (count <= SMALL_PAGE) {
    // A small page is sent in one write with its Content-Length, instead of chunks as it is written: fewer socket
    // writes (a profile of 500 m boxes spent a fifth of the server's CPU in them), and a database error before the
    // end is still an exception report instead of a cut-off body.
    const chunks: Buffer[] = [];
    await streamWriterOf(format).write(async (chunk) => { chunks.push(Buffer.from(chunk, 'utf8')); }, output);
    const body = Buffer.concat(chunks);
    res.setHeader('Content-Length', body.length);
    res.end(body);
    return;
  }
  await streamWriterOf(format).write(sinkTo(res), output);
  res.end();
}

async function writeBareFeature(ctx: ServiceContext, s: ResolvedQuery, srs: { name: string; resolved: ResolvedCrs }, format: FormatSpec, req: Request, res: Response): Promise<void> {
  const rows: FeatureRow[] = [];
  for await (const batch of streamFeatures(ctx.db, s.query, s.plan, clientGone(req))) rows.push(...batch);
  const row = rows[0]!;
  if (format.id === 'geojson') {
    res.status(200).type('application/geo+json').send(featureJson(row));
    return;
  }
  const gml32 = format.id === 'gml';
  const body = '<?xml version="1.0" encoding="UTF-8"?>' + featureGml(s.layer, row, { srsName: srs.name, axisOrder: srs.resolved.axisOrder, gml32 },
    { 'xmlns:gml': gml32 ? NS.gml32 : NS.gml31, ...namespaceAttributes([s.layer]) });
  res.status(200).type(gml32 ? 'application/gml+xml; version=3.2' : 'text/xml').send(body);
}

/** GetPropertyValue: the values of one property (or @gml:id) of the matching features. */
export async function getPropertyValue(p: GetFeatureParams & { valueReference: string }, ctx: ServiceContext, role: Role, req: Request, res: Response): Promise<void> {
  const q = p.queries[0];
  if (!q || q.typeNames.length !== 1) throw new OwsException('InvalidParameterValue', 'GetPropertyValue takes exactly one type name', 'typeNames');
  const layer = downloadLayer(ctx, q.typeNames[0]!, role);
  const ref = p.valueReference.replace(/^[A-Za-z_][\w.-]*:(?!id$)/, '').replace(/^.*\//, '');
  const isId = /^@(gml:)?id$/.test(p.valueReference.trim());
  const srs = resolveSrs(q.srsName, p.version);
  const max = ctx.config.limits.maxFeatures;
  const count = Math.min(p.count ?? max, max);
  const isGeometry = ref === layer.geometry.column;
  const query: FeatureQuery = {
    layer, role, filter: q.filter, sortBy: q.sortBy, offset: p.startIndex, limit: p.resultType === 'hits' ? 0 : count, crs: srs.resolved.crs,
    properties: isId || isGeometry ? [] : [ref], withoutGeometry: !isGeometry,
  };
  let planned: PlannedQuery;
  try {
    planned = planQuery(query);
  } catch (err) {
    // The property of GetPropertyValue is its VALUEREFERENCE parameter, not a PROPERTYNAME.
    if (err instanceof FilterError && err.locator === 'PROPERTYNAME') throw new FilterError(err.message, 'valueReference');
    throw err;
  }
  const numberMatched = await countFeatures(ctx.db, planned);
  const rows: FeatureRow[] = [];
  for await (const batch of streamFeatures(ctx.db, query, planned, clientGone(req))) rows.push(...batch);
  const chunks: string[] = [];
  const w = xmlbuilder.begin((c) => { chunks.push(c); });
  w.dec('1.0', 'UTF-8');
  w.ele('wfs:ValueCollection', {
    'xmlns:wfs': NS.wfs20, 'xmlns:gml': NS.gml32, 'xmlns:xsi': NS.xsi, ...namespaceAttributes([layer]),
    'xsi:schemaLocation': `${NS.wfs20} http://schemas.opengis.net/wfs/2.0/wfs.xsd`,
    timeStamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'), numberMatched: String(numberMatched), numberReturned: String(rows.length),
  });
  for (const row of rows) {
    w.ele('wfs:member');
    if (isId) w.text(row.id);
    else if (isGeometry) {
      writeGmlGeometry(w, JSON.parse(row.geometry!) as Geometry, `${row.id}.g`, { srsName: srs.name, axisOrder: srs.resolved.axisOrder, ids: true });
    } else {
      const v = row.properties[ref];
      if (v !== null && v !== undefined) w.ele(`${layer.namespace}:${ref}`, v instanceof Date ? v.toISOString() : String(v)).up();
    }
    w.up();
  }
  w.up();
  w.end();
  res.status(200).type('application/gml+xml; version=3.2').send(chunks.join(''));
}
