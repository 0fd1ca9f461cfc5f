// E-mails to the orderer at each step of an order (issue 17 item 6): placed (with the order number), DOO issued or
// corrected (the amount, the office's account, the transfer title and the DOO's link), paid, released (the download
// link), cancelled (with the reason) and lapsed. One module for every place a state changes — the orders API, the
// MT940 import, PayU's notification, the back office and the expiry — each calling notifyOrder after its
// transaction committed. The texts are built by pure functions (orderMail), tested as units; notifyOrder reads the
// order and the recipient and hands the message to the mailer (accounts/mail.ts).
//
// A mail never undoes nor holds up a state change: it is sent after the commit, a failure is logged (with the order
// and the event, never the message), and a mailer that does not answer within MAIL_WAIT_MS is left to finish on its
// own while the caller goes on. Anonymous orderers are written to at the e-mail given with the order; signed-in
// orderers at their account's current e-mail. The fee order of a survey-work notification (its DOO) is written about
// with the notification's permalink (cases/links.ts): paying it releases the case's package there.
import type { Queryable } from '../db/database.ts';
import type { Logger } from '../log.ts';
import type { Config } from '../config.ts';
import type { Mailer, MailMessage } from '../accounts/mail.ts';
import { orderById, type Order } from './store.ts';
import { formatNrb, MATERIAL_PL, transferTitle } from '../documents/doo-pdf.ts';
import { amountInWordsPl, formatPln } from '../documents/words.ts';
import { CASE_PORTAL, caseUrl } from '../cases/links.ts';

/** What happened to an order; the kinds are the states it entered (a DOO correction keeps its state). */
export type OrderEvent =
  | { kind: 'złożone'; accessToken?: string }
  | { kind: 'DOO wystawiony'; accessToken?: string }
  | { kind: 'DOO skorygowany'; previousDoo: string; reason: string }
  | { kind: 'opłacone' }
  | { kind: 'zrealizowane'; downloadLink: string }
  | { kind: 'anulowane'; reason: string }
  | { kind: 'wygasłe' };

/** The facts a message is built from (no I/O). */
export interface MailFacts {
  order: Pick<Order, 'id' | 'numer' | 'amountGr' | 'dooNumber' | 'dooDate' | 'paymentDue' | 'payer' | 'userId' | 'items'>;
  office: { name: string; bankAccount: string };
  /** The service's address as the orderer reaches it (PUBLIC_URL, else the request's). */
  baseUrl: string;
  /** The permalink of the case the order pays for (a survey-work notification's materials), if it is one. */
  caseLink?: string;
}

const datePl = (d: Date | null) => (d ? new Date(d).toLocaleDateString('pl-PL', { timeZone: 'Europe/Warsaw', year: 'numeric', month: '2-digit', day: '2-digit' }) : '—');

const SIGNATURE = (office: string) => `\n\n--\n${office}\nWiadomość wysłana automatycznie przez SIP Poznań; prosimy na nią nie odpowiadać.`;

function itemsText(f: MailFacts): string {
  return f.order.items.map((i) => `  ${i.lp}. ${MATERIAL_PL[i.material] ?? i.material}: ${formatPln(i.amountGr)}`).join('\n');
}

/** The link to the order's DOO; an anonymous orderer's links need the access token given with the order. */
function dooLink(f: MailFacts, token?: string): string {
  return `${f.baseUrl}/api/orders/${f.order.id}/doo.pdf${token ? `?token=${encodeURIComponent(token)}` : ''}`;
}

function orderLink(f: MailFacts, token?: string): string {
  return `${f.baseUrl}/api/orders/${f.order.id}${token ? `?token=${encodeURIComponent(token)}` : ''}`;
}

const anonymousHint = (f: MailFacts, token?: string) =>
  f.order.userId === null && !token ? '\n(Dopisz do odnośnika parametr ?token= z kodem dostępu podanym przy składaniu zamówienia.)' : '';

