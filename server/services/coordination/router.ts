// /api/coordination: the automatic clearance check of designed utility networks (issue 18, coordination of the
// planned location of networks, art. 28b of the Geodetic and Cartographic Law). Answers without signing in: the
// check reveals no personal data (identifiers of lines, buildings, trees and parcels only).
//   POST /api/coordination/check     a GeoJSON FeatureCollection (application/json, application/geo+json) or an
//                                    ASCII DXF (image/vnd.dxf, application/dxf) of designed lines → the conflicts
//   GET  /api/coordination/distances the table of minimum distances the check applies (horizontal, and vertical at
//                                    crossings), with its sources
// Coordination cases (signed in; handlers in cases.ts, who may do what there):
//   GET  /api/coordination/operators                the network operators (parties) a designer may invite
//   POST /api/coordination/operators                office: register a network operator (name, branches, mailbox)
//   POST /api/coordination/operators/{id}/members   office: attach a branżysta account to an operator
//   GET  /api/coordination/cases[?state=]           "Moje sprawy": own (designer), invitations (branżysta), all (office)
//   POST /api/coordination/cases                    a designer files a case (design DXF/GeoJSON, map PDF, parties)
//   GET  /api/coordination/cases/{id}               the case: design, check report, parties, positions, comments, history
//   GET  /api/coordination/cases/{id}/mapa.pdf      the design map the designer filed
//   GET  /api/coordination/cases/{id}/protokol.pdf  the signed protocol
//   POST /api/coordination/cases/{id}/positions     an invited operator's position with comments pinned to points
//   POST /api/coordination/cases/{id}/withdraw      the designer withdraws the case
//   POST /api/coordination/cases/{id}/protocol      office: close the meeting, issue the protocol, enter the lines into GESUT
import express, { type NextFunction, type Request, type Response } from 'express';
import type { ServiceContext } from '../context.ts';
import { HttpProblem } from '../../errors/service-error.ts';
import { parseDesignGeoJson, DESIGN_LIMITS } from '../../coordination/design.ts';
import { parseDesignDxf } from '../../coordination/dxf.ts';
import { checkDesign } from '../../coordination/check.ts';
import * as table from '../../coordination/distances.ts';
import { csrfProtection } from '../../accounts/csrf.ts';
import { defaultMailer, type Mailer } from '../../accounts/mail.ts';
import {
  getCase, getCasePdf, getCases, getOperators, postCase, postOperator, postOperatorMember, postPosition, postProtocol, postWithdraw, type CaseDeps,
} from './cases.ts';

type Handler = (ctx: ServiceContext, req: Request, res: Response) => Promise<void>;

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

export function coordinationRouter(ctx: ServiceContext, options: { mailer?: Mailer } = {}): express.Router {
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
      crossings: table.CROSSING_CLEARANCES,
      defaults: { pairM: table.DEFAULT_PAIR_M, buildingM: table.DEFAULT_BUILDING_M, treeM: table.DEFAULT_TREE_M, crownDiameterM: table.DEFAULT_CROWN_DIAMETER_M },
      limits: DESIGN_LIMITS,
    });
  });

  // Coordination cases. The submission carries the design map PDF in base64: a larger body limit on that route only.
  const deps: CaseDeps = { csrf: csrfProtection(ctx.db, ctx.config), mailer: options.mailer ?? defaultMailer(ctx.config.security, ctx.log) };
  const run = (h: Handler) => (req: Request, res: Response, next: NextFunction) => { h(ctx, req, res).catch(next); };
  const requireJson = (req: Request, _res: Response, next: NextFunction) => {
    if (!req.is('application/json')) return next(new HttpProblem(415, 'Unsupported Media Type', 'Send the body as application/json'));
    next();
  };
  const small = express.json({ limit: '256kb' });
  const large = express.json({ limit: '40mb' });
  router.get('/api/coordination/operators', run(getOperators));
  router.post('/api/coordination/operators', deps.csrf.ready, requireJson, small, run(postOperator(deps)));
  router.post('/api/coordination/operators/:id/members', deps.csrf.ready, requireJson, small, run(postOperatorMember(deps)));
  router.get('/api/coordination/cases', run(getCases));
  router.post('/api/coordination/cases', deps.csrf.ready, requireJson, large, run(postCase(deps)));
  router.get('/api/coordination/cases/:id', run(getCase));
  router.get('/api/coordination/cases/:id/mapa.pdf', run(getCasePdf));
  router.get('/api/coordination/cases/:id/protokol.pdf', run(getCasePdf));
  router.post('/api/coordination/cases/:id/positions', deps.csrf.ready, requireJson, small, run(postPosition(deps)));
  router.post('/api/coordination/cases/:id/withdraw', deps.csrf.ready, small, run(postWithdraw(deps)));
  router.post('/api/coordination/cases/:id/protocol', deps.csrf.ready, small, run(postProtocol(deps)));
  return router;
}
