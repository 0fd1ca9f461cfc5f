// GET /api/search?q=…&kinds=parcel,building,street&limit=10: parcels, buildings and addresses for the portals;
// GET /api/search/feature/{collection}/{id}: a hit's details for the portals' info panel (searchable layers only).
import { Router } from 'express';
import type { ServiceContext } from '../context.ts';
import { requestRole } from '../context.ts';
import { search } from '../../query/search.ts';
import type { SearchKind } from '../../catalog/portals.ts';
import { HttpProblem } from '../../errors/service-error.ts';
import { featureKey, planQuery, streamFeatures, type FeatureQuery, type FeatureRow } from '../../query/feature-query.ts';
import { featureJson } from '../../formats/geojson.ts';
import { resolveCrs } from '../../crs/names.ts';
import { clientGone } from '../context.ts';

const KINDS: readonly SearchKind[] = ['parcel', 'building', 'street', 'register', 'owner'];
const MAX_LIMIT = 50;

export function searchRouter(ctx: ServiceContext): Router {
  const router = Router();
  router.get('/api/search', async (req, res) => {
    const q = typeof req.query.q === 'string' ? req.query.q : '';
    if (q.trim().length < 2 || q.length > 200) throw new HttpProblem(400, 'Bad Request', 'Parameter q must be 2 to 200 characters');
    const kindsParam = typeof req.query.kinds === 'string' && req.query.kinds ? req.query.kinds.split(',') : [...KINDS];
    const unknown = kindsParam.filter((k) => !(KINDS as readonly string[]).includes(k));
    if (unknown.length) throw new HttpProblem(400, 'Bad Request', `Unknown search kinds: ${unknown.join(', ')}; use ${KINDS.join(', ')}`);
    const limitParam = req.query.limit === undefined ? '10' : String(req.query.limit);
    if (!/^\d{1,3}$/.test(limitParam) || Number(limitParam) < 1 || Number(limitParam) > MAX_LIMIT) {
      throw new HttpProblem(400, 'Bad Request', `Parameter limit must be an integer 1–${MAX_LIMIT}`);
    }
    const results = await search(ctx.db, ctx.catalog, requestRole(req), q, { kinds: kindsParam as SearchKind[], limit: Number(limitParam) });
    res.set('Cache-Control', 'private, max-age=60').json({ query: q, results });
  });

  // One feature by its id with every attribute the role may see, in CRS84: what the info panel shows for a search hit.
  // A view surface like WMS GetFeatureInfo (one feature at a time, for the eye), so the download terms
  // (catalog/download-terms.ts) do not narrow it; the downloads of the same feature are WFS and OGC API.
  router.get('/api/search/feature/:collection/:id', async (req, res) => {
    const role = requestRole(req);
    const collection = String(req.params.collection);
    const id = String(req.params.id);
    // Only the layers search answers with (districts, parcels, buildings): the details of a hit, not a feature server.
    const layer = ctx.catalog.visibleLayers(role).find((l) => l.name === collection && l.search);
    if (!layer) throw new HttpProblem(404, 'Not Found', `Collection ${collection} has no search hits`);
    if (featureKey(layer, id) === undefined) throw new HttpProblem(404, 'Not Found', `Feature ${id} does not exist in ${collection}`);
    const query: FeatureQuery = { layer, role, filter: { op: 'resourceId', ids: [id] }, offset: 0, limit: 1, crs: resolveCrs('CRS:84')!.crs };
    const plan = planQuery(query);
    const rows: FeatureRow[] = [];
    for await (const b of streamFeatures(ctx.db, query, plan, clientGone(req))) rows.push(...b);
    if (!rows[0]) throw new HttpProblem(404, 'Not Found', `Feature ${id} does not exist in ${collection}`);
    res.set('Cache-Control', 'private, max-age=60').type('application/geo+json').send(featureJson(rows[0]));
  });
  return router;
}
