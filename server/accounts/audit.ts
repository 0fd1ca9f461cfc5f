// The security audit log (portal.dziennik_zdarzen): logins, failed logins, API keys, role changes, downloads.
// Never holds passwords or tokens. Writing it must not break the request it records: failures are only logged
// (auditIn, for the rows that belong to a change's transaction, throws instead).
import type { Queryable } from '../db/database.ts';
import type { Logger } from '../log.ts';

export type AuditEvent =
  | 'logowanie' | 'logowanie_nieudane' | 'wylogowanie' | 'rejestracja' | 'reset_hasla_zadanie' | 'reset_hasla'
  | 'klucz_utworzony' | 'klucz_odwolany' | 'klucz_uzyty' | 'klucz_odrzucony' | 'rola_zmieniona'
  | 'konto_zablokowane' | 'konto_odblokowane' | 'pobranie'
  // the back office of orders (sql/035_office_orders.sql)
  | 'zamowienie_doo_wystawiony' | 'zamowienie_doo_skorygowany' | 'zamowienie_oplacone' | 'zamowienie_oplacone_recznie'
  | 'zamowienie_wydanie' | 'zamowienie_anulowane' | 'wyciag_zaimportowany'
  // Applications for an entitled role (sql/030_wnioski_o_role.sql): filed, granted, refused.
  | 'wniosek_o_role' | 'wniosek_przyznany' | 'wniosek_odrzucony';

export interface AuditEntry {
  userId?: number | null;
  login?: string | null;
  ip?: string | null;
  details?: Record<string, unknown>;
}

export async function audit(db: Queryable, event: AuditEvent, entry: AuditEntry, log?: Logger): Promise<void> {
  try {
    await auditIn(db, event, entry);
  } catch (err) {
    log?.error({ err: (err as Error).message, event }, 'audit log write failed');
  }
}

/**
 * The same inside the caller's transaction, for changes whose audit row must exist exactly when the change does
 * (the back office's actions on orders, a role granted on an application): a failure throws and rolls the change
 * back with it.
 */
export async function auditIn(tx: Queryable, event: AuditEvent, entry: AuditEntry): Promise<void> {
  await tx.query(
    `INSERT INTO portal.dziennik_zdarzen (zdarzenie, uzytkownik_id, login, "adresIp", szczegoly) VALUES ($1, $2, $3, $4, $5::jsonb)`,
    [event, entry.userId ?? null, entry.login?.slice(0, 100) ?? null, entry.ip ?? null, JSON.stringify(entry.details ?? {})]);
}

/** Failed logins in the last 15 minutes for a login and for an address (the throttle, shared by every host). */
export async function recentFailures(db: Queryable, login: string, ip: string): Promise<{ account: number; address: number }> {
  const [row] = await db.query<{ account: string; address: string }>(
    `SELECT (SELECT count(*) FROM portal.dziennik_zdarzen WHERE zdarzenie = 'logowanie_nieudane'
               AND lower(login) = lower($1) AND czas > now() - interval '15 minutes') AS account,
            (SELECT count(*) FROM portal.dziennik_zdarzen WHERE zdarzenie = 'logowanie_nieudane'
               AND "adresIp" = $2 AND czas > now() - interval '15 minutes') AS address`, [login, ip]);
  return { account: Number(row?.account ?? 0), address: Number(row?.address ?? 0) };
}
