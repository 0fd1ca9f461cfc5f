// The office's queue of cases (GET /biuro/sprawy, issue 18 item 3): reads the filter from the query — a bad value is
// the page again with a Polish message and status 400, the filter then leaving that value out — and lists one page
// of the cases (cases/queue-store.ts) with their terms counted on today's date in Poland.
import type { Request, Response } from 'express';
import { requestAuth } from '../../http/auth.ts';
import type { Role } from '../../catalog/roles.ts';
import { warsawDay } from '../../cases/working-days.ts';
import { CASE_KINDS, isQueueState, KIND_PL, type QueueFilter } from '../../cases/queue.ts';
import { listQueue } from '../../cases/queue-store.ts';
import type { CaseKind } from '../../cases/links.ts';
import { queuePage } from './queue-page.ts';
import type { OfficeContext } from './handlers.ts';

export const QUEUE_PAGE_SIZE = 50;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isDay = (v: string) => DAY.test(v) && !Number.isNaN(Date.parse(v)) && new Date(v).toISOString().slice(0, 10) === v;

/** The queue's filter from the query, with the Polish problems found (the filter then leaves those values out). */
export function readQueueFilter(q: Record<string, unknown>): { filter: QueueFilter; page: number; problems: string[] } {
  const problems: string[] = [];
  // A field given twice (?stan=a&stan=b) or as an object (?stan[x]=…) is not a value of this form.
  const s = (k: string) => {
    const v = q[k];
    if (v === undefined || typeof v === 'string') return (v ?? '').trim();
    problems.push(`Pole „${k}” podano więcej niż raz albo w niepoprawnej postaci.`);
    return '';
  };
  const filter: QueueFilter = {};
  const kind = s('rodzaj');
  if (kind) {
    if ((CASE_KINDS as readonly string[]).includes(kind)) filter.kind = kind as CaseKind;
    else problems.push(`Nieznany rodzaj sprawy „${kind.slice(0, 40)}” (dozwolone: ${CASE_KINDS.join(', ')}).`);
  }
  const state = s('stan');
  if (state === 'all') filter.state = 'all';
  else if (state) {
    if (isQueueState(state, filter.kind)) filter.state = state;
    else problems.push(filter.kind ? `Sprawa rodzaju „${KIND_PL[filter.kind]}” nie ma stanu „${state.slice(0, 40)}”.` : `Nieznany stan „${state.slice(0, 40)}”.`);
  }
  const overdue = s('po-terminie');
  if (overdue === 'tak') filter.overdue = true;
  else if (overdue) problems.push('Pole „tylko po terminie” przyjmuje wartość „tak”.');
  for (const [k, key] of [['od', 'from'], ['do', 'to']] as const) {
    const v = s(k);
    if (!v) continue;
    if (isDay(v)) filter[key] = v; else problems.push(`Data „${v.slice(0, 40)}” nie jest datą (RRRR-MM-DD).`);
  }
  if (filter.from && filter.to && filter.from > filter.to) { problems.push('Data początkowa jest późniejsza niż końcowa.'); delete filter.to; }
  const applicant = s('wnioskodawca'), number = s('numer');
  if (applicant.length > 100) problems.push('Geodeta / projektant: do 100 znaków.'); else if (applicant) filter.applicant = applicant;
  if (number.length > 40) problems.push('Numer sprawy: do 40 znaków.'); else if (number) filter.number = number;
  const p = s('strona');
  let page = 1;
  if (p) { if (/^\d{1,5}$/.test(p) && Number(p) >= 1) page = Number(p); else problems.push(`Numer strony „${p.slice(0, 20)}” nie jest liczbą od 1.`); }
  return { filter, page, problems };
}

export async function queueList(c: OfficeContext, req: Request, res: Response): Promise<void> {
  const { filter, page, problems } = readQueueFilter(req.query as Record<string, unknown>);
  const today = warsawDay(new Date());
  const { rows, total } = await listQueue(c.db, filter, today, page, QUEUE_PAGE_SIZE);
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(req.query)) if (k !== 'strona' && typeof v === 'string' && v) query.set(k, v);
  const a = requestAuth(req);
  res.status(problems.length ? 400 : 200).type('html').send(queuePage({ login: a.login ?? '', role: a.role as Role }, c.csrf.token(req, res),
    { filter, rows, total, page, pageSize: QUEUE_PAGE_SIZE, today, query, error: problems.join(' ') || undefined }));
}
