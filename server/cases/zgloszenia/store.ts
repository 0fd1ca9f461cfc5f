// Survey-work notifications in PostgreSQL (portal.zgloszenia and portal.zgloszenia_historia, sql/050 and sql/053):
// filing a notification (its number from a sequence, the materials' deadline, the first history row — in the
// caller's transaction, which also places its fee and queues its package: services/zgloszenia/filing.ts), linking
// its package job and fee order, changing its state (a locked read, the check of states.ts, the UPDATE and the
// history row in one transaction, so two hands racing cannot both move it), and reading cases back for their
// surveyor and for the office's queue. The package's completion moves the case in the same
// transaction that marks the job done (materialsReadyIn).
import type { Database, Queryable } from '../../db/database.ts';
import { addWorkingDays, warsawDay, workingDaysBetween } from '../working-days.ts';
import { canChange, type ZgloszenieState } from './states.ts';
import { zgloszenieNumer, type ZgloszenieForm } from './form.ts';

/** The office's term for the materials: 10 working days from the filing (art. 12 ust. 3 Pgik; working-days.ts). */
export const MATERIALS_TERM_WORKING_DAYS = 10;

export interface Actor { userId: number | null; name: string }

export interface HistoryEntry { at: Date; from: ZgloszenieState | null; to: ZgloszenieState; who: string; reason: string | null }

export interface Zgloszenie {
  id: string; numer: string; stan: ZgloszenieState; userId: number; login: string | null;
  numerUprawnien: string; wykonawca: string; rodzajPrac: string; celPrac: string;
  /** The area as GeoJSON MultiPolygon in EPSG:2177 (x = easting). */
  obszar: unknown; powierzchniaHa: number; dzialki: string[]; arkusze: string[]; skalaArkuszy: number;
  dataRozpoczecia: string; dataZakonczenia: string; terminMaterialow: string;
  jobId: string | null; orderId: string | null; created: Date; changed: Date;
}

/** A state change not allowed from the case's current state (or no such case). */
export class StateConflict extends Error {
  constructor(readonly current: ZgloszenieState | undefined, readonly wanted: ZgloszenieState) {
    super(current === undefined ? 'no such notification' : `the notification is ${current}; it cannot become ${wanted}`);
    this.name = 'StateConflict';
  }
}

export interface NewZgloszenie {
  form: Omit<ZgloszenieForm, 'area'>;
  /** The resolved area: GeoJSON MultiPolygon in EPSG:2177. */
  obszar: unknown;
  dzialki: readonly string[];
  arkusze: readonly string[];
}

/** Files a notification; `filedAt` is the moment of filing (the server's clock; a fixed one in tests). */
export async function fileZgloszenie(db: Database, userId: number, z: NewZgloszenie, actor: Actor, filedAt: Date = new Date()): Promise<{ id: string; numer: string; terminMaterialow: string }> {
  return db.transaction((tx) => fileZgloszenieIn(tx, userId, z, actor, filedAt));
}

