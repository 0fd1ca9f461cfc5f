// Orders in PostgreSQL: placing an order (order, items and the first history row in one transaction), changing its
// state (a conditional UPDATE and the history row in one transaction, so two workers racing to change the same order
// cannot both succeed), issuing the DOO (number from a sequence), and reading an order back with its items and
// history. Numbers come from sequences: unique across workers, hosts and restarts.
import type { Database, Queryable } from '../db/database.ts';
import type { Quote } from '../fees/engine.ts';
import type { ResolvedItem } from '../services/orders/basket.ts';
import { canChange, type OrderState } from './states.ts';

/** Who changes an order: a portal user (with the address of the request, for the audit log) or the system. */
export interface Actor { userId: number | null; name: string; ip?: string | null }

export interface NewOrder {
  userId: number | null;
  email: string | null;
  role: string;
  personalData: boolean;
  payer: string;
  payerAddress: string | null;
  purpose: string | null;
  portal: string;
  tokenHash: Buffer | null;
}

export interface OrderItem {
  lp: number; material: string; postac: string; subject: Record<string, unknown>; quantity: number; unit: string;
  rateGr: number; amountGr: number; tariffVersion: string; tariffRow: string; legalBasis: string; explanation: string;
}

export interface HistoryEntry { at: Date; from: OrderState | null; to: OrderState; who: string; reason: string | null; previousDoo?: string | null }

export interface Order {
  id: string; numer: string; state: OrderState; userId: number | null; email: string | null; role: string;
  personalData: boolean; payer: string; payerAddress: string | null; purpose: string | null; portal: string;
  tariffVersion: string; amountGr: number; dooNumber: string | null; dooDate: Date | null; paymentDue: Date | null;
  tokenHash: Buffer | null; created: Date; changed: Date; items: OrderItem[]; history: HistoryEntry[];
}

/** A state change that is not allowed from the order's current state (someone else changed it first, or never). */
export class StateConflict extends Error {
  constructor(readonly current: OrderState | undefined, readonly wanted: OrderState) {
    super(current === undefined ? 'no such order' : `the order is ${current}; it cannot become ${wanted}`);
    this.name = 'StateConflict';
  }
}

const year = (d: Date) => d.getUTCFullYear();

/** Places an order: the order, its items and the history row "złożone", in one transaction. Returns its id. */
export async function placeOrder(db: Database, o: NewOrder, items: readonly ResolvedItem[], q: Quote, actor: Actor): Promise<string> {
  return db.transaction((tx) => placeOrderIn(tx, o, items, q, actor));
}

