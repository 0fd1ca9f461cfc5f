// GET /api/search?q=…&kinds=parcel,building,street&limit=10: parcels, buildings and addresses for the portals.
import { Router } from 'express';
import type { ServiceContext } from '../context.ts';
import { requestRole } from '../context.ts';
import { search } from '../../query/search.ts';
import type { SearchKind } from '../../catalog/portals.ts';
import { HttpProblem } from '../../http/problem.ts';

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
  return router;
}
