// GET /3d/shadow-study: the sun hours a planned building takes from its neighbours, per parcel (a heat map on the
// ground; the investment's own parcels apart) and per facade, on one day or in the legal equinox mode (21 March and
// 21 September, 7:00–17:00 local time) with the facades of residential neighbours judged against the 3 h / 1.5 h
// threshold of warunki techniczne §60 — as JSON, a CSV report or a short PDF report.
import { stringify } from 'csv-stringify/sync';
import type { Role } from '../../catalog/roles.ts';
import { HttpProblem } from '../../errors/service-error.ts';
import { lonLatOf, trueNorthGridAzimuth } from '../../threed/geodesy.ts';
import { existingShape, plannedShape } from '../../threed/models.ts';
import { runShadowStudy, type StudyDay, type StudyResult } from '../../threed/shadow-study.ts';
import { TIME_ZONE, daySteps } from '../../threed/sun.ts';
import { HeightGrid } from '../../threed/terrain.ts';
import type { ThreedContent } from './content.ts';

/**
 * The attribute names the study reads from the catalogue's layers, in one place (the 2021 model renames follow
 * here): which existing buildings are residential (KŚT group 11 "budynki mieszkalne": 110, or 1110–1130 of PKOB),
 * and the planned building's parcel (its own parcel, listed apart).
 */
export const STUDY_ATTRIBUTES = {
  buildingId: 'idBudynku',
  buildingClass: 'rodzajWgKST',
  isResidential: (kst: unknown): boolean => /^11/.test(String(kst ?? '')),
  plannedParcel: 'idDzialki',
} as const;

/**
 * The legal mode: warunki techniczne (Dz.U. 2022 poz. 1225) §60 ust. 1 — living rooms need at least 3 hours of sun
 * at the equinoxes (21 March and 21 September) between 7:00 and 17:00; ust. 2 — 1.5 hours in downtown development.
 * Hours are official local time (Europe/Warsaw: CET in March, CEST in September), as the regulation writes clock hours.
 */
export const EQUINOX = { days: ['03-21', '09-21'], from: 7 * 60, to: 17 * 60 } as const;
export const THRESHOLD_HOURS = { standard: 3, srodmiejska: 1.5 } as const;
export type Development = keyof typeof THRESHOLD_HOURS;

export interface StudyParams {
  planned: number; mode: 'day' | 'equinox';
  /** The studied days (one in day mode, the two equinoxes of the year in equinox mode). */
  dates: string[];
  /** Minutes after local midnight. */
  window: { from: number; to: number };
  step: number; minAltitude: number;
  development: Development; threshold: number;
  format: 'json' | 'csv' | 'pdf';
}

/** Shadows are followed up to this distance from the planned building, metres. */
const MAX_RADIUS = 400;

