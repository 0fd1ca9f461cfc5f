// The moves of a survey-work notification (portal.zgloszenia.stan, sql/050) that the returned results make, as data
// (pure). Art. 12b of Prawo geodezyjne i kartograficzne: the contractor hands the results over, the office verifies
// them and either accepts them into the resource or gives a negative result with its reasons; after a negative one
// the contractor corrects and hands them over again. The earlier moves (zgłoszona → materiały przygotowane → w toku)
// belong to the notification module (server/cases/zgloszenia/, another branch) and are not made here.

export type ZgloszenieStan =
  | 'zgłoszona' | 'materiały przygotowane' | 'w toku' | 'wyniki złożone'
  | 'zweryfikowane pozytywnie' | 'zweryfikowane negatywnie' | 'przyjęte do zasobu' | 'anulowana';

/** Each target state of this module and the states it may be reached from. */
export const RESULT_MOVES: Readonly<Record<'wyniki złożone' | 'zweryfikowane pozytywnie' | 'zweryfikowane negatywnie' | 'przyjęte do zasobu', readonly ZgloszenieStan[]>> = {
  // Results are handed over when the work is under way (or as soon as the materials are out, if the surveyor never
  // said "w toku"), and again after a negative verification.
  'wyniki złożone': ['materiały przygotowane', 'w toku', 'zweryfikowane negatywnie'],
  'zweryfikowane pozytywnie': ['wyniki złożone'],
  'zweryfikowane negatywnie': ['wyniki złożone'],
  'przyjęte do zasobu': ['zweryfikowane pozytywnie'],
};

export type ResultTarget = keyof typeof RESULT_MOVES;

export function mayMove(from: ZgloszenieStan, to: ResultTarget): boolean {
  return RESULT_MOVES[to].includes(from);
}

/** States in which the surveyor may hand results over. */
export const SUBMITTABLE: readonly ZgloszenieStan[] = RESULT_MOVES['wyniki złożone'];