/** The same inside the caller's transaction (a survey-work notification files its case, fee and package at once). */
export async function placeOrderIn(tx: Queryable, o: NewOrder, items: readonly ResolvedItem[], q: Quote, actor: Actor): Promise<string> {
  const [n] = await tx.query<{ n: string; now: Date }>(`SELECT nextval('portal.zamowienia_numer_seq') AS n, now() AS now`);
  const numer = `ZAM/${year(n!.now)}/${String(n!.n).padStart(6, '0')}`;
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO portal.zamowienia (numer, uzytkownik_id, email, rola, "daneOsobowe", platnik, "adresPlatnika", cel, portal, "wersjaTaryfy", "kwotaGr", "tokenHash")
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
    [numer, o.userId, o.email, o.role, o.personalData, o.payer, o.payerAddress, o.purpose, o.portal, q.tariffVersion, q.totalGr, o.tokenHash]);
  const id = row!.id;
  for (const [i, line] of q.lines.entries()) {
    const it = items[i]!;
    const subject = { ...(it.parcels ? { parcels: it.parcels } : {}), ...(it.sheets ? { sheets: it.sheets } : {}), ...(it.dataset ? { dataset: it.dataset } : {}), ...(it.area ? { area: it.area } : {}), ...(it.zgloszenie ? { zgloszenie: it.zgloszenie } : {}), ...(it.format ? { format: it.format } : {}) };
    await tx.query(
      `INSERT INTO portal.zamowienia_pozycje (zamowienie_id, lp, material, postac, przedmiot, ilosc, jednostka, "stawkaGr", "kwotaGr", "wersjaTaryfy", "wierszTaryfy", podstawa, wyliczenie)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [id, i + 1, line.material, it.postac, JSON.stringify(subject), line.quantity, line.jednostka, Math.round(line.rate * 100), line.amountGr, q.tariffVersion, line.tariffRow, line.legalBasis, line.explanation]);
  }
  await tx.query(`INSERT INTO portal.zamowienia_historia (zamowienie_id, "stanPoprzedni", stan, uzytkownik_id, kto, powod) VALUES ($1, NULL, 'złożone', $2, $3, $4)`,
    [id, actor.userId, actor.name, 'zamówienie złożone']);
  return id;
}

/** Locks the order row and checks the change is allowed; throws StateConflict otherwise. */
async function lockFor(tx: Queryable, id: string, to: OrderState): Promise<OrderState> {
  const [row] = await tx.query<{ stan: OrderState }>('SELECT stan FROM portal.zamowienia WHERE id = $1 FOR UPDATE', [id]);
  if (!row || !canChange(row.stan, to)) throw new StateConflict(row?.stan, to);
  return row.stan;
}

async function record(tx: Queryable, id: string, from: OrderState, to: OrderState, actor: Actor, reason: string): Promise<void> {
  await tx.query(`INSERT INTO portal.zamowienia_historia (zamowienie_id, "stanPoprzedni", stan, uzytkownik_id, kto, powod) VALUES ($1, $2, $3, $4, $5, $6)`,
    [id, from, to, actor.userId, actor.name, reason]);
}

/** Changes an order's state with a history row, in one transaction. */
export async function changeState(db: Database, id: string, to: OrderState, actor: Actor, reason: string): Promise<void> {
  await db.transaction((tx) => changeStateIn(tx, id, to, actor, reason));
}

/** The same inside the caller's transaction (e.g. with the payment that causes it). */
export async function changeStateIn(tx: Queryable, id: string, to: OrderState, actor: Actor, reason: string): Promise<void> {
  const from = await lockFor(tx, id, to);
  await tx.query('UPDATE portal.zamowienia SET stan = $2, zmieniono = now() WHERE id = $1', [id, to]);
  await record(tx, id, from, to, actor, reason);
}

/** Issues the DOO (number DOO/year/n from a sequence, date, payment term) and moves the order to "DOO wystawiony". */
export async function issueDoo(db: Database, id: string, actor: Actor, paymentDays: number): Promise<string> {
  return db.transaction((tx) => issueDooIn(tx, id, actor, paymentDays));
}

async function nextDooNumber(tx: Queryable): Promise<string> {
  const [n] = await tx.query<{ n: string; now: Date }>(`SELECT nextval('portal.doo_numer_seq') AS n, now() AS now`);
  return `DOO/${year(n!.now)}/${String(n!.n).padStart(6, '0')}`;
}

/** The same inside the caller's transaction (the back office adds its audit row to it). */
export async function issueDooIn(tx: Queryable, id: string, actor: Actor, paymentDays: number): Promise<string> {
  const from = await lockFor(tx, id, 'DOO wystawiony');
  const numer = await nextDooNumber(tx);
  await tx.query(`UPDATE portal.zamowienia SET stan = 'DOO wystawiony', "numerDOO" = $2, "dataDOO" = now(), "terminPlatnosci" = now() + make_interval(days => $3), zmieniono = now() WHERE id = $1`,
    [id, numer, paymentDays]);
  await record(tx, id, from, 'DOO wystawiony', actor, from === 'DOO wystawiony' ? `DOO skorygowany: ${numer}` : `wystawiono ${numer}`);
  return numer;
}

export interface DooCorrection { reason: string; payer?: string | null; payerAddress?: string | null }

/**
 * Corrects an issued DOO: a corrected DOO is a new document with a new number (from the same sequence), a new date
 * and payment term, and the payer's name or address as corrected; the history row names the old number and the
 * reason. The order stays "DOO wystawiony". Returns the old and the new number.
 */
export async function correctDooIn(tx: Queryable, id: string, actor: Actor, paymentDays: number, c: DooCorrection): Promise<{ old: string; numer: string }> {
  await lockFor(tx, id, 'DOO wystawiony');
  const [o] = await tx.query<{ stan: OrderState; numerDOO: string | null }>(`SELECT stan, "numerDOO" FROM portal.zamowienia WHERE id = $1`, [id]);
  if (o!.stan !== 'DOO wystawiony' || !o!.numerDOO) throw new StateConflict(o!.stan, 'DOO wystawiony');
  const numer = await nextDooNumber(tx);
  await tx.query(`UPDATE portal.zamowienia SET "numerDOO" = $2, "dataDOO" = now(), "terminPlatnosci" = now() + make_interval(days => $3),
      platnik = coalesce($4, platnik), "adresPlatnika" = coalesce($5, "adresPlatnika"), zmieniono = now() WHERE id = $1`,
    [id, numer, paymentDays, c.payer ?? null, c.payerAddress ?? null]);
  await tx.query(`INSERT INTO portal.zamowienia_historia (zamowienie_id, "stanPoprzedni", stan, uzytkownik_id, kto, powod, "numerDOOPoprzedni")
      VALUES ($1, 'DOO wystawiony', 'DOO wystawiony', $2, $3, $4, $5)`,
    [id, actor.userId, actor.name, `korekta DOO: ${o!.numerDOO} zastąpiony przez ${numer}; powód: ${c.reason}`, o!.numerDOO]);
  return { old: o!.numerDOO, numer };
}

/**
 * Orders whose DOO term passed unpaid become "wygasłe" (each in its own transaction); returns how many. `onExpired`
 * runs after each committed change (the orderer's e-mail: orders/notify.ts).
 */
export async function expireOrders(db: Database, onExpired?: (id: string) => Promise<void>): Promise<number> {
  const due = await db.query<{ id: string }>(`SELECT id FROM portal.zamowienia WHERE stan = 'DOO wystawiony' AND "terminPlatnosci" < now()`);
  let n = 0;
  for (const { id } of due) {
    try { await changeState(db, id, 'wygasłe', { userId: null, name: 'system' }, 'upłynął termin płatności DOO'); n++; } catch (e) { if (!(e instanceof StateConflict)) throw e; continue; }
    await onExpired?.(id);
  }
  return n;
}

export async function orderById(db: Queryable, id: string): Promise<Order | undefined> {
  const [r] = await db.query<any>(`SELECT id, numer, stan, uzytkownik_id, email, rola, "daneOsobowe", platnik, "adresPlatnika", cel, portal, to_char("wersjaTaryfy", 'YYYY-MM-DD') AS wersja,
    "kwotaGr", "numerDOO", "dataDOO", "terminPlatnosci", "tokenHash", utworzono, zmieniono FROM portal.zamowienia WHERE id = $1`, [id]);
  if (!r) return undefined;
  const items = await db.query<any>(`SELECT lp, material, postac, przedmiot, ilosc, jednostka, "stawkaGr", "kwotaGr", to_char("wersjaTaryfy", 'YYYY-MM-DD') AS wersja, "wierszTaryfy", podstawa, wyliczenie
    FROM portal.zamowienia_pozycje WHERE zamowienie_id = $1 ORDER BY lp`, [id]);
  const history = await db.query<any>(`SELECT czas, "stanPoprzedni", stan, kto, powod, "numerDOOPoprzedni" FROM portal.zamowienia_historia WHERE zamowienie_id = $1 ORDER BY czas, id`, [id]);
  return {
    id: r.id, numer: r.numer, state: r.stan, userId: r.uzytkownik_id, email: r.email, role: r.rola, personalData: r.daneOsobowe,
    payer: r.platnik, payerAddress: r.adresPlatnika, purpose: r.cel, portal: r.portal, tariffVersion: r.wersja, amountGr: Number(r.kwotaGr),
    dooNumber: r.numerDOO, dooDate: r.dataDOO, paymentDue: r.terminPlatnosci, tokenHash: r.tokenHash, created: r.utworzono, changed: r.zmieniono,
    items: items.map((i) => ({ lp: i.lp, material: i.material, postac: i.postac, subject: typeof i.przedmiot === 'string' ? JSON.parse(i.przedmiot) : i.przedmiot, quantity: Number(i.ilosc), unit: i.jednostka,
      rateGr: i.stawkaGr, amountGr: i.kwotaGr, tariffVersion: i.wersja, tariffRow: i.wierszTaryfy, legalBasis: i.podstawa, explanation: i.wyliczenie })),
    history: history.map((h) => ({ at: h.czas, from: h.stanPoprzedni, to: h.stan, who: h.kto, reason: h.powod, ...(h.numerDOOPoprzedni ? { previousDoo: h.numerDOOPoprzedni } : {}) })),
  };
}

export interface OrderSummary { id: string; numer: string; state: OrderState; amountGr: number; dooNumber: string | null; paymentDue: Date | null; portal: string; created: Date; changed: Date }

/** A user's own orders, newest first ("Moje zamówienia"). */
export async function ordersOfUser(db: Queryable, userId: number, limit: number): Promise<OrderSummary[]> {
  const rows = await db.query<any>(`SELECT id, numer, stan, "kwotaGr", "numerDOO", "terminPlatnosci", portal, utworzono, zmieniono
    FROM portal.zamowienia WHERE uzytkownik_id = $1 ORDER BY utworzono DESC, numer DESC LIMIT $2`, [userId, limit]);
  return rows.map((r) => ({ id: r.id, numer: r.numer, state: r.stan, amountGr: Number(r.kwotaGr), dooNumber: r.numerDOO, paymentDue: r.terminPlatnosci,
    portal: r.portal, created: r.utworzono, changed: r.zmieniono }));
}
