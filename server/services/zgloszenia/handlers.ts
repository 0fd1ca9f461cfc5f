// The handlers of /api/zgloszenia (survey-work notifications, issue 18): a surveyor files a notification and reads
// their cases ("Moje sprawy"), downloads the material package once it is released; the office's staff read the queue
// with the materials' deadlines and move cases with a reason. Filing creates the case (its number, deadline and first
// history row), the fee order with its DOO and the package job, linked, in ONE transaction (filing.ts).
//
// Release rule (the simplest honest one): the package is released to the surveyor when the DOO is paid (the order is
// "opłacone" or "zrealizowane"; a fee of 0 zł is paid at once) — materials of the resource are handed over after the
// fee is paid (art. 40a ust. 1 and art. 40d Pgik; the county practice "within 5 working days of receiving the fee").
// The office's staff may download a package at any time (to check it). The package job's own id is never shown:
// the job is anonymous-owned, so it is not listed in /api/downloads and its file is reachable only through here.
import path from 'node:path';
import type { Request, Response } from 'express';
import { baseUrl, requestIdentity, type Identity, type ServiceContext } from '../context.ts';
import { requestAuth } from '../../http/auth.ts';
import type { CsrfProtection } from '../../accounts/csrf.ts';
import type { Mailer } from '../../accounts/mail.ts';
import { HttpProblem } from '../../errors/service-error.ts';
import { isOfficeStaff } from '../../catalog/roles.ts';
import { warsawDay } from '../../cases/working-days.ts';
import { FormError, parseForm } from '../../cases/zgloszenia/form.ts';
import { isZgloszenieState, materialsPending, nextStates, ZGLOSZENIE_STATES, type ZgloszenieState } from '../../cases/zgloszenia/states.ts';
import {
  changeState, historyOf, queue, StateConflict, workingDaysLeft, zgloszeniaOf, zgloszenieById,
  type Actor, type Zgloszenie,
} from '../../cases/zgloszenia/store.ts';
import type { SheetScale } from '../../domain/sheets.ts';
import { changeState as changeOrderState, orderById, StateConflict as OrderConflict, type Order } from '../../orders/store.ts';
import { FINAL_STATUSES, type JobStatus } from '../downloads/jobs.ts';
import { BUFFER_M, CONTROL_BUFFER_M, CONTROL_LAYERS, PACKAGE_LAYERS } from '../downloads/package.ts';
import { sendRegisteredFile } from '../downloads/register.ts';
import { bufferedArea, packageSheets, resolveWorkArea } from './area.ts';
import { CASE_PORTAL, caseUrl } from '../../cases/links.ts';
import { fileNotification } from './filing.ts';
import { notifyFiled } from './notify.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const PAID: readonly string[] = ['opłacone', 'zrealizowane'];

function actorOf(req: Request): Actor {
  const who = requestIdentity(req);
  return { userId: who.userId, name: requestAuth(req).login ?? 'anonim' };
}

function signedIn(req: Request): Identity & { userId: number } {
  const who = requestIdentity(req);
  if (who.userId === null) throw new HttpProblem(401, 'Unauthorized', 'Sign in (session or API key) to use survey-work notifications');
  return who as Identity & { userId: number };
}

function checkCsrf(req: Request, csrf: CsrfProtection): void {
  // A session cookie is ambient (a browser sends it with any page's request): the CSRF token proves the client is ours.
  if (requestAuth(req).kind === 'session' && !csrf.valid(req)) throw new HttpProblem(403, 'Forbidden', 'A request with a session needs the CSRF token from GET /api/session as X-CSRF-Token');
}

interface JobState { status: JobStatus; progress: number; size: number | null; name: string | null; file: string | null; features: number | null; error: string | null }

async function jobOf(ctx: ServiceContext, id: string | null): Promise<JobState | undefined> {
  if (!id) return undefined;
  const [j] = await ctx.db.query<any>(`SELECT status, postep, "rozmiarBajtow", "nazwaPliku", plik, "liczbaObiektow", blad FROM portal.zadania WHERE id = $1`, [id]);
  return j ? { status: j.status, progress: Number(j.postep), size: j.rozmiarBajtow === null ? null : Number(j.rozmiarBajtow), name: j.nazwaPliku, file: j.plik, features: j.liczbaObiektow === null ? null : Number(j.liczbaObiektow), error: j.blad } : undefined;
}

