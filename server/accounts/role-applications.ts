// Applications for an entitled role in PostgreSQL (portal.wnioski_o_role, sql/030): filing one (with its audit row),
// the lists for the applicant and the administrator, and the decision. A decision is one transaction: the
// application's conditional UPDATE (only a waiting one: two administrators deciding at once cannot both win), the
// account's role, the revocation that a role change implies (users.ts) and the audit rows.
import type { Database, Queryable } from '../db/database.ts';
import { auditIn } from './audit.ts';
import { updateUser, userById } from './users.ts';
import { isEntitledRole, type ApplicationDetails, type EntitledRole } from './entitled-roles.ts';

export type ApplicationState = 'złożony' | 'przyznany' | 'odrzucony';

export interface RoleApplication extends ApplicationDetails {
  id: number;
  userId: number;
  login: string;
  email: string;
  /** The account's role now (the administrator sees what would change). */
  currentRole: string;
  role: EntitledRole;
  state: ApplicationState;
  filed: Date;
  decided: Date | null;
  deciderLogin: string | null;
  reason: string | null;
}

const SELECT = `SELECT w.id, w.uzytkownik_id AS "userId", u.login, u.email, u.rola AS "currentRole", w.rola AS role, w.stan AS state,
    w."numerUprawnien", w."sadRejonowy", w.kancelaria, w."nazwaFirmy", w.nip, w.regon,
    w.zlozono AS filed, w.rozpatrzono AS decided, r.login AS "deciderLogin", w.uzasadnienie AS reason
  FROM portal.wnioski_o_role w JOIN portal.uzytkownicy u ON u.id = w.uzytkownik_id
  LEFT JOIN portal.uzytkownicy r ON r.id = w.rozpatrujacy_id`;

function toApplication(r: Record<string, unknown>): RoleApplication {
  const s = (v: unknown) => (v === null || v === undefined ? null : String(v));
  const role = String(r.role);
  return {
    id: Number(r.id), userId: Number(r.userId), login: String(r.login), email: String(r.email), currentRole: String(r.currentRole),
    role: isEntitledRole(role) ? role : 'geodeta', state: String(r.state) as ApplicationState,
    numerUprawnien: s(r.numerUprawnien), sadRejonowy: s(r.sadRejonowy), kancelaria: s(r.kancelaria),
    nazwaFirmy: s(r.nazwaFirmy), nip: s(r.nip), regon: s(r.regon),
    filed: new Date(r.filed as string), decided: r.decided ? new Date(r.decided as string) : null,
    deciderLogin: s(r.deciderLogin), reason: s(r.reason),
  };
}

/** The account already has a waiting application. */
export class ApplicationPending extends Error {}

/** Files an application (inside the caller's transaction, e.g. with the registration that states it). */
export async function fileApplication(tx: Queryable, userId: number, role: EntitledRole, d: ApplicationDetails, who: { login: string; ip?: string | null }): Promise<number> {
  let row: { id: number } | undefined;
  try {
    [row] = await tx.query<{ id: number }>(
      `INSERT INTO portal.wnioski_o_role (uzytkownik_id, rola, "numerUprawnien", "sadRejonowy", kancelaria, "nazwaFirmy", nip, regon)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [userId, role, d.numerUprawnien, d.sadRejonowy, d.kancelaria, d.nazwaFirmy, d.nip, d.regon]);
  } catch (err) {
    if ((err as { code?: string }).code === '23505') throw new ApplicationPending('an application is waiting');
    throw err;
  }
  await auditIn(tx, 'wniosek_o_role', { userId, login: who.login, ip: who.ip, details: { wniosek: row!.id, rola: role } });
  return row!.id;
}

/** The account's applications, newest first. */
export async function applicationsOf(db: Queryable, userId: number, limit = 20): Promise<RoleApplication[]> {
  return (await db.query(`${SELECT} WHERE w.uzytkownik_id = $1 ORDER BY w.zlozono DESC, w.id DESC LIMIT $2`, [userId, limit])).map(toApplication);
}

/** The waiting applications, oldest first (the administrator's queue). */
export async function pendingApplications(db: Queryable, limit = 500): Promise<RoleApplication[]> {
  return (await db.query(`${SELECT} WHERE w.stan = 'złożony' ORDER BY w.zlozono, w.id LIMIT $1`, [limit])).map(toApplication);
}

/** The latest decisions (the administrator sees what was done). */
export async function decidedApplications(db: Queryable, limit = 50): Promise<RoleApplication[]> {
  return (await db.query(`${SELECT} WHERE w.stan <> 'złożony' ORDER BY w.rozpatrzono DESC, w.id DESC LIMIT $1`, [limit])).map(toApplication);
}

export async function countPending(db: Queryable): Promise<number> {
  const [row] = await db.query<{ n: string }>(`SELECT count(*) AS n FROM portal.wnioski_o_role WHERE stan = 'złożony'`);
  return Number(row?.n ?? 0);
}

export type Decision = { grant: true; note?: string } | { grant: false; reason: string };

/** Why a decision could not be made (the page says it in Polish). */
export type DecisionRefusal = 'not-found' | 'already-decided' | 'admin-account';

/**
 * Grants or refuses a waiting application in one transaction; returns the decided application, or why not.
 * Granting sets the account's role (its API keys and prepared files go, as with any role change) and writes
 * both the decision and the role change to the audit log.
 */
export async function decideApplication(db: Database, id: number, decision: Decision, admin: { id: number; ip?: string | null }):
  Promise<{ ok: true; application: RoleApplication } | { ok: false; why: DecisionRefusal }> {
  return db.transaction(async (tx) => {
    const [current] = (await tx.query(`${SELECT} WHERE w.id = $1 FOR UPDATE OF w`, [id])).map(toApplication);
    if (!current) return { ok: false, why: 'not-found' };
    if (current.state !== 'złożony') return { ok: false, why: 'already-decided' };
    const user = await userById(tx, current.userId);
    // An administrator's own role is changed on the users' page, where the last administrator is protected.
    if (decision.grant && user?.role === 'admin') return { ok: false, why: 'admin-account' };
    const reason = decision.grant ? (decision.note || null) : decision.reason;
    const [changed] = await tx.query<{ id: number }>(
      `UPDATE portal.wnioski_o_role SET stan = $2, rozpatrzono = now(), rozpatrujacy_id = $3, uzasadnienie = $4
       WHERE id = $1 AND stan = 'złożony' RETURNING id`, [id, decision.grant ? 'przyznany' : 'odrzucony', admin.id, reason]);
    if (!changed) return { ok: false, why: 'already-decided' };
    const details = { wniosek: id, rola: current.role, przez: admin.id, ...(reason ? { uzasadnienie: reason } : {}) };
    if (decision.grant && user) {
      await updateUser(tx, user.id, current.role, user.active);
      if (user.role !== current.role) await auditIn(tx, 'rola_zmieniona', { userId: user.id, login: user.login, ip: admin.ip, details: { z: user.role, na: current.role, przez: admin.id, wniosek: id } });
    }
    await auditIn(tx, decision.grant ? 'wniosek_przyznany' : 'wniosek_odrzucony', { userId: current.userId, login: current.login, ip: admin.ip, details });
    const [after] = (await tx.query(`${SELECT} WHERE w.id = $1`, [id])).map(toApplication);
    return { ok: true, application: after! };
  });
}
