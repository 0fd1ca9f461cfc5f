// Coordination cases in PostgreSQL (portal.sprawy_koordynacyjne and its parties, comments and history; sql/060):
// filing a case (the case, its invited parties and the first history rows in one transaction), a party's position
// with its comments, withdrawal, and the protocol — the outcome, the signed PDF, and for a positive outcome the
// designed lines entered into gesut.przewody as projektowany, all in one transaction (the data-version trigger of
// gesut bumps the version in it, so maps and tiles show the lines as soon as it commits). Every state change is a
// conditional change under the case's row lock with its history row, so two racing clerks cannot both succeed.
// Numbers come from a sequence: KOORD/{year}/{n}.
import type { Database, Queryable } from '../db/database.ts';
import type { CheckResult } from './check.ts';
import type { Branza } from './branches.ts';
import {
  acceptsPositions, canChange, isPositive, mayClose, outcomeOf, type CaseState, type Outcome, type Position,
} from './case-states.ts';

/** The form the designer filed the networks in. */
export type DesignFormat = 'dxf' | 'gml' | 'geojson';

export interface Actor { userId: number | null; name: string }

export interface Operator { id: number; name: string; branze: Branza[]; email: string | null }

/** One designed line as stored: GeoJSON geometry in EPSG:2177 and the attributes the case keeps. */
export interface StoredDesignFeature {
  type: 'Feature';
  geometry: { type: 'LineString' | 'MultiLineString'; coordinates: unknown };
  properties: { index: number; branza: Branza; srednica: number | null; funkcja: string; label?: string; lengthM: number; glebokosc?: number | null };
}

export interface NewCase {
  userId: number;
  designer: string;
  investor: string;
  description: string;
  format: DesignFormat;
  design: StoredDesignFeature[];
  mapPdf: Buffer;
  report: CheckResult;
  /** The last day for positions (YYYY-MM-DD). */
  term: string;
  operatorIds: number[];
}

export interface Party {
  operatorId: number; name: string; branze: Branza[]; email: string | null;
  position: Position | null; reason: string | null; who: string | null; at: Date | null;
}

export interface CaseComment { id: number; operatorId: number; operator: string; text: string; at: [number, number] | null; who: string; time: Date }

export interface HistoryEntry { at: Date; from: CaseState | null; to: CaseState; who: string; reason: string | null }

export interface CoordinationCase {
  id: string; number: string; state: CaseState; outcome: Outcome | null; userId: number; designer: string; investor: string;
  description: string; format: DesignFormat; design: StoredDesignFeature[]; report: CheckResult; term: string;
  protocolDate: Date | null; conclusion: string | null; created: Date; changed: Date;
  parties: Party[]; comments: CaseComment[]; history: HistoryEntry[];
}

export interface CaseSummary {
  id: string; number: string; state: CaseState; outcome: Outcome | null; investor: string; description: string; term: string; created: Date; changed: Date;
  parties: { name: string; position: Position | null }[];
  /** For an operator's list: whether one of its invitations still waits for its position ("do uzgodnienia"). */
  awaitingYou: boolean;
}

/** A change that the case's current state does not allow (someone changed it first, or never). */
export class CaseConflict extends Error {
  constructor(readonly current: CaseState | undefined, detail: string) {
    super(detail);
    this.name = 'CaseConflict';
  }
}

const year = (d: Date) => d.getUTCFullYear();

export async function listOperators(db: Queryable): Promise<Operator[]> {
  const rows = await db.query<{ id: number; nazwa: string; branze: Branza[]; email: string | null }>('SELECT id, nazwa, branze, email FROM portal.gestorzy_sieci ORDER BY nazwa');
  return rows.map((r) => ({ id: r.id, name: r.nazwa, branze: r.branze, email: r.email }));
}

/** The operators a user works for (a branżysta's firms). */
export async function operatorsOfUser(db: Queryable, userId: number): Promise<number[]> {
  const rows = await db.query<{ id: number }>('SELECT gestor_id AS id FROM portal.gestorzy_uzytkownicy WHERE uzytkownik_id = $1 ORDER BY 1', [userId]);
  return rows.map((r) => r.id);
}

/** Adds a network operator; undefined when one of that name exists. */
export async function addOperator(db: Queryable, o: Omit<Operator, 'id'>): Promise<Operator | undefined> {
  const [r] = await db.query<{ id: number }>('INSERT INTO portal.gestorzy_sieci (nazwa, branze, email) VALUES ($1, $2, $3) ON CONFLICT (nazwa) DO NOTHING RETURNING id',
    [o.name, o.branze, o.email]);
  return r ? { id: r.id, ...o } : undefined;
}