/** The case as its surveyor and the office see it (Polish names for the case's data, English for processing). */
async function caseJson(ctx: ServiceContext, base: string, z: Zgloszenie, withHistory: boolean) {
  const [job, order] = await Promise.all([jobOf(ctx, z.jobId), z.orderId ? orderById(ctx.db, z.orderId) : Promise.resolve(undefined)]);
  const released = !!order && PAID.includes(order.state);
  const today = warsawDay(new Date());
  const self = `${base}/api/zgloszenia/${z.id}`;
  return {
    id: z.id, numer: z.numer, stan: z.stan, rodzajPrac: z.rodzajPrac, celPrac: z.celPrac, numerUprawnien: z.numerUprawnien, wykonawca: z.wykonawca,
    ...(z.login ? { geodeta: z.login } : {}),
    obszar: z.obszar, powierzchniaHa: z.powierzchniaHa, dzialki: z.dzialki, arkusze: z.arkusze, skalaArkuszy: z.skalaArkuszy,
    dataRozpoczecia: z.dataRozpoczecia, dataZakonczenia: z.dataZakonczenia, terminMaterialow: z.terminMaterialow,
    workingDaysLeft: materialsPending(z.stan) ? workingDaysLeft(z, today) : null,
    nextStates: nextStates(z.stan),
    created: z.created, changed: z.changed,
    package: job ? {
      status: job.status, progress: Math.round(job.progress * 1000) / 1000, released,
      ...(job.status === 'done' ? { size: job.size, features: job.features, name: job.name, href: `${self}/pakiet` } : {}),
      ...(job.error ? { error: job.error } : {}),
      buffers: { dataM: BUFFER_M, controlM: CONTROL_BUFFER_M },
    } : null,
    fee: order ? {
      currency: 'PLN', total: order.amountGr / 100, orderState: order.state, order: `/api/orders/${order.id}`,
      doo: order.dooNumber ? { number: order.dooNumber, paymentDue: order.paymentDue, href: `${base}/api/orders/${order.id}/doo.pdf` } : null,
      lines: order.items.map((i) => ({ material: i.material, quantity: i.quantity, unit: i.unit, amount: i.amountGr / 100, legalBasis: i.legalBasis, explanation: i.explanation })),
    } : null,
    ...(withHistory ? { history: await historyOf(ctx.db, z.id) } : {}),
    links: [{ rel: 'self', href: self, type: 'application/json' }, { rel: 'alternate', href: caseUrl(base, CASE_PORTAL.zgloszenie, z.id), type: 'text/html', title: 'the case in Portal Geodety' }],
  };
}

/** The case a request may read: its surveyor's or, for the office's staff, any; 404 otherwise (as if it did not exist). */
async function visibleCase(ctx: ServiceContext, req: Request): Promise<Zgloszenie> {
  const who = signedIn(req);
  const id = String(req.params.id ?? '');
  const notFound = () => new HttpProblem(404, 'Not Found', 'No such notification');
  if (!UUID.test(id)) throw notFound();
  const z = await zgloszenieById(ctx.db, id);
  if (!z || (z.userId !== who.userId && !isOfficeStaff(who.role))) throw notFound();
  return z;
}

