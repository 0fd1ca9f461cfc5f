// A basket as the quote and order APIs take it (JSON), turned into the fee engine's items: parcels are looked up in
// the register (an unknown parcel is the client's mistake, 400), sheets parsed as PL-2000 names, areas resolved by
// PostGIS into hectares or km². The engine itself (server/fees/engine.ts) stays pure.
//
// Units. Table 11 charges per registration unit (jednostka rejestrowa gruntów): the parcels asked for are counted
// by their distinct JRG (egib.dzialki."JRG", sql/009); a parcel without a JRG counts as its own unit. Data sets are
// charged per started hectare of the area (quantity rounded up), NMT and the 3D model per km² (free, so the unit
// only describes the line).
import type { Queryable } from '../../db/database.ts';
import { HttpProblem } from '../../errors/service-error.ts';
import { ID_DZIALKI } from '../../domain/identifiers.ts';
import { EXTRACT_DATASETS, MATERIALS, type ExtractDataset, type Material, type Postac } from '../../fees/tariff.ts';
import type { BasketItem } from '../../fees/engine.ts';
import { parseSheetList, resolveArea } from '../downloads/area.ts';
import { formatsOf } from '../../formats/registry.ts';
import { orderable } from './datasets.ts';

const bad = (detail: string, parameter?: string) => new HttpProblem(400, 'Bad Request', detail, parameter ? { parameter } : {});

/**
 * The materials a client may put in a basket (the view services are free and never ordered; the materials of a
 * survey-work notification come with the notification, /api/zgloszenia).
 */
export const ORDERABLE: readonly Material[] = MATERIALS.filter((m) => m !== 'view' && m !== 'zgloszenie');
const PARCEL_MATERIALS: readonly Material[] = ['wypis', 'wypis_bez_danych', 'wyrys', 'wypis_wyrys', 'wypis_budynki'];
export const MAX_ITEMS = 50;
const MAX_PARCELS = 200;

/** One item as it was asked for, normalised (kept with an order so that it can be re-quoted and released). */
export interface ResolvedItem {
  material: Material;
  postac: Postac;
  parcels?: string[];
  sheets?: string[];
  dataset?: ExtractDataset;
  area?: { bbox?: number[]; polygon?: unknown; sheets?: string[]; crs?: string; areaKm2: number };
  /** The survey-work notification whose materials the item charges (material zgloszenie). */
  zgloszenie?: string;
  /** The file format the item is released in (sheets: pdf or tif; extracts: a feature format of the registry). */
  format?: string;
  basket: BasketItem;
}

/** The formats a released sheet comes in (services/downloads/map-sheet.ts; the PDF and GeoTIFF carry the licence). */
export const SHEET_RELEASE_FORMATS = ['pdf', 'tif'] as const;
/** The formats a released extract comes in: the registry's feature formats of extracts (formats/registry.ts). */
export const EXTRACT_RELEASE_FORMATS = formatsOf('extract').filter((f) => f.content === 'features').map((f) => f.id);

