// The release of a paid order (issue 17, item 4): when an order is "opłacone" its materials are prepared as jobs of
// the download machinery (downloads/jobs.ts, kind "zamowienie"), one or more per item as its producer splits it
// (producers.ts) and one for the signed licence when anything in the order was paid for; the jobs survive restarts
// and worker deaths like every job (claimed with SKIP LOCKED, a heartbeat, resumed). When every job of the order is
// done, the order becomes "zrealizowane" — the state change and its history row in one transaction (orders/store.ts
// changeStateIn), the order row locked, so that two workers finishing the last two jobs at once move it once.
//
// Starting is idempotent: the jobs are keyed by (order, item, part) (sql/025_order_release.sql), so a second call
// adds nothing; it re-queues the jobs that failed or were cancelled (the office's "release again"). Every runner
// sweeps once a minute for paid orders without jobs (a payment whose process died before starting the release, or
// an order marked paid by hand) and for released orders whose last job finished while the process went down.
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Database } from '../../db/database.ts';
import { changeStateIn, orderById, StateConflict, type Actor, type Order } from '../../orders/store.ts';
import { licenceMark, type LicenceMark } from '../../documents/licence-mark.ts';
import { licenceNumber, renderLicencePdf } from '../../documents/licence-pdf.ts';
import { signPdf, signingIdentity } from '../../documents/sign.ts';
import type { JobKind, JobOutput, JobRow } from '../downloads/jobs.ts';
import type { ServiceContext } from '../context.ts';
import { notifyOrder } from '../../orders/notify.ts';
import { notifyDeps } from './mail.ts';
import { PRODUCERS, ReleaseProblem, type ProducedFile, type Producers } from './producers.ts';

/** The kind of the release jobs in portal.zadania.rodzaj. */
export const RELEASE_KIND = 'zamowienie';

/** The item number of the licence's job (order items count from 1). */
export const LICENCE_ITEM = 0;

/** What a release job was asked for (portal.zadania.parametry). */
export interface ReleaseParams { order: string; lp: number; part: string; title: string; material: string; startedBy: string }

/** One job of a release, planned from the order (pure). */
export interface PlannedJob { lp: number; part: string; title: string; material: string }

const SYSTEM: Actor = { userId: null, name: 'system' };

/** The jobs an order's release consists of: the producers' parts of every item, and the licence if anything was paid. */
export function releasePlan(order: Pick<Order, 'items'>, producers: Producers = PRODUCERS): PlannedJob[] {
  const jobs: PlannedJob[] = [];
  if (order.items.some((i) => i.amountGr > 0)) jobs.push({ lp: LICENCE_ITEM, part: 'licencja', title: 'licencja', material: 'licencja' });
  for (const item of order.items) {
    const producer = producers[item.material as keyof Producers];
    // A material without a producer still gets its job: it fails with the reason, and the order waits for the office.
    const parts = producer ? producer.parts(item) : [{ key: item.material, title: item.material }];
    for (const p of parts) jobs.push({ lp: item.lp, part: p.key, title: p.title, material: item.material });
  }
  return jobs;
}

/** When the order was paid (its licence's date): the history row that made it "opłacone". */
export function paidAt(order: Pick<Order, 'history' | 'changed'>): Date {
  return new Date([...order.history].reverse().find((h) => h.to === 'opłacone')?.at ?? order.changed);
}

/** The order's licence mark, as every released file carries it. */
export function orderMark(ctx: ServiceContext, order: Order): LicenceMark {
  return licenceMark(order, ctx.config.orders.officeName, paidAt(order));
}

/**
 * Starts (or resumes) the release of a paid order: its jobs are queued once; failed or cancelled ones are queued
 * again. An order already "zrealizowane" is left as it is; one not paid is a StateConflict.
 */
