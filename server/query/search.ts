// Search for the portals as people type (issue 16): parcels by full identifier (plain or AR_ sheet form) or any
// part of it, buildings by identifier (_BUD), addresses by street and house number (case, diacritics and ul./al./
// os./pl. ignored), land registers, and owners for the roles entitled to them. Which layers are searched, and by
// which attributes, is the catalogue's `search` entry of each layer (catalog/layers.ts). The text is parsed into
// neutral feature queries with the shared filter AST, so the SQL, the access rules and the bound parameters are
// those of every other service.
// The one turf module used, not the @turf/turf barrel (issue 19).
import { bbox } from '@turf/bbox';
import type { Geometry } from 'geojson';
import type { Database } from '../db/database.ts';
import { quoteIdent, quoteTable } from '../db/database.ts';
import type { Catalog } from '../catalog/catalog.ts';
import type { Layer, SearchSpec } from '../catalog/types.ts';
import { PERSONAL_DATA_ROLES, type Role } from '../catalog/roles.ts';
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
  /** Street hits: how many buildings the street has (the detail says it in words). */
  count?: number;
}

/** Full parcel identifier, plain or with the map sheet (EGiB regulation 2021, annex 1). */
const PARCEL_ID = /^\d{6}_\d\.\d{4}(\.AR_[1-9]\d*)?\.[1-9]\d*(\/[1-9]\d*)?$/i;
/** Building identifier with _BUD; the form without it (the pre-2021 model) is still understood. */
const BUILDING_ID = /^(\d{6}_\d\.\d{4}(?:\.AR_[1-9]\d*)?\.[1-9]\d*(?:\/[1-9]\d*)?\.[1-9]\d*)(_BUD)?$/i;
/** Księga wieczysta: court code (4 characters), 8-digit number, check digit, e.g. PO1P/00012345/6. */
const LAND_REGISTER = /^[A-Z]{2}\d[A-Z]\/\d{8}\/\d$/;
const PARCEL_NUMBER = /^[0-9]+(\/[0-9]+)?$/;
const HOUSE_NUMBER = /^[0-9]+[a-zA-Z]?(\/[0-9]+[a-zA-Z]?)?$/;
/**
 * A parcel as people write it in part: [district number] [sheet] [dz.] number, e.g. "797", "0005.797",
 * "0061 AR_13 33/1", "0061.AR_13.33/1", "ark. 13 dz. 33/1", "obręb 0005 dz. 797".
 */
const PARCEL_PARTIAL = /^(?:(?:obr(?:ę|e)b\.?\s*)?(\d{4})(?:[\s.]+|$))?(?:(?:ar_?|ark\.?|arkusz)\s*(\d+)(?:[\s.]+|$))?(?:(?:dz\.?|działka|dzialka)\s*)?(\d+(?:\/\d+)?)$/i;
/** Street-kind prefixes people type and the register does not store (ul. Wielka → Wielka). */
const STREET_PREFIX = /^(?:ul|al|os|pl|ulica|aleja|aleje|osiedle|plac)\.?\s+/i;
const PESEL = /^\d{11}$/;
const REGON = /^(\d{9}|\d{14})$/;

const prop = (name: string) => ({ kind: 'property' as const, name });
const lit = (value: string) => ({ kind: 'literal' as const, value });
const eq = (name: string, value: string, matchCase = true): Filter => ({ op: 'compare', operator: '=', left: prop(name), right: lit(value), matchCase });
/** A LIKE pattern matching text anywhere, with the user's own wildcards escaped. */
const containing = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function normaliseQuery(q: string): string {
  return q.normalize('NFC').replace(/\s+/g, ' ').trim();
}

export interface Interpretation {
  parcelId?: string; buildingId?: string; landRegister?: string;
  /** District (number or name), sheet and number of a parcel written in part. */
  district?: string; sheet?: string; number?: string;
  street?: string; houseNumber?: string;
  /** PESEL or REGON, or a name: searched among owners for the roles entitled to them only. */
  ownerId?: string; ownerName?: string;
}

