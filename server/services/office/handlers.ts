// The back office's named handlers (issue 17 item 6), called by the list of routes in router.ts: the orders list
// and an order's page, the office's actions on an order (each a POST whose change, history row and audit row are one
// transaction in orders/office.ts, followed by the orderer's e-mail once it committed), the bank statement import,
// and the statistics. A person's mistake (no reason, a bad date) re-renders the page with a Polish message and
// changes nothing; an order someone else changed first is answered 409 with its page as it is now.
import type { Request, Response } from 'express';
import type { ServiceContext } from '../context.ts';
import type { CsrfProtection } from '../../accounts/csrf.ts';
import { requestAuth } from '../../http/auth.ts';
import { ServiceError } from '../../errors/service-error.ts';
import type { Role } from '../../catalog/roles.ts';
import { PORTAL_IDS } from '../../catalog/portals.ts';
import { ORDER_STATES, type OrderState } from '../../orders/states.ts';
import { orderById, StateConflict, type Order } from '../../orders/store.ts';
import {
  auditRelease, auditStatementImport, listOrders, officeCancel, officeCorrectDoo, officeIssueDoo, officeMarkPaid, orderPayments, orderStats,
  unmatchedPayments, type OfficeActor, type OrderFilter,
} from '../../orders/office.ts';
import { importMt940 } from '../../payments/bank-transfer.ts';
import { Mt940Error } from '../../payments/mt940.ts';
import type { MultipartFile } from '../../http/multipart.ts';
import { statsRange } from '../downloads/stats.ts';
import { notifyAfter } from '../orders/mail.ts';
import { releaseAfterPayment, startRelease } from '../orders/release.ts';
import { orderPage, ordersListPage, statementPage, statsOrdersPage } from './pages.ts';

/** What every back-office handler gets: the services' context and the CSRF protection of the forms. */
export interface OfficeContext extends ServiceContext { csrf: CsrfProtection }
export type OfficeHandler = (c: OfficeContext, req: Request, res: Response) => Promise<void>;

export const PAGE_SIZE = 50;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const REASON_MIN = 3, REASON_MAX = 500;

/** A page's refusal: the status, the English detail (logs, problems) and the Polish text of the page. */
const refusal = (status: number, en: string, pl: string) => new ServiceError(en, { status, pl });

const field = (req: Request, name: string, max: number): string => {
  const v = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v.trim().slice(0, max + 1) : '';
};

const user = (req: Request) => {
  const a = requestAuth(req);
  return { login: a.login ?? '', role: a.role as Role };
};

function actorOf(req: Request): OfficeActor {
  const a = requestAuth(req);
  return { userId: a.userId!, name: a.login ?? `użytkownik ${a.userId}`, ip: req.ip ?? null };
}

// ---- the list ----

/** Reads the list's filter from the query; the Polish problems found (the filter then leaves those out). */
export function readFilter(q: Record<string, unknown>): { filter: OrderFilter; page: number; problems: string[] } {
  const s = (k: string) => (typeof q[k] === 'string' ? (q[k] as string).trim() : '');
  const problems: string[] = [];
  const filter: OrderFilter = {};
  const state = s('stan');
  if (state) { if ((ORDER_STATES as readonly string[]).includes(state)) filter.state = state as OrderState; else problems.push(`Nieznany stan „${state}”.`); }
  const portal = s('portal');
  if (portal) { if ((PORTAL_IDS as readonly string[]).includes(portal)) filter.portal = portal; else problems.push(`Nieznany portal „${portal}”.`); }
  for (const [k, key] of [['od', 'from'], ['do', 'to']] as const) {
    const v = s(k);
    if (!v) continue;
    // A day that exists (2026-02-30 does not): the round trip through Date keeps it.
    if (DAY.test(v) && !Number.isNaN(Date.parse(v)) && new Date(v).toISOString().slice(0, 10) === v) filter[key] = v; else problems.push(`Data „${v}” nie jest datą (RRRR-MM-DD).`);
  }
  if (filter.from && filter.to && filter.from > filter.to) { problems.push('Data początkowa jest późniejsza niż końcowa.'); delete filter.to; }
  const number = s('numer').slice(0, 40), orderer = s('zamawiajacy').slice(0, 100);
  if (number) filter.number = number;
  if (orderer) filter.orderer = orderer;
  const p = s('strona');
  const page = /^\d{1,5}$/.test(p) && Number(p) >= 1 ? Number(p) : 1;
  return { filter, page, problems };
}

