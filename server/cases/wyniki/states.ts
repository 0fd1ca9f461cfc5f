// The moves of a survey-work notification that the returned results make (pure). Art. 12b of Prawo geodezyjne i
// kartograficzne: the contractor hands the results over, the office verifies them and either accepts them into the
// resource or gives a negative result with its reasons; after a negative one the contractor corrects and hands them
// over again. There is one state machine of the notification, cases/zgloszenia/states.ts: this module names the
// targets it moves to and reads the allowed sources from there, so the two can never disagree.
import { canChange, ZGLOSZENIE_STATES, type ZgloszenieState } from '../zgloszenia/states.ts';

export type ZgloszenieStan = ZgloszenieState;

const TARGETS = ['wyniki złożone', 'zweryfikowane pozytywnie', 'zweryfikowane negatywnie', 'przyjęte do zasobu'] as const;
export type ResultTarget = (typeof TARGETS)[number];

/** Each target state of this module and the states it may be reached from (from the notification's machine). */
export const RESULT_MOVES: Readonly<Record<ResultTarget, readonly ZgloszenieStan[]>> = Object.fromEntries(
  TARGETS.map((to) => [to, ZGLOSZENIE_STATES.filter((from) => canChange(from, to))]),
) as unknown as Record<ResultTarget, readonly ZgloszenieStan[]>;

export function mayMove(from: ZgloszenieStan, to: ResultTarget): boolean {
  return canChange(from, to);
}

/** States in which the surveyor may hand results over. */
export const SUBMITTABLE: readonly ZgloszenieStan[] = RESULT_MOVES['wyniki złożone'];
