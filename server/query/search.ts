// Search for the portals: parcels by full identifier or by district + number, buildings by identifier, and
// addresses by street (and house number). Which layers are searched, and by which attributes, is the catalogue's
// `search` entry of each layer (catalog/layers.ts). The text is parsed into neutral feature queries with the shared
// filter AST, so the SQL, the access rules and the bound parameters are those of every other service.
import { bbox } from '@turf/turf';
import type { Geometry } from 'geojson';
import type { Database } from '../db/database.ts';
import type { Catalog } from '../catalog/catalog.ts';
import type { Layer, SearchSpec } from '../catalog/types.ts';
import type { Role } from '../catalog/roles.ts';
import type { SearchKind } from '../catalog/portals.ts';
import { CRS_LIST } from '../crs/definitions.ts';
import type { Filter } from './filter.ts';
import { planQuery, streamFeatures, type FeatureQuery, type FeatureRow } from './feature-query.ts';

const CRS84 = CRS_LIST.find((c) => c.code === 'CRS:84')!;

export interface SearchHit {
  kind: SearchKind;
  /** Published feature id (layer.key), for feature info. */
  featureId: string;
  layer: string;
  label: string;
  detail: string;
  /** [west, south, east, north] in CRS:84. */
  bbox: [number, number, number, number];
}

const PARCEL_ID = /^\d{6}_\d\.\d{4}\.[0-9]+(\/[0-9]+)?$/;
const BUILDING_ID = /^\d{6}_\d\.\d{4}\.[0-9]+(\/[0-9]+)?\.\d+(_BUD)?$/i;
/** Księga wieczysta: court code (4 characters), 8-digit number, check digit, e.g. PO1P/00012345/6. */
const LAND_REGISTER = /^[A-Z]{2}\d[A-Z]\/\d{8}\/\d$/;
const PARCEL_NUMBER = /^[0-9]+(\/[0-9]+)?$/;
const HOUSE_NUMBER = /^[0-9]+[a-zA-Z]?(\/[0-9]+[a-zA-Z]?)?$/;