/** The same inside the caller's transaction (services/zgloszenia/filing.ts files the case with its fee and package). */
export async function fileZgloszenieIn(tx: Queryable, userId: number, z: NewZgloszenie, actor: Actor, filedAt: Date = new Date()): Promise<{ id: string; numer: string; terminMaterialow: string }> {
  const day = warsawDay(filedAt);
  const termin = addWorkingDays(day, MATERIALS_TERM_WORKING_DAYS);
  const [n] = await tx.query<{ n: string }>(`SELECT nextval('portal.zgloszenia_numer_seq') AS n`);
  const numer = zgloszenieNumer(Number(n!.n), Number(day.slice(0, 4)));
  const f = z.form;
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO portal.zgloszenia (numer, uzytkownik_id, "numerUprawnien", wykonawca, "rodzajPrac", "celPrac", obszar, dzialki, arkusze,
       "dataRozpoczecia", "dataZakonczenia", "terminMaterialow", "skalaArkuszy", utworzono, zmieniono)
     VALUES ($1, $2, $3, $4, $5, $6, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($7), 2177)), $8, $9, $10, $11, $12, $13, $14, $14) RETURNING id`,
    [numer, userId, f.numerUprawnien, f.wykonawca, f.rodzajPrac, f.celPrac, JSON.stringify(z.obszar), z.dzialki, z.arkusze,
      f.dataRozpoczecia, f.dataZakonczenia, termin, f.skalaArkuszy, filedAt]);
  await tx.query(`INSERT INTO portal.zgloszenia_historia (zgloszenie_id, czas, "stanPoprzedni", stan, uzytkownik_id, kto, powod) VALUES ($1, $2, NULL, 'zgłoszona', $3, $4, $5)`,
    [row!.id, filedAt, actor.userId, actor.name, 'zgłoszenie prac geodezyjnych przyjęte']);
  return { id: row!.id, numer, terminMaterialow: termin };
}

/** Links the package job and the fee order to the case (no change of state: no history row). */
export async function linkPackage(db: Queryable, id: string, jobId: string, orderId: string | null): Promise<void> {
  await db.query('UPDATE portal.zgloszenia SET zadanie_id = $2, zamowienie_id = $3 WHERE id = $1', [id, jobId, orderId]);
}

async function lockFor(tx: Queryable, id: string, to: ZgloszenieState): Promise<ZgloszenieState> {
  const [row] = await tx.query<{ stan: ZgloszenieState }>('SELECT stan FROM portal.zgloszenia WHERE id = $1 FOR UPDATE', [id]);
  if (!row || !canChange(row.stan, to)) throw new StateConflict(row?.stan, to);
  return row.stan;
}

/** Changes a case's state with its history row, inside the caller's transaction. */
export async function changeStateIn(tx: Queryable, id: string, to: ZgloszenieState, actor: Actor, reason: string): Promise<ZgloszenieState> {
  const from = await lockFor(tx, id, to);
  await tx.query('UPDATE portal.zgloszenia SET stan = $2, zmieniono = now() WHERE id = $1', [id, to]);
  await tx.query(`INSERT INTO portal.zgloszenia_historia (zgloszenie_id, "stanPoprzedni", stan, uzytkownik_id, kto, powod) VALUES ($1, $2, $3, $4, $5, $6)`,
    [id, from, to, actor.userId, actor.name, reason]);
  return from;
}

export async function changeState(db: Database, id: string, to: ZgloszenieState, actor: Actor, reason: string): Promise<ZgloszenieState> {
  return db.transaction((tx) => changeStateIn(tx, id, to, actor, reason));
}

/**
 * The package job `jobId` finished: its case moves from "zgłoszona" to "materiały przygotowane" (in the caller's
 * transaction, the one that marks the job done). A case already moved on or withdrawn is left as it is.
 */
export async function materialsReadyIn(tx: Queryable, jobId: string): Promise<string | undefined> {
  const [row] = await tx.query<{ id: string }>(`SELECT id FROM portal.zgloszenia WHERE zadanie_id = $1 AND stan = 'zgłoszona' FOR UPDATE`, [jobId]);
  if (!row) return undefined;
  await changeStateIn(tx, row.id, 'materiały przygotowane', { userId: null, name: 'system' }, 'pakiet materiałów zasobu przygotowany automatycznie');
  return row.id;
}

const COLUMNS = `z.id, z.numer, z.stan, z.uzytkownik_id, u.login, z."numerUprawnien", z.wykonawca, z."rodzajPrac", z."celPrac",
  ST_AsGeoJSON(z.obszar, 2)::json AS obszar, round((ST_Area(z.obszar) / 10000)::numeric, 4) AS ha, z.dzialki, z.arkusze, z."skalaArkuszy",
  to_char(z."dataRozpoczecia", 'YYYY-MM-DD') AS start, to_char(z."dataZakonczenia", 'YYYY-MM-DD') AS koniec,
  to_char(z."terminMaterialow", 'YYYY-MM-DD') AS termin, z.zadanie_id, z.zamowienie_id, z.utworzono, z.zmieniono`;

function fromRow(r: any): Zgloszenie {
  return {
    id: r.id, numer: r.numer, stan: r.stan, userId: r.uzytkownik_id, login: r.login ?? null, numerUprawnien: r.numerUprawnien, wykonawca: r.wykonawca,
    rodzajPrac: r.rodzajPrac, celPrac: r.celPrac, obszar: typeof r.obszar === 'string' ? JSON.parse(r.obszar) : r.obszar, powierzchniaHa: Number(r.ha),
    dzialki: r.dzialki ?? [], arkusze: r.arkusze ?? [], skalaArkuszy: Number(r.skalaArkuszy), dataRozpoczecia: r.start, dataZakonczenia: r.koniec,
    terminMaterialow: r.termin, jobId: r.zadanie_id, orderId: r.zamowienie_id, created: r.utworzono, changed: r.zmieniono,
  };
}

export async function zgloszenieById(db: Queryable, id: string): Promise<Zgloszenie | undefined> {
  const [r] = await db.query<any>(`SELECT ${COLUMNS} FROM portal.zgloszenia z LEFT JOIN portal.uzytkownicy u ON u.id = z.uzytkownik_id WHERE z.id = $1`, [id]);
  return r ? fromRow(r) : undefined;
}

export async function historyOf(db: Queryable, id: string): Promise<HistoryEntry[]> {
  const rows = await db.query<any>(`SELECT czas, "stanPoprzedni", stan, kto, powod FROM portal.zgloszenia_historia WHERE zgloszenie_id = $1 ORDER BY czas, id`, [id]);
  return rows.map((h) => ({ at: h.czas, from: h.stanPoprzedni, to: h.stan, who: h.kto, reason: h.powod }));
}

/** A surveyor's cases, newest first. */
export async function zgloszeniaOf(db: Queryable, userId: number): Promise<Zgloszenie[]> {
  const rows = await db.query<any>(`SELECT ${COLUMNS} FROM portal.zgloszenia z LEFT JOIN portal.uzytkownicy u ON u.id = z.uzytkownik_id
    WHERE z.uzytkownik_id = $1 ORDER BY z.utworzono DESC, z.numer DESC LIMIT 500`, [userId]);
  return rows.map(fromRow);
}

/** The office's queue: every case (optionally of some states), the nearest materials deadline first. */
export async function queue(db: Queryable, states: readonly ZgloszenieState[] | null): Promise<Zgloszenie[]> {
  const rows = await db.query<any>(`SELECT ${COLUMNS} FROM portal.zgloszenia z LEFT JOIN portal.uzytkownicy u ON u.id = z.uzytkownik_id
    WHERE ($1::text[] IS NULL OR z.stan = ANY ($1::text[])) ORDER BY z."terminMaterialow", z.utworzono LIMIT 1000`, [states]);
  return rows.map(fromRow);
}

/** Working days left until the materials' deadline on `today` (0 on the day itself, negative when overdue). */
export function workingDaysLeft(z: Pick<Zgloszenie, 'terminMaterialow'>, today: string): number {
  return workingDaysBetween(today, z.terminMaterialow);
}
