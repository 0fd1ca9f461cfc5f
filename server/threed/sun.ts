// The sun over Poznań: position from astronomy-engine (VSOP87, with aberration and standard refraction), the
// direction towards it in the PL-2000 grid, and the time steps of a local day (Europe/Warsaw).
import { Body, Equator, Horizon, Observer, SearchHourAngle } from 'astronomy-engine';

export interface SunPosition { /** Degrees clockwise from true north. */ azimuth: number; /** Degrees above the horizon. */ altitude: number }

export function sunPosition(date: Date, lat: number, lon: number, heightM = 0): SunPosition {
  const observer = new Observer(lat, lon, heightM);
  const eq = Equator(Body.Sun, date, observer, true, true);
  const hor = Horizon(date, observer, eq.ra, eq.dec, 'normal');
  return { azimuth: hor.azimuth, altitude: hor.altitude };
}

/** Local solar noon (the sun's upper transit) of the UTC day that contains `day`. */
export function solarNoon(day: Date, lat: number, lon: number): Date {
  const start = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()));
  return SearchHourAngle(Body.Sun, new Observer(lat, lon, 0), 0, start, +1).time.date;
}

/**
 * Unit vector towards the sun in the grid frame (x = east, y = north, z = up of PL-2000), given the azimuth of
 * true north in the grid (geodesy.trueNorthGridAzimuth).
 */
export function sunVector(p: SunPosition, trueNorthGridAzimuth: number): [number, number, number] {
  const az = ((p.azimuth + trueNorthGridAzimuth) * Math.PI) / 180, alt = (p.altitude * Math.PI) / 180;
  return [Math.sin(az) * Math.cos(alt), Math.cos(az) * Math.cos(alt), Math.sin(alt)];
}

export const TIME_ZONE = 'Europe/Warsaw';

/** Minutes the zone is ahead of UTC at an instant. */
export function zoneOffsetMinutes(at: Date, timeZone = TIME_ZONE): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
    .formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - at.getTime()) / 60_000);
}

/** The instant of a local wall-clock time in the zone. */
export function localInstant(isoDate: string, minutesAfterMidnight: number, timeZone = TIME_ZONE): Date {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  // Date.UTC truncates fractional arguments: add the minutes (a step's middle may be 7:07:30) in milliseconds.
  const guess = Date.UTC(y, m - 1, d) + minutesAfterMidnight * 60_000;
  const offset = zoneOffsetMinutes(new Date(guess - 2 * 3600_000), timeZone);
  const first = new Date(guess - offset * 60_000);
  // Across a DST change the offset at the result may differ: correct once.
  const offset2 = zoneOffsetMinutes(first, timeZone);
  return offset2 === offset ? first : new Date(guess - offset2 * 60_000);
}

export interface TimeStep { at: Date; local: string; sun: SunPosition }

/**
 * The middle of every `step`-minute interval of the local day (or of the window `from`–`to`, minutes after local
 * midnight) when the sun is above `minAltitude`.
 */
export function daySteps(isoDate: string, stepMinutes: number, lat: number, lon: number, minAltitude: number,
  window: { from: number; to: number } = { from: 0, to: 24 * 60 }): TimeStep[] {
  const out: TimeStep[] = [];
  for (let m = window.from + stepMinutes / 2; m < window.to; m += stepMinutes) {
    const at = localInstant(isoDate, m);
    const sun = sunPosition(at, lat, lon);
    if (sun.altitude <= minAltitude) continue;
    const hh = String(Math.floor(m / 60)).padStart(2, '0'), mm = String(Math.floor(m % 60)).padStart(2, '0');
    out.push({ at, local: `${hh}:${mm}`, sun });
  }
  return out;
}
