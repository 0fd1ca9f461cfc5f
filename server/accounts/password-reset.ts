// Password reset by a one-time token sent by e-mail (portal.resety_hasel): valid 1 hour, usable once.
import type { Queryable } from '../db/database.ts';
import { newToken, tokenDigest } from './tokens.ts';

export const RESET_VALID_MINUTES = 60;

export async function issueResetToken(db: Queryable, userId: number): Promise<string> {
  const token = newToken();
  // One live token per account: an older link stops working when a new one is asked for.
  await db.query(`DELETE FROM portal.resety_hasel WHERE uzytkownik_id = $1 OR wygasa < now()`, [userId]);
  await db.query(`INSERT INTO portal.resety_hasel ("tokenHash", uzytkownik_id, wygasa) VALUES ($1, $2, now() + make_interval(mins => $3::int))`,
    [tokenDigest(token), userId, RESET_VALID_MINUTES]);
  return token;
}

/** The account a live token is for (without using it up). */
export async function resetTokenUser(db: Queryable, token: string): Promise<number | undefined> {
  const [row] = await db.query<{ user_id: number }>(
    `SELECT uzytkownik_id AS user_id FROM portal.resety_hasel WHERE "tokenHash" = $1 AND wygasa > now() AND wykorzystano IS NULL`, [tokenDigest(token)]);
  return row?.user_id;
}

/** Uses a token up; the account id when it was live (only one concurrent use can win). */
export async function consumeResetToken(db: Queryable, token: string): Promise<number | undefined> {
  const [row] = await db.query<{ user_id: number }>(
    `UPDATE portal.resety_hasel SET wykorzystano = now() WHERE "tokenHash" = $1 AND wygasa > now() AND wykorzystano IS NULL
     RETURNING uzytkownik_id AS user_id`, [tokenDigest(token)]);
  return row?.user_id;
}