export async function startRelease(ctx: ServiceContext, orderId: string, actor: Actor): Promise<void> {
  const order = await orderById(ctx.db, orderId);
  if (!order) throw new StateConflict(undefined, 'zrealizowane');
  if (order.state === 'zrealizowane') return;
  if (order.state !== 'opłacone') throw new StateConflict(order.state, 'zrealizowane');
  const plan = releasePlan(order);
  const added = await ctx.db.transaction(async (tx) => {
    // The order row locked: a release racing a state change (or another release) waits, and sees it.
    const [row] = await tx.query<{ stan: string }>('SELECT stan FROM portal.zamowienia WHERE id = $1 FOR UPDATE', [orderId]);
    if (row?.stan !== 'opłacone') return 0;
    let n = 0;
    for (const j of plan) {
      const params: ReleaseParams = { order: orderId, lp: j.lp, part: j.part, title: j.title, material: j.material, startedBy: actor.name };
      const ins = await tx.query(
        `INSERT INTO portal.zadania (rodzaj, parametry, uzytkownik_id, rola, portal, zamowienie_id, "pozycjaZamowienia", czesc)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (zamowienie_id, "pozycjaZamowienia", czesc) WHERE zamowienie_id IS NOT NULL DO NOTHING RETURNING id`,
        [RELEASE_KIND, JSON.stringify(params), order.userId, order.role, order.portal, orderId, j.lp, j.part]);
      n += ins.length;
    }
    await tx.query(`UPDATE portal.zadania SET status = 'queued', proby = 0, postep = 0, blad = NULL, zakonczono = NULL
      WHERE zamowienie_id = $1 AND status IN ('failed', 'cancelled')`, [orderId]);
    return n;
  });
  ctx.log.info({ order: order.numer, jobs: plan.length, added, by: actor.name }, 'orders: release started');
  await completeIfReleased(ctx.db, orderId);
}

/** Moves a paid order whose every release job is done to "zrealizowane" (once, whoever calls); true if it did. */
export async function completeIfReleased(db: Database, orderId: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [o] = await tx.query<{ stan: string }>('SELECT stan FROM portal.zamowienia WHERE id = $1 FOR UPDATE', [orderId]);
    if (o?.stan !== 'opłacone') return false;
    const [c] = await tx.query<{ n: string; open: string }>(
      `SELECT count(*) AS n, count(*) FILTER (WHERE status <> 'done') AS open FROM portal.zadania WHERE zamowienie_id = $1`, [orderId]);
    const n = Number(c!.n);
    if (n === 0 || Number(c!.open) > 0) return false;
    await changeStateIn(tx, orderId, 'zrealizowane', SYSTEM, `materiały przygotowane do pobrania: ${n} ${n === 1 ? 'plik' : n < 5 ? 'pliki' : 'plików'}`);
    return true;
  });
}

/** The signed licence PDF of the order (documents/licence-pdf.ts, documents/sign.ts), dated the day it was paid. */
async function licenceFile(ctx: ServiceContext, order: Order, dir: string): Promise<ProducedFile> {
  const o = ctx.config.orders;
  const at = paidAt(order);
  const pdf = await renderLicencePdf(order, { name: o.officeName, address: o.officeAddress, bankAccount: o.bankAccount }, at);
  const signed = await signPdf(pdf, await signingIdentity(o), { reason: `Licencja ${licenceNumber(order)}`, location: 'Poznań', contactInfo: o.officeName }, at);
  const name = `${licenceNumber(order).replace(/\//g, '-')}.pdf`;
  const file = path.join(dir, name);
  await writeFile(file, signed);
  return { file, name, type: 'application/pdf' };
}

