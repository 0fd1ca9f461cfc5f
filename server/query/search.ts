// Search for the portals: parcels by full identifier or by district + number, buildings by identifier, and
// addresses by street (and house number). The text is parsed into neutral feature queries with the shared
// filter AST, so the SQL, the access rules and the bound parameters are those of every other service.
import { bbox } from '@turf/turf';
import type { Geometry } from 'geojson';
import type { Database } from '../db/database.ts';
import type { Catalog } from '../catalog/catalog.ts';
import type { Layer } from '../catalog/types.ts';
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

export async function search(db: Database, catalog: Catalog, role: Role, q: string, opts: SearchOptions): Promise<SearchHit[]> {
  const parsed = interpretQuery(q);
  const parcels = catalog.layer('egib:dzialki', role);
  const districts = catalog.layer('egib:obreby', role);
  const buildings = catalog.layer('egib:budynki', role);
  const query = (layer: Layer, filter: Filter, sort: string[]): FeatureQuery => ({
    layer, role, filter, offset: 0, limit: opts.limit, crs: CRS84,
    sortBy: sort.map((property) => ({ property, descending: false })),
  });
  const hits: SearchHit[] = [];
  const want = (k: SearchKind) => opts.kinds.includes(k);

  if (want('parcel') && parcels) {
    let filter: Filter | undefined;
    if (parsed.parcelId) filter = eq('idDzialki', parsed.parcelId);
    else if (parsed.district && parsed.number && districts) {
      // The district by its number (0004), full identifier or name (case- and accent-sensitive prefix of the name).
      const d = parsed.district;
      const districtFilter: Filter = { op: 'or', args: [
        eq('idObrebu', d),
        { op: 'like', expr: prop('idObrebu'), pattern: `%.${d.replace(/[\\%_]/g, (c) => `\\${c}`)}`, matchCase: true },
        { op: 'like', expr: prop('nazwaObrebu'), pattern: `${d.replace(/[\\%_]/g, (c) => `\\${c}`)}%`, matchCase: false },
      ] };
      const found = await collect(db, { ...query(districts, districtFilter, ['idObrebu']), withoutGeometry: true, limit: 20 });
      const ids = found.map((r) => text(r.properties.idObrebu)).filter(Boolean);
      if (ids.length) {
        filter = { op: 'and', args: [
          { op: 'in', expr: prop('idObrebu'), values: ids.map(lit) },
          eq('numerDzialki', parsed.number),
        ] };
      }
    }
    if (filter) {
      for (const r of await collect(db, query(parcels, filter, ['idDzialki']))) {
        hits.push({ kind: 'parcel', featureId: r.id, layer: parcels.typeName, label: text(r.properties.idDzialki),
          detail: [text(r.properties.numerDzialki), text(r.properties.polozenie)].filter(Boolean).join(', '), bbox: boxOf(r) });
      }
    }
  }

  if (want('register') && parsed.landRegister) {
    // The parcels of a land register, then the buildings standing on them.
    const found = parcels ? await collect(db, query(parcels, eq('numerKW', parsed.landRegister), ['idDzialki'])) : [];
    for (const r of found) {
      hits.push({ kind: 'register', featureId: r.id, layer: parcels!.typeName, label: text(r.properties.idDzialki),
        detail: `${parsed.landRegister}${r.properties.polozenie ? `, ${text(r.properties.polozenie)}` : ''}`, bbox: boxOf(r) });
    }
    const ids = found.map((r) => text(r.properties.idDzialki));
    if (buildings && ids.length) {
      for (const r of await collect(db, query(buildings, { op: 'in', expr: prop('idDzialki'), values: ids.map(lit) }, ['idBudynku']))) {
        hits.push({ kind: 'register', featureId: r.id, layer: buildings.typeName, label: text(r.properties.idBudynku),
          detail: [text(r.properties.ulica), text(r.properties.numerPorzadkowy)].filter(Boolean).join(' '), bbox: boxOf(r) });
      }
    }
  }

  if (want('building') && buildings && parsed.buildingId) {
    for (const r of await collect(db, query(buildings, eq('idBudynku', parsed.buildingId, false), ['idBudynku']))) {
      hits.push({ kind: 'building', featureId: r.id, layer: buildings.typeName, label: text(r.properties.idBudynku),
        detail: [text(r.properties.ulica), text(r.properties.numerPorzadkowy)].filter(Boolean).join(' '), bbox: boxOf(r) });
    }
  }

  if (want('street') && buildings && parsed.street) {
    const streetFilter = (street: string): Filter => ({ op: 'like', expr: prop('ulica'), pattern: containing(street), matchCase: false });
    if (parsed.houseNumber) {
      // An address: the buildings with this number on a matching street.
      const f: Filter = { op: 'and', args: [streetFilter(parsed.street), eq('numerPorzadkowy', parsed.houseNumber, false)] };
      for (const r of await collect(db, query(buildings, f, ['ulica', 'idBudynku']))) {
        hits.push({ kind: 'street', featureId: r.id, layer: buildings.typeName,
          label: `${text(r.properties.ulica)} ${text(r.properties.numerPorzadkowy)}`, detail: text(r.properties.idBudynku), bbox: boxOf(r) });
      }
    }
    const whole = parsed.houseNumber && hits.length ? undefined : (parsed.houseNumber ? `${parsed.street} ${parsed.houseNumber}` : parsed.street);
    if (whole !== undefined) {
      // A street: its buildings' extent, one hit per street name.
      const rows = await collect(db, { ...query(buildings, streetFilter(whole), ['ulica', 'idBudynku']), limit: 2000 });
      const byStreet = new Map<string, { box: [number, number, number, number]; n: number }>();
      for (const r of rows) {
        const name = text(r.properties.ulica);
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