export async function listPage(c: OfficeContext, req: Request, res: Response): Promise<void> {
  const { filter, page, problems } = readFilter(req.query as Record<string, unknown>);
  const { rows, total } = await listOrders(c.db, filter, page, PAGE_SIZE);
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(req.query)) if (k !== 'strona' && typeof v === 'string' && v) query.set(k, v);
  res.status(problems.length ? 400 : 200).type('html').send(ordersListPage(user(req), c.csrf.token(req, res), { filter, rows, total, page, pageSize: PAGE_SIZE, query, error: problems.join(' ') || undefined }));
}

// ---- an order ----

async function orderOf(c: OfficeContext, req: Request): Promise<Order> {
  const id = String(req.params.id ?? '');
  const order = UUID.test(id) ? await orderById(c.db, id) : undefined;
  if (!order) throw refusal(404, 'No such order', 'Nie ma takiego zamówienia.');
  return order;
}

async function ordererText(c: OfficeContext, o: Order): Promise<string> {
  if (o.userId === null) return `zamawiający anonimowy, e-mail ${o.email ?? '—'}`;
  const [u] = await c.db.query<{ login: string; email: string }>('SELECT login, email FROM portal.uzytkownicy WHERE id = $1', [o.userId]);
  return u ? `konto ${u.login}, e-mail ${u.email}` : `konto nr ${o.userId} (usunięte)`;
}

const DONE: Record<string, string> = {
  doo: 'Wystawiono DOO; zamawiający dostał wiadomość z danymi do przelewu.',
  korekta: 'Wystawiono skorygowany DOO z nowym numerem; zamawiający dostał wiadomość.',
  oplacone: 'Zamówienie oznaczono jako opłacone; zamawiający dostał wiadomość.',
  wydanie: 'Zlecono wydanie materiałów.',
  anulowane: 'Zamówienie anulowano; zamawiający dostał wiadomość z powodem.',
};

async function renderOrder(c: OfficeContext, req: Request, res: Response, order: Order, o: { error?: string; info?: string; values?: Record<string, string> } = {}, status = 200): Promise<void> {
  const fresh = (await orderById(c.db, order.id)) ?? order;
  res.status(status).type('html').send(orderPage(user(req), c.csrf.token(req, res), { order: fresh, payments: await orderPayments(c.db, order.id), orderer: await ordererText(c, fresh), ...o }));
}

export async function orderDetail(c: OfficeContext, req: Request, res: Response): Promise<void> {
  const order = await orderOf(c, req);
  const done = typeof req.query.wykonano === 'string' ? DONE[req.query.wykonano] : undefined;
  await renderOrder(c, req, res, order, { info: done });
}

/** Runs an action's change; a change the order's state no longer allows is answered with the page as it is now. */
async function act(c: OfficeContext, req: Request, res: Response, order: Order, change: () => Promise<unknown>, values: Record<string, string>): Promise<boolean> {
  try {
    await change();
    return true;
  } catch (e) {
    if (!(e instanceof StateConflict)) throw e;
    const now = await orderById(c.db, order.id);
    await renderOrder(c, req, res, order, { error: `Tego nie można zrobić: zamówienie jest w stanie „${now?.state ?? e.current}”. Odśwież stronę.`, values }, 409);
    return false;
  }
}

