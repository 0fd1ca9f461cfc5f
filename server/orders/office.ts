// The office's back office of orders in PostgreSQL (issue 17 item 6): the filtered, paged list of orders, an order's
// payments, the office's actions — issue a DOO, correct a DOO, mark paid by hand, cancel — each ONE transaction
// holding the state change, its history row (store.ts) and its audit row (portal.dziennik_zdarzen), and the
// statistics of orders, fees and released orders per portal and month. Every value is a bound parameter; the filter
// builds its WHERE from fixed fragments only.
import type { Database, Queryable } from '../db/database.ts';
import { auditIn } from '../accounts/audit.ts';
import { ORDER_STATES, type OrderState } from './states.ts';
import { changeStateIn, correctDooIn, issueDooIn, StateConflict, type Actor } from './store.ts';

export interface OrderFilter {
  state?: OrderState;
  portal?: string;
  /** Placed on or after this day / up to this day inclusive (YYYY-MM-DD, Polish time). */
  from?: string;
  to?: string;
  /** A part of the order number or of the DOO number (current or replaced by a correction). */
  number?: string;
  /** A part of the payer's name, the order's e-mail or the ordering account's login or e-mail. */
  orderer?: string;
}

export interface OrderListRow {
  id: string; numer: string; state: OrderState; portal: string; payer: string; email: string | null; login: string | null;
  amountGr: number; dooNumber: string | null; paymentDue: Date | null; created: Date;
}

const like = (s: string) => `%${s.replace(/[\\%_]/g, (c) => '\\' + c)}%`;

/** The WHERE clause and parameters of a filter (fixed fragments, values bound). */
export function filterSql(f: OrderFilter): { where: string; params: unknown[] } {
  const conds: string[] = [];
  const params: unknown[] = [];
  const p = (v: unknown) => { params.push(v); return `$${params.length}`; };
  if (f.state) conds.push(`z.stan = ${p(f.state)}`);
  if (f.portal) conds.push(`z.portal = ${p(f.portal)}`);
  if (f.from) conds.push(`z.utworzono >= (${p(f.from)}::date)::timestamp AT TIME ZONE 'Europe/Warsaw'`);
  if (f.to) conds.push(`z.utworzono < (${p(f.to)}::date + 1)::timestamp AT TIME ZONE 'Europe/Warsaw'`);
  if (f.number) {
    const n = p(like(f.number));
    conds.push(`(z.numer ILIKE ${n} OR z."numerDOO" ILIKE ${n} OR EXISTS (SELECT 1 FROM portal.zamowienia_historia h WHERE h.zamowienie_id = z.id AND h."numerDOOPoprzedni" ILIKE ${n}))`);
  }
  if (f.orderer) {
    const n = p(like(f.orderer));
    conds.push(`(z.platnik ILIKE ${n} OR z.email ILIKE ${n} OR u.login ILIKE ${n} OR u.email ILIKE ${n})`);
  }
  return { where: conds.length ? `WHERE ${conds.join(' AND ')}` : '', params };
}

