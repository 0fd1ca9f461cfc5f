// The catalogue for the web client: the output formats (/api/formats), the six portals and, per caller's role, the layers it may see with their
// titles, legend, attribute titles and how they map onto the vector-tile style. Everything is derived from the
// layer catalogue and the portal descriptions; nothing here is written twice.
import { Router, type Request } from 'express';
import type { ServiceContext } from '../context.ts';
import { baseUrl, requestRole } from '../context.ts';
import { PORTALS, portalById, type PortalSpec } from '../../catalog/portals.ts';
import { visibleAttributes } from '../../catalog/catalog.ts';
import type { Layer, ThreedRole } from '../../catalog/types.ts';
import { TERRAIN_MODELS } from '../../catalog/terrain.ts';
import type { Role } from '../../catalog/roles.ts';
import { transform } from '../../crs/definitions.ts';
import { HttpProblem } from '../../errors/service-error.ts';
import { FORMATS, formatDescription } from '../../formats/registry.ts';
import { LAYER_TERMS, TERMS, termsBasis } from '../../catalog/terms.ts';

export interface ClientLayer {
  typeName: string;
  /** The OGC API – Features collection of the layer (its items by feature id). */
  collection: string;
  title: { pl: string; en: string };
  group: { pl: string; en: string };
  geometryType: string;
  /** A layer that is a fixed selection of another (one network branch of all lines): drawn by the parent's style. */
  parent?: string;
  /** The parent's features this layer stands for: attribute = value. */
  selection?: { attribute: string; value: string };
  legendUrl: string;
  /** Scale denominators between which the layer is drawn. */
  scale?: { min?: number; max?: number };
  attributes: { name: string; title: { pl: string; en: string } }[];
  /** Its parts in the 3D view (the catalogue's `threed`): a planned building opens there with its shadow study. */
  threed?: readonly ThreedRole[];
}

function clientLayers(layers: readonly Layer[], role: Role, base: string): ClientLayer[] {
  const wholeTable = new Map(layers.filter((l) => !l.where).map((l) => [l.table, l.typeName]));
  return layers.map((l) => {
    const parent = l.where ? wholeTable.get(l.table) : undefined;
    const legend = new URLSearchParams({ SERVICE: 'WMS', VERSION: '1.3.0', REQUEST: 'GetLegendGraphic', LAYER: l.typeName, FORMAT: 'image/png', SLD_VERSION: '1.1.0' });
    return {
      typeName: l.typeName, collection: l.name, title: l.title, group: l.group, geometryType: l.geometry.type,
      ...(parent && l.where ? { parent, selection: { attribute: l.where.column, value: l.where.value } } : {}),
      legendUrl: `${base}/ows?${legend}`,
      ...(l.scale ? { scale: l.scale } : {}),
      attributes: visibleAttributes(l, role).map((a) => ({ name: a.name, title: a.title })),
      ...(l.threed ? { threed: l.threed } : {}),
    };
  });
}

function portalSummary(p: PortalSpec) {
  return { id: p.id, title: p.title, audience: p.audience, description: p.description, accent: p.accent, href: `/portal/${p.id}` };
}

/** The data extent of the visible layers in CRS:84 [w, s, e, n]. */
function extent84(layers: readonly Layer[]): [number, number, number, number] | undefined {
  const boxes = layers.map((l) => l.extent).filter((e): e is [number, number, number, number] => !!e);
  if (!boxes.length) return undefined;
  const [minx, miny, maxx, maxy] = [Math.min(...boxes.map((b) => b[0])), Math.min(...boxes.map((b) => b[1])), Math.max(...boxes.map((b) => b[2])), Math.max(...boxes.map((b) => b[3]))];
  const sw = transform('EPSG:2177', 'CRS:84', [minx, miny]);
  const ne = transform('EPSG:2177', 'CRS:84', [maxx, maxy]);
  return [sw[0], sw[1], ne[0], ne[1]];
}

export function catalogueRouter(ctx: ServiceContext): Router {
  const router = Router();
  const base = (req: Request) => baseUrl(req, ctx.config);

  router.get('/api/portals', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300').json({ portals: PORTALS.map(portalSummary) });
  });

  // The output formats and where each is offered (the download menu is built from it).
  // The terms of every material (free by law or charged by the tariff through an order) and which layers are which.
  router.get('/api/terms', (_req, res) => {
    res.json({
      materials: TERMS.map((t) => ({ id: t.id, title: t.nazwa, where: t.where, fee: t.fee, tariffRow: t.tariffRow ?? null, legalBasis: termsBasis(t) })),
      layers: Object.entries(LAYER_TERMS).map(([layer, v]) => ({ layer, terms: v.terms, ...(v.free ? { free: v.free } : {}) })),
    });
  });
  router.get('/api/formats', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300').json({ formats: FORMATS.map(formatDescription) });
  });

  router.get('/api/portals/:id', (req, res) => {
    const portal = portalById(String(req.params.id));
    if (!portal) throw new HttpProblem(404, 'Not Found', `No portal "${String(req.params.id)}"; the portals are ${PORTALS.map((p) => p.id).join(', ')}`);
    const role = requestRole(req);
    const layers = ctx.catalog.visibleLayers(role);
    const known = new Set(layers.map((l) => l.typeName));
    res.set('Cache-Control', 'private, max-age=60').set('Vary', 'Cookie, Authorization, X-API-Key').json({
      ...portalSummary(portal),
      tools: portal.tools,
      search: portal.search,
      sheetScale: portal.sheetScale ?? 1000,
      ...(portal.startScale ? { startScale: portal.startScale } : {}),
      role,
      // Layers the portal names but the catalogue or the role lacks are left out, not an error.
      defaultLayers: portal.layers.filter((t) => known.has(t)),
      layers: clientLayers(layers, role, base(req)),
      // The terrain models an extract may crop (catalog/terrain.ts).
      terrainModels: TERRAIN_MODELS.kinds.map((k) => ({ id: k.id, title: k.title })),
      // The area the register covers: the layers the catalogue marks serviceExtent, its cadastral districts (a
      // sheet grid or a network may reach further).
      extent: extent84(layers.filter((l) => l.serviceExtent)) ?? extent84(layers),
      style: `${base(req)}/tiles/style.json`,
      wms: `${base(req)}/wms`,
    });
  });

  return router;
}