/** How the text can be read: which searches to run. Pure, so it is tested on its own. */
export function interpretQuery(q: string): Interpretation {
  const text = normaliseQuery(q);
  if (PARCEL_ID.test(text)) return { parcelId: text.replace(/\.ar_/i, '.AR_') };
  if (LAND_REGISTER.test(text.toUpperCase())) return { landRegister: text.toUpperCase() };
  const b = BUILDING_ID.exec(text);
  if (b) return { buildingId: `${b[1]!.replace(/\.ar_/i, '.AR_')}_BUD` };
  if (PESEL.test(text) || REGON.test(text)) return { ownerId: text };
  const out: Interpretation = {};
  const p = PARCEL_PARTIAL.exec(text);
  if (p) {
    if (p[1]) out.district = p[1];
    if (p[2]) out.sheet = String(Number(p[2]));
    out.number = p[3];
  }
  const tokens = text.split(' ');
  const last = tokens[tokens.length - 1] ?? '';
  const head = tokens.slice(0, -1).join(' ');
  // "Jeżyce 12": a district name and a parcel number (besides the address reading below).
  if (!p && tokens.length > 1 && PARCEL_NUMBER.test(last) && /\p{L}/u.test(head)) { out.district = head.replace(STREET_PREFIX, ''); out.number = last; }
  const streetText = text.replace(STREET_PREFIX, '');
  const st = streetText.split(' ');
  const stLast = st[st.length - 1] ?? '';
  const stHead = st.slice(0, -1).join(' ');
  if (st.length > 1 && HOUSE_NUMBER.test(stLast) && /\p{L}/u.test(stHead)) { out.street = stHead; out.houseNumber = stLast; }
  else if (/\p{L}{2}/u.test(streetText) && !p) out.street = streetText;
  if (/\p{L}{3}/u.test(text) && !p) out.ownerName = text;
  return out;
}

/** Polish plural of "budynek" for a count: 1 budynek, 2–4 budynki (not 12–14), otherwise budynków. */
export function buildingsCount(n: number): string {
  const word = n === 1 ? 'budynek' : n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14) ? 'budynki' : 'budynków';
  return `${n} ${word}`;
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

/**
 * Distinct values of a catalogue column whose folded form (sql/010_search.sql: lower case, no diacritics) contains
 * the folded text: how "Zeromskiego" finds "Żeromskiego" identically in PostGIS and PGlite. Table and column come
 * from the catalogue; the text is a bound parameter.
 */
