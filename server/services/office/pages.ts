// The back office's server-rendered Polish pages (issue 17 item 6): the list of orders with its filters and pages,
// an order with its items, fees, legal bases, history, payments and the office's actions (each a POST form with the
// CSRF token), the bank statement import and its result, and the statistics of orders and fees. Plain forms that
// work without JavaScript; every value escaped. The frame (header, styles) is the accounts' page() from portal/.
import escapeHtml from 'escape-html';
import { page, type PageUser } from '../portal/pages.ts';
import { ORDER_STATES } from '../../orders/states.ts';
import type { Order } from '../../orders/store.ts';
import type { OrderFilter, OrderListRow, OrderStats, PaymentRow } from '../../orders/office.ts';
import type { ImportReport } from '../../payments/bank-transfer.ts';
import { PORTALS } from '../../catalog/portals.ts';
import { formatPln } from '../../documents/words.ts';
import { MATERIAL_PL } from '../../documents/doo-pdf.ts';
import { ZGLOSZENIE_STATES } from '../../cases/zgloszenia/states.ts';

const e = (v: unknown): string => escapeHtml(String(v ?? ''));
const csrfField = (token: string) => `<input type="hidden" name="_csrf" value="${e(token)}">`;
const notice = (error?: string, info?: string) =>
  (error ? `<p class="error" role="alert">${e(error)}</p>` : '') + (info ? `<p class="info" role="status">${e(info)}</p>` : '');
