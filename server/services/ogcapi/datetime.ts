// OGC API – Features Part 1 `datetime` (OGC 17-069r4 §7.15.4, /req/core/fc-time-definition and fc-time-response):
// an instant or an interval (start/end, `..` or empty for an open end) in RFC 3339, compared with the collection's
// temporal property from the catalogue (an instant: the object's version start). Pure: returns a neutral filter.
import type { Filter } from '../../query/filter.ts';

export class DatetimeError extends Error {}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function validDay(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** One end (or the instant): a date-time as written, or a whole UTC day [start, next start). */
function moment(text: string): { from: string; until: string; day: boolean } {
  const t = text.trim();
  let m = DATE_TIME.exec(t);
  if (m && validDay(Number(m[1]), Number(m[2]), Number(m[3])) && Number(m[4]) < 24 && Number(m[5]) < 60 && Number(m[6]) < 61) {
    return { from: t.toUpperCase(), until: t.toUpperCase(), day: false };
  }
  m = DATE.exec(t);
  if (m && validDay(Number(m[1]), Number(m[2]), Number(m[3]))) {
    const start = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    const next = new Date(start.getTime() + 86_400_000);
    return { from: start.toISOString(), until: next.toISOString(), day: true };
  }
  throw new DatetimeError(`"${text}" is not an RFC 3339 date-time (2019-01-01T00:00:00Z) or date (2019-01-01)`);
}

const open = (s: string) => s === '' || s === '..';

/** The filter selecting features whose `property` (an instant) lies in the datetime value. */
export function datetimeFilter(value: string, property: string): Filter {
  const prop = { kind: 'property' as const, name: property };
  const cmp = (operator: '>=' | '<=' | '<' | '=', v: string): Filter =>
    ({ op: 'compare', operator, left: prop, right: { kind: 'literal', value: v }, matchCase: true });
  const parts = value.split('/');
  if (parts.length === 1) {
    if (open(parts[0]!.trim())) throw new DatetimeError('datetime needs an instant or an interval start/end');
    const m = moment(parts[0]!);
    return m.day ? { op: 'and', args: [cmp('>=', m.from), cmp('<', m.until)] } : cmp('=', m.from);
  }
  if (parts.length !== 2) throw new DatetimeError('datetime is an instant or one interval start/end');
  const [a, b] = parts.map((p) => p.trim()) as [string, string];
  if (open(a) && open(b)) throw new DatetimeError('datetime ../.. has no bound; leave the parameter out');
  const args: Filter[] = [];
  const start = open(a) ? undefined : moment(a);
  const end = open(b) ? undefined : moment(b);
  if (start && end && Date.parse(start.from) > Date.parse(end.until)) throw new DatetimeError('datetime: the interval ends before it starts');
  if (start) args.push(cmp('>=', start.from));
  // An end date includes its whole day; an end date-time is inclusive (closed interval).
  if (end) args.push(end.day ? cmp('<', end.until) : cmp('<=', end.until));
  return args.length === 1 ? args[0]! : { op: 'and', args };
}
