// The orderer's e-mails from the services (orders API, payments, back office): the dependencies of
// orders/notify.ts taken from the service context, the mailer being the context's or the default one.
import type { Request } from 'express';
import { baseUrl, type ServiceContext } from '../context.ts';
import { defaultMailer } from '../../accounts/mail.ts';
import { notifyOrder, type NotifyDeps, type OrderEvent } from '../../orders/notify.ts';

export function notifyDeps(ctx: ServiceContext): NotifyDeps {
  return { db: ctx.db, config: ctx.config, log: ctx.log, mailer: ctx.mailer ?? defaultMailer(ctx.config.security, ctx.log) };
}

/** Mails the orderer after a committed change made by this request (links with the request's base URL). */
export function notifyAfter(ctx: ServiceContext, req: Request, orderId: string, event: OrderEvent): Promise<void> {
  return notifyOrder(notifyDeps(ctx), orderId, event, baseUrl(req, ctx.config));
}
