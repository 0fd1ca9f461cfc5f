// The state change of a survey-work notification made by the returned results: a conditional UPDATE of
// portal.zgloszenia.stan (only from the states states.ts allows) and its history row, inside the caller's
// transaction, so that two workers racing (two office staff deciding at once, a resubmission during a decision)
// cannot both move the case: the loser's UPDATE finds no row in an allowed state and gets a CaseStateConflict.
import type { Queryable } from '../../db/database.ts';
import { RESULT_MOVES, type ResultTarget, type ZgloszenieStan } from './states.ts';

export interface Actor { userId: number | null; name: string }

/** The case is not in a state from which the move is allowed (or does not exist). */
export class CaseStateConflict extends Error {
  constructor(readonly current: ZgloszenieStan | null, readonly to: ResultTarget) {
    super(current ? `the notification is "${current}"; it cannot become "${to}"` : 'no such notification');
  }
}

/** Moves the case to `to` with a history row; returns the state it left. Use inside a transaction. */
export async function moveCase(tx: Queryable, id: string, to: ResultTarget, actor: Actor, reason: string | null): Promise<ZgloszenieStan> {
  // The FOR UPDATE sub-select takes the row lock first, so the state read is the one the UPDATE changes.
  const [row] = await tx.query<{ from: ZgloszenieStan }>(
    `UPDATE portal.zgloszenia z SET stan = $2, zmieniono = now()
       FROM (SELECT id, stan FROM portal.zgloszenia WHERE id = $1 FOR UPDATE) old
      WHERE z.id = old.id AND old.stan = ANY($3::text[])
     RETURNING old.stan AS "from"`,
    [id, to, RESULT_MOVES[to]]);
  if (!row) {
    const [cur] = await tx.query<{ stan: ZgloszenieStan }>('SELECT stan FROM portal.zgloszenia WHERE id = $1', [id]);
    throw new CaseStateConflict(cur?.stan ?? null, to);
  }
  await tx.query(
    `INSERT INTO portal.zgloszenia_historia (zgloszenie_id, "stanPoprzedni", stan, uzytkownik_id, kto, powod) VALUES ($1, $2, $3, $4, $5, $6)`,
    [id, row.from, to, actor.userId, actor.name, reason]);
  return row.from;
}
