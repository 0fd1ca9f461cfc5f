// Payments: POST /api/payments/mt940 (the office imports a bank statement; matched credits mark their orders paid,
// the rest are listed — server/payments/bank-transfer.ts; for the office's staff with an API key, the back office's
// form is /biuro/wyciagi), and online payment by PayU (server/payments/online.ts): starting it for an order, and
// PayU's notification. Every order paid is mailed to its orderer after its transaction committed (orders/notify.ts).
import type { Request, Response } from 'express';
import { baseUrl, requestIdentity, type ServiceContext } from '../context.ts';
import type { CsrfProtection } from '../../accounts/csrf.ts';
import { verifyPayuNotification } from '../../payments/payu.ts';
import { applyPayuNotification, startPayuPayment } from '../../payments/online.ts';
import { ownOrder } from './orders.ts';
import { requestAuth } from '../../http/auth.ts';
import { HttpProblem } from '../../errors/service-error.ts';
import { importMt940 } from '../../payments/bank-transfer.ts';
import { Mt940Error } from '../../payments/mt940.ts';
import { isOfficeStaff } from '../../catalog/roles.ts';
import { notifyAfter } from './mail.ts';
import { releaseAfterPayment } from './release.ts';

export async function postMt940(ctx: ServiceContext, req: Request, res: Response): Promise<void> {
  const who = requestIdentity(req);
  if (!isOfficeStaff(who.role)) throw new HttpProblem(403, 'Forbidden', 'Bank statements are imported by the office');
  // A session's cookie is ambient: people use the back office's form (/biuro/wyciagi), which carries a CSRF token.
  if (requestAuth(req).kind === 'session') throw new HttpProblem(403, 'Forbidden', 'Import statements with an API key, or with the form at /biuro/wyciagi');
  const body = req.body;
  if (!Buffer.isBuffer(body) || body.length === 0) throw new HttpProblem(400, 'Bad Request', 'Send the MT940 file as the request body');
  try {
    const actor = { userId: who.userId, name: requestAuth(req).login ?? 'admin', ip: req.ip ?? null };
    const report = await importMt940(ctx.db, body, actor);
    for (const e of report.entries) if (e.result === 'paid' && e.orderId) await notifyAfter(ctx, req, e.orderId, { kind: 'opłacone' });
    // The paid orders' materials are prepared now (release.ts); the answer does not wait for the files.
    await releaseAfterPayment(ctx, report.entries.filter((e) => e.result === 'paid' && e.orderId).map((e) => e.orderId!), actor);
    res.set('Cache-Control', 'no-store').json(report);
  } catch (e) {
    if (e instanceof Mt940Error) throw new HttpProblem(400, 'Bad Request', `Not an MT940 statement: ${e.message}`);
    throw e;
  }
}

/** POST /api/orders/{id}/payu: starts the online payment of the order's DOO; answers where to send the payer. */
export function postPayu(csrf: CsrfProtection) {
  return async (ctx: ServiceContext, req: Request, res: Response): Promise<void> => {
    const payu = ctx.config.orders.payu;
    if (!payu) throw new HttpProblem(404, 'Not Found', 'Online payment is not configured; pay by transfer with the DOO number as the title');
    if (requestAuth(req).kind === 'session' && !csrf.valid(req)) throw new HttpProblem(403, 'Forbidden', 'A request with a session needs the CSRF token as X-CSRF-Token');
    const order = await ownOrder(ctx, req);
    if (order.state !== 'DOO wystawiony') throw new HttpProblem(409, 'Conflict', `Order ${order.numer} is ${order.state}: nothing to pay`);
    const created = await startPayuPayment(payu, order, baseUrl(req, ctx.config), req.ip ?? '127.0.0.1');
    res.set('Cache-Control', 'no-store').json({ redirectUri: created.redirectUri, payuOrderId: created.orderId });
  };
}

/** POST /api/payments/payu/notify: PayU's notification, accepted only with a valid OpenPayu-Signature. */
export async function postPayuNotify(ctx: ServiceContext, req: Request, res: Response): Promise<void> {
  const payu = ctx.config.orders.payu;
  if (!payu) throw new HttpProblem(404, 'Not Found', 'Online payment is not configured');
  const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  if (!verifyPayuNotification(body, req.get('openpayu-signature'), payu.secondKey)) {
    throw new HttpProblem(400, 'Bad Request', 'The OpenPayu-Signature header does not sign this body');
  }
  let json: unknown;
  try { json = JSON.parse(body.toString('utf8')); } catch { throw new HttpProblem(400, 'Bad Request', 'The notification is not JSON'); }
  const actor = { userId: null, name: 'PayU' };
  const outcome = await applyPayuNotification(ctx.db, json, actor);
  ctx.log.info({ payu: { result: outcome.result, reason: outcome.reason } }, 'PayU notification');
  if (outcome.result === 'paid' && outcome.orderId) {
    await notifyAfter(ctx, req, outcome.orderId, { kind: 'opłacone' });
    await releaseAfterPayment(ctx, [outcome.orderId], actor);
  }
  res.status(200).json({ result: outcome.result, reason: outcome.reason });
}
