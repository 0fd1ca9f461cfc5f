// The states of a survey-work notification (zgłoszenie prac geodezyjnych) and the moves allowed between them (pure).
// The office registers the notification (zgłoszona), hands over the materials of the resource for the work's area
// (materiały przygotowane — art. 12 ust. 3 Pgik; here the package is assembled automatically and the move is the
// system's), the surveyor works (w toku) and hands the results back (wyniki złożone, art. 12b), the office verifies
// them (zweryfikowane pozytywnie / negatywnie; a negative protocol lets the surveyor hand corrected results back) and
// takes the positive ones into the resource (przyjęte do zasobu). A notification may be withdrawn (anulowana) until
// results are handed in. The states are the CHECK list of sql/050_zgloszenia.sql.
export const ZGLOSZENIE_STATES = ['zgłoszona', 'materiały przygotowane', 'w toku', 'wyniki złożone', 'zweryfikowane pozytywnie',
  'zweryfikowane negatywnie', 'przyjęte do zasobu', 'anulowana'] as const;
export type ZgloszenieState = (typeof ZGLOSZENIE_STATES)[number];

const NEXT: Record<ZgloszenieState, readonly ZgloszenieState[]> = {
  'zgłoszona': ['materiały przygotowane', 'anulowana'],
  'materiały przygotowane': ['w toku', 'wyniki złożone', 'anulowana'],
  'w toku': ['wyniki złożone', 'anulowana'],
  'wyniki złożone': ['zweryfikowane pozytywnie', 'zweryfikowane negatywnie'],
  'zweryfikowane negatywnie': ['wyniki złożone'],
  'zweryfikowane pozytywnie': ['przyjęte do zasobu'],
  'przyjęte do zasobu': [],
  'anulowana': [],
};

export function isZgloszenieState(v: unknown): v is ZgloszenieState {
  return typeof v === 'string' && (ZGLOSZENIE_STATES as readonly string[]).includes(v);
}

export function canChange(from: ZgloszenieState, to: ZgloszenieState): boolean {
  return NEXT[from].includes(to);
}

export function nextStates(from: ZgloszenieState): readonly ZgloszenieState[] {
  return NEXT[from];
}

export function isFinal(state: ZgloszenieState): boolean {
  return NEXT[state].length === 0;
}

/** Until the materials are handed over the office's 10-working-day term runs (the queue shows the days left). */
export function materialsPending(state: ZgloszenieState): boolean {
  return state === 'zgłoszona';
}