const prop = (name: string) => ({ kind: 'property' as const, name });
const lit = (value: string) => ({ kind: 'literal' as const, value });
const eq = (name: string, value: string, matchCase = true): Filter => ({ op: 'compare', operator: '=', left: prop(name), right: lit(value), matchCase });
/** A LIKE pattern matching text anywhere, with the user's own wildcards escaped. */
const containing = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function normaliseQuery(q: string): string {
  return q.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/** How the text can be read: which searches to run. Pure, so it is tested on its own. */
export function interpretQuery(q: string): { parcelId?: string; buildingId?: string; landRegister?: string; district?: string; number?: string; street?: string; houseNumber?: string } {
  const text = normaliseQuery(q);
  if (PARCEL_ID.test(text)) return { parcelId: text };
  if (LAND_REGISTER.test(text.toUpperCase())) return { landRegister: text.toUpperCase() };
  if (BUILDING_ID.test(text)) return { buildingId: text };
  const tokens = text.split(' ');
  const last = tokens[tokens.length - 1] ?? '';
  const head = tokens.slice(0, -1).join(' ');
  const out: ReturnType<typeof interpretQuery> = {};
  if (tokens.length > 1 && PARCEL_NUMBER.test(last)) { out.district = head; out.number = last; }
  if (tokens.length > 1 && HOUSE_NUMBER.test(last)) { out.street = head; out.houseNumber = last; }
  else if (text.length >= 2) out.street = text;
  return out;
}

async function collect(db: Database, q: FeatureQuery): Promise<FeatureRow[]> {
  const rows: FeatureRow[] = [];
  for await (const batch of streamFeatures(db, q, planQuery(q))) rows.push(...batch);
  return rows;
}

function boxOf(row: FeatureRow): [number, number, number, number] {
  const b = bbox(JSON.parse(row.geometry!) as Geometry);
  return [b[0], b[1], b[2], b[3]];
}

function text(v: unknown): string { return v === null || v === undefined ? '' : String(v); }

export interface SearchOptions { kinds: readonly SearchKind[]; limit: number }

type SearchPart = SearchSpec['as'];
type SearchAttributes<P extends SearchPart> = Extract<SearchSpec, { as: P }>['attributes'];

/** The catalogue's layer playing a part in the search (its `search` entry), if the role may see it, with the attributes it is searched by. */
export function searchLayer<P extends SearchPart>(catalog: Catalog, role: Role, part: P): { layer: Layer; a: SearchAttributes<P> } | undefined {
  const spec = catalog.layers.find((l) => l.search?.as === part);
  const layer = spec && catalog.layer(spec.typeName, role);
  return layer ? { layer, a: layer.search!.attributes as SearchAttributes<P> } : undefined;
}

export async function search(db: Database, catalog: Catalog, role: Role, q: string, opts: SearchOptions): Promise<SearchHit[]> {
  const parsed = interpretQuery(q);
  const parcelSearch = searchLayer(catalog, role, 'parcel');
  const districtSearch = searchLayer(catalog, role, 'district');
  const buildingSearch = searchLayer(catalog, role, 'building');
  const parcels = parcelSearch?.layer, districts = districtSearch?.layer, buildings = buildingSearch?.layer;
  // The attributes each search reads, from the catalogue (absent layers are skipped below before these are read).
  const P = parcelSearch?.a ?? { id: '', number: '', district: '', landRegister: '', location: '' };
  const D = districtSearch?.a ?? { id: '', name: '' };
  const B = buildingSearch?.a ?? { id: '', parcel: '', street: '', houseNumber: '' };
  const query = (layer: Layer, filter: Filter, sort: string[]): FeatureQuery => ({
    layer, role, filter, offset: 0, limit: opts.limit, crs: CRS84,
    sortBy: sort.map((property) => ({ property, descending: false })),
  });
  const hits: SearchHit[] = [];
  const want = (k: SearchKind) => opts.kinds.includes(k);

  if (want('parcel') && parcels) {
    let filter: Filter | undefined;
    if (parsed.parcelId) filter = eq(P.id, parsed.parcelId);
    else if (parsed.district && parsed.number && districts) {
      // The district by its number (0004), full identifier or name (case- and accent-sensitive prefix of the name).
      const d = parsed.district;
      const districtFilter: Filter = { op: 'or', args: [
        eq(D.id, d),
        { op: 'like', expr: prop(D.id), pattern: `%.${d.replace(/[\\%_]/g, (c) => `\\${c}`)}`, matchCase: true },
        { op: 'like', expr: prop(D.name), pattern: `${d.replace(/[\\%_]/g, (c) => `\\${c}`)}%`, matchCase: false },
      ] };
      const found = await collect(db, { ...query(districts, districtFilter, [D.id]), withoutGeometry: true, limit: 20 });
      const ids = found.map((r) => text(r.properties[D.id])).filter(Boolean);
      if (ids.length) {
        filter = { op: 'and', args: [
          { op: 'in', expr: prop(P.district), values: ids.map(lit) },
          eq(P.number, parsed.number),
        ] };
      }
    }
    if (filter) {
      for (const r of await collect(db, query(parcels, filter, [P.id]))) {
        hits.push({ kind: 'parcel', featureId: r.id, layer: parcels.typeName, label: text(r.properties[P.id]),
          detail: [text(r.properties[P.number]), text(r.properties[P.location])].filter(Boolean).join(', '), bbox: boxOf(r) });
      }
    }
  }

  if (want('register') && parsed.landRegister) {
    // The parcels of a land register, then the buildings standing on them.
    const found = parcels ? await collect(db, query(parcels, eq(P.landRegister, parsed.landRegister), [P.id])) : [];
    for (const r of found) {
      hits.push({ kind: 'register', featureId: r.id, layer: parcels!.typeName, label: text(r.properties[P.id]),
        detail: `${parsed.landRegister}${r.properties[P.location] ? `, ${text(r.properties[P.location])}` : ''}`, bbox: boxOf(r) });
    }
    const ids = found.map((r) => text(r.properties[P.id]));
    if (buildings && ids.length) {
      for (const r of await collect(db, query(buildings, { op: 'in', expr: prop(B.parcel), values: ids.map(lit) }, [B.id]))) {
        hits.push({ kind: 'register', featureId: r.id, layer: buildings.typeName, label: text(r.properties[B.id]),
          detail: [text(r.properties[B.street]), text(r.properties[B.houseNumber])].filter(Boolean).join(' '), bbox: boxOf(r) });
      }
    }
  }

  if (want('building') && buildings && parsed.buildingId) {
    for (const r of await collect(db, query(buildings, eq(B.id, parsed.buildingId, false), [B.id]))) {
      hits.push({ kind: 'building', featureId: r.id, layer: buildings.typeName, label: text(r.properties[B.id]),
        detail: [text(r.properties[B.street]), text(r.properties[B.houseNumber])].filter(Boolean).join(' '), bbox: boxOf(r) });
    }
  }

  if (want('street') && buildings && parsed.street) {
    const streetFilter = (street: string): Filter => ({ op: 'like', expr: prop(B.street), pattern: containing(street), matchCase: false });
    if (parsed.houseNumber) {
      // An address: the buildings with this number on a matching street.
      const f: Filter = { op: 'and', args: [streetFilter(parsed.street), eq(B.houseNumber, parsed.houseNumber, false)] };
      for (const r of await collect(db, query(buildings, f, [B.street, B.id]))) {
        hits.push({ kind: 'street', featureId: r.id, layer: buildings.typeName,
          label: `${text(r.properties[B.street])} ${text(r.properties[B.houseNumber])}`, detail: text(r.properties[B.id]), bbox: boxOf(r) });
      }
    }
    const whole = parsed.houseNumber && hits.length ? undefined : (parsed.houseNumber ? `${parsed.street} ${parsed.houseNumber}` : parsed.street);
    if (whole !== undefined) {
      // A street: its buildings' extent, one hit per street name.
      const rows = await collect(db, { ...query(buildings, streetFilter(whole), [B.street, B.id]), limit: 2000 });
      const byStreet = new Map<string, { box: [number, number, number, number]; n: number }>();
      for (const r of rows) {
        const name = text(r.properties[B.street]);
        const b = boxOf(r);
        const cur = byStreet.get(name);
        if (!cur) byStreet.set(name, { box: b, n: 1 });
        else {
          cur.box = [Math.min(cur.box[0], b[0]), Math.min(cur.box[1], b[1]), Math.max(cur.box[2], b[2]), Math.max(cur.box[3], b[3])];
          cur.n += 1;
        }
      }
      for (const [name, { box, n }] of [...byStreet].slice(0, opts.limit)) {
        hits.push({ kind: 'street', featureId: '', layer: buildings.typeName, label: name, detail: String(n), bbox: box });
      }
    }
  }
  return hits.slice(0, opts.limit);
}
