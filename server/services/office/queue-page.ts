// The office's queue of cases as a server-rendered Polish page (/biuro/sprawy, issue 18 item 3): survey-work
// notifications and coordination cases in one list with their filters, each row with its number, applicant, state,
// term and the working days left to it or past it (cases/queue.ts), linked to the case's permalink in its portal
// (cases/links.ts) and, for handed-in results, to their report where the office decides. A plain GET form that works
// without JavaScript; every value escaped. The frame is the back office's officePage().
import escapeHtml from 'escape-html';
import type { PageUser } from '../portal/pages.ts';
import { officePage } from './pages.ts';
import { CASE_KINDS, deadlineOf, deadlineText, KIND_PL, STATES, TERM_PL, type QueueFilter } from '../../cases/queue.ts';
import type { QueueRow } from '../../cases/queue-store.ts';
import { CASE_PORTAL, casePath } from '../../cases/links.ts';

const e = (v: unknown): string => escapeHtml(String(v ?? ''));
const date = (d: Date) => new Date(d).toLocaleDateString('pl-PL', { timeZone: 'Europe/Warsaw', year: 'numeric', month: '2-digit', day: '2-digit' });

export interface QueueView {
  filter: QueueFilter; rows: QueueRow[]; total: number; page: number; pageSize: number; today: string;
  /** The query as given (kept by the page links), without the page number. */
  query: URLSearchParams; error?: string;
}

const STYLE = '<style>tr.overdue td.deadline { color: #a4161a; font-weight: bold } tr.due-today td.deadline { font-weight: bold } td.deadline { white-space: nowrap }</style>';

function stateOptions(f: QueueFilter): string {
  const opt = (value: string, label: string) => `<option value="${e(value)}"${(f.state ?? '') === value ? ' selected' : ''}>${e(label)}</option>`;
  const groups = CASE_KINDS.filter((k) => !f.kind || f.kind === k)
    .map((k) => `<optgroup label="${e(KIND_PL[k])}">${STATES[k].map((s) => opt(s, s)).join('')}</optgroup>`).join('');
  return opt('', 'otwarte (w toku)') + opt('all', 'wszystkie') + groups;
}

export function queuePage(user: PageUser, csrf: string, v: QueueView): string {
  const f = v.filter;
  const kindOptions = [['', 'obie'], ...CASE_KINDS.map((k) => [k, KIND_PL[k]])]
    .map(([value, label]) => `<option value="${e(value)}"${(f.kind ?? '') === value ? ' selected' : ''}>${e(label)}</option>`).join('');
  const rows = v.rows.map((r) => {
    const d = deadlineOf(r.kind, r.state, r.term, v.today);
    const cls = d.overdue ? 'overdue' : d.daysLeft === 0 ? 'due-today' : '';
    const link = casePath(r.kind === 'zgloszenie' ? CASE_PORTAL.zgloszenie : CASE_PORTAL.koordynacja, r.id);
    // The latest results: where the office decides (their report page), the automatic verdict and whether it waits.
    const l = r.latestResult;
    const results = l ? `<br><a href="/konto/zgloszenia/${e(r.id)}/wyniki/${e(l.id)}">wyniki nr ${l.numer}</a><br><span class="hint">${l.passed ? 'weryfikacja automatyczna bez błędów' : 'weryfikacja automatyczna: błędy'}${l.decyzja ? `, decyzja: ${e(l.decyzja)}` : ', czeka na decyzję'}</span>` : '';
    return `<tr data-case="${e(r.numer)}" data-kind="${e(r.kind)}"${cls ? ` class="${cls}"` : ''}>
      <td><a href="${e(link)}">${e(r.numer)}</a>${results}</td><td>${e(KIND_PL[r.kind])}</td>
      <td>${e(r.applicant)}<br><span class="hint">${e([r.kind === 'zgloszenie' ? `upr. ${r.detail}` : `inwestor: ${r.detail}`, r.login ? `konto ${r.login}` : ''].filter(Boolean).join(' · '))}</span></td>
      <td class="state">${e(r.state)}</td><td>${e(r.term)}<br><span class="hint">${e(TERM_PL[r.kind])}</span></td>
      <td class="deadline" data-days="${d.daysLeft ?? ''}">${e(deadlineText(d))}</td><td>${e(date(r.filed))}</td></tr>`;
  }).join('');
  const pages = Math.max(1, Math.ceil(v.total / v.pageSize));
  const link = (p: number) => { const q = new URLSearchParams(v.query); q.set('strona', String(p)); return `/biuro/sprawy?${q}`; };
  const paging = pages > 1 ? `<p class="paging">Strona ${v.page} z ${pages}: ${v.page > 1 ? `<a rel="prev" href="${e(link(v.page - 1))}">« poprzednia</a>` : ''} ${v.page < pages ? `<a rel="next" href="${e(link(v.page + 1))}">następna »</a>` : ''}</p>` : '';
  return officePage('Kolejka spraw', `${STYLE}${v.error ? `<p class="error" role="alert">${e(v.error)}</p>` : ''}
<p class="hint">Zgłoszenia prac geodezyjnych i narady koordynacyjne. Terminy w dniach roboczych (bez sobót, niedziel i świąt ustawowo wolnych od pracy), stan na dzień <strong id="dzis">${e(v.today)}</strong>:
materiały zasobu do zgłoszenia – 10 dni roboczych od zgłoszenia (biegnie, gdy zgłoszenie czeka na materiały); narada – termin stanowisk uczestników (biegnie w uzgodnieniu). Najpierw sprawy z biegnącym terminem, od najbliższego.</p>
<form class="filters" method="get" action="/biuro/sprawy" role="search">
  <div><label for="rodzaj">Rodzaj</label><select id="rodzaj" name="rodzaj">${kindOptions}</select></div>
  <div><label for="stan">Stan</label><select id="stan" name="stan">${stateOptions(f)}</select></div>
  <div><label for="po-terminie"><input id="po-terminie" name="po-terminie" type="checkbox" value="tak"${f.overdue ? ' checked' : ''}> tylko po terminie</label></div>
  <div><label for="wnioskodawca">Geodeta / projektant</label><input id="wnioskodawca" name="wnioskodawca" type="text" maxlength="100" value="${e(f.applicant)}" placeholder="firma, nr uprawnień, login"></div>
  <div><label for="numer">Numer sprawy</label><input id="numer" name="numer" type="text" maxlength="40" value="${e(f.number)}"></div>
  <div><label for="od">Złożone od</label><input id="od" name="od" type="date" value="${e(f.from)}"></div>
  <div><label for="do">do</label><input id="do" name="do" type="date" value="${e(f.to)}"></div>
  <div><button type="submit">Filtruj</button> <a href="/biuro/sprawy">wyczyść</a></div>
</form>
<p id="liczba">Znaleziono: <strong>${v.total}</strong></p>
${v.rows.length ? `<table class="list" id="kolejka"><thead><tr><th>Sprawa</th><th>Rodzaj</th><th>Wnioskodawca</th><th>Stan</th><th>Termin</th><th>Pozostało</th><th>Złożona</th></tr></thead><tbody>${rows}</tbody></table>` : '<p>Brak spraw spełniających warunki.</p>'}
${paging}`, user, csrf);
}