function paymentText(f: MailFacts, token?: string): string {
  const o = f.order;
  return `Do zapłaty: ${formatPln(o.amountGr)} (słownie: ${amountInWordsPl(o.amountGr)}).
Rachunek: ${formatNrb(f.office.bankAccount)} (${f.office.name})
Tytuł przelewu: ${transferTitle(o)}
Termin zapłaty: ${datePl(o.paymentDue)}
Dokument Obliczenia Opłaty ${o.dooNumber} (PDF z podpisem elektronicznym): ${dooLink(f, token)}${anonymousHint(f, token)}

Prosimy podać w tytule przelewu numer DOO — wtedy wpłatę rozpoznamy automatycznie.`;
}

/** The message for an event (pure): subject, text and the one link that matters most. */
export function orderMail(f: MailFacts, event: OrderEvent): Omit<MailMessage, 'to'> {
  const o = f.order;
  const sign = SIGNATURE(f.office.name);
  switch (event.kind) {
    case 'złożone':
      return {
        subject: `Zamówienie ${o.numer} zostało złożone`,
        text: `Dziękujemy, przyjęliśmy zamówienie ${o.numer} materiałów państwowego zasobu geodezyjnego i kartograficznego.

Pozycje:
${itemsText(f)}
Razem: ${formatPln(o.amountGr)}

Stan zamówienia: ${orderLink(f, event.accessToken)}${event.accessToken ? '\nOdnośnik zawiera kod dostępu do zamówienia: nie przekazuj go innym.' : ''}${sign}`,
        link: orderLink(f, event.accessToken),
      };
    case 'DOO wystawiony':
      return {
        subject: `Zamówienie ${o.numer}: Dokument Obliczenia Opłaty ${o.dooNumber}`,
        text: `Do zamówienia ${o.numer} wystawiliśmy Dokument Obliczenia Opłaty ${o.dooNumber} z ${datePl(o.dooDate)}.

${paymentText(f, event.accessToken)}${f.caseLink ? `

Sprawa zgłoszenia w Portalu Geodety: ${f.caseLink}` : ''}${sign}`,
        link: dooLink(f, event.accessToken),
      };
    case 'DOO skorygowany':
      return {
        subject: `Zamówienie ${o.numer}: korekta DOO — nowy numer ${o.dooNumber}`,
        text: `Dokument Obliczenia Opłaty ${event.previousDoo} do zamówienia ${o.numer} został zastąpiony korektą: ${o.dooNumber} z ${datePl(o.dooDate)}.
Powód korekty: ${event.reason}

Prosimy nie płacić według dokumentu ${event.previousDoo}.

${paymentText(f)}${sign}`,
        link: dooLink(f),
      };
    case 'opłacone':
      return {
        subject: `Zamówienie ${o.numer} zostało opłacone`,
        text: `Odnotowaliśmy zapłatę ${formatPln(o.amountGr)} za zamówienie ${o.numer}${o.dooNumber ? ` (DOO ${o.dooNumber})` : ''}. Dziękujemy.

${f.caseLink ? `Pakiet materiałów zasobu do zgłoszenia jest do pobrania w sprawie (Portal Geodety, Moje sprawy):
${f.caseLink}` : 'Materiały przygotujemy do pobrania; o ich wydaniu poinformujemy w kolejnej wiadomości.'}${sign}`,
        ...(f.caseLink ? { link: f.caseLink } : {}),
      };
    case 'zrealizowane':
      return {
        subject: `Zamówienie ${o.numer}: materiały do pobrania`,
        text: `Materiały z zamówienia ${o.numer} są gotowe do pobrania:
${event.downloadLink}

Pliki są dostępne przez ograniczony czas i tylko dla zamawiającego. Korzystanie z nich określa licencja wydana do zamówienia.${sign}`,
        link: event.downloadLink,
      };
    case 'anulowane':
      return {
        subject: `Zamówienie ${o.numer} zostało anulowane`,
        text: `Zamówienie ${o.numer} zostało anulowane.
Powód: ${event.reason}
${o.dooNumber ? `\nDokument Obliczenia Opłaty ${o.dooNumber} jest nieaktualny: prosimy go nie opłacać.\n` : ''}
W razie pytań prosimy o kontakt z ośrodkiem, podając numer zamówienia.${sign}`,
      };
    case 'wygasłe':
      return {
        subject: `Zamówienie ${o.numer} wygasło`,
        text: `Termin zapłaty za zamówienie ${o.numer} (DOO ${o.dooNumber ?? '—'}, ${formatPln(o.amountGr)}) upłynął ${datePl(o.paymentDue)} bez wpłaty, więc zamówienie wygasło.

Jeśli materiały są nadal potrzebne, prosimy złożyć nowe zamówienie. Wpłaty otrzymane po terminie zwracamy lub wyjaśniamy indywidualnie.${sign}`,
      };
  }
}

