// OGC API – Features at /ogcapi: thin adapter from REST resources to the catalogue and the feature-query core.
import { Router, type Request, type Response } from 'express';
import type { Layer } from '../../catalog/types.ts';
import { HttpProblem } from '../../errors/service-error.ts';
import { describedLayer, downloadableLayer } from '../../catalog/download-terms.ts';
import { sinkTo } from '../../http/sink.ts';
import { countFeatures, featureKey, geoJsonPage, matchedFromPage, planQuery, SMALL_PAGE, streamFeatures, type FeatureRow } from '../../query/feature-query.ts';
import { FilterError } from '../../query/filter.ts';
import { featureJson } from '../../formats/geojson.ts';
import { formatsOf, streamWriterOf, type FeatureOutput } from '../../formats/registry.ts';
import { baseUrl, clientGone, requestRole, type ServiceContext } from '../context.ts';
import { CONFORMANCE, collectionDocument, landingPage, queryables, type Link } from './collections.ts';
import { itemsRequest, type Cql2Parser } from './items-request.ts';
import { openApi } from './openapi.ts';
import { anchor, linkList, page, paragraph, table } from './html.ts';
import { crsUri } from '../../crs/names.ts';

/** The items' formats: the format registry's OGC API formats (f=json is GeoJSON), and the HTML page. */
const ITEM_FORMATS = formatsOf('ogcapi');
const ITEM_F = [...ITEM_FORMATS.map((f) => f.surfaces.ogcapi!.f), 'html'];

/** The f= of a request (or what its Accept header prefers: HTML for browsers, otherwise JSON). */
function format(req: Request, offered: readonly string[] = ['json', 'html']): string {
  const f = typeof req.query.f === 'string' ? req.query.f : undefined;
  if (f !== undefined) {
    if (offered.includes(f)) return f;
    throw new HttpProblem(400, 'Bad Request', `Format f=${f} is not offered (${offered.join(', ')})`, { parameter: 'f' });
  }
  const accept = req.get('accept') ?? '';
  return /text\/html/.test(accept) && !/json/.test(accept) ? 'html' : 'json';
}

function queryOf(req: Request): URLSearchParams {
  const i = req.originalUrl.indexOf('?');
  return new URLSearchParams(i < 0 ? '' : req.originalUrl.slice(i + 1));
}

function withParams(url: string, params: URLSearchParams, changes: Record<string, string | undefined>): string {
  const p = new URLSearchParams(params);
  for (const [k, v] of Object.entries(changes)) { if (v === undefined) p.delete(k); else p.set(k, v); }
  const s = p.toString();
  return s ? `${url}?${s}` : url;
}