/** POST /api/zgloszenia: a surveyor notifies survey work. */
export function postZgloszenie(csrf: CsrfProtection, mailer: Mailer) {
  return async (ctx: ServiceContext, req: Request, res: Response): Promise<void> => {
    const who = signedIn(req);
    if (who.role !== 'geodeta') throw new HttpProblem(403, 'Forbidden', 'Survey work is notified by a surveyor (an account with the geodeta role)');
    checkCsrf(req, csrf);
    let form;
    try { form = parseForm(req.body, warsawDay(new Date())); } catch (e) {
      if (e instanceof FormError) throw new HttpProblem(400, 'Bad Request', e.message, { parameter: e.field });
      throw e;
    }
    const area = await resolveWorkArea(ctx.db, form.area);
    const sheets = packageSheets(area.geometry, form.skalaArkuszy as SheetScale);
    const actor = actorOf(req);
    const { area: _given, ...fields } = form;
    // What only reads comes first; the case, its fee and its package job are then filed in one transaction.
    const [dataArea, controlArea] = [await bufferedArea(ctx.db, area.geometry, BUFFER_M), await bufferedArea(ctx.db, area.geometry, CONTROL_BUFFER_M)];
    const base = baseUrl(req, ctx.config);
    const filed = await fileNotification(ctx.db, {
      userId: who.userId, role: who.role, case: { form: fields, obszar: area.geometry, dzialki: area.dzialki, arkusze: sheets }, ha: area.ha,
      dataArea, controlArea, baseUrl: base, paymentDays: ctx.config.orders.paymentDays, actor,
    });
    ctx.log.info({ zgloszenie: filed.numer, job: filed.jobId, order: filed.orderId }, 'survey work notified');
    const z = (await zgloszenieById(ctx.db, filed.id))!;
    // The confirmation by e-mail, once the filing committed (the case is filed whatever becomes of the message).
    await notifyFiled(ctx, mailer, z, base);
    res.status(201).location(`/api/zgloszenia/${z.id}`).set('Cache-Control', 'no-store').json(await caseJson(ctx, base, z, true));
  };
}

/** GET /api/zgloszenia: the caller's own notifications ("Moje sprawy"). */
export async function getMine(ctx: ServiceContext, req: Request, res: Response): Promise<void> {
  const who = signedIn(req);
  const base = baseUrl(req, ctx.config);
  const list = await zgloszeniaOf(ctx.db, who.userId);
  res.set('Cache-Control', 'no-store').json({ zgloszenia: await Promise.all(list.map((z) => caseJson(ctx, base, z, false))) });
}

/** GET /api/zgloszenia/kolejka[?stan=a,b]: the office's queue, nearest materials deadline first. */
export async function getQueue(ctx: ServiceContext, req: Request, res: Response): Promise<void> {
  const who = signedIn(req);
  if (!isOfficeStaff(who.role)) throw new HttpProblem(403, 'Forbidden', "The queue of notifications is the office's (pracownik)");
  const raw = typeof req.query.stan === 'string' && req.query.stan !== '' ? req.query.stan.split(',').map((s) => s.trim()) : null;
  if (raw && !raw.every(isZgloszenieState)) throw new HttpProblem(400, 'Bad Request', `stan must be a comma-separated list of: ${ZGLOSZENIE_STATES.join(', ')}`, { parameter: 'stan' });
  const base = baseUrl(req, ctx.config);
  const list = await queue(ctx.db, raw as ZgloszenieState[] | null);
  res.set('Cache-Control', 'no-store').json({ today: warsawDay(new Date()), zgloszenia: await Promise.all(list.map((z) => caseJson(ctx, base, z, false))) });
}

export async function getOne(ctx: ServiceContext, req: Request, res: Response): Promise<void> {
  const z = await visibleCase(ctx, req);
  res.set('Cache-Control', 'no-store').json(await caseJson(ctx, baseUrl(req, ctx.config), z, true));
}

/** The moves a surveyor may make on their own case; the office may make any move states.ts allows. */
const SURVEYOR_MOVES: readonly ZgloszenieState[] = ['w toku', 'anulowana'];

