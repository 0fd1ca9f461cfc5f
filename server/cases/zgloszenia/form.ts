// The notification form (pure): what a surveyor fills in, checked before anything touches the database, and the
// number the office gives the case. The form follows the ZGŁOSZENIE PRAC GEODEZYJNYCH template of the rozporządzenie
// Ministra Rozwoju z 27 lipca 2020 r. w sprawie wzorów zgłoszenia prac geodezyjnych, zawiadomienia o przekazaniu
// wyników zgłoszonych prac oraz protokołu weryfikacji wyników zgłoszonych prac geodezyjnych (Dz.U. 2020 poz. 1316,
// annex 1): the contractor (wykonawca), the head of works with the number of the professional licence (numer
// uprawnień, art. 43 Pgik), the purpose(s) of the work, the area (the district's parcels, the map sheets or a drawn
// polygon — the form also takes a GML file of the area), the planned term.
//
// The code lists below (rodzajPrac, celPrac) were written from the form's structure and GUGiK's guidelines
// ("Katalog wytycznych", 5.6.1: a notification may name several purposes; here one main purpose per case) and are
// NOT checked word for word against the annex of Dz.U. 2020 poz. 1316 (CODE_LISTS_VERIFIED = false).
import { ID_DZIALKI } from '../../domain/identifiers.ts';
import { parseGodlo } from '../../domain/sheets.ts';
import type { MultiPolygon, Polygon } from 'geojson';

export const CODE_LISTS_VERIFIED = false;

/** Rodzaj prac: the kind of field and office work the notification covers. */
export const RODZAJ_PRAC = [
  'pomiar sytuacyjny',
  'pomiar wysokościowy',
  'pomiar sytuacyjno-wysokościowy',
  'prace związane z granicami nieruchomości',
  'opracowanie kameralne bez pomiaru',
] as const;

/** Cel prac: the purpose or expected result (cel lub zakładany wynik pracy) as the form lists them. */
export const CEL_PRAC = [
  'mapa do celów projektowych',
  'geodezyjna inwentaryzacja powykonawcza obiektów budowlanych',
  'geodezyjne wyznaczenie obiektów budowlanych',
  'podział nieruchomości',
  'rozgraniczenie nieruchomości',
  'wznowienie znaków granicznych lub wyznaczenie punktów granicznych',
  'ustalenie przebiegu granic działek ewidencyjnych',
  'aktualizacja operatu ewidencyjnego',
  'modernizacja ewidencji gruntów i budynków',
  'dokumentacja do celów prawnych',
  'aktualizacja mapy zasadniczej, GESUT lub BDOT500',
  'założenie lub modernizacja szczegółowej osnowy geodezyjnej',
  'inny cel',
] as const;

export type RodzajPrac = (typeof RODZAJ_PRAC)[number];
export type CelPrac = (typeof CEL_PRAC)[number];

/** Scales of the base-map sheets a package may carry (the base map is kept at 1:500–1:2000 in Poznań). */
export const PACKAGE_SCALES = [500, 1000, 2000] as const;
export type PackageScale = (typeof PACKAGE_SCALES)[number];

/**
 * Numer uprawnień zawodowych: the national register (art. 43–44 Pgik, kept by the Główny Geodeta Kraju since 2014)
 * numbers licences with plain integers (e.g. 25123); licences of the earlier voivodeship registers are written with
 * the year after a slash (e.g. 4567/88). Either form, nothing else.
 */
export const NUMER_UPRAWNIEN = /^[1-9]\d{0,5}(?:\/(?:\d{2}|\d{4}))?$/;

/** The longest work a notification may announce (a sanity bound of this office, not of the law). */
export const MAX_TERM_DAYS = 3 * 366;
export const MAX_PARCELS = 200;
export const MAX_SHEETS = 30;

