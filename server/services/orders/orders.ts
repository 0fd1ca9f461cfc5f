// POST /api/orders and GET /api/orders/{id}. An order is placed by a signed-in user (session cookie with the CSRF
// token as X-CSRF-Token, or a personal API key) or anonymously with an e-mail address; an anonymous orderer gets an
// access token once, in the 201 answer, and shows it (X-Order-Token or ?token=) to read the order later. The fee is
// computed by the engine when the order is placed and the DOO issued at once (its number from a sequence); an order
// whose every line is free by law needs no DOO and is "opłacone" at once (and its release starts: release.ts). Orders
// are visible to their owner (and the office's staff: catalog/roles.ts isOfficeStaff) only: anyone else gets 404, as
// if the order did not exist. The orderer is mailed after each committed change (orders/notify.ts).
// GET /api/orders/{id} lists the released files with their links and expiry.
import { timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import { requestIdentity, type ServiceContext } from '../context.ts';
import { requestAuth } from '../../http/auth.ts';
import { HttpProblem } from '../../errors/service-error.ts';
import { isOfficeStaff, PERSONAL_DATA_ROLES } from '../../catalog/roles.ts';
import { PORTAL_IDS } from '../../catalog/portals.ts';
import { EMAIL_PATTERN } from '../../accounts/users.ts';
import { newToken, tokenDigest } from '../../accounts/tokens.ts';
import type { CsrfProtection } from '../../accounts/csrf.ts';
import { changeState, issueDoo, orderById, placeOrder, type Actor, type Order } from '../../orders/store.ts';
import { resolveBasket } from './basket.ts';
import { notifyAfter } from './mail.ts';
import { quoteItems } from './quote.ts';
import { renderDooPdf } from '../../documents/doo-pdf.ts';
import { licenceNumber, renderLicencePdf } from '../../documents/licence-pdf.ts';
import { signPdf, signingIdentity } from '../../documents/sign.ts';
import { releaseAfterPayment, releasedFiles } from './release.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const bad = (detail: string, parameter: string) => new HttpProblem(400, 'Bad Request', detail, { parameter });

function text(body: Record<string, unknown>, name: string, max: number, required: boolean): string | null {
  const v = body[name];
  if (v === undefined || v === null || v === '') {
    if (required) throw bad(`${name} is required`, name);
    return null;
  }
  if (typeof v !== 'string' || v.trim().length === 0 || v.length > max) throw bad(`${name} must be a text of at most ${max} characters`, name);
  return v.trim();
}

/** The order as its owner sees it. */
export function orderJson(o: Order) {
  const pln = (gr: number) => gr / 100;
  return {
    id: o.id, number: o.numer, state: o.state, currency: 'PLN', total: pln(o.amountGr), tariffVersion: o.tariffVersion,
    doo: o.dooNumber ? { number: o.dooNumber, date: o.dooDate, paymentDue: o.paymentDue, href: `/api/orders/${o.id}/doo.pdf` } : null,
    payer: o.payer, payerAddress: o.payerAddress, email: o.email, purpose: o.purpose, portal: o.portal, personalData: o.personalData,
    created: o.created,
    items: o.items.map((i) => ({ material: i.material, postac: i.postac, quantity: i.quantity, unit: i.unit, rate: pln(i.rateGr), amount: pln(i.amountGr), legalBasis: i.legalBasis, explanation: i.explanation, subject: i.subject })),
    history: o.history,
  };
}

/** The order a request may read (owner, the office's staff, or the anonymous orderer's token); 404 otherwise. */
export async function ownOrder(ctx: ServiceContext, req: Request): Promise<Order> {
  const id = String(req.params.id ?? '');
  const notFound = () => new HttpProblem(404, 'Not Found', 'No such order');
  if (!UUID.test(id)) throw notFound();
  const order = await orderById(ctx.db, id);
  if (!order) throw notFound();
  const who = requestIdentity(req);
  if (isOfficeStaff(who.role)) return order;
  if (order.userId !== null && who.userId === order.userId) return order;
  const token = req.get('x-order-token') ?? (typeof req.query.token === 'string' ? req.query.token : undefined);
  if (token && order.tokenHash) {
    const d = tokenDigest(token);
    if (d.length === order.tokenHash.length && timingSafeEqual(d, order.tokenHash)) return order;
  }
  throw notFound();
}

export function postOrder(csrf: CsrfProtection) {
  return async (ctx: ServiceContext, req: Request, res: Response): Promise<void> => {
    const auth = requestAuth(req);
    // A session cookie is ambient (a browser sends it to any page's request): the CSRF token proves the client is ours.
    if (auth.kind === 'session' && !csrf.valid(req)) throw new HttpProblem(403, 'Forbidden', 'A request with a session needs the CSRF token from GET /api/session as X-CSRF-Token');
    const body = (typeof req.body === 'object' && req.body !== null && !Array.isArray(req.body) ? req.body : {}) as Record<string, unknown>;
    const who = requestIdentity(req);
    const anonymous = who.userId === null;
    const email = text(body, 'email', 254, anonymous);
    if (email !== null && !EMAIL_PATTERN.test(email)) throw bad('email is not an e-mail address', 'email');
    const payer = text(body, 'payer', 200, false) ?? email ?? auth.login ?? 'zamawiający';
    const payerAddress = text(body, 'payerAddress', 300, false);
    const purpose = text(body, 'purpose', 500, false);
    const portal = text(body, 'portal', 40, false) ?? 'klienci';
    if (!(PORTAL_IDS as readonly string[]).includes(portal)) throw bad(`portal must be one of ${PORTAL_IDS.join(', ')}`, 'portal');
    const personalData = PERSONAL_DATA_ROLES.includes(who.role);
    const items = await resolveBasket(ctx.db, body, ctx.config.downloads.maxSheets, personalData);
    const q = quoteItems(items);
    const token = anonymous ? newToken('zam_') : null;
    const actor: Actor = { userId: who.userId, name: auth.login ?? email ?? 'anonim' };
    const id = await placeOrder(ctx.db, { userId: who.userId, email, role: who.role, personalData, payer, payerAddress, purpose, portal, tokenHash: token ? tokenDigest(token) : null }, items, q, actor);
    const system: Actor = { userId: null, name: 'system' };
    const tokenLink = token ?? undefined;
    await notifyAfter(ctx, req, id, { kind: 'złożone', accessToken: tokenLink });
    if (q.totalGr > 0) {
      await issueDoo(ctx.db, id, system, ctx.config.orders.paymentDays);
      await notifyAfter(ctx, req, id, { kind: 'DOO wystawiony', accessToken: tokenLink });
    } else {
      await changeState(ctx.db, id, 'opłacone', system, 'bez opłaty: wszystkie pozycje zwolnione z mocy prawa');
      await notifyAfter(ctx, req, id, { kind: 'opłacone' });
      await releaseAfterPayment(ctx, [id], system);
    }
    const order = (await orderById(ctx.db, id))!;
    res.status(201).location(`/api/orders/${id}`).set('Cache-Control', 'no-store')
      .json({ ...orderJson(order), ...(token ? { accessToken: token } : {}) });
  };
}

export async function getOrder(ctx: ServiceContext, req: Request, res: Response): Promise<void> {
  const order = await ownOrder(ctx, req);
  const files = await releasedFiles(ctx.db, order.id);
  res.set('Cache-Control', 'no-store').json({ ...orderJson(order), files, filesKeptDays: ctx.config.orders.releaseDays });
}

/** GET /api/orders/{id}/doo.pdf: the order's DOO, signed with the office's key (documents/sign.ts). */
export async function getDooPdf(ctx: ServiceContext, req: Request, res: Response): Promise<void> {
  const order = await ownOrder(ctx, req);
  if (!order.dooNumber) throw new HttpProblem(404, 'Not Found', `Order ${order.numer} has no DOO (${order.state === 'opłacone' && order.amountGr === 0 ? 'every item is free' : order.state})`);
  const o = ctx.config.orders;
  const pdf = await renderDooPdf(order, { name: o.officeName, address: o.officeAddress, bankAccount: o.bankAccount });
  const signed = await signPdf(pdf, await signingIdentity(o), {
    reason: `Dokument Obliczenia Opłaty ${order.dooNumber}`, location: 'Poznań', contactInfo: o.officeName,
  }, new Date(order.dooDate!));
  res.status(200).type('application/pdf').set('Cache-Control', 'no-store')
    .set('Content-Disposition', `inline; filename="${order.dooNumber.replace(/\//g, '-')}.pdf"`).send(signed);
}

/** GET /api/orders/{id}/licencja.pdf: the licence of a paid order, signed; 409 while the order is not paid. */
export async function getLicencePdf(ctx: ServiceContext, req: Request, res: Response): Promise<void> {
  const order = await ownOrder(ctx, req);
  if (order.state !== 'opłacone' && order.state !== 'zrealizowane') throw new HttpProblem(409, 'Conflict', `Order ${order.numer} is ${order.state}: the licence is issued when it is paid`);
  const paidAt = [...order.history].reverse().find((h) => h.to === 'opłacone')?.at ?? order.changed;
  const o = ctx.config.orders;
  const pdf = await renderLicencePdf(order, { name: o.officeName, address: o.officeAddress, bankAccount: o.bankAccount }, new Date(paidAt));
  const signed = await signPdf(pdf, await signingIdentity(o), { reason: `Licencja ${licenceNumber(order)}`, location: 'Poznań', contactInfo: o.officeName }, new Date(paidAt));
  res.status(200).type('application/pdf').set('Cache-Control', 'no-store')
    .set('Content-Disposition', `inline; filename="${licenceNumber(order).replace(/\//g, '-')}.pdf"`).send(signed);
}