/** POST /api/zgloszenia/{id}/stan {"stan": …, "powod": …}. */
export function postState(csrf: CsrfProtection) {
  return async (ctx: ServiceContext, req: Request, res: Response): Promise<void> => {
    const z = await visibleCase(ctx, req);
    checkCsrf(req, csrf);
    const who = requestIdentity(req);
    const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<string, unknown>;
    if (!isZgloszenieState(body.stan)) throw new HttpProblem(400, 'Bad Request', `stan must be one of: ${ZGLOSZENIE_STATES.join(', ')}`, { parameter: 'stan' });
    const staff = isOfficeStaff(who.role);
    const powod = typeof body.powod === 'string' ? body.powod.trim() : '';
    if (powod.length > 1000) throw new HttpProblem(400, 'Bad Request', 'powod: at most 1000 characters', { parameter: 'powod' });
    if (staff && powod.length < 3) throw new HttpProblem(400, 'Bad Request', 'powod: the office gives the reason of every change (at least 3 characters)', { parameter: 'powod' });
    if (!staff && !SURVEYOR_MOVES.includes(body.stan)) throw new HttpProblem(403, 'Forbidden', `A surveyor may move their notification only to: ${SURVEYOR_MOVES.join(', ')}`);
    try {
      await changeState(ctx.db, z.id, body.stan, actorOf(req), powod || (body.stan === 'anulowana' ? 'wycofane przez wykonawcę' : 'prace rozpoczęte'));
    } catch (e) {
      if (e instanceof StateConflict) throw new HttpProblem(409, 'Conflict', `Notification ${z.numer} is ${e.current}; it cannot become ${body.stan} (allowed: ${nextStates(e.current ?? z.stan).join(', ') || 'none'})`);
      throw e;
    }
    // A withdrawn notification's unpaid DOO is withdrawn too (a paid one stays: a refund is the office's decision).
    if (body.stan === 'anulowana' && z.orderId) {
      await changeOrderState(ctx.db, z.orderId, 'anulowane', actorOf(req), `zgłoszenie ${z.numer} wycofane`).catch((e) => { if (!(e instanceof OrderConflict)) throw e; });
    }
    res.set('Cache-Control', 'no-store').json(await caseJson(ctx, baseUrl(req, ctx.config), (await zgloszenieById(ctx.db, z.id))!, true));
  };
}

/** GET /api/zgloszenia/{id}/pakiet: the zipped material package, once ready and released. */
export async function getPackage(ctx: ServiceContext, req: Request, res: Response): Promise<void> {
  const z = await visibleCase(ctx, req);
  const who = requestIdentity(req);
  const job = await jobOf(ctx, z.jobId);
  if (!job || job.status !== 'done' || !job.file) {
    const why = !job ? 'has no package' : job.status === 'failed' ? `package failed: ${job.error ?? 'unknown'}` : FINAL_STATUSES.includes(job.status) ? `package is ${job.status}` : `package is being prepared (${job.status})`;
    throw new HttpProblem(409, 'Conflict', `Notification ${z.numer} ${why}`);
  }
  const order: Order | undefined = z.orderId ? await orderById(ctx.db, z.orderId) : undefined;
  const released = !!order && PAID.includes(order.state);
  if (!released && !isOfficeStaff(who.role)) {
    throw new HttpProblem(409, 'Conflict', `The package of ${z.numer} is released when the fee is paid: ${order?.dooNumber ?? 'DOO'} (${order ? (order.amountGr / 100).toFixed(2) : '?'} zł), transfer title starting with the DOO number`,
      order?.dooNumber ? { doo: order.dooNumber, href: `/api/orders/${order.id}/doo.pdf` } : {});
  }
  await sendRegisteredFile(ctx.db, res, { path: path.join(ctx.config.downloads.dir, job.file), name: job.name ?? `pakiet-${z.numer}.zip`, type: 'application/zip' },
    { who, portal: 'geodeci', resource: `zgłoszenie ${z.numer}`, layers: [...PACKAGE_LAYERS, ...CONTROL_LAYERS, 'nmt'], format: 'zip', features: job.features, area: z.obszar }, ctx.log);
  // Handing the materials over completes the paid order (once; a second download changes nothing).
  if (order?.state === 'opłacone' && z.userId === who.userId) {
    await changeOrderState(ctx.db, order.id, 'zrealizowane', actorOf(req), `materiały wydane: pakiet zgłoszenia ${z.numer}`).catch((e) => { if (!(e instanceof OrderConflict)) throw e; });
  }
}
