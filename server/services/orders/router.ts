// Orders of materials from the geodetic resource (issue 17): the fee quote, orders, their DOO, released files. A thin list of
// routes; the handlers are named in quote.ts, orders.ts, payments.ts and files.ts. Errors are ServiceErrors rendered as JSON problems by
// server/http/errors.ts.
import express, { Router, type Request, type Response, type NextFunction } from 'express';
import type { ServiceContext } from '../context.ts';
import { HttpProblem } from '../../errors/service-error.ts';
import { postQuote } from './quote.ts';
import { getDooPdf, getLicencePdf, getOrder, postOrder } from './orders.ts';
import { csrfProtection } from '../../accounts/csrf.ts';
import { postMt940, postPayu, postPayuNotify } from './payments.ts';
import { getReleasedFile } from './files.ts';
import { DownloadSlots } from '../downloads/router.ts';
import { getMyOrders } from './mine.ts';
import { getRegisterPreview } from './register-preview.ts';

type Handler = (ctx: ServiceContext, req: Request, res: Response) => Promise<void>;

export function ordersRouter(ctx: ServiceContext): Router {
  const router = Router();
  const json = express.json({ limit: '64kb' });
  const run = (h: Handler) => (req: Request, res: Response, next: NextFunction) => { h(ctx, req, res).catch(next); };
  const requireJson = (req: Request, _res: Response, next: NextFunction) => {
    if (!req.is('application/json')) return next(new HttpProblem(415, 'Unsupported Media Type', 'Send the body as application/json'));
    next();
  };

  const csrf = csrfProtection(ctx.db, ctx.config);

  router.post('/api/fees/quote', requireJson, json, run(postQuote));
  router.post('/api/orders', csrf.ready, requireJson, json, run(postOrder(csrf)));
  router.get('/api/orders', run(getMyOrders));
  router.get('/api/orders/:id', run(getOrder));
  router.get('/api/orders/:id/doo.pdf', run(getDooPdf));
  router.get('/api/orders/:id/licencja.pdf', run(getLicencePdf));
  router.get('/api/orders/:id/files/:file', run(getReleasedFile(new DownloadSlots(ctx.config.downloads.perClient))));
  router.post('/api/payments/mt940', express.raw({ type: () => true, limit: '10mb' }), run(postMt940));
  router.post('/api/orders/:id/payu', csrf.ready, run(postPayu(csrf)));
  // The raw body: the signature is over the exact bytes PayU sent.
  router.post('/api/payments/payu/notify', express.raw({ type: () => true, limit: '256kb' }), run(postPayuNotify));
  router.get('/api/office/documents/:kind.pdf', run(getRegisterPreview));
  return router;
}