/**
 * The case number the office gives (znak sprawy): `ZG.6640.<n>.<year>` — the unit's mark, the JRWA class of
 * survey-work notifications, the next number of the case register and the year, in the order of the instrukcja
 * kancelaryjna (rozporządzenie Prezesa Rady Ministrów z 18 stycznia 2011 r., Dz.U. 2011 nr 14 poz. 67, annex 1 § on
 * the znak sprawy). "ZG" is this office's own mark for the notifications desk; the JRWA class 6640 is the one county
 * offices use for notifications (seen on their case marks; not checked against the JRWA annex here). The number runs
 * on across years (one sequence), so it never repeats.
 */
export function zgloszenieNumer(n: number, year: number): string {
  return `ZG.6640.${n}.${year}`;
}
export const NUMER_PATTERN = /^ZG\.6640\.[1-9]\d*\.\d{4}$/;

/** The area as the surveyor gave it: a polygon, the parcels or the sheets (exactly one). */
export type AreaGiven =
  | { kind: 'obszar'; geometry: Polygon | MultiPolygon }
  | { kind: 'dzialki'; ids: string[] }
  | { kind: 'arkusze'; godla: string[] };

export interface ZgloszenieForm {
  rodzajPrac: RodzajPrac;
  celPrac: CelPrac;
  numerUprawnien: string;
  wykonawca: string;
  dataRozpoczecia: string;
  dataZakonczenia: string;
  skalaArkuszy: PackageScale;
  area: AreaGiven;
}

/** A field the client got wrong: its name (the parameter) and why. */
export class FormError extends Error {
  constructor(readonly field: string, message: string) { super(message); this.name = 'FormError'; }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function oneOf<T extends string>(v: unknown, list: readonly T[], field: string): T {
  if (typeof v !== 'string' || !(list as readonly string[]).includes(v)) throw new FormError(field, `${field} must be one of: ${list.join('; ')}`);
  return v as T;
}

function text(v: unknown, field: string, max: number): string {
  if (typeof v !== 'string' || v.trim().length < 3 || v.length > max) throw new FormError(field, `${field} must be a text of 3 to ${max} characters`);
  return v.trim().replace(/\s+/g, ' ');
}

function day(v: unknown, field: string): string {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) throw new FormError(field, `${field} must be a date YYYY-MM-DD`);
  const t = Date.parse(`${v}T00:00:00Z`);
  if (Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== v) throw new FormError(field, `${field}: ${v} is not a calendar date`);
  return v;
}

const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

function position(p: unknown): boolean {
  return Array.isArray(p) && (p.length === 2 || p.length === 3) && p.every((n) => typeof n === 'number' && Number.isFinite(n));
}

function ring(r: unknown): boolean {
  if (!Array.isArray(r) || r.length < 4 || !r.every(position)) return false;
  const a = r[0] as number[], b = r[r.length - 1] as number[];
  return a[0] === b[0] && a[1] === b[1];
}

/** A GeoJSON Polygon or MultiPolygon (a Feature's geometry too), shape only; PostGIS judges validity and place. */
export function geometryOf(v: unknown): Polygon | MultiPolygon {
  const g = isObject(v) && v.type === 'Feature' ? v.geometry : v;
  const bad = () => new FormError('obszar', 'obszar must be a GeoJSON Polygon or MultiPolygon in EPSG:2177 (x = easting), rings closed, at least 4 positions');
  if (!isObject(g)) throw bad();
  if (g.type === 'Polygon') {
    if (!Array.isArray(g.coordinates) || g.coordinates.length === 0 || !g.coordinates.every(ring)) throw bad();
    return { type: 'Polygon', coordinates: g.coordinates as Polygon['coordinates'] };
  }
  if (g.type === 'MultiPolygon') {
    if (!Array.isArray(g.coordinates) || g.coordinates.length === 0 || !g.coordinates.every((p) => Array.isArray(p) && p.length > 0 && p.every(ring))) throw bad();
    return { type: 'MultiPolygon', coordinates: g.coordinates as MultiPolygon['coordinates'] };
  }
  throw bad();
}