export async function addOperatorMember(db: Queryable, operatorId: number, userId: number): Promise<void> {
  await db.query('INSERT INTO portal.gestorzy_uzytkownicy (gestor_id, uzytkownik_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [operatorId, userId]);
}

/** The e-mail addresses to notify for a case's parties: each operator's mailbox and its members' accounts. */
export async function partyAddresses(db: Queryable, caseId: string): Promise<{ operator: string; email: string }[]> {
  return db.query<{ operator: string; email: string }>(`
    SELECT DISTINCT g.nazwa AS operator, e.email FROM portal.sprawy_koordynacyjne_strony s JOIN portal.gestorzy_sieci g ON g.id = s.gestor_id
    CROSS JOIN LATERAL (SELECT g.email UNION SELECT u.email FROM portal.gestorzy_uzytkownicy m JOIN portal.uzytkownicy u ON u.id = m.uzytkownik_id
                        WHERE m.gestor_id = g.id AND u.aktywny) e(email)
    WHERE s.sprawa_id = $1 AND e.email IS NOT NULL ORDER BY 1, 2`, [caseId]);
}

async function record(tx: Queryable, id: string, from: CaseState | null, to: CaseState, actor: Actor, reason: string): Promise<void> {
  await tx.query(`INSERT INTO portal.sprawy_koordynacyjne_historia (sprawa_id, "stanPoprzedni", stan, uzytkownik_id, kto, powod) VALUES ($1, $2, $3, $4, $5, $6)`,
    [id, from, to, actor.userId, actor.name, reason]);
}

/** Files a case: the case (złożona), its parties, then the invitations (w uzgodnieniu), in one transaction. */
export async function fileCase(db: Database, c: NewCase, actor: Actor): Promise<{ id: string; number: string }> {
  return db.transaction(async (tx) => {
    const [n] = await tx.query<{ n: string; now: Date }>(`SELECT nextval('portal.sprawy_koordynacyjne_numer_seq') AS n, now() AS now`);
    const number = `KOORD/${year(n!.now)}/${String(n!.n).padStart(6, '0')}`;
    const [row] = await tx.query<{ id: string }>(`
      INSERT INTO portal.sprawy_koordynacyjne (numer, uzytkownik_id, projektant, inwestor, "opisInwestycji", "formatProjektu", projekt, geom, "mapaPdf", "raportKontroli", "terminStanowisk")
      VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb,
              (SELECT ST_Multi(ST_Collect(ST_SetSRID(ST_GeomFromGeoJSON(g), 2177))) FROM unnest($8::text[]) AS g),
              $9, $10::jsonb, $11::date) RETURNING id`,
      [number, c.userId, c.designer, c.investor, c.description, c.format, JSON.stringify(c.design),
        c.design.map((f) => JSON.stringify(f.geometry)), c.mapPdf, JSON.stringify(c.report), c.term]);
    const id = row!.id;
    await tx.query(`INSERT INTO portal.sprawy_koordynacyjne_strony (sprawa_id, gestor_id) SELECT $1, unnest($2::int[])`, [id, c.operatorIds]);
    await record(tx, id, null, 'złożona', actor, 'wniosek o uzgodnienie usytuowania projektowanych sieci złożony');
    const [names] = await tx.query<{ names: string }>(`SELECT string_agg(nazwa, ', ' ORDER BY nazwa) AS names FROM portal.gestorzy_sieci WHERE id = ANY($1::int[])`, [c.operatorIds]);
    await tx.query(`UPDATE portal.sprawy_koordynacyjne SET stan = 'w uzgodnieniu', zmieniono = now() WHERE id = $1`, [id]);
    await record(tx, id, 'złożona', 'w uzgodnieniu', { userId: null, name: 'system' }, `zawiadomiono uczestników: ${names!.names}; termin stanowisk ${c.term}`);
    return { id, number };
  });
}

async function lock(tx: Queryable, id: string): Promise<{ stan: CaseState; termin: string }> {
  const [row] = await tx.query<{ stan: CaseState; termin: string }>(`SELECT stan, to_char("terminStanowisk", 'YYYY-MM-DD') AS termin FROM portal.sprawy_koordynacyjne WHERE id = $1 FOR UPDATE`, [id]);
  if (!row) throw new CaseConflict(undefined, 'no such case');
  return row;
}

async function move(tx: Queryable, id: string, from: CaseState, to: CaseState, actor: Actor, reason: string): Promise<void> {
  if (!canChange(from, to)) throw new CaseConflict(from, `the case is ${from}; it cannot become ${to}`);
  await tx.query('UPDATE portal.sprawy_koordynacyjne SET stan = $2, zmieniono = now() WHERE id = $1', [id, to]);
  await record(tx, id, from, to, actor, reason);
}

export interface NewPosition { position: Position; reason: string | null; comments: { text: string; at: [number, number] | null }[] }

/** A party states (or changes) its position with its comments; history records it. */
export async function statePosition(db: Database, caseId: string, operatorId: number, p: NewPosition, actor: Actor): Promise<void> {
  await db.transaction(async (tx) => {
    const { stan } = await lock(tx, caseId);
    if (!acceptsPositions(stan)) throw new CaseConflict(stan, `the case is ${stan}: positions are no longer taken`);
    const updated = await tx.query<{ nazwa: string }>(`
      UPDATE portal.sprawy_koordynacyjne_strony s SET stanowisko = $3, uzasadnienie = $4, uzytkownik_id = $5, kto = $6, czas = now()
      FROM portal.gestorzy_sieci g WHERE g.id = s.gestor_id AND s.sprawa_id = $1 AND s.gestor_id = $2 RETURNING g.nazwa`,
      [caseId, operatorId, p.position, p.reason, actor.userId, actor.name]);
    if (updated.length === 0) throw new CaseConflict(stan, 'the operator is not a party to this case');
    for (const c of p.comments) {
      await tx.query(`INSERT INTO portal.sprawy_koordynacyjne_uwagi (sprawa_id, gestor_id, tresc, geom, uzytkownik_id, kto)
        VALUES ($1, $2, $3, CASE WHEN $4::float8 IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint($4, $5), 2177) END, $6, $7)`,
      [caseId, operatorId, c.text, c.at?.[0] ?? null, c.at?.[1] ?? null, actor.userId, actor.name]);
    }
    await tx.query('UPDATE portal.sprawy_koordynacyjne SET zmieniono = now() WHERE id = $1', [caseId]);
    await record(tx, caseId, stan, stan, actor, `stanowisko ${updated[0]!.nazwa}: ${p.position}${p.comments.length ? ` (uwagi: ${p.comments.length})` : ''}`);
  });
}

export async function withdrawCase(db: Database, caseId: string, actor: Actor, reason: string): Promise<void> {
  await db.transaction(async (tx) => {
    const { stan } = await lock(tx, caseId);
    await move(tx, caseId, stan, 'wycofana', actor, reason);
  });
}

/** The protocol's renderer (documents/coordination-protocol-pdf.ts, signed): the case as it stands at closing. */
export type ProtocolRenderer = (c: CoordinationCase, issuedAt: Date) => Promise<Buffer>;

const GESUT_ID_PREFIX = 'PL.PZGiK.3064.GESUT_P.';
/** The diameter range of gesut.przewody (sql/003_gesut.sql CHECK). */
const SREDNICA_MM = [10, 3000] as const;

/** The GESUT function codes (gesut.przewody CHECK); a design that names none is a distribution line. */
export const FUNKCJE = ['magistralny', 'rozdzielczy', 'przyłącze'] as const;

/**
 * Enters the designed lines of a case into gesut.przewody as projektowany (one row per line part), with new
 * identifiers after the register's highest, the operator invited for the line's branch as władający (the investor
 * when none is), and the case number. The table is locked against other writers so the identifiers are unique.
 */
async function enterIntoGesut(tx: Queryable, c: CoordinationCase): Promise<number> {
  await tx.query('LOCK TABLE gesut.przewody IN SHARE ROW EXCLUSIVE MODE');
  const [m] = await tx.query<{ n: string | null }>(
    `SELECT max(substr("idPrzewodu", ${GESUT_ID_PREFIX.length + 1})::bigint) AS n FROM gesut.przewody WHERE "idPrzewodu" LIKE $1`, [`${GESUT_ID_PREFIX}%`]);
  let next = Number(m?.n ?? 0) + 1;
  const ids: string[] = [], branze: string[] = [], funkcje: string[] = [], srednice: (number | null)[] = [], owners: string[] = [], geoms: string[] = [];
  const glebokosci: (number | null)[] = [];
  for (const f of c.design) {
    const b = f.properties.branza;
    const owner = c.parties.find((p) => p.branze.includes(b))?.name ?? c.investor;
    const s = f.properties.srednica === null ? null : Math.round(f.properties.srednica);
    const parts = f.geometry.type === 'LineString' ? [f.geometry.coordinates] : (f.geometry.coordinates as unknown[]);
    for (const part of parts) {
      ids.push(`${GESUT_ID_PREFIX}${next++}`);
      branze.push(b); funkcje.push(f.properties.funkcja); owners.push(owner);
      // The design's depth of the line (one per line: the register keeps one, depth.ts lineDepth); 0–30 m by then.
      glebokosci.push(typeof f.properties.glebokosc === 'number' ? f.properties.glebokosc : null);
      srednice.push(s !== null && s >= SREDNICA_MM[0] && s <= SREDNICA_MM[1] ? s : null);
      geoms.push(JSON.stringify({ type: 'LineString', coordinates: part }));
    }
  }
  await tx.query(`
    INSERT INTO gesut.przewody ("idPrzewodu", branza, funkcja, srednica, wladajacy, status, eksploatacja, przebieg, glebokosc, "numerSprawyKoordynacyjnej", "poczatekWersjiObiektu", geom)
    SELECT u.id, u.branza, u.funkcja, u.srednica, u.owner, 'projektowany', NULL, 'podziemny', u.glebokosc, $7, now(), ST_SetSRID(ST_GeomFromGeoJSON(u.g), 2177)
    FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[], $8::numeric[]) AS u(id, branza, funkcja, srednica, owner, g, glebokosc)`,
  [ids, branze, funkcje, srednice, owners, geoms, c.number, glebokosci]);
  return ids.length;
}

/**
 * Closes the meeting and issues the protocol in one transaction: the outcome from the positions (state change with
 * history), the PDF, the state "protokół wydany", and for a positive outcome the lines entered into GESUT. Refused
 * while positions are missing before the term. Returns the outcome and how many lines entered GESUT.
 */
export async function issueProtocol(db: Database, caseId: string, actor: Actor, conclusion: string | null, today: string, render: ProtocolRenderer): Promise<{ outcome: Outcome; lines: number }> {
  return db.transaction(async (tx) => {
    const { stan, termin } = await lock(tx, caseId);
    if (stan !== 'w uzgodnieniu') throw new CaseConflict(stan, `the case is ${stan}: only a case under coordination can be closed`);
    const before = (await caseById(tx, caseId))!;
    const positions = before.parties.map((p) => p.position);
    if (!mayClose(positions, termin, today)) {
      throw new CaseConflict(stan, `positions are missing (${before.parties.filter((p) => !p.position).map((p) => p.name).join(', ')}) and their term ends on ${termin}`);
    }
    const outcome = outcomeOf(positions);
    await move(tx, caseId, stan, outcome, actor, `narada zamknięta: ${outcome}`);
    const [t] = await tx.query<{ now: Date }>('SELECT now() AS now');
    await tx.query(`UPDATE portal.sprawy_koordynacyjne SET wynik = $2, "wniosekKoncowy" = $3, "dataProtokolu" = $4 WHERE id = $1`, [caseId, outcome, conclusion, t!.now]);
    const closed = (await caseById(tx, caseId))!;
    const lines = isPositive(outcome) ? await enterIntoGesut(tx, closed) : 0;
    const pdf = await render(closed, t!.now);
    await tx.query(`UPDATE portal.sprawy_koordynacyjne SET "protokolPdf" = $2 WHERE id = $1`, [caseId, pdf]);
    await move(tx, caseId, outcome, 'protokół wydany', actor, `protokół wydany${lines ? `; do GESUT wprowadzono ${lines} przewodów projektowanych` : ''}`);
    return { outcome, lines };
  });
}

export async function caseById(db: Queryable, id: string): Promise<CoordinationCase | undefined> {
  const [r] = await db.query<any>(`SELECT id, numer, stan, wynik, uzytkownik_id, projektant, inwestor, "opisInwestycji", "formatProjektu", projekt, "raportKontroli",
      to_char("terminStanowisk", 'YYYY-MM-DD') AS termin, "dataProtokolu", "wniosekKoncowy", utworzono, zmieniono
    FROM portal.sprawy_koordynacyjne WHERE id = $1`, [id]);
  if (!r) return undefined;
  const parties = await db.query<any>(`SELECT s.gestor_id, g.nazwa, g.branze, g.email, s.stanowisko, s.uzasadnienie, s.kto, s.czas
    FROM portal.sprawy_koordynacyjne_strony s JOIN portal.gestorzy_sieci g ON g.id = s.gestor_id WHERE s.sprawa_id = $1 ORDER BY g.nazwa`, [id]);
  const comments = await db.query<any>(`SELECT u.id, u.gestor_id, g.nazwa, u.tresc, ST_X(u.geom) AS x, ST_Y(u.geom) AS y, u.kto, u.czas
    FROM portal.sprawy_koordynacyjne_uwagi u JOIN portal.gestorzy_sieci g ON g.id = u.gestor_id WHERE u.sprawa_id = $1 ORDER BY u.czas, u.id`, [id]);
  const history = await db.query<any>(`SELECT czas, "stanPoprzedni", stan, kto, powod FROM portal.sprawy_koordynacyjne_historia WHERE sprawa_id = $1 ORDER BY czas, id`, [id]);
  const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
  return {
    id: r.id, number: r.numer, state: r.stan, outcome: r.wynik, userId: r.uzytkownik_id, designer: r.projektant, investor: r.inwestor,
    description: r.opisInwestycji, format: r.formatProjektu, design: json(r.projekt), report: json(r.raportKontroli), term: r.termin,
    protocolDate: r.dataProtokolu, conclusion: r.wniosekKoncowy, created: r.utworzono, changed: r.zmieniono,
    parties: parties.map((p) => ({ operatorId: p.gestor_id, name: p.nazwa, branze: p.branze, email: p.email, position: p.stanowisko, reason: p.uzasadnienie, who: p.kto, at: p.czas })),
    comments: comments.map((c) => ({ id: Number(c.id), operatorId: c.gestor_id, operator: c.nazwa, text: c.tresc, at: c.x === null ? null : [Number(c.x), Number(c.y)] as [number, number], who: c.kto, time: c.czas })),
    history: history.map((h) => ({ at: h.czas, from: h.stanPoprzedni, to: h.stan, who: h.kto, reason: h.powod })),
  };
}

/** Who a list is for: a designer's own cases, an operator's invitations, or (office) every case. */
export type CaseScope = { designer: number } | { operators: number[] } | { all: true };

export async function listCases(db: Queryable, scope: CaseScope, state?: CaseState): Promise<CaseSummary[]> {
  const params: unknown[] = [];
  const where: string[] = [];
  if ('designer' in scope) { params.push(scope.designer); where.push(`c.uzytkownik_id = $${params.length}`); }
  if ('operators' in scope) {
    params.push(scope.operators);
    where.push(`EXISTS (SELECT 1 FROM portal.sprawy_koordynacyjne_strony s WHERE s.sprawa_id = c.id AND s.gestor_id = ANY($${params.length}::int[]))`);
  }
  const awaiting = 'operators' in scope
    ? `EXISTS (SELECT 1 FROM portal.sprawy_koordynacyjne_strony s WHERE s.sprawa_id = c.id AND s.gestor_id = ANY($1::int[]) AND s.stanowisko IS NULL AND c.stan = 'w uzgodnieniu')`
    : 'false';
  if (state) { params.push(state); where.push(`c.stan = $${params.length}`); }
  const rows = await db.query<any>(`
    SELECT c.id, c.numer, c.stan, c.wynik, c.inwestor, c."opisInwestycji", to_char(c."terminStanowisk", 'YYYY-MM-DD') AS termin, c.utworzono, c.zmieniono,
           (SELECT coalesce(json_agg(json_build_object('name', g.nazwa, 'position', s.stanowisko) ORDER BY g.nazwa), '[]')
              FROM portal.sprawy_koordynacyjne_strony s JOIN portal.gestorzy_sieci g ON g.id = s.gestor_id WHERE s.sprawa_id = c.id) AS strony,
           ${awaiting} AS czeka
    FROM portal.sprawy_koordynacyjne c ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY c.utworzono DESC, c.id LIMIT 500`, params);
  return rows.map((r) => ({
    id: r.id, number: r.numer, state: r.stan, outcome: r.wynik, investor: r.inwestor, description: r.opisInwestycji, term: r.termin,
    created: r.utworzono, changed: r.zmieniono, parties: typeof r.strony === 'string' ? JSON.parse(r.strony) : r.strony, awaitingYou: r.czeka === true,
  }));
}

/** A stored document of a case: the design map the designer filed, or the signed protocol. */
export async function caseDocument(db: Queryable, id: string, which: 'mapa' | 'protokol'): Promise<Buffer | null> {
  const column = which === 'mapa' ? '"mapaPdf"' : '"protokolPdf"';
  const [r] = await db.query<{ pdf: Buffer | null }>(`SELECT ${column} AS pdf FROM portal.sprawy_koordynacyjne WHERE id = $1`, [id]);
  return r?.pdf ?? null;
}
