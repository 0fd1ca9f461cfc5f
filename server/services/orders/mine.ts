// GET /api/orders: the signed-in user's own orders ("Moje zamówienia"), newest first, as summaries with the links to
// each order and its DOO. An anonymous caller has no account to list by (their browser keeps the orders it placed
// with their access tokens): 401 with the reason.
import type { Request, Response } from 'express';
import { requestIdentity, type ServiceContext } from '../context.ts';
import { HttpProblem } from '../../errors/service-error.ts';
import { ordersOfUser } from '../../orders/store.ts';

const MAX = 100;

export async function getMyOrders(ctx: ServiceContext, req: Request, res: Response): Promise<void> {
  const who = requestIdentity(req);
  if (who.userId === null) throw new HttpProblem(401, 'Unauthorized', 'Sign in (session or API key) to list your orders; an anonymous order is read with its access token at /api/orders/{id}');
  const orders = await ordersOfUser(ctx.db, who.userId, MAX);
  res.set('Cache-Control', 'no-store').json({
    orders: orders.map((o) => ({
      id: o.id, number: o.numer, state: o.state, currency: 'PLN', total: o.amountGr / 100, portal: o.portal, created: o.created, changed: o.changed,
      href: `/api/orders/${o.id}`,
      doo: o.dooNumber ? { number: o.dooNumber, paymentDue: o.paymentDue, href: `/api/orders/${o.id}/doo.pdf` } : null,
    })),
  });
}
