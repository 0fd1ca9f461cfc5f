// Working days in Poland, for the deadlines of the office's cases (pure). The office has to hand the materials for
// notified survey work over within 10 working days (art. 12 ust. 3 ustawy z 17 maja 1989 r. – Prawo geodezyjne i
// kartograficzne, t.j. Dz.U. 2024 poz. 1151 ze zm.; art. 12b is the verification of the results. The paragraph was
// not checked against the act's text here, and county offices' own pages describe the present wording as "within 5
// working days of receiving the fee" — to be checked), and the other cases' terms are counted the same way.
//
// Days off: Saturdays and Sundays, and the public holidays of the ustawa z 18 stycznia 1951 r. o dniach wolnych od
// pracy (t.j. Dz.U. 2020 poz. 1920 ze zm.), art. 1 pkt 1: 1 January, 6 January (since 2011), Easter Sunday and
// Monday, 1 May, 3 May, Pentecost Sunday (Zielone Świątki), Corpus Christi, 15 August, 1 November, 11 November,
// 24 December (Wigilia, added by the ustawa z 6 grudnia 2024 r., Dz.U. 2024 poz. 1965, from 2025) and 25–26
// December. A term whose last day falls on a day off ends on the next working day (art. 57 § 5 KPA), which counting
// in working days gives by construction. Dates are calendar days in Europe/Warsaw, written YYYY-MM-DD.

/** Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm, Meeus/Jones/Butcher). */
export function easterSunday(year: number): string {
  const a = year % 19, b = Math.floor(year / 100), c = year % 100;
  const d = Math.floor(b / 4), e = b % 4, f = Math.floor((b + 8) / 25), g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30, i = Math.floor(c / 4), k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7, m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31), day = ((h + l - 7 * m + 114) % 31) + 1;
  return iso(Date.UTC(year, month - 1, day));
}

const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
const parse = (d: string) => { const t = Date.parse(`${d}T00:00:00Z`); if (!/^\d{4}-\d{2}-\d{2}$/.test(d) || Number.isNaN(t)) throw new RangeError(`not a date: ${d}`); return t; };
const plus = (d: string, days: number) => iso(parse(d) + days * DAY);

/** The public holidays of a year with their Polish names (ustawa o dniach wolnych od pracy, art. 1 pkt 1). */
export function publicHolidays(year: number): Map<string, string> {
  const easter = easterSunday(year);
  const y = String(year).padStart(4, '0');
  const days: [string, string][] = [
    [`${y}-01-01`, 'Nowy Rok'],
    ...(year >= 2011 ? [[`${y}-01-06`, 'Święto Trzech Króli'] as [string, string]] : []),
    [easter, 'Wielkanoc'],
    [plus(easter, 1), 'Poniedziałek Wielkanocny'],
    [`${y}-05-01`, 'Święto Państwowe'],
    [`${y}-05-03`, 'Święto Narodowe Trzeciego Maja'],
    [plus(easter, 49), 'Zielone Świątki'],
    [plus(easter, 60), 'Boże Ciało'],
    [`${y}-08-15`, 'Wniebowzięcie Najświętszej Maryi Panny'],
    [`${y}-11-01`, 'Wszystkich Świętych'],
    [`${y}-11-11`, 'Narodowe Święto Niepodległości'],
    ...(year >= 2025 ? [[`${y}-12-24`, 'Wigilia Bożego Narodzenia'] as [string, string]] : []),
    [`${y}-12-25`, 'Boże Narodzenie (pierwszy dzień)'],
    [`${y}-12-26`, 'Boże Narodzenie (drugi dzień)'],
  ];
  return new Map(days);
}

const holidayCache = new Map<number, Map<string, string>>();
function holidaysOf(year: number): Map<string, string> {
  let h = holidayCache.get(year);
  if (!h) { h = publicHolidays(year); holidayCache.set(year, h); }
  return h;
}

/** Whether a calendar day (YYYY-MM-DD) is a working day: not a Saturday, Sunday or public holiday. */
export function isWorkingDay(day: string): boolean {
  const t = parse(day);
  const weekday = new Date(t).getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  return !holidaysOf(new Date(t).getUTCFullYear()).has(day);
}

/** The calendar day in Europe/Warsaw of an instant (cases start at the moment they are filed). */
export function warsawDay(at: Date): string {
  return at.toLocaleDateString('sv-SE', { timeZone: 'Europe/Warsaw' });
}

/**
 * The last day of a term of `n` working days that starts on `start` (the day of filing is not counted, art. 57 § 1
 * KPA): the n-th working day after it.
 */
export function addWorkingDays(start: string, n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`not a number of days: ${n}`);
  let day = start;
  for (let left = n; left > 0;) {
    day = plus(day, 1);
    if (isWorkingDay(day)) left--;
  }
  return day;
}

/** Working days from `from` (exclusive) to `to` (inclusive); negative when `to` is before `from`. */
export function workingDaysBetween(from: string, to: string): number {
  const sign = parse(to) >= parse(from) ? 1 : -1;
  let [a, b] = sign > 0 ? [from, to] : [to, from];
  let n = 0;
  while (a < b) { a = plus(a, 1); if (isWorkingDay(a)) n++; }
  return sign * n;
}
