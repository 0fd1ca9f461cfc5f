// OGC API – Features items parameters → the neutral feature query. Mistakes are HttpProblems (400).
import type { Layer } from '../../catalog/types.ts';
import type { Role } from '../../catalog/roles.ts';
import { visibleAttributes } from '../../catalog/catalog.ts';
import type { Filter } from '../../query/filter.ts';
import { FilterError } from '../../query/filter.ts';
import type { FeatureQuery, SortKey } from '../../query/feature-query.ts';
import { resolveCrs, type ResolvedCrs } from '../../crs/names.ts';
import { HttpProblem } from '../../errors/service-error.ts';
import { boxProblem } from '../../crs/area.ts';
import type { FeatureLimits } from '../../config.ts';
import { DatetimeError, datetimeFilter } from './datetime.ts';

/** Parameters of the items resource besides the queryables used as parameters. */
// apikey: the caller's personal key (server/http/auth.ts), kept in the links so that GDAL's next pages carry it.
const KNOWN = new Set(['f', 'lang', 'bbox', 'bbox-crs', 'limit', 'offset', 'crs', 'filter', 'filter-lang', 'filter-crs', 'properties', 'sortby', 'datetime', 'apikey']);

export type Cql2Parser = (text: string, lang: 'cql2-text' | 'cql2-json', filterCrs: string | undefined) => Filter;

export interface ItemsRequest { query: FeatureQuery; crs: ResolvedCrs; crsName: string; limit: number; offset: number }

const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';

function bad(detail: string, parameter: string): HttpProblem {
  return new HttpProblem(400, 'Bad Request', detail, { parameter });
}

function crsParam(value: string | undefined, name: string): { resolved: ResolvedCrs; name: string } {
  const n = value ?? CRS84;
  const resolved = resolveCrs(n);
  if (!resolved) throw bad(`CRS ${n} is not supported; see the collection's crs list`, name);
  return { resolved, name: n };
}

function integer(value: string | undefined, name: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw bad(`${name} must be a whole number`, name);
  const n = Number(value);
  if (n < min) throw bad(`${name} must be at least ${min}`, name);
  return n;
}

export function bboxToFilter(value: string, crsName: string | undefined): Filter {
  const nums = value.split(',').map((s) => Number(s.trim()));
  if (nums.length !== 4 && nums.length !== 6) throw bad('bbox must have 4 (or 6) comma-separated numbers', 'bbox');
  if (nums.some((n) => !Number.isFinite(n))) throw bad('bbox must contain only numbers', 'bbox');
  const { resolved } = crsParam(crsName, 'bbox-crs');
  let [a, b, c, d] = nums.length === 6 ? [nums[0]!, nums[1]!, nums[3]!, nums[4]!] : (nums as [number, number, number, number]);
  if (resolved.axisOrder === 'yx') [a, b, c, d] = [b, a, d, c];
  if (b > d) throw bad('bbox: the lower corner is above the upper corner', 'bbox');
  // A box crossing the antimeridian (a > c) cannot occur over Poznań; refuse rather than guess.
  if (a > c) throw bad('bbox: the west edge is east of the east edge', 'bbox');
  if (a === c || b === d) throw bad('bbox: the box is degenerate (no width or no height)', 'bbox');
  const outside = boxProblem(resolved.crs, [a, b, c, d]);
  if (outside) throw bad(`bbox: ${outside}`, 'bbox');
  return { op: 'spatial', relation: 'bbox', geometry: { kind: 'geometry', crs: resolved.crs.code, geometry: { type: 'Polygon', coordinates: [[[a, b], [c, b], [c, d], [a, d], [a, b]]] } } };
}

export function itemsRequest(layer: Layer, role: Role, params: URLSearchParams, limits: FeatureLimits, parseCql2: Cql2Parser): ItemsRequest {
  const visible = visibleAttributes(layer, role);
  const byName = new Map(visible.map((a) => [a.name, a]));
  const filters: Filter[] = [];
  for (const key of new Set(params.keys())) {
    if (KNOWN.has(key)) continue;
    const a = byName.get(key);
    if (!a) throw bad(`Unknown query parameter ${key}`, key);
    // A queryable as a parameter: equality with the given value.
    filters.push({ op: 'compare', operator: '=', left: { kind: 'property', name: a.name }, right: { kind: 'literal', value: params.get(key)! }, matchCase: true });
  }
  const limit = Math.min(integer(params.get('limit') ?? undefined, 'limit', 1) ?? limits.defaultLimit, limits.maxFeatures);
  const offset = integer(params.get('offset') ?? undefined, 'offset', 0) ?? 0;
  const crs = crsParam(params.get('crs') ?? undefined, 'crs');
  const bbox = params.get('bbox');
  if (bbox !== null) filters.push(bboxToFilter(bbox, params.get('bbox-crs') ?? undefined));
  else if (params.has('bbox-crs')) crsParam(params.get('bbox-crs')!, 'bbox-crs');
  const datetime = params.get('datetime');
  if (datetime !== null) {
    if (!layer.temporal || !byName.has(layer.temporal)) throw bad(`Collection ${layer.name} has no temporal property: datetime cannot be applied`, 'datetime');
    try {
      filters.push(datetimeFilter(datetime, layer.temporal));
    } catch (err) {
      if (err instanceof DatetimeError) throw bad(`Invalid datetime: ${err.message}`, 'datetime');
      throw err;
    }
  }
  const filterText = params.get('filter');
  if (filterText !== null) {
    const lang = params.get('filter-lang') ?? 'cql2-text';
    if (lang !== 'cql2-text' && lang !== 'cql2-json') throw bad(`filter-lang ${lang} is not supported (cql2-text, cql2-json)`, 'filter-lang');
    const filterCrs = params.get('filter-crs') ?? undefined;
    if (filterCrs) crsParam(filterCrs, 'filter-crs');
    try {
      filters.push(parseCql2(filterText, lang, filterCrs));
    } catch (err) {
      // Whatever part of the CQL2 text is at fault, the parameter is filter.
      if (err instanceof FilterError) throw new FilterError(`Invalid filter: ${err.message}`, 'filter');
      throw err;
    }
  }
  let properties: string[] | undefined;
  const props = params.get('properties');
  if (props !== null) properties = props.split(',').map((s) => s.trim()).filter((s) => s && s !== layer.geometry.column);
  let sortBy: SortKey[] | undefined;
  const sort = params.get('sortby');
  if (sort !== null) {
    sortBy = sort.split(',').map((s) => s.trim()).filter(Boolean).map((s) => {
      const descending = s.startsWith('-');
      return { property: s.replace(/^[+-]/, ''), descending };
    });
  }
  const filter: Filter | undefined = filters.length === 0 ? undefined : filters.length === 1 ? filters[0] : { op: 'and', args: filters };
  return {
    query: { layer, role, properties, filter, sortBy, offset, limit, crs: crs.resolved.crs },
    crs: crs.resolved, crsName: crs.name, limit, offset,
  };
}
