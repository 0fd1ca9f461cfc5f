// Personal API keys for GIS tools (portal.klucze_api): shown once at creation, stored as a digest, revocable.
import type { Queryable } from '../db/database.ts';
import { isRole, type Role } from '../catalog/roles.ts';
import { newToken, tokenDigest } from './tokens.ts';

export const KEY_PREFIX = 'sip_';
/** Keys a person may hold at once. */
export const MAX_KEYS_PER_USER = 20;

export interface ApiKeyInfo { id: number; name: string; prefix: string; created: Date; lastUsed: Date | null; revoked: Date | null }

export interface ResolvedKey { keyId: number; userId: number; role: Role; login: string; firstUseThisMinute: boolean }

export class TooManyKeys extends Error {}

export async function createApiKey(db: Queryable, userId: number, name: string): Promise<{ key: string; info: ApiKeyInfo }> {
  const [count] = await db.query<{ n: string }>(`SELECT count(*) AS n FROM portal.klucze_api WHERE uzytkownik_id = $1 AND odwolano IS NULL`, [userId]);
  if (Number(count?.n ?? 0) >= MAX_KEYS_PER_USER) throw new TooManyKeys(`at most ${MAX_KEYS_PER_USER} keys`);
  const key = newToken(KEY_PREFIX);
  const [row] = await db.query<Record<string, unknown>>(
    `INSERT INTO portal.klucze_api (uzytkownik_id, nazwa, prefiks, "kluczHash") VALUES ($1, $2, $3, $4)
     RETURNING id, nazwa AS name, prefiks AS prefix, utworzono AS created, "ostatnioUzyty" AS "lastUsed", odwolano AS revoked`,
    [userId, name, key.slice(0, KEY_PREFIX.length + 6), tokenDigest(key)]);
  return { key, info: toInfo(row!) };
}

function toInfo(r: Record<string, unknown>): ApiKeyInfo {
  const date = (v: unknown) => (v ? new Date(v as string) : null);
  return { id: Number(r.id), name: String(r.name), prefix: String(r.prefix), created: new Date(r.created as string), lastUsed: date(r.lastUsed), revoked: date(r.revoked) };
}

export async function listApiKeys(db: Queryable, userId: number): Promise<ApiKeyInfo[]> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT id, nazwa AS name, prefiks AS prefix, utworzono AS created, "ostatnioUzyty" AS "lastUsed", odwolano AS revoked
     FROM portal.klucze_api WHERE uzytkownik_id = $1 ORDER BY odwolano IS NOT NULL, id DESC`, [userId]);
  return rows.map(toInfo);
}

/** Revokes one of the user's own keys; false when there is no such live key of theirs. */
export async function revokeApiKey(db: Queryable, userId: number, keyId: number): Promise<boolean> {
  const rows = await db.query(`UPDATE portal.klucze_api SET odwolano = now() WHERE id = $1 AND uzytkownik_id = $2 AND odwolano IS NULL RETURNING id`, [keyId, userId]);
  return rows.length > 0;
}

/** The live key with this value, of an active account; notes its use at most once a minute. */
export async function resolveApiKey(db: Queryable, key: string): Promise<ResolvedKey | undefined> {
  const [row] = await db.query<{ id: number; user_id: number; role: string; login: string; stale: boolean }>(
    `SELECT k.id, k.uzytkownik_id AS user_id, u.rola AS role, u.login,
            (k."ostatnioUzyty" IS NULL OR k."ostatnioUzyty" < now() - interval '1 minute') AS stale
     FROM portal.klucze_api k JOIN portal.uzytkownicy u ON u.id = k.uzytkownik_id
     WHERE k."kluczHash" = $1 AND k.odwolano IS NULL AND u.aktywny`, [tokenDigest(key)]);
  if (!row || !isRole(row.role)) return undefined;
  let firstUseThisMinute = false;
  if (row.stale) {
    const updated = await db.query(
      `UPDATE portal.klucze_api SET "ostatnioUzyty" = now() WHERE id = $1
         AND ("ostatnioUzyty" IS NULL OR "ostatnioUzyty" < now() - interval '1 minute') RETURNING id`, [row.id]);
    firstUseThisMinute = updated.length > 0;
  }
  return { keyId: row.id, userId: row.user_id, role: row.role, login: row.login, firstUseThisMinute };
}