/** The required reason of an action, or the page again with the Polish message (and nothing changed). */
async function reasonOf(c: OfficeContext, req: Request, res: Response, order: Order, what: string, values: Record<string, string>): Promise<string | undefined> {
  const reason = field(req, 'powod', REASON_MAX);
  if (reason.length >= REASON_MIN && reason.length <= REASON_MAX) return reason;
  const error = reason.length === 0 ? `Podaj powód: ${what} wymaga uzasadnienia.` : `Powód: od ${REASON_MIN} do ${REASON_MAX} znaków.`;
  await renderOrder(c, req, res, order, { error, values }, 400);
  return undefined;
}

const done = (res: Response, order: Order, what: string) => res.redirect(303, `/biuro/zamowienia/${order.id}?wykonano=${what}`);

export async function issueDooAction(c: OfficeContext, req: Request, res: Response): Promise<void> {
  const order = await orderOf(c, req);
  if (order.amountGr === 0) return renderOrder(c, req, res, order, { error: 'Zamówienie jest bezpłatne: DOO nie wystawia się.' }, 409);
  if (!(await act(c, req, res, order, () => officeIssueDoo(c.db, order.id, actorOf(req), c.config.orders.paymentDays), {}))) return;
  await notifyAfter(c, req, order.id, { kind: 'DOO wystawiony' });
  done(res, order, 'doo');
}

export async function correctDooAction(c: OfficeContext, req: Request, res: Response): Promise<void> {
  const order = await orderOf(c, req);
  const values = { powod: field(req, 'powod', REASON_MAX), platnik: field(req, 'platnik', 200), adres: field(req, 'adres', 300) };
  const reason = await reasonOf(c, req, res, order, 'korekta DOO', values);
  if (reason === undefined) return;
  if (values.platnik.length > 200 || values.adres.length > 300) return renderOrder(c, req, res, order, { error: 'Płatnik: do 200 znaków, adres: do 300 znaków.', values }, 400);
  let old = '';
  if (!(await act(c, req, res, order, async () => { old = (await officeCorrectDoo(c.db, order.id, actorOf(req), c.config.orders.paymentDays, reason, values.platnik || null, values.adres || null)).old; }, values))) return;
  await notifyAfter(c, req, order.id, { kind: 'DOO skorygowany', previousDoo: old, reason });
  done(res, order, 'korekta');
}

export async function markPaidAction(c: OfficeContext, req: Request, res: Response): Promise<void> {
  const order = await orderOf(c, req);
  const values = { powod: field(req, 'powod', REASON_MAX) };
  const reason = await reasonOf(c, req, res, order, 'ręczne oznaczenie zapłaty', values);
  if (reason === undefined) return;
  if (!(await act(c, req, res, order, () => officeMarkPaid(c.db, order.id, actorOf(req), reason), values))) return;
  await notifyAfter(c, req, order.id, { kind: 'opłacone' });
  // Paid is paid, whichever way: the release starts now (as after MT940 or PayU), the sweep only retries.
  await releaseAfterPayment(c, [order.id], actorOf(req));
  done(res, order, 'oplacone');
}

export async function cancelAction(c: OfficeContext, req: Request, res: Response): Promise<void> {
  const order = await orderOf(c, req);
  const values = { powod: field(req, 'powod', REASON_MAX) };
  const reason = await reasonOf(c, req, res, order, 'anulowanie', values);
  if (reason === undefined) return;
  if (!(await act(c, req, res, order, () => officeCancel(c.db, order.id, actorOf(req), reason), values))) return;
  await notifyAfter(c, req, order.id, { kind: 'anulowane', reason });
  done(res, order, 'anulowane');
}

/**
 * Release: services/orders/release.ts startRelease prepares the files (and moves the order to "zrealizowane" when
 * they are ready). Its refusal is shown on the order's page with its status. Once the order is released, the
 * orderer is mailed the link to the order, where the files are listed.
 */