/** What notifyOrder needs: the database, the office's settings, the log and the mailer. */
export interface NotifyDeps { db: Queryable; config: Pick<Config, 'orders' | 'publicUrl'>; log: Logger; mailer: Mailer }

/** How long a caller waits for the mailer before going on (the send itself continues). */
export const MAIL_WAIT_MS = 10_000;

/** The address an order's mails go to: the account's e-mail for a user's order, else the e-mail given with it. */
export async function orderRecipient(db: Queryable, order: Pick<Order, 'userId' | 'email'>): Promise<string | null> {
  if (order.userId !== null) {
    const [u] = await db.query<{ email: string }>('SELECT email FROM portal.uzytkownicy WHERE id = $1', [order.userId]);
    if (u?.email) return u.email;
  }
  return order.email;
}

/**
 * Mails the orderer about an event of a committed change. Never throws: a failure (reading the order, building or
 * sending the message) is logged and the caller's change stands. `baseUrl` defaults to PUBLIC_URL.
 */
export async function notifyOrder(deps: NotifyDeps, orderId: string, event: OrderEvent, baseUrl?: string): Promise<void> {
  const { log } = deps;
  try {
    const order = await orderById(deps.db, orderId);
    if (!order) return;
    const to = await orderRecipient(deps.db, order);
    if (!to) { log.warn({ order: order.numer, event: event.kind }, 'order mail not sent: the orderer has no e-mail'); return; }
    const base = baseUrl ?? deps.config.publicUrl ?? '';
    const [zg] = await deps.db.query<{ id: string }>('SELECT id FROM portal.zgloszenia WHERE zamowienie_id = $1', [order.id]);
    const caseLink = zg ? caseUrl(base, CASE_PORTAL.zgloszenie, zg.id) : undefined;
    const message = orderMail({ order, office: { name: deps.config.orders.officeName, bankAccount: deps.config.orders.bankAccount }, baseUrl: base, ...(caseLink ? { caseLink } : {}) }, event);
    let timer: NodeJS.Timeout | undefined;
    const sent = deps.mailer.send({ to, ...message }).then(() => 'sent' as const);
    const waited = new Promise<'waiting'>((resolve) => { timer = setTimeout(() => resolve('waiting'), MAIL_WAIT_MS); timer.unref(); });
    sent.catch((err: Error) => log.error({ err: err.message, order: order.numer, event: event.kind }, 'order mail failed; the order change stands'));
    const outcome = await Promise.race([sent.catch(() => 'failed' as const), waited]);
    clearTimeout(timer);
    if (outcome === 'waiting') log.warn({ order: order.numer, event: event.kind }, 'the mailer is slow; the order mail is still being sent');
  } catch (err) {
    log.error({ err: (err as Error).message, order: orderId, event: event.kind }, 'order mail failed; the order change stands');
  }
}
