// Vector tiles: /tiles/{set}/{z}/{x}/{y}.mvt with TileJSON (/tiles/{set}.json, /tiles/{set}/tilejson.json) and a
// MapLibre style (/tiles/style.json), and the same tiles as OGC API – Tiles under /ogcapi (tile matrix sets,
// dataset and collection tilesets, {tileMatrix}/{tileRow}/{tileCol}). Every answer goes through the response
// cache: validators from the data version, 304 for a current copy, tiles kept in memory.
// An empty tile (no layer at the zoom, or no feature in it) is 204 No Content, as OGC API – Tiles allows and
// MapLibre, OpenLayers and QGIS take for an empty tile. Tiles go gzipped to a client that accepts it (Vary:
// Accept-Encoding; the cache keeps each encoding apart). The labels' glyphs are served at /tiles/fonts.
import { gzip } from 'node:zlib';
import { promisify } from 'node:util';
import { Router, type Request, type Response } from 'express';
import type { Role } from '../../catalog/roles.ts';
import { HttpProblem } from '../../errors/service-error.ts';
import { responseCache } from '../../http/cache.ts';
import { gzipBody } from '../../http/compress.ts';
import { baseUrl, requestRole, type ServiceContext } from '../context.ts';
import { SERVICE_METADATA } from '../ows/service-metadata.ts';
import { maplibreStyle } from '../../style/maplibre.ts';
import { parseGlyphRange, resolveFontStack } from '../../style/glyphs.ts';
import { glyphRangeOffLoop } from '../../render/render-pool.ts';
import { encodeTile } from './mvt.ts';
import { ALL_SET, catalogLatitude, registerSets, tileSets, type TileSet } from './sets.ts';
import { parseTileAddress, tileQuery, type TileAddress } from './tile.ts';
import { LRUCache } from 'lru-cache';
import { glyphCacheRangesFrom } from '../../config.ts';
import {
  ATTRIBUTION, centreOf, geoBounds, MVT_TYPE, tileJson, tileMatrixSetList, tilesetList, tilesetMetadata, TMS_ID, webMercatorQuad,
} from './documents.ts';

const EMPTY = Buffer.alloc(0);
const JSON_TYPE = 'application/json';
const gzipAsync = promisify(gzip);
/** Below this a tile is sent as it is: gzip's header and the work cost more than they save. */
const GZIP_MIN_BYTES = 512;
const VARY = { Vary: 'Accept-Encoding' };
/** Glyphs change only with a release of the service. */
const GLYPH_CACHE_CONTROL = 'public, max-age=86400';

/** Whether the client takes gzip (Accept-Encoding, q > 0). */
function acceptsGzip(req: Request): boolean {
  const header = req.headers['accept-encoding'];
  return !!header && header.includes('gzip') && req.acceptsEncodings('gzip', 'identity') === 'gzip';
}

function only(req: Request, allowed: readonly string[]): void {
  const f = req.query.f;
  if (f === undefined) return;
  if (typeof f !== 'string' || !allowed.includes(f)) {
    throw new HttpProblem(400, 'Bad Request', `Format f=${String(f)} is not offered here (${allowed.join(', ')})`, { parameter: 'f' });
  }
}

