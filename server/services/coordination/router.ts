// /api/coordination: the automatic clearance check of designed utility networks (issue 18, coordination of the
// planned location of networks, art. 28b of the Geodetic and Cartographic Law). Answers without signing in: the
// check reveals no personal data (identifiers of lines, buildings, trees and parcels only).
//   POST /api/coordination/check     a GeoJSON FeatureCollection (application/json, application/geo+json) or an
//                                    ASCII DXF (image/vnd.dxf, application/dxf) of designed lines → the conflicts
//   GET  /api/coordination/distances the table of minimum distances the check applies, with its sources
import express, { type Request, type Response } from 'express';
import type { ServiceContext } from '../context.ts';
import { HttpProblem } from '../../errors/service-error.ts';
import { parseDesignGeoJson, DESIGN_LIMITS } from '../../coordination/design.ts';
import { parseDesignDxf } from '../../coordination/dxf.ts';
import { checkDesign } from '../../coordination/check.ts';
import * as table from '../../coordination/distances.ts';

const JSON_TYPES = ['application/json', 'application/geo+json'];
const DXF_TYPES = ['image/vnd.dxf', 'application/dxf', 'image/x-dxf', 'application/x-dxf'];

/** Reads the design from the body in the format its Content-Type names. */
function designOf(req: Request) {
  if (req.is(DXF_TYPES)) {
    if (typeof req.body !== 'string' || req.body.length === 0) throw new HttpProblem(400, 'Bad Request', 'The DXF body is empty');
    return parseDesignDxf(req.body);
  }
  if (req.is(JSON_TYPES)) return parseDesignGeoJson(req.body);
  throw new HttpProblem(415, 'Unsupported Media Type', `Send the design as GeoJSON (${JSON_TYPES.join(', ')}) or ASCII DXF (${DXF_TYPES.slice(0, 2).join(', ')})`, { accepted: [...JSON_TYPES, ...DXF_TYPES] });
}

export function coordinationRouter(ctx: ServiceContext): express.Router {
  const router = express.Router();
  const json = express.json({ limit: '2mb', type: JSON_TYPES });
  const dxf = express.text({ limit: '5mb', type: DXF_TYPES });

  router.post('/api/coordination/check', json, dxf, async (req: Request, res: Response) => {
    const design = designOf(req);
    const result = await checkDesign(ctx.db, ctx.catalog, design);
    res.set('Cache-Control', 'no-store').json(result);
  });

  router.get('/api/coordination/distances', (_req: Request, res: Response) => {
    res.set('Cache-Control', 'public, max-age=3600').json({
      sources: table.SOURCES, networks: table.NETWORK_DISTANCES, buildings: table.BUILDING_DISTANCES, trees: table.TREE_DISTANCES,
      defaults: { pairM: table.DEFAULT_PAIR_M, buildingM: table.DEFAULT_BUILDING_M, treeM: table.DEFAULT_TREE_M, crownDiameterM: table.DEFAULT_CROWN_DIAMETER_M },
      limits: DESIGN_LIMITS,
    });
  });
  return router;
}
