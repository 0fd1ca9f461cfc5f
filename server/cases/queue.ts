// The office's queue of cases (pure): both kinds of the office's cases in one list — survey-work notifications
// (zgłoszenia prac geodezyjnych) and coordination cases (narady koordynacyjne) — each with the term that runs while
// the case waits, and the working days left to it or past it (cases/working-days.ts: weekends and Polish public
// holidays). The SQL is in queue-store.ts; the page in services/office/.
//
// The terms, as the code of each case has them:
// - zgłoszenie: the materials of the resource are due 10 working days from the filing (terminMaterialow,
//   cases/zgloszenia/store.ts: art. 12 ust. 3 Pgik — the paragraph was not checked against the act's text here);
//   the term runs while the case is "zgłoszona" (states.ts materialsPending);
// - koordynacja: the parties' term for their positions (terminStanowisk, COORDINATION_POSITION_DAYS working days from
//   the filing, an office setting: art. 28b Pgik gives no statutory term), running while the case is "w uzgodnieniu"
//   (case-states.ts acceptsPositions); after it the office may close the meeting.
import { workingDaysBetween } from './working-days.ts';
import { isFinal as zgloszenieFinal, materialsPending, ZGLOSZENIE_STATES } from './zgloszenia/states.ts';
import { acceptsPositions, CASE_STATES, isFinal as coordinationFinal } from '../coordination/case-states.ts';
import type { CaseKind } from './links.ts';

export const CASE_KINDS: readonly CaseKind[] = ['zgloszenie', 'koordynacja'];

/** The kinds as the office says them. */
export const KIND_PL: Record<CaseKind, string> = { zgloszenie: 'zgłoszenie prac geodezyjnych', koordynacja: 'narada koordynacyjna' };

/** What each kind's term is, as the page names it. */
export const TERM_PL: Record<CaseKind, string> = { zgloszenie: 'udostępnienie materiałów', koordynacja: 'stanowiska uczestników' };

/** The states of each kind (their own lists, the CHECKs of their tables). */
export const STATES: Record<CaseKind, readonly string[]> = { zgloszenie: ZGLOSZENIE_STATES, koordynacja: CASE_STATES };

/** The states in which each kind's term runs. */
export const RUNNING: Record<CaseKind, readonly string[]> = {
  zgloszenie: ZGLOSZENIE_STATES.filter(materialsPending),
  koordynacja: CASE_STATES.filter(acceptsPositions),
};

/** The final states (nothing more happens to the case). */
export const FINAL: Record<CaseKind, readonly string[]> = {
  zgloszenie: ZGLOSZENIE_STATES.filter(zgloszenieFinal),
  koordynacja: CASE_STATES.filter(coordinationFinal),
};

export interface QueueFilter {
  kind?: CaseKind;
  /** One state (of the kind, or of either kind); unset = the open cases (no final state); 'all' = every case. */
  state?: string | 'all';
  /** Only cases whose term runs and has passed. */
  overdue?: boolean;
  /** A part of the applicant: the surveyor's firm, licence or login; the designer, the investor or the login. */
  applicant?: string;
  /** A part of the case number. */
  number?: string;
  /** Filed on or after / up to (inclusive) this day (YYYY-MM-DD, Polish time). */
  from?: string;
  to?: string;
}

/** A state a filter may name: one of the kind's, or of either kind's when no kind is chosen. */
export function isQueueState(state: string, kind?: CaseKind): boolean {
  return (kind ? [kind] : CASE_KINDS).some((k) => STATES[k].includes(state));
}

export interface Deadline {
  /** The term's last day (YYYY-MM-DD). */
  term: string;
  /** Whether the term runs in the case's present state (else it is shown for the record only). */
  running: boolean;
  /** Working days from today to the term: 0 on its last day, negative once it has passed; null when not running. */
  daysLeft: number | null;
  overdue: boolean;
}

/** The deadline of a case on `today` (YYYY-MM-DD, Europe/Warsaw). */
export function deadlineOf(kind: CaseKind, state: string, term: string, today: string): Deadline {
  const running = RUNNING[kind].includes(state);
  const daysLeft = running ? workingDaysBetween(today, term) || 0 : null; // never -0
  return { term, running, daysLeft, overdue: running && today > term };
}

/** "3 dni robocze", "1 dzień roboczy", "5 dni roboczych" — the Polish plural of a count of working days. */
export function workingDaysPl(n: number): string {
  const a = Math.abs(n);
  if (a === 1) return `${a} dzień roboczy`;
  const last = a % 10, lastTwo = a % 100;
  return last >= 2 && last <= 4 && !(lastTwo >= 12 && lastTwo <= 14) ? `${a} dni robocze` : `${a} dni roboczych`;
}

/** The days-left column as the office reads it. */
export function deadlineText(d: Deadline): string {
  if (!d.running || d.daysLeft === null) return '—';
  if (d.overdue) return d.daysLeft === 0 ? 'po terminie' : `po terminie: ${workingDaysPl(-d.daysLeft)}`;
  if (d.daysLeft === 0) return 'upływa dziś';
  return `zostało ${workingDaysPl(d.daysLeft)}`;
}