export function tilesRouter(ctx: ServiceContext): Router {
  const router = Router();
  const cache = responseCache(ctx.db, ctx.config.cache, ctx.log);
  // Web maps on other sites fetch tiles and JSON with XHR: http/security.ts cors() opens /tiles and /ogcapi to any
  // origin (the data is public per role, and no credentials are sent cross-origin without an explicit opt-in).
  const latitude = catalogLatitude(ctx.catalog);
  const setsByRole = new Map<Role, Map<string, TileSet>>();
  const setsFor = (role: Role) => {
    let s = setsByRole.get(role);
    if (!s) setsByRole.set(role, s = tileSets(ctx.catalog, role));
    return s;
  };

  function setOf(req: Request, id: string): TileSet {
    const set = setsFor(requestRole(req)).get(id);
    if (!set) throw new HttpProblem(404, 'Not Found', `Tile set ${id} does not exist (sets: egib, gesut, sip, ${ALL_SET} or a layer name)`);
    return set;
  }

  function collectionSet(req: Request): TileSet {
    const id = String(req.params.collectionId);
    const set = setsFor(requestRole(req)).get(id);
    if (!set?.single) throw new HttpProblem(404, 'Not Found', `Collection ${id} does not exist`);
    return set;
  }

  function checkTms(req: Request): void {
    const id = String(req.params.tileMatrixSetId);
    if (id !== TMS_ID) throw new HttpProblem(404, 'Not Found', `Tile matrix set ${id} is not offered (${TMS_ID})`);
  }

  async function sendTile(req: Request, res: Response, set: TileSet, t: TileAddress): Promise<void> {
    const role = requestRole(req);
    const zipped = acceptsGzip(req);
    await cache.serve(req, res, {
      key: `tile\n${set.id}\n${t.z}/${t.x}/${t.y}${zipped ? '\ngzip' : ''}`,
      role,
      headers: VARY,
      produce: async () => {
        const q = tileQuery(set, t, latitude);
        if (!q) return { status: 204, body: EMPTY };
        const body = await encodeTile(ctx.db, q.layers, role, t, q.box);
        if (!body.length) return { status: 204, body: EMPTY };
        if (zipped && body.length >= GZIP_MIN_BYTES) return { status: 200, contentType: MVT_TYPE, body: await gzipBody(body), encoding: 'gzip' };
        return { status: 200, contentType: MVT_TYPE, body };
      },
    });
  }

  /** A JSON document through the cache (its links hold the base URL, so that is part of the key). */
  async function sendJson(req: Request, res: Response, make: () => unknown, contentType = JSON_TYPE): Promise<void> {
    await cache.serve(req, res, {
      key: `json\n${baseUrl(req, ctx.config)}\n${req.path}`,
      role: requestRole(req),
      produce: async () => ({ status: 200, contentType, body: Buffer.from(JSON.stringify(make())) }),
    });
  }

  const tilesBase = (req: Request) => `${baseUrl(req, ctx.config)}/tiles`;
  const ogcBase = (req: Request) => `${baseUrl(req, ctx.config)}/ogcapi`;
  const tileUrl = (req: Request, set: TileSet) => `${tilesBase(req)}/${set.id}/{z}/{x}/{y}.mvt`;
  const tileJsonUrl = (req: Request, set: TileSet) => `${tilesBase(req)}/${set.id}.json`;

  // --- /tiles ----------------------------------------------------------------------------------------------

  router.get('/tiles', async (req, res) => {
    only(req, ['json']);
    await sendJson(req, res, () => ({
      title: SERVICE_METADATA.title.pl,
      style: `${tilesBase(req)}/style.json`,
      tilesets: [...setsFor(requestRole(req)).values()].map((s) => ({
        id: s.id, title: s.title.pl, layers: s.layers.map((l) => l.name), tilejson: tileJsonUrl(req, s), tiles: tileUrl(req, s),
      })),
    }));
  });

  router.get('/tiles/style.json', async (req, res) => {
    const role = requestRole(req);
    const sources = registerSets(setsFor(role));
    await sendJson(req, res, () => {
      const bounds = geoBounds(ctx.catalog.visibleLayers(role));
      return maplibreStyle({
        name: SERVICE_METADATA.title.pl,
        sources: sources.map((s) => ({ id: s.id, url: tileJsonUrl(req, s), layers: s.layers })),
        role,
        latitude,
        center: centreOf(bounds),
        zoom: 15,
        attribution: ATTRIBUTION,
        background: '#ffffff',
        glyphs: `${tilesBase(req)}/fonts/{fontstack}/{range}.pbf`,
      });
    });
  });

  // Glyph ranges (SDF PBFs) of the label fonts, drawn once per process in a render thread from the packaged DejaVu Sans.
  const zippedGlyphs = new LRUCache<string, Buffer>({ max: glyphCacheRangesFrom() });
  router.get('/tiles/fonts/:fontstack/:range.pbf', async (req, res) => {
    const stack = resolveFontStack(String(req.params.fontstack));
    if (!stack) throw new HttpProblem(404, 'Not Found', `Font stack ${String(req.params.fontstack)} is not served (DejaVu Sans Book, Bold, Oblique, Bold Oblique)`);
    const start = parseGlyphRange(String(req.params.range));
    if (start === undefined) throw new HttpProblem(404, 'Not Found', `Glyph range ${String(req.params.range)} does not exist (256 code points from a multiple of 256, e.g. 0-255)`);
    let body = await glyphRangeOffLoop(stack, start);
    res.set({ 'Cache-Control': GLYPH_CACHE_CONTROL, ...VARY }).type('application/x-protobuf');
    if (acceptsGzip(req)) {
      const key = `${stack}\n${start}`;
      let z = zippedGlyphs.get(key);
      if (!z) zippedGlyphs.set(key, z = await gzipAsync(body));
      body = z;
      res.set('Content-Encoding', 'gzip');
    }
    res.send(body);
  });

  const sendTileJson = async (req: Request, res: Response) => {
    const set = setOf(req, String(req.params.set));
    await sendJson(req, res, () => tileJson(set, tileUrl(req, set), requestRole(req), latitude));
  };
  router.get('/tiles/:set.json', sendTileJson);
  router.get('/tiles/:set/tilejson.json', sendTileJson);

  router.get('/tiles/:set/:z/:x/:y.mvt', async (req, res) => {
    const set = setOf(req, String(req.params.set));
    const t = parseTileAddress(String(req.params.z), String(req.params.x), String(req.params.y));
    await sendTile(req, res, set, t);
  });

  // --- OGC API – Tiles -------------------------------------------------------------------------------------

  router.get('/ogcapi/tileMatrixSets', async (req, res) => {
    only(req, ['json']);
    await sendJson(req, res, () => tileMatrixSetList(ogcBase(req)));
  });

  router.get('/ogcapi/tileMatrixSets/:tileMatrixSetId', async (req, res) => {
    only(req, ['json']);
    checkTms(req);
    await sendJson(req, res, () => webMercatorQuad());
  });

  const datasetSet = (req: Request) => setOf(req, ALL_SET);
  const ogcTile = (req: Request) => parseTileAddress(String(req.params.tileMatrix), String(req.params.tileCol), String(req.params.tileRow),
    { z: 'tileMatrix', x: 'tileCol', y: 'tileRow' });

  router.get('/ogcapi/tiles', async (req, res) => {
    only(req, ['json']);
    await sendJson(req, res, () => tilesetList(datasetSet(req), `${ogcBase(req)}/tiles`, ogcBase(req)));
  });

  router.get('/ogcapi/tiles/:tileMatrixSetId', async (req, res) => {
    only(req, ['json']);
    checkTms(req);
    const set = datasetSet(req);
    await sendJson(req, res, () => tilesetMetadata(set, `${ogcBase(req)}/tiles/${TMS_ID}`, ogcBase(req), requestRole(req), latitude, tileJsonUrl(req, set)));
  });

  router.get('/ogcapi/tiles/:tileMatrixSetId/:tileMatrix/:tileRow/:tileCol', async (req, res) => {
    only(req, ['mvt']);
    checkTms(req);
    await sendTile(req, res, datasetSet(req), ogcTile(req));
  });

  router.get('/ogcapi/collections/:collectionId/tiles', async (req, res) => {
    only(req, ['json']);
    const set = collectionSet(req);
    await sendJson(req, res, () => tilesetList(set, `${ogcBase(req)}/collections/${set.id}/tiles`, ogcBase(req)));
  });

  router.get('/ogcapi/collections/:collectionId/tiles/:tileMatrixSetId', async (req, res) => {
    only(req, ['json']);
    const set = collectionSet(req);
    checkTms(req);
    await sendJson(req, res, () => tilesetMetadata(set, `${ogcBase(req)}/collections/${set.id}/tiles/${TMS_ID}`, ogcBase(req), requestRole(req), latitude, tileJsonUrl(req, set)));
  });

  router.get('/ogcapi/collections/:collectionId/tiles/:tileMatrixSetId/:tileMatrix/:tileRow/:tileCol', async (req, res) => {
    only(req, ['mvt']);
    const set = collectionSet(req);
    checkTms(req);
    await sendTile(req, res, set, ogcTile(req));
  });

  return router;
}
