// What a wypis or wyrys prints, read from the land and building register (egib.*) in a few queries with bound
// parameters: the parcels of the request grouped by their land register unit (JRG), each with its land-use pieces
// (klasoużytki: OFU, OZU, OZK, area) and the buildings standing on it, and the unit's rights. Personal data of the
// subjects (names, PESEL, REGON, addresses) is SELECTed only when the caller says the orderer is entitled to it
// (catalog/roles.ts PERSONAL_DATA_ROLES; the order's `daneOsobowe`): a wypis without personal data is made from rows
// that never held it. Areas stay exact: numeric(12,4) hectares arrive as text and are summed as integers of
// 0.0001 ha (`areaUnits`).
import type { Queryable } from '../db/database.ts';
import { HttpProblem } from '../errors/service-error.ts';
import { ID_BUDYNKU, ID_DZIALKI } from '../domain/identifiers.ts';
import { grupaRejestrowa, type GrupaRejestrowa } from '../domain/register-groups.ts';

export const MAX_DOCUMENT_PARCELS = 200;

export type Klasouzytek = { OFU: string; OZU: string | null; OZK: string | null; powierzchnia: string };

export type BuildingRecord = {
  idBudynku: string; idDzialki: string; rodzajWgKST: string; statusBudynku: string;
  liczbaKondygnacjiNadziemnych: number; liczbaKondygnacjiPodziemnych: number; powZabudowy: string;
  lacznaPowUzytkowaLokaliWyodrebnionych: string | null; lacznaPowUzytkowaLokaliNiewyodrebnionych: string | null;
  rokZakonczeniaBudowy: number | null; ulica: string | null; numerPorzadkowy: string | null;
};

export interface ParcelRecord {
  idDzialki: string; numerDzialki: string; idObrebu: string; nazwaObrebu: string; numerArkusza: string | null;
  numerKW: string | null; poleEwidencyjne: string; JRG: string | null; polozenie: string | null;
  klasouzytki: Klasouzytek[]; budynki: BuildingRecord[];
}

/** A subject's personal data: present only in a document for an entitled orderer. */
export interface SubjectData {
  rodzajPodmiotu: string; imie: string | null; nazwisko: string | null; nazwa: string | null;
  pesel: string | null; regon: string | null; adres: string | null;
}

export interface RightRecord {
  rodzajPrawa: string; licznik: number; mianownik: number; rodzajPodmiotu: string;
  /** Only when personal data was asked for and allowed. */
  podmiot?: SubjectData;
}

export interface JrgSection {
  /** The JRG identifier (idObrebu.G<n>), or null for parcels the register has not put in a unit. */
  JRG: string | null;
  idObrebu: string;
  nazwaObrebu: string;
  parcels: ParcelRecord[];
  /** How many parcels the whole unit has (the document may show only some of them). */
  parcelsInUnit: number;
  rights: RightRecord[];
  grupa: GrupaRejestrowa | undefined;
}

export type ParcelSelection = { parcels: readonly string[]; jrg?: undefined } | { jrg: string; parcels?: undefined };

const bad = (detail: string) => new HttpProblem(400, 'Bad Request', detail);

/** A hectare value of the register (text, 4 decimals) as whole 0.0001 ha. */
export function areaUnits(ha: string | number): number {
  return Math.round(Number(ha) * 10_000);
}

/** "306401_1.0005.G119" → "G119". */
export function jrgNumber(jrg: string): string {
  return jrg.slice(jrg.lastIndexOf('.') + 1);
}

