// /3d: the 3D city service. A 3D Tiles 1.1 tileset of terrain, buildings, planned buildings and trees (GLB
// contents), CityJSON 2.0 of an area, the shadow study of a planned building, and the planned utility lines
// (GESUT status projektowany, from coordination cases) at their depth below the terrain (networks.json).
import { Router, type Request, type Response } from 'express';
import type { ServiceContext } from '../context.ts';
import { baseUrl, requestRole } from '../context.ts';
import { responseCache } from '../../http/cache.ts';
import { HttpProblem } from '../../errors/service-error.ts';
import { CONTENT_LAYERS, type ContentLayer } from '../../threed/tileset.ts';
import { ThreedContent } from './content.ts';
import { LAYER_IDS, MODEL_ATTRIBUTES, layerOf } from './data.ts';
import { plannedNetworks3d } from './networks.ts';
import { cityJsonOfArea, parseBbox } from './cityjson.ts';
import { parseStudyParams, shadowStudy, studyCsv, studyKey } from './shadow.ts';
import { writeShadowReportPdf } from '../../formats/shadow-report-pdf.ts';
import { visibleAttributes } from '../../catalog/catalog.ts';

const GLB_TYPE = 'model/gltf-binary';
const JSON_TYPE = 'application/json';

export function threedRouter(ctx: ServiceContext): Router {
  const router = Router();
  const content = new ThreedContent(ctx.db, ctx.catalog, ctx.config);
  const cache = responseCache(ctx.db, ctx.config.cache, ctx.log);
  // CesiumJS and other viewers on other sites load tiles with XHR: allow any origin (public data per role).
  router.use('/3d', (_req, res, next) => { res.set('Access-Control-Allow-Origin', '*'); next(); });

  const sendCached = (req: Request, res: Response, key: string, contentType: string, make: () => Promise<Uint8Array | string | undefined>,
    headers?: Record<string, string>) =>
    cache.serve(req, res, {
      key, role: requestRole(req), ...(headers ? { headers } : {}),
      produce: async () => {
        const body = await make();
        if (body === undefined) return { status: 204, body: Buffer.alloc(0) };
        return { status: 200, contentType, body: Buffer.from(typeof body === 'string' ? Buffer.from(body) : body) };
      },
    });

  router.get('/3d', (req, res) => {
    const base = `${baseUrl(req, ctx.config)}/3d`;
    res.json({
      title: 'SIP Poznań – model 3D miasta',
      links: [
        { rel: 'tileset', href: `${base}/tileset.json`, type: JSON_TYPE, title: '3D Tiles 1.1 (CesiumJS, QGIS)' },
        { rel: 'attributes', href: `${base}/attributes.json`, type: JSON_TYPE, title: 'Tytuły atrybutów' },
        { rel: 'planned', href: `${base}/planned.json`, type: JSON_TYPE, title: 'Budynki projektowane' },
        { rel: 'planned-networks', href: `${base}/networks.json`, type: JSON_TYPE, title: 'Sieci uzbrojenia terenu projektowane (GESUT, status projektowany)' },
        { rel: 'cityjson', href: `${base}/cityjson?bbox={minx},{miny},{maxx},{maxy}`, type: 'application/city+json', title: 'CityJSON 2.0 obszaru (EPSG:2177)' },
        { rel: 'shadow-study', href: `${base}/shadow-study?planned={id}&date=2026-06-21&step=15`, type: JSON_TYPE, title: 'Analiza zacienienia' },
        { rel: 'shadow-study-equinox', href: `${base}/shadow-study?planned={id}&mode=equinox&zabudowa=standard&f=pdf`, type: 'application/pdf', title: 'Nasłonecznienie wg warunków technicznych §60 (raport PDF)' },
      ],
    });
  });

  router.get('/3d/tileset.json', async (req, res) => {
    await sendCached(req, res, '3d-tileset', JSON_TYPE, async () => JSON.stringify(await content.tileset(requestRole(req))));
  });

  router.get('/3d/tiles/:i/:j/:name', async (req, res) => {
    const i = Number(req.params.i), j = Number(req.params.j);
    const m = /^([a-z]+)\.glb$/.exec(String(req.params.name));
    const layer = m?.[1] as ContentLayer | undefined;
    if (!layer || !CONTENT_LAYERS.some((l) => l.id === layer)) {
      throw new HttpProblem(404, 'Not Found', `No content ${String(req.params.name)} (${CONTENT_LAYERS.map((l) => `${l.id}.glb`).join(', ')})`);
    }
    if (!Number.isInteger(i) || !Number.isInteger(j) || !/^\d+$/.test(String(req.params.i)) || !/^\d+$/.test(String(req.params.j))) {
      throw new HttpProblem(404, 'Not Found', `No 3D tile ${String(req.params.i)}/${String(req.params.j)}`);
    }
    await content.tile(i, j); // 404 outside the grid, before the cache
    // ?meshopt=0: the same content without meshopt compression, for clients that cannot run its WebAssembly
    // decoder (a page whose CSP forbids WebAssembly compilation).
    const meshopt = req.query.meshopt === undefined ? ctx.config.threed.meshopt : req.query.meshopt !== '0';
    await sendCached(req, res, `3d-tile\n${i}/${j}/${layer}\n${meshopt}`, GLB_TYPE, () => content.glb(requestRole(req), i, j, layer, meshopt));
  });

  // The coarser levels of the quadtree (lod/{level}/{i}/{j}): terrain, LOD1 blocks and planned buildings.
  router.get('/3d/lod/:level/:i/:j/:name', async (req, res) => {
    const [level, i, j] = [req.params.level, req.params.i, req.params.j].map((v) => (/^\d{1,6}$/.test(String(v)) ? Number(v) : NaN)) as [number, number, number];
    const m = /^([a-z]+)\.glb$/.exec(String(req.params.name));
    const layer = m?.[1] as ContentLayer | undefined;
    if (!layer || !CONTENT_LAYERS.some((l) => l.id === layer)) {
      throw new HttpProblem(404, 'Not Found', `No content ${String(req.params.name)} (${CONTENT_LAYERS.filter((l) => l.id !== 'drzewa').map((l) => `${l.id}.glb`).join(', ')})`);
    }
    if (!Number.isInteger(level) || !Number.isInteger(i) || !Number.isInteger(j) || level < 1) {
      throw new HttpProblem(404, 'Not Found', `No 3D tile ${String(req.params.level)}/${String(req.params.i)}/${String(req.params.j)} (levels from 1; the leaves are tiles/{i}/{j})`);
    }
    await content.tile(i, j, level); // 404 outside the quadtree, before the cache
    if (layer === 'drzewa') throw new HttpProblem(404, 'Not Found', `Tiles of level ${level} have no trees (only the leaves: tiles/{i}/{j}/drzewa.glb)`);
    const meshopt = req.query.meshopt === undefined ? ctx.config.threed.meshopt : req.query.meshopt !== '0';
    await sendCached(req, res, `3d-lod\n${level}/${i}/${j}/${layer}\n${meshopt}`, GLB_TYPE, () => content.levelGlb(requestRole(req), level, i, j, layer, meshopt));
  });

  router.get('/3d/attributes.json', (req, res) => {
    const role = requestRole(req);
    const titles = (attrs: readonly { name: string; title: { pl: string; en: string } }[]) => attrs.map((a) => ({ name: a.name, title: a.title }));
    const of = (id: string) => layerOf(ctx.catalog, id, role);
    res.json({
      budynki: { title: of(LAYER_IDS.buildings).title, attributes: titles([...visibleAttributes(of(LAYER_IDS.buildings), role), ...MODEL_ATTRIBUTES]) },
      projektowane: { title: of(LAYER_IDS.planned).title, attributes: titles([{ name: 'id', title: { pl: 'Identyfikator', en: 'Identifier' } }, ...visibleAttributes(of(LAYER_IDS.planned), role)]) },
      drzewa: { title: of(LAYER_IDS.trees).title, attributes: titles(visibleAttributes(of(LAYER_IDS.trees), role)) },
    });
  });

  router.get('/3d/planned.json', async (req, res) => {
    const role = requestRole(req);
    const grid = await content.grid();
    const box: [number, number, number, number] = [grid.origin[0], grid.origin[1], grid.origin[0] + grid.size * grid.columns, grid.origin[1] + grid.size * grid.rows];
    const rows = await content.data.planned(role, { box, assignByPoint: false });
    res.json({
      crs: 'EPSG:2177',
      planned: rows.map((r) => {
        const ring = r.polygons[0]?.[0] ?? [];
        const cx = ring.reduce((s, p) => s + p[0], 0) / Math.max(1, ring.length), cy = ring.reduce((s, p) => s + p[1], 0) / Math.max(1, ring.length);
        return { id: r.key, x: Math.round(cx * 100) / 100, y: Math.round(cy * 100) / 100, height: r.height, ground: r.ground, attributes: r.attributes };
      }),
    });
  });

  router.get('/3d/networks.json', async (req, res) => {
    const bbox = req.query.bbox === undefined ? undefined : parseBbox(req.query.bbox);
    await sendCached(req, res, `3d-networks\n${bbox?.join(',') ?? 'all'}`, JSON_TYPE, async () => JSON.stringify(await plannedNetworks3d(content, requestRole(req), bbox)));
  });

  router.get('/3d/cityjson', async (req, res) => {
    const bbox = parseBbox(req.query.bbox);
    const doc = await cityJsonOfArea(content, requestRole(req), bbox, baseUrl(req, ctx.config));
    res.type('application/city+json').set('Content-Disposition', 'attachment; filename="sip-poznan.city.json"').send(JSON.stringify(doc));
  });

  router.get('/3d/shadow-study', async (req, res) => {
    const params = parseStudyParams(req.query);
    const f = params.format;
    const type = { json: JSON_TYPE, csv: 'text/csv; charset=utf-8', pdf: 'application/pdf' }[f];
    const name = `zacienienie-${params.planned}-${params.mode === 'equinox' ? `rownonoc-${params.dates[0]!.slice(0, 4)}` : params.dates[0]}`;
    await sendCached(req, res, `${studyKey(params)}\n${f}`, type, async () => {
      const result = await shadowStudy(content, requestRole(req), params);
      if (f === 'csv') return studyCsv(result);
      if (f === 'pdf') return writeShadowReportPdf(result);
      return JSON.stringify(result);
    }, f === 'json' ? undefined : { 'Content-Disposition': `attachment; filename="${name}.${f}"` });
  });

  return router;
}
