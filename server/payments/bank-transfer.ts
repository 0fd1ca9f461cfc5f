// Payment by bank transfer: the office imports a bank statement (MT940) and every credit whose title names a DOO
// and whose amount equals that DOO's fee marks the order paid — the payment row, the state change and its history
// row in one transaction. Everything else (no DOO number, unknown DOO, a different amount, an order no longer
// awaiting payment) is recorded with the reason and listed for a person. Importing the same statement again pays
// nothing twice (portal.wplaty is keyed by statement and bank reference). A paid order's audit row (portal.dziennik_
// zdarzen) is written in the same transaction.
import type { Database } from '../db/database.ts';
import { changeStateIn, type Actor } from '../orders/store.ts';
import { auditIn } from '../accounts/audit.ts';
import { decodeStatement, dooNumberIn, parseMt940 } from './mt940.ts';

export interface ImportedPayment {
  reference: string; amountGr: number; title: string; dooNumber: string | null;
  result: 'paid' | 'unmatched' | 'duplicate'; reason: string; orderNumber?: string; orderId?: string;
}

export interface ImportReport { statements: number; paid: number; unmatched: number; duplicates: number; entries: ImportedPayment[] }

const fmt = (gr: number) => `${(gr / 100).toFixed(2).replace('.', ',')} zł`;

/** Imports an MT940 file (bytes as received); returns what was paid and what is left for a person. */
export async function importMt940(db: Database, bytes: Uint8Array, actor: Actor): Promise<ImportReport> {
  const statements = parseMt940(decodeStatement(bytes));
  const entries: ImportedPayment[] = [];
  for (const st of statements) {
    for (const [i, e] of st.entries.entries()) {
      if (e.mark !== 'C') continue; // debits (fees, refunds out) are not payments to the office
      const reference = `${st.account}/${st.reference}/${st.number}/${e.bankReference ?? e.reference + '#' + (i + 1)}`;
      const doo = dooNumberIn(e.title);
      const outcome = await db.transaction(async (tx): Promise<ImportedPayment> => {
        const base = { reference, amountGr: e.amountGr, title: e.title, dooNumber: doo };
        let orderId: string | null = null, orderNumber: string | undefined, result: ImportedPayment['result'] = 'unmatched', reason: string;
        if (!doo) reason = 'brak numeru DOO w tytule przelewu';
        else {
          const [o] = await tx.query<{ id: string; numer: string; stan: string; kwotaGr: number }>(
            `SELECT id, numer, stan, "kwotaGr" FROM portal.zamowienia WHERE "numerDOO" = $1 FOR UPDATE`, [doo]);
          if (!o) reason = `nie ma DOO ${doo}`;
          else if (o.stan !== 'DOO wystawiony') { reason = `zamówienie ${o.numer} jest w stanie „${o.stan}”`; orderNumber = o.numer; }
          else if (Number(o.kwotaGr) !== e.amountGr) { reason = `kwota ${fmt(e.amountGr)} różni się od opłaty ${fmt(Number(o.kwotaGr))} z ${doo}`; orderNumber = o.numer; }
          else { orderId = o.id; orderNumber = o.numer; result = 'paid'; reason = `opłacono ${doo}`; }
        }
        const inserted = await tx.query(
          `INSERT INTO portal.wplaty (zrodlo, referencja, "dataWaluty", "kwotaGr", tytul, nadawca, "rachunekNadawcy", zamowienie_id, "numerDOO", wynik)
           VALUES ('mt940', $1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (zrodlo, referencja) DO NOTHING RETURNING id`,
          [reference, e.valueDate, e.amountGr, e.title, e.counterparty, e.counterpartyAccount, orderId, doo, reason]);
        if (inserted.length === 0) return { ...base, result: 'duplicate', reason: 'wpłata już zaimportowana', ...(orderNumber ? { orderNumber } : {}) };
        if (orderId) {
          await changeStateIn(tx, orderId, 'opłacone', actor, `przelew ${fmt(e.amountGr)} z wyciągu ${st.reference} (${e.valueDate})`);
          await auditIn(tx, 'zamowienie_oplacone', { userId: actor.userId, login: actor.name, ip: actor.ip, details: { zamowienie: orderNumber, zamowienieId: orderId, numerDOO: doo, wyciag: st.reference, kwotaGr: e.amountGr } });
        }
        return { ...base, result, reason, ...(orderNumber ? { orderNumber } : {}), ...(orderId ? { orderId } : {}) };
      });
      entries.push(outcome);
    }
  }
  const count = (r: ImportedPayment['result']) => entries.filter((e) => e.result === r).length;
  return { statements: statements.length, paid: count('paid'), unmatched: count('unmatched'), duplicates: count('duplicate'), entries };
}
