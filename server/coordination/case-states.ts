// The coordination case (narada koordynacyjna, art. 28b ustawy – Prawo geodezyjne i kartograficzne) as states, the
// changes allowed between them, and the meeting's outcome from the parties' positions (pure, no I/O).
//
// A designer files the case (złożona); the invitations go out at once and the parties state their positions
// (w uzgodnieniu); the office closes the meeting with its outcome (uzgodniona / uzgodniona z uwagami / nieuzgodniona)
// and, in the same step, issues the protocol (protokół wydany). The designer may withdraw the case before the
// protocol (wycofana). The outcome is kept apart from the state once the protocol is out.
export const CASE_STATES = ['złożona', 'w uzgodnieniu', 'uzgodniona', 'uzgodniona z uwagami', 'nieuzgodniona', 'protokół wydany', 'wycofana'] as const;
export type CaseState = (typeof CASE_STATES)[number];

export const OUTCOMES = ['uzgodniona', 'uzgodniona z uwagami', 'nieuzgodniona'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** A party's position (stanowisko) as the parties word it. */
export const POSITIONS = ['uzgadniam', 'uzgadniam z uwagami', 'nie uzgadniam'] as const;
export type Position = (typeof POSITIONS)[number];

const NEXT: Record<CaseState, readonly CaseState[]> = {
  'złożona': ['w uzgodnieniu', 'wycofana'],
  'w uzgodnieniu': ['uzgodniona', 'uzgodniona z uwagami', 'nieuzgodniona', 'wycofana'],
  'uzgodniona': ['protokół wydany'],
  'uzgodniona z uwagami': ['protokół wydany'],
  'nieuzgodniona': ['protokół wydany'],
  'protokół wydany': [],
  'wycofana': [],
};

export function canChange(from: CaseState, to: CaseState): boolean {
  return NEXT[from].includes(to);
}

export function isFinal(state: CaseState): boolean {
  return NEXT[state].length === 0;
}

/** Whether parties may still state or change their positions. */
export const acceptsPositions = (state: CaseState): boolean => state === 'w uzgodnieniu';

/** Whether the designed networks of an outcome enter GESUT as planned (a positive protocol, with remarks or without). */
export const isPositive = (outcome: Outcome): boolean => outcome !== 'nieuzgodniona';

/**
 * The meeting's outcome from the positions: any "nie uzgadniam" makes it nieuzgodniona; otherwise any remark makes
 * it "uzgodniona z uwagami"; all "uzgadniam" make it uzgodniona. A party that stated no position by the term does not
 * stop the meeting (its absence is written in the protocol) and counts as no objection — the rule of the office's
 * procedure (the act's wording on absent participants was not checked against its text here).
 */
export function outcomeOf(positions: readonly (Position | null)[]): Outcome {
  if (positions.includes('nie uzgadniam')) return 'nieuzgodniona';
  if (positions.includes('uzgadniam z uwagami')) return 'uzgodniona z uwagami';
  return 'uzgodniona';
}

/**
 * Whether the office may close the meeting on `today` (YYYY-MM-DD): once every party has stated its position, or
 * after the term for positions (`term`, the last day) has passed.
 */
export function mayClose(positions: readonly (Position | null)[], term: string, today: string): boolean {
  return positions.every((p) => p !== null) || today > term;
}