export function ogcApiRouter(ctx: ServiceContext, parseCql2: Cql2Parser): Router {
  const router = Router();
  const base = (req: Request) => `${baseUrl(req, ctx.config)}/ogcapi`;

  function layerOf(req: Request): Layer {
    const id = String(req.params.collectionId);
    const layer = ctx.catalog.visibleLayers(requestRole(req)).find((l) => l.name === id);
    if (!layer) throw new HttpProblem(404, 'Not Found', `Collection ${id} does not exist`);
    return layer;
  }

  /** The collection whose features are handed out: as the download terms allow the caller (catalog/download-terms.ts). */
  function itemsLayerOf(req: Request): Layer {
    return downloadableLayer(layerOf(req), requestRole(req), ctx.config.downloadTerms, 'collectionId');
  }

  router.get('/ogcapi', (req, res) => {
    const doc = landingPage(base(req));
    if (format(req) === 'html') return void res.type('html').send(page(doc.title, paragraph(doc.description) + linkList(doc.links), base(req)));
    res.json(doc);
  });

  router.get('/ogcapi/conformance', (req, res) => {
    if (format(req) === 'html') return void res.type('html').send(page('Conformance', `<ul>${CONFORMANCE.map((c) => `<li><code>${c}</code></li>`).join('')}</ul>`, base(req)));
    res.json({ conformsTo: CONFORMANCE });
  });

  router.get(['/ogcapi/api', '/ogcapi/api.html'], (req, res) => {
    const role = requestRole(req);
    const doc = openApi(ctx.catalog.visibleLayers(role).map((l) => describedLayer(l, role, ctx.config.downloadTerms)), role, base(req), ctx.config.limits);
    if (req.path.endsWith('.html') || format(req) === 'html') {
      const rows = Object.entries(doc.paths as Record<string, { get: { summary: string } }>).map(([p, v]) => [p, v.get.summary]);
      return void res.type('html').send(page('API', paragraph('Definicja OpenAPI 3.0: ') + anchor(`${base(req)}/api`, 'api (JSON)') + table(['Ścieżka', 'Opis'], rows), base(req)));
    }
    res.type('application/vnd.oai.openapi+json;version=3.0').send(JSON.stringify(doc));
  });

  router.get('/ogcapi/collections', (req, res) => {
    const layers = ctx.catalog.visibleLayers(requestRole(req));
    const collections = layers.map((l) => collectionDocument(l, base(req)));
    const links: Link[] = [
      { href: `${base(req)}/collections`, rel: 'self', type: 'application/json', title: 'this document' },
      { href: `${base(req)}/collections?f=html`, rel: 'alternate', type: 'text/html', title: 'this document as HTML' },
    ];
    if (format(req) === 'html') {
      const rows = layers.map((l) => [l.name, l.title.pl, l.abstract.pl]);
      const body = table(['Kolekcja', 'Tytuł', 'Opis'], rows).replace(/<td>([a-z_]+)<\/td>/g, (_m, id: string) => `<td><a href="${base(req)}/collections/${id}?f=html">${id}</a></td>`);
      return void res.type('html').send(page('Kolekcje', body, base(req)));
    }
    res.json({ links, collections });
  });

  router.get('/ogcapi/collections/:collectionId', (req, res) => {
    const layer = layerOf(req);
    const doc = collectionDocument(layer, base(req));
    if (format(req) === 'html') return void res.type('html').send(page(layer.title.pl, paragraph(layer.abstract.pl) + linkList(doc.links as Link[]), base(req)));
    res.json(doc);
  });

  router.get('/ogcapi/collections/:collectionId/queryables', (req, res) => {
    // A partly free collection's queryables are those of its free part (catalog/download-terms.ts describedLayer).
    const layer = describedLayer(layerOf(req), requestRole(req), ctx.config.downloadTerms);
    const doc = queryables(layer, requestRole(req), base(req));
    if (format(req) === 'html') {
      const rows = Object.entries(doc.properties as Record<string, { title: string; type?: string; format?: string }>).map(([k, v]) => [k, v.title, v.type ?? v.format ?? '']);
      return void res.type('html').send(page(`${layer.title.pl}: queryables`, table(['Nazwa', 'Tytuł', 'Typ'], rows), base(req)));
    }
    res.type('application/schema+json').send(JSON.stringify(doc));
  });

  router.get('/ogcapi/collections/:collectionId/items', async (req, res) => {
    const layer = itemsLayerOf(req);
    const role = requestRole(req);
    const f = format(req, ITEM_F);
    const params = queryOf(req);
    const r = itemsRequest(layer, role, params, ctx.config.limits, parseCql2);
    // A FilterError is a 400 problem naming the parameter (server/errors/causes.ts).
    const plan = planQuery(r.query);
    // The JSON page says numberMatched (optional in OGC API – Features, 17-069r4 §7.15.4) and its next link after
    // the features: a page with fewer features than the limit knows it without a count (matchedFromPage); a full
    // page, an empty one past the end and the HTML page (which says it before the table) are counted.
    const counted = f === 'html' ? await countFeatures(ctx.db, plan) : undefined;
    const url = `${base(req)}/collections/${layer.name}/items`;
    const links: Link[] = [
      { href: withParams(url, params, { f: 'json' }), rel: 'self', type: 'application/geo+json', title: 'this document' },
      { href: withParams(url, params, { f: 'html' }), rel: 'alternate', type: 'text/html', title: 'this document as HTML' },
    ];
    // The next page in the size the server prefers when the client asked for less: clients that page to the end by
    // next links (GDAL 3.6 asks for limit=10, 1,809 requests for przewody) need fewer requests; the link's URL is
    // the server's to choose (OGC 17-069r4 §7.15, "Response": next links), and offsets keep every feature exactly once.
    const nextLimit = Math.min(Math.max(r.limit, ctx.config.limits.preferredPageSize), ctx.config.limits.maxFeatures);
    const pageLinks = (numberMatched: number): Link[] => {
      const out = [...links];
      if (r.offset + r.limit < numberMatched) out.push({ href: withParams(url, params, { offset: String(r.offset + r.limit), limit: String(nextLimit) }), rel: 'next', type: 'application/geo+json', title: 'next page' });
      if (r.offset > 0) out.push({ href: withParams(url, params, { offset: String(Math.max(0, r.offset - r.limit)), limit: String(r.limit) }), rel: 'prev', type: 'application/geo+json', title: 'previous page' });
      return out;
    };
    res.set('Content-Crs', `<${crsUri(r.crs.crs)}>`);
    if (f === 'html') {
      const numberMatched = counted!;
      const rows: FeatureRow[] = [];
      for await (const b of streamFeatures(ctx.db, r.query, plan, clientGone(req))) rows.push(...b);
      const headers = ['id', ...plan.attributes.map((a) => a.title.pl)];
      const body = paragraph(`Obiekty ${r.offset + 1}–${r.offset + rows.length} z ${numberMatched}.`) + linkList(pageLinks(numberMatched).slice(2))
        + table(headers, rows.map((row) => [row.id, ...plan.attributes.map((a) => row.properties[a.name])]))
          .replace(/<td>([a-z_]+\.\d+)<\/td>/g, (_m, id: string) => `<td><a href="${base(req)}/collections/${layer.name}/items/${id}?f=html">${id}</a></td>`);
      return void res.type('html').send(page(`${layer.title.pl}: obiekty`, body, base(req)));
    }
    const spec = ITEM_FORMATS.find((x) => x.surfaces.ogcapi!.f === f)!;
    const output: FeatureOutput = {
      parts: [{
        layer, rows: () => streamFeatures(ctx.db, r.query, plan!, clientGone(req)),
        // A small page comes written as GeoJSON by PostgreSQL (used unless the axes are swapped).
        ...(plan.geoJson && r.limit <= SMALL_PAGE ? { geoJson: () => geoJsonPage(ctx.db, plan) } : {}),
      }], layers: [layer], attributesOf: () => plan!.attributes,
      crs: { definition: r.crs.crs, name: r.crsName, axisOrder: r.crs.axisOrder }, swapAxes: r.crs.axisOrder === 'yx',
      numberMatched: 'unknown', numberReturned: r.limit, timeStamp: new Date().toISOString(),
    };
    output.head = { timeStamp: output.timeStamp };
    output.tail = async (n) => {
      const numberMatched = matchedFromPage(r.offset, r.limit, n) ?? await countFeatures(ctx.db, plan);
      return { numberMatched, numberReturned: n, links: pageLinks(numberMatched) };
    };
    res.status(200).type(spec.mediaType);
    await streamWriterOf(spec).write(sinkTo(res), output);
    res.end();
  });

  router.get('/ogcapi/collections/:collectionId/items/:featureId', async (req, res) => {
    const layer = itemsLayerOf(req);
    const role = requestRole(req);
    const id = String(req.params.featureId);
    const key = featureKey(layer, id);
    if (key === undefined) throw new HttpProblem(404, 'Not Found', `Feature ${id} does not exist in ${layer.name}`);
    const params = queryOf(req);
    const r = itemsRequest(layer, role, new URLSearchParams([...params].filter(([k]) => k === 'crs' || k === 'f')), ctx.config.limits, parseCql2);
    const query = { ...r.query, filter: { op: 'resourceId' as const, ids: [id] }, offset: 0, limit: 1 };
    const plan = planQuery(query);
    const rows: FeatureRow[] = [];
    for await (const b of streamFeatures(ctx.db, query, plan, clientGone(req))) rows.push(...b);
    const row = rows[0];
    if (!row) throw new HttpProblem(404, 'Not Found', `Feature ${id} does not exist in ${layer.name}`);
    res.set('Content-Crs', `<${crsUri(r.crs.crs)}>`);
    if (format(req) === 'html') {
      return void res.type('html').send(page(`${layer.title.pl}: ${id}`, table(['Atrybut', 'Wartość'], plan.attributes.map((a) => [a.title.pl, row.properties[a.name]])), base(req)));
    }
    const url = `${base(req)}/collections/${layer.name}/items/${id}`;
    const feature = JSON.parse(featureJson(row, r.crs.axisOrder === 'yx')) as Record<string, unknown>;
    feature.links = [
      { href: url, rel: 'self', type: 'application/geo+json' },
      { href: `${url}?f=html`, rel: 'alternate', type: 'text/html' },
      { href: `${base(req)}/collections/${layer.name}`, rel: 'collection', type: 'application/json' },
    ];
    res.type('application/geo+json').send(JSON.stringify(feature));
  });

  return router;
}
