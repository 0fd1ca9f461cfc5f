// Online payment of an order's DOO through PayU (payu.ts): starting the payment (a PayU order for the DOO's amount,
// the payer redirected to PayU) and taking PayU's notification — a COMPLETED payment of the right amount in PLN marks
// the order paid, the payment row (portal.wplaty, source "online", keyed by PayU's order id so a repeated
// notification pays nothing twice), the state change and its history row in one transaction.
import { randomBytes } from 'node:crypto';
import type { Database } from '../db/database.ts';
import { changeStateIn, type Actor, type Order } from '../orders/store.ts';
import { auditIn } from '../accounts/audit.ts';
import { createPayuOrder, type PayuConfig, type PayuOrderCreated } from './payu.ts';

export function startPayuPayment(c: PayuConfig, order: Order, baseUrl: string, customerIp: string): Promise<PayuOrderCreated> {
  return createPayuOrder(c, {
    // PayU refuses a repeated extOrderId: each attempt gets its own, starting with the DOO number it pays.
    extOrderId: `${order.dooNumber}#${randomBytes(4).toString('hex')}`,
    description: `${order.dooNumber} opłata za materiały PZGiK ${order.numer}`,
    totalAmountGr: order.amountGr, buyerEmail: order.email, customerIp,
    notifyUrl: `${baseUrl}/api/payments/payu/notify`, continueUrl: `${baseUrl}/`,
    products: order.items.filter((i) => i.amountGr > 0).map((i) => ({ name: `${i.material} (${i.quantity} × ${i.unit})`.slice(0, 255), unitPriceGr: i.amountGr, quantity: 1 })),
  });
}

export interface NotificationOutcome { result: 'paid' | 'ignored' | 'duplicate' | 'unmatched'; reason: string; orderId?: string }

/** Applies a (verified) PayU notification body. */
export async function applyPayuNotification(db: Database, notification: unknown, actor: Actor): Promise<NotificationOutcome> {
  const o = (notification as { order?: Record<string, unknown> } | null)?.order;
  if (!o || typeof o.orderId !== 'string' || typeof o.extOrderId !== 'string') return { result: 'ignored', reason: 'no order in the notification' };
  if (o.status !== 'COMPLETED') return { result: 'ignored', reason: `status ${String(o.status)}` };
  const doo = o.extOrderId.split('#')[0]!;
  const amount = Number(o.totalAmount);
  return db.transaction(async (tx) => {
    const [row] = await tx.query<{ id: string; numer: string; stan: string; kwotaGr: number }>(`SELECT id, numer, stan, "kwotaGr" FROM portal.zamowienia WHERE "numerDOO" = $1 FOR UPDATE`, [doo]);
    let reason: string, orderId: string | null = null;
    if (!row) reason = `nie ma DOO ${doo}`;
    else if (o.currencyCode !== 'PLN' || Number(row.kwotaGr) !== amount) reason = `kwota ${amount} ${String(o.currencyCode)} nie odpowiada opłacie ${row.kwotaGr} gr`;
    else if (row.stan !== 'DOO wystawiony') reason = `zamówienie w stanie „${row.stan}”`;
    else { orderId = row.id; reason = `opłacono ${doo} (PayU ${o.orderId})`; }
    const ins = await tx.query(`INSERT INTO portal.wplaty (zrodlo, referencja, "dataWaluty", "kwotaGr", tytul, nadawca, zamowienie_id, "numerDOO", wynik)
      VALUES ('online', $1, now()::date, $2, $3, $4, $5, $6, $7) ON CONFLICT (zrodlo, referencja) DO NOTHING RETURNING id`,
      [`payu/${o.orderId}`, amount > 0 ? amount : 1, String(o.description ?? doo), (o.buyer as { email?: string } | undefined)?.email ?? null, orderId, doo, reason]);
    if (ins.length === 0) return { result: 'duplicate', reason: 'notification already applied' };
    if (!orderId) return { result: 'unmatched', reason };
    await changeStateIn(tx, orderId, 'opłacone', actor, `płatność online PayU ${o.orderId}`);
    await auditIn(tx, 'zamowienie_oplacone', { userId: null, login: actor.name, details: { zamowienie: row!.numer, zamowienieId: orderId, numerDOO: doo, payu: o.orderId } });
    return { result: 'paid', reason, orderId };
  });
}