export async function releaseAction(c: OfficeContext, req: Request, res: Response): Promise<void> {
  const order = await orderOf(c, req);
  if (order.state !== 'opłacone') return renderOrder(c, req, res, order, { error: `Wydać można tylko opłacone zamówienie (jest „${order.state}”).` }, 409);
  const actor = actorOf(req);
  try {
    await startRelease(c, order.id, actor);
  } catch (e) {
    if (!(e instanceof ServiceError)) throw e;
    const why = e.status === 501 ? 'wydawanie materiałów nie jest jeszcze dostępne w tej wersji' : (e.messagePl ?? e.message);
    return renderOrder(c, req, res, order, { error: `Nie wydano materiałów: ${why}.` }, e.status);
  }
  await auditRelease(c.db, order.id, actor);
  if ((await orderById(c.db, order.id))?.state === 'zrealizowane') {
    await notifyAfter(c, req, order.id, { kind: 'zrealizowane', downloadLink: `${c.config.publicUrl ?? `${req.protocol}://${req.get('host')}`}/api/orders/${order.id}` });
  }
  done(res, order, 'wydanie');
}

// ---- bank statements ----

export async function statementForm(c: OfficeContext, req: Request, res: Response): Promise<void> {
  res.type('html').send(statementPage(user(req), c.csrf.token(req, res), { unmatched: await unmatchedPayments(c.db) }));
}

export async function importStatement(c: OfficeContext, req: Request, res: Response): Promise<void> {
  const files = (req as Request & { files?: MultipartFile[] }).files ?? [];
  const file = files.find((f) => f.name === 'plik');
  const fail = async (error: string) => res.status(400).type('html').send(statementPage(user(req), c.csrf.token(req, res), { unmatched: await unmatchedPayments(c.db), error }));
  if (!file || file.data.length === 0) return void (await fail('Wybierz plik wyciągu MT940.'));
  const actor = actorOf(req);
  let report;
  try {
    report = await importMt940(c.db, file.data, actor);
  } catch (e) {
    if (e instanceof Mt940Error) return void (await fail(`To nie jest wyciąg MT940, który umiemy odczytać: ${e.message}.`));
    throw e;
  }
  await auditStatementImport(c.db, actor, { plik: file.filename.slice(0, 200), wyciagi: report.statements, oplacone: report.paid, doWyjasnienia: report.unmatched, powtorzone: report.duplicates,
    zamowienia: report.entries.filter((x) => x.result === 'paid').map((x) => x.orderNumber) });
  for (const x of report.entries) if (x.result === 'paid' && x.orderId) await notifyAfter(c, req, x.orderId, { kind: 'opłacone' });
  // As the API's import does: the paid orders' materials are prepared now, not at the runners' next sweep.
  await releaseAfterPayment(c, report.entries.filter((x) => x.result === 'paid' && x.orderId).map((x) => x.orderId!), actor);
  res.type('html').send(statementPage(user(req), c.csrf.token(req, res), { report, unmatched: await unmatchedPayments(c.db) }));
}

// ---- statistics ----

function range(req: Request) {
  try {
    return statsRange(req.query as Record<string, unknown>);
  } catch (e) {
    if (e instanceof ServiceError) throw refusal(400, e.message, 'Podaj daty od i do w postaci RRRR-MM-DD, początek nie później niż koniec.');
    throw e;
  }
}

export async function statsPage(c: OfficeContext, req: Request, res: Response): Promise<void> {
  res.type('html').send(statsOrdersPage(user(req), c.csrf.token(req, res), await orderStats(c.db, range(req))));
}

export async function statsJson(c: OfficeContext, req: Request, res: Response): Promise<void> {
  res.set('Cache-Control', 'no-store').json(await orderStats(c.db, range(req)));
}

// ---- survey-work notifications ----

/** The notifications' queue of an earlier version: the office's one queue of cases, of notifications (services/office/queue.ts). */
export async function notificationsQueue(_c: OfficeContext, _req: Request, res: Response): Promise<void> {
  res.redirect(301, '/biuro/sprawy?rodzaj=zgloszenie');
}

export async function home(_c: OfficeContext, _req: Request, res: Response): Promise<void> {
  res.redirect(303, '/biuro/zamowienia');
}