/** Parcel numbers in the order a register lists them: 2 < 10 < 10/1 < 10/2 < 11; sheet (AR) first. */
export function compareParcels(a: Pick<ParcelRecord, 'numerArkusza' | 'numerDzialki'>, b: Pick<ParcelRecord, 'numerArkusza' | 'numerDzialki'>): number {
  const parts = (p: Pick<ParcelRecord, 'numerArkusza' | 'numerDzialki'>) => [Number(p.numerArkusza ?? 0), ...p.numerDzialki.split('/').map(Number)];
  const pa = parts(a), pb = parts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? -1) - (pb[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

const JRG_PATTERN = /^\d{6}_\d\.\d{4}\.G[1-9]\d*$/;

/** The parcel identifiers of a selection, checked against the register (unknown ones are the caller's mistake). */
async function selectedParcelIds(db: Queryable, sel: ParcelSelection): Promise<string[]> {
  if (sel.jrg !== undefined) {
    if (!JRG_PATTERN.test(sel.jrg)) throw bad(`${JSON.stringify(sel.jrg.slice(0, 40))} is not a land register unit (JRG, e.g. 306401_1.0005.G12)`);
    const rows = await db.query<{ id: string }>('SELECT "idDzialki" AS id FROM egib.dzialki WHERE "JRG" = $1', [sel.jrg]);
    if (rows.length === 0) throw bad(`no land register unit ${sel.jrg} in the register`);
    return rows.map((r) => r.id);
  }
  const ids = [...new Set(sel.parcels.map((p) => String(p).trim()))];
  if (ids.length === 0) throw bad('give at least one parcel (idDzialki)');
  if (ids.length > MAX_DOCUMENT_PARCELS) throw bad(`at most ${MAX_DOCUMENT_PARCELS} parcels in one document`);
  for (const id of ids) if (!ID_DZIALKI.test(id)) throw bad(`${JSON.stringify(id.slice(0, 60))} is not a parcel identifier (idDzialki, e.g. 306401_1.0004.12)`);
  const found = await db.query<{ id: string }>('SELECT "idDzialki" AS id FROM egib.dzialki WHERE "idDzialki" = ANY($1::text[])', [ids]);
  const known = new Set(found.map((r) => r.id));
  const missing = ids.filter((id) => !known.has(id));
  if (missing.length) throw bad(`no parcel ${missing.slice(0, 5).join(', ')} in the register`);
  return ids;
}

const BUILDING_COLUMNS = `b."idBudynku", b."idDzialki", b."rodzajWgKST", b."statusBudynku", b."liczbaKondygnacjiNadziemnych",
  b."liczbaKondygnacjiPodziemnych", b."powZabudowy"::text AS "powZabudowy",
  b."lacznaPowUzytkowaLokaliWyodrebnionych"::text AS "lacznaPowUzytkowaLokaliWyodrebnionych",
  b."lacznaPowUzytkowaLokaliNiewyodrebnionych"::text AS "lacznaPowUzytkowaLokaliNiewyodrebnionych",
  b."rokZakonczeniaBudowy", b."ulica", b."numerPorzadkowy"`;

/** The rights of the parcels, one row per distinct right in a unit; the subjects' data only when personalData. */
async function rightsOf(db: Queryable, parcelIds: readonly string[], personalData: boolean): Promise<Map<string, RightRecord[]>> {
  const personal = personalData ? ', w."imie", w."nazwisko", w."nazwa", w."pesel", w."regon", w."adres"' : '';
  const rows = await db.query<{ unit: string; idPodmiotu: number; rodzajPrawa: string; licznik: number; mianownik: number; rodzajPodmiotu: string } & Partial<SubjectData>>(
    `SELECT DISTINCT COALESCE(d."JRG", d."idDzialki") AS unit, u."idPodmiotu", u."rodzajPrawa", u."licznik", u."mianownik", w."rodzajPodmiotu"${personal}
     FROM egib.udzialy_wlasnosci u JOIN egib.dzialki d ON d."idDzialki" = u."idDzialki" JOIN egib.wlasciciele w ON w.id = u."idPodmiotu"
     WHERE u."idDzialki" = ANY($1::text[])
     ORDER BY unit, u."rodzajPrawa", u."idPodmiotu"`, [parcelIds]);
  const out = new Map<string, RightRecord[]>();
  for (const r of rows) {
    const right: RightRecord = { rodzajPrawa: r.rodzajPrawa, licznik: r.licznik, mianownik: r.mianownik, rodzajPodmiotu: r.rodzajPodmiotu };
    if (personalData) {
      right.podmiot = { rodzajPodmiotu: r.rodzajPodmiotu, imie: r.imie ?? null, nazwisko: r.nazwisko ?? null, nazwa: r.nazwa ?? null, pesel: r.pesel ?? null, regon: r.regon ?? null, adres: r.adres ?? null };
    }
    const list = out.get(r.unit) ?? [];
    list.push(right);
    out.set(r.unit, list);
  }
  return out;
}

/** The parcels of a selection with their pieces and buildings (no rights), sorted as the register lists them. */
export async function loadParcels(db: Queryable, sel: ParcelSelection): Promise<ParcelRecord[]> {
  const ids = await selectedParcelIds(db, sel);
  const [parcels, pieces, buildings] = await Promise.all([
    db.query<Omit<ParcelRecord, 'klasouzytki' | 'budynki'>>(
      `SELECT d."idDzialki", d."numerDzialki", d."idObrebu", o."nazwaObrebu", d."numerArkusza", d."numerKW",
              d."poleEwidencyjne"::text AS "poleEwidencyjne", d."JRG", d."polozenie"
       FROM egib.dzialki d JOIN egib.obreby o ON o."idObrebu" = d."idObrebu" WHERE d."idDzialki" = ANY($1::text[])`, [ids]),
    db.query<Klasouzytek & { idDzialki: string }>(
      `SELECT k."idDzialki", k."OFU", k."OZU", k."OZK", k."powierzchnia"::text AS "powierzchnia"
       FROM egib.kontury_uzytkow k WHERE k."idDzialki" = ANY($1::text[]) ORDER BY k."idDzialki", k."idKonturu"`, [ids]),
    db.query<BuildingRecord>(`SELECT ${BUILDING_COLUMNS} FROM egib.budynki b WHERE b."idDzialki" = ANY($1::text[]) ORDER BY b."idBudynku"`, [ids]),
  ]);
  const records = parcels.map((p) => ({ ...p, klasouzytki: [] as Klasouzytek[], budynki: [] as BuildingRecord[] }));
  const byId = new Map(records.map((p) => [p.idDzialki, p]));
  for (const k of pieces) byId.get(k.idDzialki)?.klasouzytki.push({ OFU: k.OFU, OZU: k.OZU, OZK: k.OZK, powierzchnia: k.powierzchnia });
  for (const b of buildings) byId.get(b.idDzialki)?.budynki.push(b);
  return records.sort((a, b) => a.idObrebu.localeCompare(b.idObrebu) || compareParcels(a, b));
}

/**
 * The sections of a wypis z rejestru gruntów: the selected parcels grouped by JRG (a unit, or a parcel outside any
 * unit, per section), in the order of district and unit number, each with its rights and register group.
 */
export async function loadJrgSections(db: Queryable, sel: ParcelSelection, personalData: boolean): Promise<JrgSection[]> {
  const parcels = await loadParcels(db, sel);
  const ids = parcels.map((p) => p.idDzialki);
  const units = [...new Set(parcels.map((p) => p.JRG).filter((j): j is string => j !== null))];
  const [rights, counts] = await Promise.all([
    rightsOf(db, ids, personalData),
    db.query<{ jrg: string; n: number }>('SELECT "JRG" AS jrg, count(*)::int AS n FROM egib.dzialki WHERE "JRG" = ANY($1::text[]) GROUP BY "JRG"', [units]),
  ]);
  const unitSize = new Map(counts.map((c) => [c.jrg, c.n]));
  const sections = new Map<string, JrgSection>();
  for (const p of parcels) {
    const key = p.JRG ?? p.idDzialki;
    let s = sections.get(key);
    if (!s) {
      const r = rights.get(key) ?? [];
      sections.set(key, s = { JRG: p.JRG, idObrebu: p.idObrebu, nazwaObrebu: p.nazwaObrebu, parcels: [], parcelsInUnit: p.JRG ? unitSize.get(p.JRG) ?? 1 : 1, rights: r, grupa: grupaRejestrowa(r) });
    }
    s.parcels.push(p);
  }
  const unitNo = (s: JrgSection) => (s.JRG ? Number(jrgNumber(s.JRG).slice(1)) : Number.MAX_SAFE_INTEGER);
  return [...sections.values()].sort((a, b) => a.idObrebu.localeCompare(b.idObrebu) || unitNo(a) - unitNo(b));
}

export type BuildingSelection = { parcels: readonly string[]; buildings?: undefined } | { buildings: readonly string[]; parcels?: undefined };

export interface BuildingSection { building: BuildingRecord; parcel: ParcelRecord; rights: RightRecord[] }

/**
 * The buildings of a wypis z rejestru budynków: those standing on the given parcels, or the given buildings
 * (idBudynku, _BUD form), each with its parcel and the rights to the land it is part of.
 */
export async function loadBuildings(db: Queryable, sel: BuildingSelection, personalData: boolean): Promise<BuildingSection[]> {
  let parcelIds: string[];
  let only: Set<string> | undefined;
  if (sel.buildings !== undefined) {
    const ids = [...new Set(sel.buildings.map((b) => String(b).trim()))];
    if (ids.length === 0) throw bad('give at least one building (idBudynku)');
    if (ids.length > MAX_DOCUMENT_PARCELS) throw bad(`at most ${MAX_DOCUMENT_PARCELS} buildings in one document`);
    for (const id of ids) if (!ID_BUDYNKU.test(id)) throw bad(`${JSON.stringify(id.slice(0, 60))} is not a building identifier (idBudynku, e.g. 306401_1.0005.797.1_BUD)`);
    const rows = await db.query<{ id: string; parcel: string }>('SELECT "idBudynku" AS id, "idDzialki" AS parcel FROM egib.budynki WHERE "idBudynku" = ANY($1::text[])', [ids]);
    const known = new Set(rows.map((r) => r.id));
    const missing = ids.filter((id) => !known.has(id));
    if (missing.length) throw bad(`no building ${missing.slice(0, 5).join(', ')} in the register`);
    parcelIds = [...new Set(rows.map((r) => r.parcel))];
    only = known;
  } else {
    parcelIds = sel.parcels.map(String);
  }
  const parcels = await loadParcels(db, { parcels: parcelIds });
  const rights = await rightsOf(db, parcels.map((p) => p.idDzialki), personalData);
  const out: BuildingSection[] = [];
  for (const p of parcels) {
    for (const b of p.budynki) {
      if (only && !only.has(b.idBudynku)) continue;
      out.push({ building: b, parcel: p, rights: rights.get(p.JRG ?? p.idDzialki) ?? [] });
    }
  }
  return out;
}