function areaOf(body: Record<string, unknown>): AreaGiven {
  const given = (['obszar', 'dzialki', 'arkusze'] as const).filter((k) => body[k] !== undefined && body[k] !== null && !(Array.isArray(body[k]) && (body[k] as unknown[]).length === 0));
  if (given.length !== 1) throw new FormError('obszar', 'give the area of the work as exactly one of: obszar (GeoJSON polygon in EPSG:2177), dzialki (parcel identifiers), arkusze (sheet names)');
  const k = given[0]!;
  if (k === 'obszar') return { kind: 'obszar', geometry: geometryOf(body.obszar) };
  const list = body[k];
  if (!Array.isArray(list) || !list.every((s) => typeof s === 'string')) throw new FormError(k, `${k} must be an array of texts`);
  const ids = [...new Set((list as string[]).map((s) => s.trim()))];
  if (k === 'dzialki') {
    if (ids.length > MAX_PARCELS) throw new FormError(k, `dzialki: at most ${MAX_PARCELS} parcels`);
    const wrong = ids.find((id) => !ID_DZIALKI.test(id));
    if (wrong !== undefined) throw new FormError(k, `dzialki: ${JSON.stringify(wrong.slice(0, 60))} is not a parcel identifier (idDzialki, e.g. 306401_1.0004.12)`);
    return { kind: 'dzialki', ids: ids.sort() };
  }
  if (ids.length > MAX_SHEETS) throw new FormError(k, `arkusze: at most ${MAX_SHEETS} sheets`);
  for (const g of ids) {
    const s = parseGodlo(g);
    if (!s || s.zone !== 6) throw new FormError(k, `arkusze: ${JSON.stringify(g.slice(0, 40))} is not a PL-2000 zone 6 sheet name (e.g. 6.177.11.08.3)`);
  }
  return { kind: 'arkusze', godla: ids.sort() };
}

/**
 * Checks a notification body; `today` is the filing day in Europe/Warsaw. The work is notified before it starts
 * (art. 12 ust. 1 Pgik: "przed przystąpieniem do wykonania prac"), so it cannot start before today.
 */
export function parseForm(body: unknown, today: string): ZgloszenieForm {
  if (!isObject(body)) throw new FormError('body', 'The body must be a JSON object with the notification form');
  const rodzajPrac = oneOf(body.rodzajPrac, RODZAJ_PRAC, 'rodzajPrac');
  const celPrac = oneOf(body.celPrac, CEL_PRAC, 'celPrac');
  const numerUprawnien = typeof body.numerUprawnien === 'string' ? body.numerUprawnien.trim() : body.numerUprawnien;
  if (typeof numerUprawnien !== 'string' || !NUMER_UPRAWNIEN.test(numerUprawnien)) {
    throw new FormError('numerUprawnien', 'numerUprawnien must be the number of the professional licence: digits (e.g. 25123), or digits/year for licences of the former voivodeship registers (e.g. 4567/88)');
  }
  const wykonawca = text(body.wykonawca, 'wykonawca', 300);
  const dataRozpoczecia = day(body.dataRozpoczecia, 'dataRozpoczecia');
  const dataZakonczenia = day(body.dataZakonczenia, 'dataZakonczenia');
  if (dataRozpoczecia < today) throw new FormError('dataRozpoczecia', `dataRozpoczecia ${dataRozpoczecia} is before today (${today}): work is notified before it starts (art. 12 ust. 1 Pgik)`);
  if (dataZakonczenia < dataRozpoczecia) throw new FormError('dataZakonczenia', 'dataZakonczenia must not be before dataRozpoczecia');
  if (daysBetween(dataRozpoczecia, dataZakonczenia) > MAX_TERM_DAYS) throw new FormError('dataZakonczenia', `the planned term is longer than ${MAX_TERM_DAYS} days; notify the work in stages`);
  const skala = body.skalaArkuszy ?? 1000;
  if (!(PACKAGE_SCALES as readonly unknown[]).includes(skala)) throw new FormError('skalaArkuszy', `skalaArkuszy must be one of ${PACKAGE_SCALES.join(', ')}`);
  return { rodzajPrac, celPrac, numerUprawnien, wykonawca, dataRozpoczecia, dataZakonczenia, skalaArkuszy: skala as PackageScale, area: areaOf(body) };
}
