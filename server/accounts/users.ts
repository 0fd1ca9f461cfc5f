// Portal accounts (portal.uzytkownicy): registration, password check, role and state changes.
import type { Queryable } from '../db/database.ts';
import { isRole, type Role } from '../catalog/roles.ts';
import { dummyHash, hashPassword, needsRehash, verifyPassword } from './passwords.ts';

export interface User { id: number; login: string; email: string; role: Role; active: boolean; created: Date; lastLogin: Date | null }

/**
 * The role an account starts with. The others are granted by an administrator: the entitled ones on an application
 * stating a licence, an office or a company (entitled-roles.ts, role-applications.ts), admin only by another admin.
 */
export const SELF_SERVICE_ROLES: readonly Role[] = ['klient'];

/** Roles an account may hold (anonim is the absence of an account). */
export const ACCOUNT_ROLES: readonly Role[] = ['klient', 'geodeta', 'projektant', 'rzeczoznawca', 'komornik', 'branzysta', 'pracownik', 'admin'];

export const LOGIN_PATTERN = /^[A-Za-z0-9._-]{3,64}$/;
export const EMAIL_PATTERN = /^[^\s@<>"']{1,64}@[^\s@<>"']{1,190}\.[A-Za-z]{2,24}$/;

const COLUMNS = `id, login, email, rola AS role, aktywny AS active, utworzono AS created, "ostatnieLogowanie" AS "lastLogin"`;

function toUser(r: Record<string, unknown>): User {
  const role = String(r.role);
  return {
    id: Number(r.id), login: String(r.login), email: String(r.email), role: isRole(role) ? role : 'klient',
    active: Boolean(r.active), created: new Date(r.created as string), lastLogin: r.lastLogin ? new Date(r.lastLogin as string) : null,
  };
}

export class DuplicateAccount extends Error {}

export async function createUser(db: Queryable, login: string, email: string, password: string, role: Role): Promise<User> {
  const hash = await hashPassword(password);
  try {
    const [row] = await db.query(
      `INSERT INTO portal.uzytkownicy (login, email, "hasloHash", rola, "hasloZmieniono") VALUES ($1, $2, $3, $4, now()) RETURNING ${COLUMNS}`,
      [login, email, hash, role]);
    return toUser(row!);
  } catch (err) {
    if ((err as { code?: string }).code === '23505') throw new DuplicateAccount('login or e-mail taken');
    throw err;
  }
}

export async function userById(db: Queryable, id: number): Promise<User | undefined> {
  const [row] = await db.query(`SELECT ${COLUMNS} FROM portal.uzytkownicy WHERE id = $1`, [id]);
  return row ? toUser(row) : undefined;
}

export async function userByLoginOrEmail(db: Queryable, name: string): Promise<User | undefined> {
  const [row] = await db.query(`SELECT ${COLUMNS} FROM portal.uzytkownicy WHERE lower(login) = lower($1) OR lower(email) = lower($1) ORDER BY id LIMIT 1`, [name]);
  return row ? toUser(row) : undefined;
}

/** The active account with this login (or e-mail) and password; the same work is done when there is none. */
export async function checkPassword(db: Queryable, name: string, password: string): Promise<User | undefined> {
  const [row] = await db.query<Record<string, unknown> & { hash: string }>(
    `SELECT ${COLUMNS}, "hasloHash" AS hash FROM portal.uzytkownicy WHERE lower(login) = lower($1) OR lower(email) = lower($1) ORDER BY id LIMIT 1`, [name]);
  if (!row) { await verifyPassword(await dummyHash(), password); return undefined; }
  if (!(await verifyPassword(row.hash, password))) return undefined;
  const user = toUser(row);
  if (!user.active) return undefined;
  if (needsRehash(row.hash)) await db.query(`UPDATE portal.uzytkownicy SET "hasloHash" = $2 WHERE id = $1`, [user.id, await hashPassword(password)]);
  return user;
}

/**
 * Reserves one password verification for an account: counts it as a failure BEFORE the password is checked, in one
 * atomic UPDATE (its row lock serialises parallel requests, and each re-reads the counter), so that no more than
 * `max` passwords are verified per account in `windowMinutes` however many requests arrive at once. False: the
 * account is locked until its window ends. A successful login clears the counter (clearLoginFailures).
 */
export async function reserveLoginAttempt(db: Queryable, userId: number, max: number, windowMinutes = 15): Promise<boolean> {
  const rows = await db.query(
    `UPDATE portal.uzytkownicy SET
       "nieudaneLogowania" = CASE WHEN "nieudaneOd" IS NULL OR "nieudaneOd" < now() - make_interval(mins => $3) THEN 1 ELSE "nieudaneLogowania" + 1 END,
       "nieudaneOd" = CASE WHEN "nieudaneOd" IS NULL OR "nieudaneOd" < now() - make_interval(mins => $3) THEN now() ELSE "nieudaneOd" END
     WHERE id = $1 AND ("nieudaneOd" IS NULL OR "nieudaneOd" < now() - make_interval(mins => $3) OR "nieudaneLogowania" < $2)
     RETURNING id`, [userId, max, windowMinutes]);
  return rows.length > 0;
}

export async function clearLoginFailures(db: Queryable, userId: number): Promise<void> {
  await db.query(`UPDATE portal.uzytkownicy SET "nieudaneLogowania" = 0, "nieudaneOd" = NULL WHERE id = $1`, [userId]);
}

/**
 * What an account held under its old password or role stops working: its sessions end, its API keys are revoked
 * (a key does not outlive a reset: whoever briefly held the account keeps nothing), and its prepared job files are
 * no longer served (they may hold data the account may no longer see; jobs still running are cancelled).
 */
export async function revokeCredentials(db: Queryable, userId: number, options: { sessions: boolean } = { sessions: true }): Promise<void> {
  // A session reads the account's role on every request (http/auth.ts): a role change needs no new login.
  if (options.sessions) await db.query(`DELETE FROM portal.sesje WHERE uzytkownik_id = $1`, [userId]);
  await db.query(`UPDATE portal.klucze_api SET odwolano = now() WHERE uzytkownik_id = $1 AND odwolano IS NULL`, [userId]);
  // Job states as sql/011_job_status_names.sql names them (services/downloads/jobs.ts JobStatus).
  await db.query(`UPDATE portal.zadania SET status = 'expired' WHERE uzytkownik_id = $1 AND status = 'done'`, [userId]);
  await db.query(`UPDATE portal.zadania SET status = 'cancelled', zakonczono = now() WHERE uzytkownik_id = $1 AND status IN ('queued', 'running')`, [userId]);
}

/** Sets a new password; the account's sessions, API keys and prepared files go (revokeCredentials). */
export async function setPassword(db: Queryable, userId: number, password: string): Promise<void> {
  await db.query(`UPDATE portal.uzytkownicy SET "hasloHash" = $2, "hasloZmieniono" = now(), "nieudaneLogowania" = 0, "nieudaneOd" = NULL WHERE id = $1`, [userId, await hashPassword(password)]);
  await revokeCredentials(db, userId);
}

export async function listUsers(db: Queryable, limit = 500, offset = 0): Promise<User[]> {
  const rows = await db.query(`SELECT ${COLUMNS} FROM portal.uzytkownicy ORDER BY id LIMIT $1 OFFSET $2`, [limit, offset]);
  return rows.map(toUser);
}

/**
 * Changes role and state. Blocking revokes everything the account held; a change of role revokes its API keys and
 * prepared files (its sessions stay: they read the role on every request).
 */
export async function updateUser(db: Queryable, id: number, role: Role, active: boolean): Promise<void> {
  const [before] = await db.query<{ rola: string; aktywny: boolean }>(`SELECT rola, aktywny FROM portal.uzytkownicy WHERE id = $1`, [id]);
  await db.query(`UPDATE portal.uzytkownicy SET rola = $2, aktywny = $3 WHERE id = $1`, [id, role, active]);
  if (!active) await revokeCredentials(db, id);
  else if (before && before.rola !== role) await revokeCredentials(db, id, { sessions: false });
}

export async function countAdmins(db: Queryable): Promise<number> {
  const [row] = await db.query<{ n: string }>(`SELECT count(*) AS n FROM portal.uzytkownicy WHERE rola = 'admin' AND aktywny`);
  return Number(row?.n ?? 0);
}

export async function noteLogin(db: Queryable, id: number): Promise<void> {
  await db.query(`UPDATE portal.uzytkownicy SET "ostatnieLogowanie" = now() WHERE id = $1`, [id]);
}
