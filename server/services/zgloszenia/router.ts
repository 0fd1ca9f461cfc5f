// Survey-work notifications (issue 18): a thin list of routes; the handlers are in handlers.ts. Mounted under
// /api/zgloszenia and, as the contract names it, /api/survey-works (the same handlers). Errors are
// ServiceErrors rendered as JSON problems by server/http/errors.ts.
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import type { ServiceContext } from '../context.ts';
import { HttpProblem } from '../../errors/service-error.ts';
import { csrfProtection } from '../../accounts/csrf.ts';
import { defaultMailer } from '../../accounts/mail.ts';
import { getMine, getOne, getPackage, getQueue, postState, postZgloszenie } from './handlers.ts';

type Handler = (ctx: ServiceContext, req: Request, res: Response) => Promise<void>;

const BASES = ['/api/zgloszenia', '/api/survey-works'];
const at = (suffix: string) => BASES.map((b) => b + suffix);

export function zgloszeniaRouter(ctx: ServiceContext): Router {
  const router = Router();
  // A drawn polygon of many vertices or 200 parcel identifiers fits well within 512 kB.
  const json = express.json({ limit: '512kb', type: ['application/json', 'application/geo+json'] });
  const run = (h: Handler) => (req: Request, res: Response, next: NextFunction) => { h(ctx, req, res).catch(next); };
  const requireJson = (req: Request, _res: Response, next: NextFunction) => {
    if (!req.is(['application/json', 'application/geo+json'])) return next(new HttpProblem(415, 'Unsupported Media Type', 'Send the body as application/json'));
    next();
  };
  const csrf = csrfProtection(ctx.db, ctx.config);
  const mailer = defaultMailer(ctx.config.security, ctx.log);

  router.post(at(''), csrf.ready, requireJson, json, run(postZgloszenie(csrf, mailer)));
  router.get(at(''), run(getMine));
  router.get(at('/kolejka'), run(getQueue));
  router.get(at('/:id'), run(getOne));
  router.post(at('/:id/stan'), csrf.ready, requireJson, json, run(postState(csrf)));
  router.get(at('/:id/pakiet'), run(getPackage));
  return router;
}