/** The job kind the runner is given (http/app.ts): how a release job runs, how long its file stays, the sweep. */
export function releaseJobKind(ctx: ServiceContext, producers: Producers = PRODUCERS): JobKind {
  return {
    keepSeconds: () => ctx.config.orders.releaseDays * 86_400,
    async run(job: JobRow, dir, progress, signal): Promise<JobOutput> {
      const p = job.parametry as unknown as ReleaseParams;
      const order = await orderById(ctx.db, p.order);
      if (!order) throw new ReleaseProblem('Zamówienie już nie istnieje');
      const work = path.join(dir, job.id);
      await rm(work, { recursive: true, force: true });
      await mkdir(work, { recursive: true });
      let out: ProducedFile;
      if (p.lp === LICENCE_ITEM) out = await licenceFile(ctx, order, work);
      else {
        const item = order.items.find((i) => i.lp === p.lp);
        const producer = item ? producers[item.material as keyof Producers] : undefined;
        if (!item || !producer) {
          throw new ReleaseProblem(`Materiał ${p.material} nie jest jeszcze wydawany automatycznie; wyda go ośrodek`);
        }
        out = await producer.produce({ ctx, order, item, part: { key: p.part, title: p.title }, mark: orderMark(ctx, order), dir: work, jobId: job.id, progress, signal });
      }
      const { size } = await stat(out.file);
      return { file: out.file, fileName: out.name, contentType: out.type, size, features: out.features ?? 0 };
    },
    async done(job) {
      const p = job.parametry as unknown as ReleaseParams;
      if (await completeIfReleased(ctx.db, p.order)) {
        ctx.log.info({ order: p.order }, 'orders: released');
        // The orderer's "released" e-mail (orders/notify.ts) once the last file is ready; no request here, so the
        // links use PUBLIC_URL (set it in production) or the local address.
        const base = ctx.config.publicUrl ?? `http://localhost:${ctx.config.port}`;
        await notifyOrder(notifyDeps(ctx), p.order, { kind: 'zrealizowane', downloadLink: `${base}/api/orders/${p.order}` }, base);
      }
    },
    async sweep() {
      const rows = await ctx.db.query<{ id: string; n: string; open: string }>(
        `SELECT z.id, count(j.id) AS n, count(j.id) FILTER (WHERE j.status <> 'done') AS open
         FROM portal.zamowienia z LEFT JOIN portal.zadania j ON j.zamowienie_id = z.id
         WHERE z.stan = 'opłacone' GROUP BY z.id ORDER BY z.id LIMIT 200`);
      for (const r of rows) {
        if (Number(r.n) === 0) await startRelease(ctx, r.id, SYSTEM).catch((e: Error) => { if (!(e instanceof StateConflict)) throw e; });
        else if (Number(r.open) === 0) await completeIfReleased(ctx.db, r.id);
      }
    },
  };
}

/** A released file as GET /api/orders/{id} lists it. */
export interface ReleasedFileJson {
  id: string; item: number | null; part: string; title: string; status: string;
  name: string | null; type: string | null; size: number | null; href: string | null; expires: string | null; error: string | null;
}

/** The release jobs of an order with their files (links for the done ones, until they expire). */
export async function releasedFiles(db: Database, orderId: string): Promise<ReleasedFileJson[]> {
  const rows = await db.query<{ id: string; lp: number; czesc: string; status: string; parametry: ReleaseParams; nazwaPliku: string | null; typPliku: string | null;
    rozmiarBajtow: string | null; wygasa: Date | null; blad: string | null; expired: boolean }>(
    `SELECT id, "pozycjaZamowienia" AS lp, czesc, status, parametry, "nazwaPliku", "typPliku", "rozmiarBajtow", wygasa, blad,
       (status = 'expired' OR (status = 'done' AND wygasa < now())) AS expired
     FROM portal.zadania WHERE zamowienie_id = $1 AND rodzaj = $2 ORDER BY "pozycjaZamowienia", czesc`, [orderId, RELEASE_KIND]);
  return rows.map((r) => ({
    id: r.id, item: r.lp === LICENCE_ITEM ? null : r.lp, part: r.czesc, title: r.parametry.title, status: r.expired ? 'expired' : r.status,
    name: r.nazwaPliku, type: r.typPliku, size: r.rozmiarBajtow === null ? null : Number(r.rozmiarBajtow),
    href: r.status === 'done' && !r.expired ? `/api/orders/${orderId}/files/${r.id}` : null,
    expires: r.wygasa ? new Date(r.wygasa).toISOString() : null, error: r.blad,
  }));
}

/**
 * Starts the release of orders just paid (called after the payment's transaction committed: MT940 import, PayU
 * notification, a free order). A failure is logged, not thrown: the payment stands, and the runners' sweep starts
 * the release within a minute.
 */
export async function releaseAfterPayment(ctx: ServiceContext, orderIds: readonly string[], actor: Actor): Promise<void> {
  for (const id of orderIds) {
    await startRelease(ctx, id, actor).catch((err: Error) => ctx.log.warn({ order: id, err: err.message }, 'orders: release not started; the sweep retries'));
  }
}