const dateTime = (d: Date | null | undefined) => (d ? new Date(d).toLocaleString('pl-PL', { timeZone: 'Europe/Warsaw', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }) : '—');
const date = (d: Date | null | undefined) => (d ? new Date(d).toLocaleDateString('pl-PL', { timeZone: 'Europe/Warsaw', year: 'numeric', month: '2-digit', day: '2-digit' }) : '—');
const portalName = (id: string) => PORTALS.find((p) => p.id === id)?.title.pl ?? id;
const pln = (v: number) => v.toLocaleString('pl-PL', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

const WIDE = '<style>main { max-width: 84rem } table.list td, table.list th { font-size: .92rem } form.filters { display: flex; flex-wrap: wrap; gap: .6rem 1rem; align-items: end; background: #fff; border: 1px solid #cfd6de; border-radius: 6px; padding: .75rem 1rem; margin: 1rem 0 } form.filters label { margin: 0 } form.filters input, form.filters select { width: auto } nav.office { margin: .5rem 0 1rem; display: flex; gap: 1.2rem } textarea { width: 100%; box-sizing: border-box; font: inherit } .actions { display: grid; grid-template-columns: repeat(auto-fit, minmax(19rem, 1fr)); gap: 0 1rem } .actions form.box { max-width: none }</style>';

const officeNav = `<nav class="office" aria-label="Biuro ośrodka"><a href="/biuro/zamowienia">Zamówienia</a><a href="/biuro/zgloszenia">Zgłoszenia prac</a><a href="/biuro/wyciagi">Wyciągi bankowe</a><a href="/biuro/statystyki">Statystyki</a></nav>`;

export function officePage(title: string, body: string, user: PageUser, csrf: string): string {
  return page(title, `${WIDE}${officeNav}${body}`, user, csrf);
}

export interface ListView { filter: OrderFilter; rows: OrderListRow[]; total: number; page: number; pageSize: number; query: URLSearchParams; error?: string }

export function ordersListPage(user: PageUser, csrf: string, v: ListView): string {
  const f = v.filter;
  const stateOptions = ['', ...ORDER_STATES].map((s) => `<option value="${e(s)}"${(f.state ?? '') === s ? ' selected' : ''}>${s ? e(s) : 'wszystkie'}</option>`).join('');
  const portalOptions = [{ id: '', title: { pl: 'wszystkie' } }, ...PORTALS].map((p) => `<option value="${e(p.id)}"${(f.portal ?? '') === p.id ? ' selected' : ''}>${e(p.title.pl)}</option>`).join('');
  const rows = v.rows.map((r) => `<tr data-order="${e(r.numer)}"><td><a href="/biuro/zamowienia/${e(r.id)}">${e(r.numer)}</a></td><td>${e(r.state)}</td><td>${e(portalName(r.portal))}</td>
    <td>${e(r.payer)}<br><span class="hint">${e(r.login ? `konto ${r.login}` : r.email)}</span></td><td style="text-align:right">${e(formatPln(r.amountGr))}</td>
    <td>${e(r.dooNumber ?? '—')}</td><td>${e(date(r.paymentDue))}</td><td>${e(dateTime(r.created))}</td></tr>`).join('');
  const pages = Math.max(1, Math.ceil(v.total / v.pageSize));
  const link = (p: number) => { const q = new URLSearchParams(v.query); q.set('strona', String(p)); return `/biuro/zamowienia?${q}`; };
  const paging = pages > 1 ? `<p class="paging">Strona ${v.page} z ${pages}: ${v.page > 1 ? `<a rel="prev" href="${e(link(v.page - 1))}">« poprzednia</a>` : ''} ${v.page < pages ? `<a rel="next" href="${e(link(v.page + 1))}">następna »</a>` : ''}</p>` : '';
  return officePage('Zamówienia', `${notice(v.error)}
<form class="filters" method="get" action="/biuro/zamowienia" role="search">
  <div><label for="stan">Stan</label><select id="stan" name="stan">${stateOptions}</select></div>
  <div><label for="portal">Portal</label><select id="portal" name="portal">${portalOptions}</select></div>
  <div><label for="od">Złożone od</label><input id="od" name="od" type="date" value="${e(f.from)}"></div>
  <div><label for="do">do</label><input id="do" name="do" type="date" value="${e(f.to)}"></div>
  <div><label for="numer">Nr zamówienia lub DOO</label><input id="numer" name="numer" type="text" maxlength="40" value="${e(f.number)}"></div>
  <div><label for="zamawiajacy">Płatnik, e-mail, login</label><input id="zamawiajacy" name="zamawiajacy" type="text" maxlength="100" value="${e(f.orderer)}"></div>
  <div><button type="submit">Filtruj</button> <a href="/biuro/zamowienia">wyczyść</a></div>
</form>
<p id="liczba">Znaleziono: <strong>${v.total}</strong></p>
${v.rows.length ? `<table class="list"><thead><tr><th>Zamówienie</th><th>Stan</th><th>Portal</th><th>Zamawiający</th><th>Opłata</th><th>DOO</th><th>Termin zapłaty</th><th>Złożone</th></tr></thead><tbody>${rows}</tbody></table>` : '<p>Brak zamówień spełniających warunki.</p>'}
${paging}`, user, csrf);
}

export interface OrderView { order: Order; payments: PaymentRow[]; orderer: string; error?: string; info?: string; values?: Record<string, string> }

function subjectText(s: Record<string, unknown>): string {
  const parts: string[] = [];
  if (Array.isArray(s.parcels)) parts.push(`działki: ${s.parcels.join(', ')}`);
  if (Array.isArray(s.sheets)) parts.push(`arkusze: ${s.sheets.join(', ')}`);
  if (typeof s.dataset === 'string') parts.push(`zbiór: ${s.dataset}`);
  if (s.area) parts.push('obszar');
  return parts.join('; ');
}

const reasonForm = (csrf: string, action: string, title: string, button: string, hint: string, v: Record<string, string>, extra = '', danger = false) => `
<form class="box" method="post" action="${e(action)}">
  <h3>${e(title)}</h3>${csrfField(csrf)}${extra}
  <label for="${e(action)}-powod">Powód (wymagany)</label>
  <textarea id="${e(action)}-powod" name="powod" rows="2" maxlength="500">${e(v.powod)}</textarea>
  <p class="hint">${e(hint)}</p>
  <button type="submit"${danger ? ' class="danger"' : ''}>${e(button)}</button>
</form>`;

export function orderPage(user: PageUser, csrf: string, v: OrderView): string {
  const o = v.order;
  const base = `/biuro/zamowienia/${o.id}`;
  const vals = v.values ?? {};
  const items = o.items.map((i) => `<tr><td>${i.lp}</td><td>${e(MATERIAL_PL[i.material] ?? i.material)}<br><span class="hint">${e(subjectText(i.subject))}</span></td><td>${e(i.postac)}</td>
    <td>${e(String(i.quantity).replace('.', ','))} ${e(i.unit)}</td><td style="text-align:right">${e(formatPln(i.rateGr))}</td><td style="text-align:right">${e(formatPln(i.amountGr))}</td>
    <td>${e(i.legalBasis)}<br><span class="hint">${e(i.explanation)} (taryfa ${e(i.tariffVersion)}, wiersz ${e(i.tariffRow)})</span></td></tr>`).join('');
  const history = o.history.map((h) => `<tr><td>${e(dateTime(h.at))}</td><td>${e(h.from ?? '—')}</td><td>${e(h.to)}</td><td>${e(h.who)}</td><td>${e(h.reason)}${h.previousDoo ? `<br><span class="hint">poprzedni DOO: ${e(h.previousDoo)}</span>` : ''}</td></tr>`).join('');
  const payments = v.payments.map((p) => `<tr><td>${e(p.source === 'mt940' ? 'przelew (MT940)' : 'online')}</td><td>${e(p.valueDate)}</td><td style="text-align:right">${e(formatPln(p.amountGr))}</td><td>${e(p.title)}</td><td>${e(p.sender ?? '—')}</td><td>${e(p.result)}</td></tr>`).join('');
  const actions: string[] = [];
  if (o.state === 'złożone' && o.amountGr > 0) actions.push(`<form class="box" method="post" action="${base}/doo"><h3>Wystaw DOO</h3>${csrfField(csrf)}<p class="hint">Nadaje numer DOO i termin zapłaty; zamawiający dostanie wiadomość z danymi do przelewu.</p><button type="submit">Wystaw DOO</button></form>`);
  if (o.state === 'DOO wystawiony') {
    actions.push(reasonForm(csrf, `${base}/korekta-doo`, 'Korekta DOO', 'Wystaw skorygowany DOO', 'Skorygowany DOO dostaje nowy numer i nowy termin zapłaty; dotychczasowy numer zostaje zapisany w historii.', vals,
      `<label for="platnik">Płatnik</label><input id="platnik" name="platnik" type="text" maxlength="200" value="${e(vals.platnik ?? o.payer)}">
       <label for="adres">Adres płatnika</label><input id="adres" name="adres" type="text" maxlength="300" value="${e(vals.adres ?? o.payerAddress ?? '')}">`));
    actions.push(reasonForm(csrf, `${base}/oplacone`, 'Oznacz jako opłacone', 'Oznacz jako opłacone', 'Np. wpłata w kasie albo przelew bez numeru DOO w tytule (podaj datę i kwotę).', vals));
  }
  if (o.state === 'opłacone') actions.push(`<form class="box" method="post" action="${base}/wydanie"><h3>Wydaj materiały</h3>${csrfField(csrf)}<p class="hint">Przygotowuje pliki do pobrania przez zamawiającego.</p><button type="submit">Wydaj</button></form>`);
  if (o.state === 'złożone' || o.state === 'DOO wystawiony') actions.push(reasonForm(csrf, `${base}/anulowanie`, 'Anuluj zamówienie', 'Anuluj zamówienie', 'Zamawiający dostanie wiadomość z tym powodem.', vals, '', true));
  return officePage(`Zamówienie ${o.numer}`, `${notice(v.error, v.info)}
<p><a href="/biuro/zamowienia">« lista zamówień</a></p>
<table><tbody>
<tr><th>Stan</th><td id="stan-zamowienia"><strong>${e(o.state)}</strong></td></tr>
<tr><th>Portal</th><td>${e(portalName(o.portal))}</td></tr>
<tr><th>Zamawiający</th><td>${e(v.orderer)} (rola w chwili zamówienia: ${e(o.role)}; dane osobowe właścicieli: ${o.personalData ? 'tak' : 'nie'})</td></tr>
<tr><th>Płatnik</th><td>${e(o.payer)}${o.payerAddress ? `, ${e(o.payerAddress)}` : ''}</td></tr>
<tr><th>Cel</th><td>${e(o.purpose ?? '—')}</td></tr>
<tr><th>Opłata</th><td>${e(formatPln(o.amountGr))} (taryfa z ${e(o.tariffVersion)})</td></tr>
<tr><th>DOO</th><td id="doo">${o.dooNumber ? `${e(o.dooNumber)} z ${e(date(o.dooDate))}, termin zapłaty ${e(date(o.paymentDue))} · <a href="/api/orders/${e(o.id)}/doo.pdf">PDF</a>` : '—'}</td></tr>
<tr><th>Złożone</th><td>${e(dateTime(o.created))}</td></tr>
</tbody></table>
<h2>Pozycje</h2>
<table><thead><tr><th>Lp.</th><th>Materiał</th><th>Postać</th><th>Ilość</th><th>Stawka</th><th>Opłata</th><th>Podstawa prawna i wyliczenie</th></tr></thead><tbody>${items}</tbody></table>
${actions.length ? `<h2>Działania</h2><div class="actions">${actions.join('')}</div>` : ''}
<h2>Historia</h2>
<table id="historia"><thead><tr><th>Czas</th><th>Stan poprzedni</th><th>Stan</th><th>Kto</th><th>Powód</th></tr></thead><tbody>${history}</tbody></table>
<h2>Wpłaty</h2>
${payments ? `<table id="wplaty"><thead><tr><th>Źródło</th><th>Data waluty</th><th>Kwota</th><th>Tytuł</th><th>Nadawca</th><th>Wynik</th></tr></thead><tbody>${payments}</tbody></table>` : '<p>Brak wpłat.</p>'}`, user, csrf);
}

const RESULT_PL = { paid: 'opłacono', unmatched: 'do wyjaśnienia', duplicate: 'już zaimportowana' } as const;

export function statementPage(user: PageUser, csrf: string, v: { report?: ImportReport; unmatched: PaymentRow[]; error?: string }): string {
  const r = v.report;
  const entries = (list: ImportReport['entries']) => list.map((x) => `<tr><td>${e(RESULT_PL[x.result])}</td><td style="text-align:right">${e(formatPln(x.amountGr))}</td><td>${e(x.title)}</td><td>${e(x.dooNumber ?? '—')}</td>
    <td>${x.orderId ? `<a href="/biuro/zamowienia/${e(x.orderId)}">${e(x.orderNumber)}</a>` : e(x.orderNumber ?? '—')}</td><td>${e(x.reason)}</td></tr>`).join('');
  const head = '<thead><tr><th>Wynik</th><th>Kwota</th><th>Tytuł przelewu</th><th>DOO</th><th>Zamówienie</th><th>Uzasadnienie</th></tr></thead>';
  const result = r ? `<section id="wynik" aria-label="Wynik importu">
<p class="info" role="status">Zaimportowano wyciągów: ${r.statements}. Opłacone zamówienia: <strong>${r.paid}</strong>, wpłaty do wyjaśnienia: <strong>${r.unmatched}</strong>, już wcześniej zaimportowane: ${r.duplicates}.</p>
${r.paid ? `<h2>Opłacone zamówienia</h2><table id="dopasowane">${head}<tbody>${entries(r.entries.filter((x) => x.result === 'paid'))}</tbody></table>` : ''}
${r.unmatched ? `<h2>Wpłaty do wyjaśnienia</h2><table id="niedopasowane">${head}<tbody>${entries(r.entries.filter((x) => x.result === 'unmatched'))}</tbody></table>` : ''}
</section>` : '';
  const open = v.unmatched.map((p) => `<tr><td>${e(p.valueDate)}</td><td style="text-align:right">${e(formatPln(p.amountGr))}</td><td>${e(p.title)}</td><td>${e(p.sender ?? '—')}</td><td>${e(p.result)}</td></tr>`).join('');
  return officePage('Wyciągi bankowe', `${notice(v.error)}${result}
<form class="box" method="post" action="/biuro/wyciagi" enctype="multipart/form-data">
  ${csrfField(csrf)}
  <label for="plik">Wyciąg MT940 (plik z banku, UTF-8 lub Windows-1250)</label>
  <input id="plik" name="plik" type="file" required accept=".sta,.mt940,.txt,.940,text/plain">
  <p class="hint">Wpłaty z numerem DOO w tytule i kwotą równą opłacie oznaczają zamówienie jako opłacone; pozostałe trafiają na listę do wyjaśnienia. Ponowny import tego samego wyciągu niczego nie opłaci drugi raz.</p>
  <button type="submit">Importuj wyciąg</button>
</form>
<h2>Wpłaty do wyjaśnienia</h2>
${open ? `<table id="do-wyjasnienia"><thead><tr><th>Data waluty</th><th>Kwota</th><th>Tytuł</th><th>Nadawca</th><th>Powód</th></tr></thead><tbody>${open}</tbody></table>` : '<p>Brak.</p>'}`, user, csrf);
}

export function statsOrdersPage(user: PageUser, csrf: string, s: OrderStats): string {
  const row = (label: [string, string], x: OrderStats['totals'], attrs = '') => `<tr${attrs}><td>${e(label[0])}</td><td>${e(label[1])}</td><td>${x.orders}</td>${ORDER_STATES.map((st) => `<td>${x.byState[st]}</td>`).join('')}
    <td>${pln(x.charged)}</td><td>${pln(x.paid)}</td><td>${x.released}</td><td>${x.releasedItems}</td></tr>`;
  const rows = s.rows.map((r) => row([r.month, portalName(r.portal)], r, ` data-month="${e(r.month)}" data-portal="${e(r.portal)}"`)).join('');
  return officePage('Statystyki zamówień', `
<form class="filters" method="get" action="/biuro/statystyki"><div><label for="from">Od</label><input id="from" type="date" name="from" value="${e(s.from)}"></div>
<div><label for="to">Do</label><input id="to" type="date" name="to" value="${e(s.to)}"></div><div><button type="submit">Pokaż</button></div></form>
<p class="hint">Zamówienia złożone w miesiącu według obecnego stanu; naliczone — opłaty z DOO wystawionych w miesiącu (skorygowany DOO liczony raz); wpłacone — opłaty zamówień opłaconych w miesiącu; wydane — zamówienia zrealizowane w miesiącu i ich pozycje. Kwoty w zł.</p>
<table id="statystyki"><thead><tr><th>Miesiąc</th><th>Portal</th><th>Zamówienia</th>${ORDER_STATES.map((st) => `<th>${e(st)}</th>`).join('')}<th>Naliczone</th><th>Wpłacone</th><th>Wydane</th><th>Wydane pozycje</th></tr></thead>
<tbody>${rows}</tbody><tfoot>${row(['Razem', ''], s.totals, ' data-month="razem"')}</tfoot></table>
<p><a href="/api/office/stats/orders?from=${e(s.from)}&amp;to=${e(s.to)}">JSON</a>${user.role === 'admin' ? ' · <a href="/admin/pobrania">Rejestr pobrań</a>' : ''}</p>`, user, csrf);
}

/** A case of the notifications' queue with its latest submission of results (if any). */
export interface CaseQueueRow {
  id: string; numer: string; stan: string; login: string | null; wykonawca: string; celPrac: string; terminMaterialow: string;
  workingDaysLeft: number | null; powierzchniaHa: number;
  latest?: { id: string; numer: number; passed: boolean; decyzja: string | null };
}

/**
 * The office's queue of survey-work notifications (issue 18, "the office's queue with filters and deadlines"): every
 * case with its state, surveyor, the materials' deadline and working days left (overdue in bold), and the latest
 * returned results with their automatic verification, linked to the report page where the office accepts or rejects.
 */
export function casesQueuePage(user: PageUser, csrf: string, v: { rows: CaseQueueRow[]; state: string | null; error?: string }): string {
  const options = ['', ...ZGLOSZENIE_STATES].map((s) => `<option value="${e(s)}"${(v.state ?? '') === s ? ' selected' : ''}>${s ? e(s) : 'wszystkie'}</option>`).join('');
  const due = (r: CaseQueueRow) => r.workingDaysLeft === null ? e(r.terminMaterialow)
    : r.workingDaysLeft < 0 ? `<strong class="error">${e(r.terminMaterialow)} (po terminie: ${-r.workingDaysLeft} dni rob.)</strong>`
      : `${e(r.terminMaterialow)} (zostało ${r.workingDaysLeft} dni rob.)`;
  const results = (r: CaseQueueRow) => {
    if (!r.latest) return '—';
    const l = r.latest;
    const verdict = l.passed ? 'weryfikacja automatyczna bez błędów' : 'weryfikacja automatyczna: błędy';
    const decided = l.decyzja ? `, decyzja: ${e(l.decyzja)}` : ', czeka na decyzję';
    return `<a href="/konto/zgloszenia/${e(r.id)}/wyniki/${e(l.id)}">wyniki nr ${l.numer}</a><br><span class="hint">${verdict}${decided}</span>`;
  };
  const rows = v.rows.map((r) => `<tr data-zgloszenie="${e(r.numer)}"><td style="white-space:nowrap">${e(r.numer)}</td><td>${e(r.stan)}</td><td>${e(r.login ?? '—')}<br><span class="hint">${e(r.wykonawca)}</span></td>
    <td>${e(r.celPrac)}<br><span class="hint">${e(r.powierzchniaHa.toLocaleString('pl-PL', { maximumFractionDigits: 4 }))} ha</span></td><td>${due(r)}</td><td>${results(r)}</td></tr>`).join('');
  return officePage('Zgłoszenia prac geodezyjnych', `${notice(v.error)}
<form class="filters" method="get" action="/biuro/zgloszenia" role="search">
  <div><label for="stan">Stan</label><select id="stan" name="stan">${options}</select></div>
  <div><button type="submit">Filtruj</button> <a href="/biuro/zgloszenia">wyczyść</a></div>
</form>
<p class="hint">Kolejność: najbliższy termin udostępnienia materiałów (10 dni roboczych od zgłoszenia). Wyniki prac przyjmuje się do zasobu albo odrzuca z uzasadnieniem na stronie raportu weryfikacji.</p>
<p id="liczba">Znaleziono: <strong>${v.rows.length}</strong></p>
${v.rows.length ? `<table class="list" id="zgloszenia"><thead><tr><th>Zgłoszenie</th><th>Stan</th><th>Geodeta, wykonawca</th><th>Cel prac, obszar</th><th>Termin materiałów</th><th>Wyniki prac</th></tr></thead><tbody>${rows}</tbody></table>` : '<p>Brak zgłoszeń spełniających warunki.</p>'}`, user, csrf);
}
