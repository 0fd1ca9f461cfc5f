// GET /3d/shadow-study: the sun hours a planned building takes from its neighbours on one day, per parcel (a
// heat map on the ground) and per facade, as JSON or a CSV report.
import { stringify } from 'csv-stringify/sync';
import type { Role } from '../../catalog/roles.ts';
import { HttpProblem } from '../../errors/service-error.ts';
import { lonLatOf, trueNorthGridAzimuth } from '../../threed/geodesy.ts';
import { existingShape, plannedShape } from '../../threed/models.ts';
import { runShadowStudy, type StudyResult } from '../../threed/shadow-study.ts';
import { TIME_ZONE, daySteps } from '../../threed/sun.ts';
import { HeightGrid } from '../../threed/terrain.ts';
import type { ThreedContent } from './content.ts';

export interface StudyParams { planned: number; date: string; step: number; minAltitude: number; format: 'json' | 'csv' }

/** Shadows are followed up to this distance from the planned building, metres. */
const MAX_RADIUS = 400;

function one(q: Record<string, unknown>, name: string): string | undefined {
  const v = q[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new HttpProblem(400, 'Bad Request', `Parameter ${name} given more than once`, { parameter: name });
  return v;
}

export function parseStudyParams(q: Record<string, unknown>): StudyParams {
  const planned = one(q, 'planned');
  if (!planned || !/^\d{1,9}$/.test(planned)) throw new HttpProblem(400, 'Bad Request', 'planned must be the id of a planned building', { parameter: 'planned' });
  const date = one(q, 'date') ?? '2026-03-21';
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const valid = d && new Date(`${date}T12:00:00Z`).toISOString().startsWith(date) && Number(d[1]) >= 1900 && Number(d[1]) <= 2200;
  if (!valid) throw new HttpProblem(400, 'Bad Request', `date must be a day YYYY-MM-DD, got "${date}"`, { parameter: 'date' });
  const stepText = one(q, 'step') ?? '15';
  const step = Number(stepText);
  if (!/^\d+$/.test(stepText) || ![5, 6, 10, 12, 15, 20, 30, 45, 60].includes(step)) {
    throw new HttpProblem(400, 'Bad Request', 'step must be minutes: 5, 6, 10, 12, 15, 20, 30, 45 or 60', { parameter: 'step' });
  }
  const altText = one(q, 'minAltitude') ?? '5';
  const minAltitude = Number(altText);
  if (!Number.isFinite(minAltitude) || minAltitude < 0 || minAltitude > 30) {
    throw new HttpProblem(400, 'Bad Request', 'minAltitude must be degrees between 0 and 30', { parameter: 'minAltitude' });
  }
  const f = one(q, 'f') ?? 'json';
  if (f !== 'json' && f !== 'csv') throw new HttpProblem(400, 'Bad Request', 'f must be json or csv', { parameter: 'f' });
  return { planned: Number(planned), date, step, minAltitude, format: f };
}

export interface ShadowStudyDocument extends StudyResult {
  planned: Record<string, unknown>;
  date: string; step: number; timeZone: string; minAltitude: number;
  sun: { steps: number; first: string | null; last: string | null; maxAltitude: number };
  radius: number; neighbours: number; computeMs: number;
}

export async function shadowStudy(content: ThreedContent, role: Role, p: StudyParams): Promise<ShadowStudyDocument> {
  const [row] = await content.data.planned(role, { id: p.planned });
  if (!row) throw new HttpProblem(404, 'Not Found', `No planned building ${p.planned}`);
  const started = performance.now();
  const planned = plannedShape(row, 0);
  const ring = planned.polygons.flatMap((poly) => poly[0] ?? []);
  const bx = [Math.min(...ring.map((q) => q[0])), Math.min(...ring.map((q) => q[1])), Math.max(...ring.map((q) => q[0])), Math.max(...ring.map((q) => q[1]))] as const;
  const cx = (bx[0] + bx[2]) / 2, cy = (bx[1] + bx[3]) / 2;
  const [lon, lat] = lonLatOf(cx, cy);
  const steps = daySteps(p.date, p.step, lat, lon, p.minAltitude);
  const lowest = steps.reduce((m, s) => Math.min(m, s.sun.altitude), 90);
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
  const result = runShadowStudy({
    planned, neighbours: neighbourRows.map((b) => ({ id: String(b.attributes.idBudynku ?? b.key), shape: existingShape(b, 0) })),
    parcels, terrain, steps, stepMinutes: p.step, trueNorth: trueNorthGridAzimuth(cx, cy), area, cell,
  });
  return {
    planned: { ...row.attributes, x: Math.round(cx * 100) / 100, y: Math.round(cy * 100) / 100 },
    date: p.date, step: p.step, timeZone: TIME_ZONE, minAltitude: p.minAltitude,
    sun: { steps: steps.length, first: steps[0]?.local ?? null, last: steps[steps.length - 1]?.local ?? null, maxAltitude: Math.round(Math.max(0, ...steps.map((s) => s.sun.altitude)) * 100) / 100 },
    radius, neighbours: neighbourRows.length, computeMs: Math.round(performance.now() - started),
    ...result,
  };
}

/** The downloadable report: the study's parameters, then the parcels and the facades that lose sun. */
export function studyCsv(doc: ShadowStudyDocument): string {
  const rows: unknown[][] = [
    ['Analiza zacienienia / Shadow study'],
    ['Budynek projektowany', String(doc.planned.numerPozwolenia ?? ''), String(doc.planned.nazwaInwestycji ?? '')],
    ['Dzień', doc.date, 'Krok [min]', doc.step, 'Strefa czasowa', doc.timeZone, 'Min. wysokość słońca [°]', doc.minAltitude],
    ['Słońce od', doc.sun.first ?? '', 'do', doc.sun.last ?? '', 'Kroków', doc.sun.steps],
    [],
    ['Działka / Parcel', 'Utrata nasłonecznienia średnio [h] / mean hours lost', 'Maksymalnie [h] / max hours lost', 'Pow. dotknięta [m²] / area affected'],
    ...doc.parcels.filter((p) => p.hoursLostMax > 0).map((p) => [p.idDzialki, p.hoursLostMean, p.hoursLostMax, p.areaAffected]),
    [],
    ['Budynek / Building', 'Elewacja / Facade', 'Azymut [°]', 'Długość [m]', 'Słońce przed [h]', 'Słońce po [h]', 'Utrata [h] / hours lost'],
    ...doc.facades.map((f) => [f.idBudynku, f.facade, f.azimuth, f.length, f.sunHoursBefore, f.sunHoursAfter, f.hoursLost]),
  ];
  return stringify(rows, { delimiter: ';', bom: true });
}
