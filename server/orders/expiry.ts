// Lapses unpaid orders: every few minutes each process moves the orders whose DOO payment term has passed to
// "wygasłe" (store.ts expireOrders). Several workers doing it at once is harmless: each change locks its order and
// checks its state, so an order lapses once, with one history row, and its orderer gets one e-mail (notify.ts).
import type { Database } from '../db/database.ts';
import type { Logger } from '../log.ts';
import { expireOrders } from './store.ts';
import { notifyOrder, type NotifyDeps } from './notify.ts';

export function startOrderExpiry(db: Database, log: Logger, intervalMs = 10 * 60_000, mail?: NotifyDeps): { stop(): void } {
  const tick = () => {
    expireOrders(db, mail ? (id) => notifyOrder(mail, id, { kind: 'wygasłe' }) : undefined).then((n) => { if (n > 0) log.info({ expired: n }, 'unpaid orders lapsed'); })
      .catch((err: Error) => log.warn({ err: err.message }, 'order expiry failed; retried on the next tick'));
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