export async function listOrders(db: Queryable, f: OrderFilter, page: number, pageSize: number): Promise<{ rows: OrderListRow[]; total: number }> {
  const { where, params } = filterSql(f);
  const [count] = await db.query<{ n: string }>(`SELECT count(*) AS n FROM portal.zamowienia z LEFT JOIN portal.uzytkownicy u ON u.id = z.uzytkownik_id ${where}`, params);
  const rows = await db.query<any>(
    `SELECT z.id, z.numer, z.stan, z.portal, z.platnik, z.email, u.login, z."kwotaGr", z."numerDOO", z."terminPlatnosci", z.utworzono
       FROM portal.zamowienia z LEFT JOIN portal.uzytkownicy u ON u.id = z.uzytkownik_id ${where}
      ORDER BY z.utworzono DESC, z.numer DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, pageSize, (page - 1) * pageSize]);
  return {
    total: Number(count!.n),
    rows: rows.map((r) => ({ id: r.id, numer: r.numer, state: r.stan, portal: r.portal, payer: r.platnik, email: r.email, login: r.login,
      amountGr: Number(r.kwotaGr), dooNumber: r.numerDOO, paymentDue: r.terminPlatnosci, created: r.utworzono })),
  };
}

export interface PaymentRow { id: number; source: string; reference: string; valueDate: string; amountGr: number; title: string; sender: string | null; dooNumber: string | null; result: string; imported: Date; orderNumber: string | null }

const paymentRow = (r: any): PaymentRow => ({
  id: Number(r.id), source: r.zrodlo, reference: r.referencja, valueDate: String(r.dataWaluty instanceof Date ? r.dataWaluty.toISOString() : r.dataWaluty).slice(0, 10),
  amountGr: Number(r.kwotaGr), title: r.tytul, sender: r.nadawca, dooNumber: r.numerDOO, result: r.wynik, imported: r.zaimportowano, orderNumber: r.numer ?? null,
});

/** Payments that paid the order, and those whose title names one of its DOO numbers but were not matched. */
export async function orderPayments(db: Queryable, orderId: string): Promise<PaymentRow[]> {
  const rows = await db.query(
    `SELECT w.*, z.numer FROM portal.wplaty w LEFT JOIN portal.zamowienia z ON z.id = w.zamowienie_id
      WHERE w.zamowienie_id = $1
         OR w."numerDOO" IN (SELECT "numerDOO" FROM portal.zamowienia WHERE id = $1 AND "numerDOO" IS NOT NULL
                             UNION SELECT "numerDOOPoprzedni" FROM portal.zamowienia_historia WHERE zamowienie_id = $1 AND "numerDOOPoprzedni" IS NOT NULL)
      ORDER BY w.zaimportowano, w.id`, [orderId]);
  return rows.map(paymentRow);
}

/** Payments no order was matched to (for a person), newest first. */
export async function unmatchedPayments(db: Queryable, limit = 200): Promise<PaymentRow[]> {
  const rows = await db.query(`SELECT w.*, NULL AS numer FROM portal.wplaty w WHERE w.zamowienie_id IS NULL ORDER BY w.zaimportowano DESC, w.id DESC LIMIT $1`, [limit]);
  return rows.map(paymentRow);
}

/** The office's actor with the request's address, as history and audit rows name it. */
export interface OfficeActor extends Actor { userId: number; name: string; ip: string | null }

const auditOf = (a: OfficeActor, details: Record<string, unknown>) => ({ userId: a.userId, login: a.name, ip: a.ip, details });

async function numberOf(tx: Queryable, id: string): Promise<string> {
  const [r] = await tx.query<{ numer: string }>('SELECT numer FROM portal.zamowienia WHERE id = $1', [id]);
  if (!r) throw new StateConflict(undefined, 'DOO wystawiony');
  return r.numer;
}

/** Issues the DOO of a placed order (one that is still "złożone"). */
export function officeIssueDoo(db: Database, id: string, actor: OfficeActor, paymentDays: number): Promise<string> {
  return db.transaction(async (tx) => {
    const numer = await numberOf(tx, id);
    const doo = await issueDooIn(tx, id, actor, paymentDays);
    await auditIn(tx, 'zamowienie_doo_wystawiony', auditOf(actor, { zamowienie: numer, zamowienieId: id, numerDOO: doo }));
    return doo;
  });
}

/** Corrects an issued DOO (new number; the old one and the reason in the history). */
export function officeCorrectDoo(db: Database, id: string, actor: OfficeActor, paymentDays: number, reason: string, payer: string | null, payerAddress: string | null): Promise<{ old: string; numer: string }> {
  return db.transaction(async (tx) => {
    const numer = await numberOf(tx, id);
    const r = await correctDooIn(tx, id, actor, paymentDays, { reason, payer, payerAddress });
    await auditIn(tx, 'zamowienie_doo_skorygowany', auditOf(actor, { zamowienie: numer, zamowienieId: id, numerDOO: r.numer, numerDOOPoprzedni: r.old, powod: reason }));
    return r;
  });
}

/** Marks an order paid by hand (a payment the import could not match, paid at the office's till …), with a reason. */
export function officeMarkPaid(db: Database, id: string, actor: OfficeActor, reason: string): Promise<void> {
  return db.transaction(async (tx) => {
    const numer = await numberOf(tx, id);
    await changeStateIn(tx, id, 'opłacone', actor, `oznaczono jako opłacone ręcznie: ${reason}`);
    await auditIn(tx, 'zamowienie_oplacone_recznie', auditOf(actor, { zamowienie: numer, zamowienieId: id, powod: reason }));
  });
}

/** Cancels an order that is not yet paid, with a reason. */
export function officeCancel(db: Database, id: string, actor: OfficeActor, reason: string): Promise<void> {
  return db.transaction(async (tx) => {
    const numer = await numberOf(tx, id);
    await changeStateIn(tx, id, 'anulowane', actor, `anulowano: ${reason}`);
    await auditIn(tx, 'zamowienie_anulowane', auditOf(actor, { zamowienie: numer, zamowienieId: id, powod: reason }));
  });
}

/** The audit row of a release the office started (the release itself is services/orders/release.ts). */
export async function auditRelease(db: Queryable, id: string, actor: OfficeActor): Promise<void> {
  await auditIn(db, 'zamowienie_wydanie', auditOf(actor, { zamowienie: await numberOf(db, id), zamowienieId: id }));
}

/** The audit row of a statement import (what it paid and left). */
export async function auditStatementImport(db: Queryable, actor: OfficeActor, details: Record<string, unknown>): Promise<void> {
  await auditIn(db, 'wyciag_zaimportowany', auditOf(actor, details));
}

export interface OrderMonthStats {
  portal: string; month: string;
  /** Orders placed in the month, by their state now. */
  byState: Record<OrderState, number>;
  orders: number;
  /** Fees of the DOOs issued in the month (a corrected DOO counts once, in the month of its first issue), PLN. */
  charged: number;
  /** Fees of the orders paid in the month, PLN. */
  paid: number;
  /** Orders released (zrealizowane) in the month, and their items (documents and files). */
  released: number;
  releasedItems: number;
}

export interface OrderStats { from: string; to: string; rows: OrderMonthStats[]; totals: Omit<OrderMonthStats, 'portal' | 'month'> }

/**
 * Orders, fees and releases per portal and month (months in Polish time) between two days (inclusive). Counts are
 * of events in the month: orders placed, DOOs first issued, payments, releases — read from the orders' history.
 */
export async function orderStats(db: Queryable, range: { from: string; to: string }): Promise<OrderStats> {
  const rows = await db.query<any>(
    `WITH b AS (SELECT ($1::date)::timestamp AT TIME ZONE 'Europe/Warsaw' AS od, ($2::date + 1)::timestamp AT TIME ZONE 'Europe/Warsaw' AS do_),
     ev AS (
       SELECT z.portal, z.utworzono AS czas, 'zlozone' AS rodzaj, z.stan, z."kwotaGr", 0 AS pozycje FROM portal.zamowienia z
       UNION ALL
       SELECT z.portal, min(h.czas), 'doo', NULL, z."kwotaGr", 0 FROM portal.zamowienia z JOIN portal.zamowienia_historia h ON h.zamowienie_id = z.id AND h.stan = 'DOO wystawiony' GROUP BY z.id
       UNION ALL
       SELECT z.portal, h.czas, 'oplacone', NULL, z."kwotaGr", 0 FROM portal.zamowienia z JOIN portal.zamowienia_historia h ON h.zamowienie_id = z.id AND h.stan = 'opłacone'
       UNION ALL
       SELECT z.portal, h.czas, 'zrealizowane', NULL, 0, (SELECT count(*) FROM portal.zamowienia_pozycje p WHERE p.zamowienie_id = z.id)
         FROM portal.zamowienia z JOIN portal.zamowienia_historia h ON h.zamowienie_id = z.id AND h.stan = 'zrealizowane')
     SELECT portal, to_char(date_trunc('month', czas AT TIME ZONE 'Europe/Warsaw'), 'YYYY-MM') AS miesiac, rodzaj, stan,
            count(*) AS n, sum("kwotaGr") AS gr, sum(pozycje) AS pozycje
       FROM ev, b WHERE czas >= b.od AND czas < b.do_
      GROUP BY 1, 2, 3, 4 ORDER BY 2, 1`, [range.from, range.to]);
  const empty = (): Record<OrderState, number> => Object.fromEntries(ORDER_STATES.map((s) => [s, 0])) as Record<OrderState, number>;
  const byKey = new Map<string, OrderMonthStats>();
  const at = (portal: string, month: string) => {
    const k = `${month} ${portal}`;
    let s = byKey.get(k);
    if (!s) byKey.set(k, s = { portal, month, byState: empty(), orders: 0, charged: 0, paid: 0, released: 0, releasedItems: 0 });
    return s;
  };
  for (const r of rows) {
    const s = at(r.portal, r.miesiac);
    const n = Number(r.n), gr = Number(r.gr ?? 0);
    if (r.rodzaj === 'zlozone') { s.byState[r.stan as OrderState] += n; s.orders += n; }
    else if (r.rodzaj === 'doo') s.charged += gr / 100;
    else if (r.rodzaj === 'oplacone') s.paid += gr / 100;
    else { s.released += n; s.releasedItems += Number(r.pozycje ?? 0); }
  }
  const out = [...byKey.values()].sort((a, b) => a.month.localeCompare(b.month) || a.portal.localeCompare(b.portal));
  const totals = { byState: empty(), orders: 0, charged: 0, paid: 0, released: 0, releasedItems: 0 };
  for (const s of out) {
    for (const st of ORDER_STATES) totals.byState[st] += s.byState[st];
    totals.orders += s.orders; totals.charged += s.charged; totals.paid += s.paid; totals.released += s.released; totals.releasedItems += s.releasedItems;
  }
  // Sums of grosze divided once: no binary fractions in the figures.
  const round = (v: number) => Math.round(v * 100) / 100;
  for (const s of [...out, totals]) { s.charged = round(s.charged); s.paid = round(s.paid); }
  return { ...range, rows: out, totals };
}