async function foldedValues(db: Database, layer: Layer, column: string, textValue: string, limit: number, prefix = false): Promise<string[]> {
  const col = quoteIdent(column);
  const rows = await db.query<{ v: string }>(
    `SELECT DISTINCT t.${col} AS v FROM ${quoteTable(layer.table)} t
      WHERE public.sip_fold(t.${col}) LIKE public.sip_fold($1) ORDER BY 1 LIMIT ${Math.max(1, Math.min(limit, 500))}`,
    [prefix ? `${textValue.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : containing(textValue)]);
  return rows.map((r) => r.v);
}

/**
 * The parcels of owners found by PESEL, REGON or name: only for the roles entitled to owners' data (bailiffs,
 * appraisers, surveyors: roles.ts). The register tables of owners are not catalogue layers; their names are fixed.
 */
async function ownersParcels(db: Database, parsed: Interpretation, limit: number): Promise<Map<string, string>> {
  const params: unknown[] = [];
  let where: string;
  if (parsed.ownerId) {
    params.push(parsed.ownerId);
    where = 'w."pesel" = $1 OR w."regon" = $1';
  } else if (parsed.ownerName) {
    params.push(containing(parsed.ownerName));
    where = `public.sip_fold(coalesce(w."nazwa", w."imie" || ' ' || w."nazwisko")) LIKE public.sip_fold($1)
      OR public.sip_fold(w."nazwisko" || ' ' || w."imie") LIKE public.sip_fold($1)`;
  } else return new Map();
  const rows = await db.query<{ id: string; who: string }>(
    `SELECT u."idDzialki" AS id, coalesce(w."nazwa", w."imie" || ' ' || w."nazwisko") AS who
       FROM egib.wlasciciele w JOIN egib.udzialy_wlasnosci u ON u."idPodmiotu" = w.id
      WHERE ${where} ORDER BY u."idDzialki" LIMIT ${Math.max(1, Math.min(limit, 200))}`, params);
  const out = new Map<string, string>();
  for (const r of rows) out.set(r.id, out.has(r.id) ? `${out.get(r.id)}; ${r.who}` : r.who);
  return out;
}

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
  const P = parcelSearch?.a ?? { id: '', number: '', district: '', sheet: '', landRegister: '', location: '' };
  const D = districtSearch?.a ?? { id: '', name: '' };
  const B = buildingSearch?.a ?? { id: '', parcel: '', street: '', houseNumber: '' };
  const query = (layer: Layer, filter: Filter, sort: string[]): FeatureQuery => ({
    layer, role, filter, offset: 0, limit: opts.limit, crs: CRS84,
    sortBy: sort.map((property) => ({ property, descending: false })),
  });
  const hits: SearchHit[] = [];
  const want = (k: SearchKind) => opts.kinds.includes(k);
  // District names for the hits' details: a parcel number alone means little without its district.
  let districtNames: Map<string, string> | undefined;
  const districtName = async (id: string): Promise<string> => {
    if (!districtNames) {
      districtNames = new Map();
      if (districts) {
        for (const r of await collect(db, { ...query(districts, { op: 'and', args: [] }, [D.id]), withoutGeometry: true, limit: 1000 })) {
          districtNames.set(text(r.properties[D.id]), text(r.properties[D.name]));
        }
      }
    }
    return districtNames.get(id) ?? '';
  };
  const parcelHit = async (kind: SearchKind, r: FeatureRow, extra?: string): Promise<SearchHit> => {
    const obreb = text(r.properties[P.district]);
    const sheet = text(r.properties[P.sheet]);
    const detail = [`obręb ${obreb.slice(-4)} ${await districtName(obreb)}`.trim(), sheet ? `ark. ${sheet}` : '',
      `dz. ${text(r.properties[P.number])}`, extra ?? text(r.properties[P.location])].filter(Boolean).join(', ');
    return { kind, featureId: r.id, layer: parcels!.typeName, label: text(r.properties[P.id]), detail, bbox: boxOf(r) };
  };

  if (want('parcel') && parcels) {
    let filter: Filter | undefined;
    if (parsed.parcelId) filter = eq(P.id, parsed.parcelId);
    else if (parsed.number) {
      const args: Filter[] = [eq(P.number, parsed.number)];
      if (parsed.sheet) args.push(eq(P.sheet, parsed.sheet));
      if (parsed.district && districts) {
        // The district by its number (0004) or its name (case- and diacritics-insensitive prefix).
        let ids: string[];
        if (/^\d{4}$/.test(parsed.district)) {
          ids = (await foldedValues(db, districts, D.id, `.${parsed.district}`, 20)).filter((id) => id.endsWith(`.${parsed.district}`));
        } else {
          const names = await foldedValues(db, districts, D.name, parsed.district, 20, true);
          const rows = names.length ? await collect(db, { ...query(districts, { op: 'in', expr: prop(D.name), values: names.map(lit) }, [D.id]), withoutGeometry: true, limit: 20 }) : [];
          ids = rows.map((r) => text(r.properties[D.id]));
        }
        args.push(ids.length ? { op: 'in', expr: prop(P.district), values: ids.map(lit) } : eq(P.district, '-'));
      }
      filter = { op: 'and', args };
    }
    if (filter) {
      for (const r of await collect(db, query(parcels, filter, [P.id]))) hits.push(await parcelHit('parcel', r));
    }
  }

  if (want('register') && parsed.landRegister) {
    // The parcels of a land register, then the buildings standing on them.
    const found = parcels ? await collect(db, query(parcels, eq(P.landRegister, parsed.landRegister), [P.id])) : [];
    for (const r of found) hits.push(await parcelHit('register', r, `KW ${parsed.landRegister}`));
    const ids = found.map((r) => text(r.properties[P.id]));
    if (buildings && ids.length) {
      for (const r of await collect(db, query(buildings, { op: 'in', expr: prop(B.parcel), values: ids.map(lit) }, [B.id]))) {
        hits.push({ kind: 'register', featureId: r.id, layer: buildings.typeName, label: text(r.properties[B.id]),
          detail: [text(r.properties[B.street]), text(r.properties[B.houseNumber])].filter(Boolean).join(' '), bbox: boxOf(r) });
      }
    }
  }

  if (want('owner') && parcels && PERSONAL_DATA_ROLES.includes(role) && (parsed.ownerId || parsed.ownerName)) {
    const owned = await ownersParcels(db, parsed, opts.limit * 5);
    if (owned.size) {
      for (const r of await collect(db, query(parcels, { op: 'in', expr: prop(P.id), values: [...owned.keys()].map(lit) }, [P.id]))) {
        hits.push(await parcelHit('owner', r, owned.get(text(r.properties[P.id]))));
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
    const inStreets = (names: string[]): Filter => ({ op: 'in', expr: prop(B.street), values: names.map(lit) });
    if (parsed.houseNumber) {
      // An address: the buildings with this number on a matching street.
      const names = await foldedValues(db, buildings, B.street, parsed.street, 50);
      if (names.length) {
        const f: Filter = { op: 'and', args: [inStreets(names), eq(B.houseNumber, parsed.houseNumber, false)] };
        for (const r of await collect(db, query(buildings, f, [B.street, B.id]))) {
          hits.push({ kind: 'street', featureId: r.id, layer: buildings.typeName,
            label: `${text(r.properties[B.street])} ${text(r.properties[B.houseNumber])}`, detail: text(r.properties[B.id]), bbox: boxOf(r) });
        }
      }
    }
    // No such address: the street itself (a number the register does not hold still finds its street).
    const addressFound = parsed.houseNumber !== undefined && hits.some((h) => h.kind === 'street');
    const names = addressFound ? [] : await foldedValues(db, buildings, B.street, parsed.street, opts.limit);
    if (names.length) {
      // A street: its buildings' extent, one hit per street name, saying what the number counts.
      const rows = await collect(db, { ...query(buildings, inStreets(names), [B.street, B.id]), limit: 5000 });
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
        hits.push({ kind: 'street', featureId: '', layer: buildings.typeName, label: name, detail: buildingsCount(n), count: n, bbox: box });
      }
    }
  }
  return hits.slice(0, opts.limit);
}
