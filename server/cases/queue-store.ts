// The office's queue in PostgreSQL: survey-work notifications (portal.zgloszenia) and coordination cases
// (portal.sprawy_koordynacyjne) as one list — number, applicant, state, term — filtered, counted and paged, the cases
// whose term runs first, nearest term first. The WHERE is built from fixed fragments; every value is a bound
// parameter (the state lists of queue.ts too). Terms and days left are computed by queue.ts.
import type { Queryable } from '../db/database.ts';
import { FINAL, RUNNING, type QueueFilter } from './queue.ts';
import type { CaseKind } from './links.ts';

export interface QueueRow {
  kind: CaseKind; id: string; numer: string; state: string;
  /** Who asked: the surveyor's firm (wykonawca) or the designer (projektant). */
  applicant: string;
  /** The licence number of the surveyor, or the investor of a coordination. */
  detail: string;
  login: string | null;
  /** The term's last day (YYYY-MM-DD). */
  term: string;
  filed: Date;
  /** The latest results handed in for a notification (their report page is the office's place to decide). */
  latestResult: { id: string; numer: number; passed: boolean; decyzja: string | null } | null;
}

const like = (s: string) => `%${s.replace(/[\\%_]/g, (c) => '\\' + c)}%`;

// Both kinds in the columns of one list. `biegnie`: the case's term runs in its state (queue.ts RUNNING).
const UNION = `
  SELECT 'zgloszenie'::text AS rodzaj, z.id, z.numer, z.stan, z.wykonawca AS wnioskodawca, z."numerUprawnien" AS szczegol, u.login,
         z."terminMaterialow" AS termin, z.stan = ANY ($1::text[]) AS biegnie, z.stan = ANY ($2::text[]) AS zakonczona, z.utworzono,
         (SELECT json_build_object('id', w.id, 'numer', w.numer, 'passed', w."weryfikacjaPozytywna", 'decyzja', w.decyzja)
            FROM portal.zgloszenia_wyniki w WHERE w.zgloszenie_id = z.id ORDER BY w.numer DESC LIMIT 1) AS wyniki
    FROM portal.zgloszenia z LEFT JOIN portal.uzytkownicy u ON u.id = z.uzytkownik_id
  UNION ALL
  SELECT 'koordynacja', c.id, c.numer, c.stan, c.projektant, c.inwestor, u.login,
         c."terminStanowisk", c.stan = ANY ($3::text[]), c.stan = ANY ($4::text[]), c.utworzono, NULL::json
    FROM portal.sprawy_koordynacyjne c LEFT JOIN portal.uzytkownicy u ON u.id = c.uzytkownik_id`;

/** The union with each case's overdue flag on today ($5). */
const CASES = `(SELECT u.*, (u.biegnie AND u.termin < $5::date) AS po_terminie FROM (${UNION}) u) q`;

/** The WHERE of a filter over the union (fixed fragments; parameters from $6 on, $5 is today). */
export function queueWhere(f: QueueFilter): { where: string; params: unknown[] } {
  const conds: string[] = [];
  const params: unknown[] = [];
  const p = (v: unknown) => { params.push(v); return `$${params.length + 5}`; };
  if (f.kind) conds.push(`q.rodzaj = ${p(f.kind)}`);
  if (f.state === undefined) conds.push('NOT q.zakonczona');
  else if (f.state !== 'all') conds.push(`q.stan = ${p(f.state)}`);
  if (f.overdue) conds.push('q.po_terminie');
  if (f.from) conds.push(`q.utworzono >= (${p(f.from)}::date)::timestamp AT TIME ZONE 'Europe/Warsaw'`);
  if (f.to) conds.push(`q.utworzono < (${p(f.to)}::date + 1)::timestamp AT TIME ZONE 'Europe/Warsaw'`);
  if (f.number) conds.push(`q.numer ILIKE ${p(like(f.number))}`);
  if (f.applicant) {
    const n = p(like(f.applicant));
    conds.push(`(q.wnioskodawca ILIKE ${n} OR q.szczegol ILIKE ${n} OR q.login ILIKE ${n})`);
  }
  return { where: conds.length ? `WHERE ${conds.join(' AND ')}` : '', params };
}

/** One page of the queue and the count of all the filter finds, on `today` (YYYY-MM-DD). */
export async function listQueue(db: Queryable, f: QueueFilter, today: string, page: number, pageSize: number): Promise<{ rows: QueueRow[]; total: number }> {
  const { where, params } = queueWhere(f);
  const fixed = [RUNNING.zgloszenie, FINAL.zgloszenie, RUNNING.koordynacja, FINAL.koordynacja, today];
  const all = [...fixed, ...params];
  const rows = await db.query<any>(`
    SELECT q.rodzaj, q.id, q.numer, q.stan, q.wnioskodawca, q.szczegol, q.login, to_char(q.termin, 'YYYY-MM-DD') AS termin, q.utworzono, q.wyniki,
           count(*) OVER () AS razem
      FROM ${CASES} ${where}
     ORDER BY q.biegnie DESC, q.termin, q.utworzono, q.numer
     LIMIT $${all.length + 1} OFFSET $${all.length + 2}`, [...all, pageSize, (page - 1) * pageSize]);
  let total = rows.length ? Number(rows[0].razem) : 0;
  if (!rows.length && page > 1) {
    const [c] = await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${CASES} ${where}`, all);
    total = Number(c!.n);
  }
  return {
    total,
    rows: rows.map((r) => ({ kind: r.rodzaj, id: r.id, numer: r.numer, state: r.stan, applicant: r.wnioskodawca, detail: r.szczegol ?? '', login: r.login ?? null,
      term: r.termin, filed: r.utworzono, latestResult: r.wyniki ?? null })),
  };
}