function one(q: Record<string, unknown>, name: string): string | undefined {
  const v = q[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new HttpProblem(400, 'Bad Request', `Parameter ${name} given more than once`, { parameter: name });
  return v;
}

function validDay(date: string): boolean {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return !!d && new Date(`${date}T12:00:00Z`).toISOString().startsWith(date) && Number(d[1]) >= 1900 && Number(d[1]) <= 2200;
}

export function parseStudyParams(q: Record<string, unknown>): StudyParams {
  const planned = one(q, 'planned');
  if (!planned || !/^\d{1,9}$/.test(planned)) throw new HttpProblem(400, 'Bad Request', 'planned must be the id of a planned building', { parameter: 'planned' });
  const mode = one(q, 'mode') ?? 'day';
  if (mode !== 'day' && mode !== 'equinox') throw new HttpProblem(400, 'Bad Request', 'mode must be day or equinox', { parameter: 'mode' });
  const date = one(q, 'date') ?? (mode === 'equinox' ? `${new Date().getUTCFullYear()}-03-21` : '2026-03-21');
  if (!validDay(date)) throw new HttpProblem(400, 'Bad Request', `date must be a day YYYY-MM-DD, got "${date}"`, { parameter: 'date' });
  const stepText = one(q, 'step') ?? '15';
  const step = Number(stepText);
  if (!/^\d+$/.test(stepText) || ![5, 6, 10, 12, 15, 20, 30, 45, 60].includes(step)) {
    throw new HttpProblem(400, 'Bad Request', 'step must be minutes: 5, 6, 10, 12, 15, 20, 30, 45 or 60', { parameter: 'step' });
  }
  // In the legal mode every direct ray counts (terrain and buildings do the blocking); a day study skips the
  // lowest sun, which the city's own horizon hides anyway.
  const altText = one(q, 'minAltitude') ?? (mode === 'equinox' ? '0' : '5');
  const minAltitude = Number(altText);
  if (!Number.isFinite(minAltitude) || minAltitude < 0 || minAltitude > 30) {
    throw new HttpProblem(400, 'Bad Request', 'minAltitude must be degrees between 0 and 30', { parameter: 'minAltitude' });
  }
  const developmentText = (one(q, 'zabudowa') ?? 'standard').normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  if (!(developmentText in THRESHOLD_HOURS)) {
    throw new HttpProblem(400, 'Bad Request', 'zabudowa must be standard (3 h) or srodmiejska (downtown, 1.5 h)', { parameter: 'zabudowa' });
  }
  const development = developmentText as Development;
  const f = one(q, 'f') ?? 'json';
  if (f !== 'json' && f !== 'csv' && f !== 'pdf') throw new HttpProblem(400, 'Bad Request', 'f must be json, csv or pdf', { parameter: 'f' });
  const year = date.slice(0, 4);
  return {
    planned: Number(planned), mode,
    dates: mode === 'equinox' ? EQUINOX.days.map((d) => `${year}-${d}`) : [date],
    window: mode === 'equinox' ? { from: EQUINOX.from, to: EQUINOX.to } : { from: 0, to: 24 * 60 },
    step, minAltitude, development, threshold: THRESHOLD_HOURS[development], format: f,
  };
}

/** The cache key of a study: everything that changes its result. */
export function studyKey(p: StudyParams): string {
  return ['3d-shadow', p.planned, p.mode, p.dates.join(','), p.step, p.minAltitude, p.development].join('\n');
}

export interface ShadowStudyDocument extends StudyResult {
  planned: Record<string, unknown>;
  mode: 'day' | 'equinox';
  /** The first studied day (the 3D view shows its sun). */
  date: string;
  dates: string[];
  window: { from: string; to: string };
  step: number; timeZone: string; minAltitude: number;
  development: Development; threshold: number;
  sun: { steps: number; first: string | null; last: string | null; maxAltitude: number };
  radius: number; neighbours: number; computeMs: number;
}

const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

export async function shadowStudy(content: ThreedContent, role: Role, p: StudyParams): Promise<ShadowStudyDocument> {
  const [row] = await content.data.planned(role, { id: p.planned });
  if (!row) throw new HttpProblem(404, 'Not Found', `No planned building ${p.planned}`);
  const started = performance.now();
  const planned = plannedShape(row, 0);
  const ring = planned.polygons.flatMap((poly) => poly[0] ?? []);
  const bx = [Math.min(...ring.map((q) => q[0])), Math.min(...ring.map((q) => q[1])), Math.max(...ring.map((q) => q[0])), Math.max(...ring.map((q) => q[1]))] as const;
  const cx = (bx[0] + bx[2]) / 2, cy = (bx[1] + bx[3]) / 2;
  const [lon, lat] = lonLatOf(cx, cy);
  const days: StudyDay[] = p.dates.map((date) => ({ date, steps: daySteps(date, p.step, lat, lon, p.minAltitude, p.window) }));
  const allSteps = days.flatMap((d) => d.steps);
  const lowest = allSteps.reduce((m, s) => Math.min(m, s.sun.altitude), 90);
  const rise = planned.top - row.ground;
  const radius = Math.round(Math.min(MAX_RADIUS, rise / Math.tan((Math.max(lowest, 1) * Math.PI) / 180)));
  const area: [number, number, number, number] = [bx[0] - radius, bx[1] - radius, bx[2] + radius, bx[3] + radius];
  const [neighbourRows, parcels, dem] = await Promise.all([
    content.data.buildings(role, area, false), content.data.parcels(role, area), content.dem(),
  ]);
  const margin = 150;
  const terrain = dem
    ? await dem.read([area[0] - margin, area[1] - margin, area[2] + margin, area[3] + margin])
    : new HeightGrid(area[0], area[3], 10, 2, 2, new Float32Array(4).fill(row.ground));
  const cell = Math.max(1, Math.ceil((2 * radius + (bx[2] - bx[0])) / 150));
  const A = STUDY_ATTRIBUTES;
  const ownParcel = row.attributes[A.plannedParcel];
  const result = runShadowStudy({
    planned,
    neighbours: neighbourRows.map((b) => ({
      id: String(b.attributes[A.buildingId] ?? b.key), shape: existingShape(b, 0), residential: A.isResidential(b.attributes[A.buildingClass]),
    })),
    parcels, ownParcels: new Set(ownParcel ? [String(ownParcel)] : []), terrain, days, stepMinutes: p.step, threshold: p.threshold,
    trueNorth: trueNorthGridAzimuth(cx, cy), area, cell,
  });
  return {
    planned: { ...row.attributes, x: Math.round(cx * 100) / 100, y: Math.round(cy * 100) / 100 },
    mode: p.mode, date: p.dates[0]!, dates: p.dates, window: { from: hhmm(p.window.from), to: hhmm(p.window.to) },
    step: p.step, timeZone: TIME_ZONE, minAltitude: p.minAltitude, development: p.development, threshold: p.threshold,
    sun: {
      steps: allSteps.length, first: days[0]?.steps[0]?.local ?? null, last: days[0]?.steps.at(-1)?.local ?? null,
      maxAltitude: Math.round(Math.max(0, ...allSteps.map((s) => s.sun.altitude)) * 100) / 100,
    },
    radius, neighbours: neighbourRows.length, computeMs: Math.round(performance.now() - started),
    ...result,
  };
}

/** Legal basis, as the reports cite it. */
export const LEGAL_BASIS = 'Rozporządzenie Ministra Infrastruktury z dnia 12 kwietnia 2002 r. w sprawie warunków technicznych, jakim powinny '
  + 'odpowiadać budynki i ich usytuowanie (t.j. Dz.U. 2022 poz. 1225), §13 i §60';

export const VERDICT_TITLES: Record<string, { pl: string; en: string }> = {
  'spełnia': { pl: 'spełnia', en: 'complies' },
  'niespełnione przed': { pl: 'niespełnione już przed inwestycją', en: 'below the threshold already' },
  'pogorszenie': { pl: 'pogorszenie (już poniżej progu)', en: 'made worse (already below)' },
  'naruszenie': { pl: 'NARUSZENIE – inwestycja obniża poniżej progu', en: 'VIOLATION – the investment takes it below' },
};

/** What was studied, in words (reports). */
export function studyPeriod(doc: ShadowStudyDocument): string {
  return doc.mode === 'equinox'
    ? `równonoc: ${doc.dates.join(' i ')}, godz. ${doc.window.from}–${doc.window.to} (${doc.timeZone})`
    : `dzień ${doc.date}, cała doba (${doc.timeZone})`;
}

/** The downloadable report: the study's parameters, then the parcels, the own parcels and the facades. */
export function studyCsv(doc: ShadowStudyDocument): string {
  const parcelRow = (p: StudyResult['parcels'][number]) => [p.idDzialki, p.hoursLostMean, p.hoursLostMax, p.areaAffected];
  const rows: unknown[][] = [
    ['Analiza zacienienia / Shadow study'],
    ['Budynek projektowany', String(doc.planned.numerPozwolenia ?? ''), String(doc.planned.nazwaInwestycji ?? '')],
    ['Okres', studyPeriod(doc), 'Krok [min]', doc.step, 'Min. wysokość słońca [°]', doc.minAltitude],
    ['Próg nasłonecznienia [h]', doc.threshold, 'Zabudowa', doc.development === 'srodmiejska' ? 'śródmiejska' : 'inna niż śródmiejska', 'Podstawa', LEGAL_BASIS],
    ['Słońce od', doc.sun.first ?? '', 'do', doc.sun.last ?? '', 'Kroków', doc.sun.steps],
    [],
    ['Działka sąsiednia / Neighbouring parcel', 'Utrata nasłonecznienia średnio [h] / mean hours lost', 'Maksymalnie [h] / max hours lost', 'Pow. dotknięta [m²] / area affected'],
    ...doc.parcels.filter((p) => p.hoursLostMax > 0).map(parcelRow),
    [],
    ['Działka inwestycji / Own parcel', 'Utrata nasłonecznienia średnio [h]', 'Maksymalnie [h]', 'Pow. dotknięta [m²]'],
    ...doc.ownParcels.map(parcelRow),
    [],
    ['Budynek / Building', 'Elewacja / Facade', 'Azymut [°]', 'Długość [m]', 'Mieszkalny / Residential', 'Dzień / Day',
      'Słońce przed [h]', 'Słońce po [h]', 'Utrata [h] / hours lost', `Ocena wg progu ${doc.threshold} h / verdict`],
    ...doc.facades.map((f) => [f.idBudynku, f.facade, f.azimuth, f.length, f.residential ? 'tak' : 'nie', f.date,
      f.sunHoursBefore, f.sunHoursAfter, f.hoursLost, f.verdict ? VERDICT_TITLES[f.verdict]!.pl : 'nie dotyczy']),
  ];
  return stringify(rows, { delimiter: ';', bom: true });
}