function formatOf(v: unknown, allowed: readonly string[], at: string): string {
  if (v === undefined) return allowed[0]!;
  if (typeof v !== 'string' || !allowed.includes(v)) throw bad(`${at}.format must be one of ${allowed.join(', ')}`, `${at}.format`);
  return v;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function postacOf(v: unknown, at: string): Postac {
  if (v === undefined) return 'elektroniczna';
  if (v === 'elektroniczna' || v === 'nieelektroniczna') return v;
  throw bad(`${at}.postac must be elektroniczna or nieelektroniczna`, `${at}.postac`);
}

/** The parcels asked for, checked against the register, and the number of registration units (JRG) they make. */
async function parcelsOf(db: Queryable, v: unknown, at: string): Promise<{ ids: string[]; units: number }> {
  if (!Array.isArray(v) || v.length === 0) throw bad(`${at}.parcels: give the parcels as an array of idDzialki (e.g. 306401_1.0004.12)`, `${at}.parcels`);
  if (v.length > MAX_PARCELS) throw bad(`${at}.parcels: at most ${MAX_PARCELS}`, `${at}.parcels`);
  const ids = [...new Set(v.map((p) => String(p).trim()))];
  for (const id of ids) if (!ID_DZIALKI.test(id)) throw bad(`${at}.parcels: ${JSON.stringify(id.slice(0, 60))} is not a parcel identifier (idDzialki, e.g. 306401_1.0004.12)`, `${at}.parcels`);
  const found = await db.query<{ id: string; jrg: string | null }>('SELECT "idDzialki" AS id, "JRG" AS jrg FROM egib.dzialki WHERE "idDzialki" = ANY($1::text[])', [ids]);
  const known = new Set(found.map((r) => r.id));
  const missing = ids.filter((id) => !known.has(id));
  if (missing.length) throw new HttpProblem(400, 'Bad Request', `${at}.parcels: no parcel ${missing.slice(0, 5).join(', ')} in the register`, { parameter: `${at}.parcels`, missing });
  const units = new Set(found.map((r) => r.jrg ?? `parcel:${r.id}`)).size;
  return { ids: ids.sort(), units };
}

async function areaOf(db: Queryable, item: Record<string, unknown>, at: string, maxSheets: number) {
  const given = { bbox: item.bbox, polygon: item.polygon, sheets: item.sheets, crs: item.crs };
  if (given.bbox === undefined && given.polygon === undefined && given.sheets === undefined) throw bad(`${at}: give the area as bbox, polygon or sheets`, at);
  try {
    const a = await resolveArea(db, given, maxSheets);
    return { areaKm2: a.areaKm2, ...(a.kind === 'bbox' ? { bbox: (Array.isArray(given.bbox) ? given.bbox : String(given.bbox).split(',')).map(Number) } : {}), ...(a.kind === 'polygon' ? { polygon: given.polygon } : {}),
      ...(a.sheets ? { sheets: a.sheets } : {}), ...(typeof given.crs === 'string' ? { crs: given.crs } : {}) };
  } catch (e) {
    if (e instanceof HttpProblem) throw new HttpProblem(e.status, e.title, `${at}: ${e.detail}`, { ...e.extra, parameter: at });
    throw e;
  }
}

/**
 * Parses and resolves a basket body `{"items":[…]}`; throws a 400 problem naming the item at fault. A caller not
 * entitled to owners' data (catalog/roles.ts PERSONAL_DATA_ROLES) who asks for a `wypis` gets — and is charged for —
 * the wypis without personal data (table 11 has a row for it); the line says so.
 */
export async function resolveBasket(db: Queryable, body: unknown, maxSheets: number, personalData: boolean): Promise<ResolvedItem[]> {
  if (!isObject(body) || !Array.isArray(body.items)) throw bad('The body must be a JSON object {"items":[…]}', 'items');
  if (body.items.length === 0) throw bad('items: give at least one item', 'items');
  if (body.items.length > MAX_ITEMS) throw bad(`items: at most ${MAX_ITEMS}`, 'items');
  const out: ResolvedItem[] = [];
  for (const [i, raw] of body.items.entries()) {
    const at = `items[${i}]`;
    if (!isObject(raw)) throw bad(`${at} must be an object`, at);
    const material = raw.material;
    if (typeof material !== 'string' || !(ORDERABLE as readonly string[]).includes(material)) {
      throw bad(`${at}.material must be one of ${ORDERABLE.join(', ')}`, `${at}.material`);
    }
    const m = (material === 'wypis' && !personalData ? 'wypis_bez_danych' : material) as Material;
    const postac = postacOf(raw.postac, at);
    if (PARCEL_MATERIALS.includes(m)) {
      const { ids: parcels, units } = await parcelsOf(db, raw.parcels, at);
      out.push({ material: m, postac, parcels, basket: { material: m, postac, quantity: units, subject: parcels.join(', ') } });
    } else if (m === 'sheet') {
      if (raw.sheets === undefined) throw bad(`${at}.sheets: give the sheet names (godło)`, `${at}.sheets`);
      let sheets: string[];
      try { sheets = [...new Set(parseSheetList(raw.sheets, maxSheets).map((s) => s.godlo))].sort(); } catch (e) {
        if (e instanceof HttpProblem) throw new HttpProblem(e.status, e.title, `${at}.${e.detail}`, { ...e.extra, parameter: `${at}.sheets` });
        throw e;
      }
      if (postac !== 'elektroniczna') throw bad(`${at}.postac: sheets are handed out as files only (elektroniczna)`, `${at}.postac`);
      const format = formatOf(raw.format, SHEET_RELEASE_FORMATS, at);
      out.push({ material: m, postac, sheets, format, basket: { material: m, postac, quantity: sheets.length, subject: sheets.join(', ') } });
    } else if (m === 'extract') {
      const dataset = raw.dataset;
      if (typeof dataset !== 'string' || !(dataset in EXTRACT_DATASETS)) throw bad(`${at}.dataset must be one of ${Object.keys(EXTRACT_DATASETS).join(', ')}`, `${at}.dataset`);
      if (!orderable(dataset as ExtractDataset)) {
        throw new HttpProblem(422, 'Unprocessable Content', `${at}.dataset: the ${dataset} data set is not released by this service yet; order it at the office`,
          { parameter: `${at}.dataset` });
      }
      const area = await areaOf(db, raw, at, maxSheets);
      const format = formatOf(raw.format, EXTRACT_RELEASE_FORMATS, at);
      const ha = Math.ceil(area.areaKm2 * 100 - 1e-9);
      out.push({ material: m, postac, dataset: dataset as ExtractDataset, area, format, basket: { material: m, postac, dataset: dataset as ExtractDataset, quantity: Math.max(1, ha), subject: `${dataset}, ${(area.areaKm2 * 100).toFixed(4)} ha` } });
    } else {
      const area = await areaOf(db, raw, at, maxSheets);
      const km2 = Math.round(area.areaKm2 * 1e6) / 1e6;
      out.push({ material: m, postac, area, basket: { material: m, postac, quantity: km2 > 0 ? km2 : 1e-6, subject: `${km2} km²` } });
    }
  }
  return out;
}
