// Sessions of logged-in users in PostgreSQL (portal.sesje): any worker on any host resolves any session.
// The cookie holds a random token; the table holds its digest. A session slides with use up to a hard maximum.
import type { Queryable } from '../db/database.ts';
import { isRole, type Role } from '../catalog/roles.ts';
import { newToken, tokenDigest } from './tokens.ts';

export interface SessionLimits { idleHours: number; maxHours: number }

export interface ResolvedSession { sessionId: number; userId: number; role: Role; login: string }

export async function createSession(db: Queryable, userId: number, limits: SessionLimits, ip: string | undefined, userAgent: string | undefined): Promise<string> {
  const token = newToken();
  await db.query(
    `INSERT INTO portal.sesje ("tokenHash", uzytkownik_id, wygasa, "adresIp", "agentUzytkownika")
     VALUES ($1, $2, now() + make_interval(hours => $3::int), $4, $5)`,
    [tokenDigest(token), userId, Math.min(limits.idleHours, limits.maxHours), ip ?? null, userAgent?.slice(0, 200) ?? null]);
  // Expired sessions are removed now and then by whoever logs in (no scheduler needed on any host).
  if (Math.random() < 0.05) await db.query(`DELETE FROM portal.sesje WHERE wygasa < now()`);
  return token;
}

export async function resolveSession(db: Queryable, token: string, limits: SessionLimits): Promise<ResolvedSession | undefined> {
  const [row] = await db.query<{ id: string; user_id: number; role: string; login: string; stale: boolean }>(
    `SELECT s.id, s.uzytkownik_id AS user_id, u.rola AS role, u.login, s."ostatniaAktywnosc" < now() - interval '1 minute' AS stale
     FROM portal.sesje s JOIN portal.uzytkownicy u ON u.id = s.uzytkownik_id
     WHERE s."tokenHash" = $1 AND s.wygasa > now() AND u.aktywny
       AND s.utworzono > now() - make_interval(hours => $2::int)
       AND (u."hasloZmieniono" IS NULL OR s.utworzono >= u."hasloZmieniono")`,
    [tokenDigest(token), limits.maxHours]);
  if (!row || !isRole(row.role)) return undefined;
  if (row.stale) {
    // Slide the expiry at most once a minute per session: a busy map does not write on every tile.
    await db.query(
      `UPDATE portal.sesje SET "ostatniaAktywnosc" = now(),
         wygasa = least(utworzono + make_interval(hours => $3::int), now() + make_interval(hours => $2::int)) WHERE id = $1`,
      [row.id, limits.idleHours, limits.maxHours]);
  }
  return { sessionId: Number(row.id), userId: row.user_id, role: row.role, login: row.login };
}

export async function deleteSession(db: Queryable, token: string): Promise<void> {
  await db.query(`DELETE FROM portal.sesje WHERE "tokenHash" = $1`, [tokenDigest(token)]);
}
