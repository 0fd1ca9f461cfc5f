// What a direct download hands out under the terms of catalog/terms.ts (issue 17 item 7, "honest defaults"): the
// one rule every download surface asks — WFS GetFeature/GetPropertyValue, OGC API items, /api/extract(s) and their
// jobs, map sheets. The view surfaces (WMS, tiles, search, info panels, 3D) never ask: viewing is free by law.
//
// With DOWNLOAD_TERMS=tariff (the law, the default) a caller who is not the office's staff gets a free material whole,
// the free part of a partly free material (a parcel's identifiers and geometry: art. 40a ust. 2 pkt 1 lit. i–j
// Pgik via tariff row ZW.egib_podstawowe) and nothing of a charged one: that is handed out only through an order
// with its fee document and licence (art. 40a ust. 1, art. 40c Pgik). The staff keep the resource (art. 22 ust. 2)
// and get everything. DOWNLOAD_TERMS=open is for a deployment whose data are not materials of the resource (the
// synthetic sample data): everything is handed out as free.
//
// The free part is applied as a narrower layer: the charged attributes are left out of the layer's attribute list,
// so everything downstream (property selection, filters, sorting, the writers, DescribeFeatureType) sees them as it
// sees an attribute hidden by role — as if they did not exist.
import type { Layer } from './types.ts';
import type { Role } from './roles.ts';
import { isOfficeStaff } from './roles.ts';
import { LAYER_TERMS, termsOf, type MaterialTerms, type TermsId } from './terms.ts';
import { EXTRACT_DATASETS, tariffRow } from '../fees/tariff.ts';
import { ServiceError } from '../errors/service-error.ts';

export const DOWNLOAD_TERMS_SETTINGS = ['tariff', 'open'] as const;
export type DownloadTermsSetting = (typeof DOWNLOAD_TERMS_SETTINGS)[number];

/** What a download of a material may hand out to a caller. */
export type DownloadAccess =
  | { kind: 'whole' }
  | { kind: 'free-part'; attributes: readonly string[]; charged: MaterialTerms }
  /** `charged` is absent for a layer the terms table does not classify (only a test's own catalogue has one). */
  | { kind: 'refused'; charged?: MaterialTerms };

/** A layer by its type name, or a material that is no layer (a base-map sheet). */
export type DownloadSubject = { layer: string } | { material: TermsId };

/** THE rule: whole, only the free attributes, or refused. */
export function downloadAccess(subject: DownloadSubject, role: Role, setting: DownloadTermsSetting): DownloadAccess {
  if (setting === 'open' || isOfficeStaff(role)) return { kind: 'whole' };
  const classified = 'layer' in subject
    ? (LAYER_TERMS as Readonly<Record<string, { terms: TermsId; free?: { terms: TermsId; attributes: readonly string[] } }>>)[subject.layer]
    : { terms: subject.material };
  if (!classified) return { kind: 'refused' };
  const terms = termsOf(classified.terms);
  if (terms.fee === 'free') return { kind: 'whole' };
  if (classified.free && termsOf(classified.free.terms).fee === 'free') return { kind: 'free-part', attributes: classified.free.attributes, charged: terms };
  return { kind: 'refused', charged: terms };
}

/** The order item that buys a charged material (POST /api/orders), for the refusal's text. */
function orderItem(charged: MaterialTerms): string {
  if (charged.id === 'mapa_zasadnicza') return '{"material": "sheet", "sheets": ["<godło>"]}';
  const dataset = (Object.keys(EXTRACT_DATASETS) as (keyof typeof EXTRACT_DATASETS)[]).find((d) => d === charged.id) ?? 'egib';
  return `{"material": "extract", "dataset": "${dataset}", "area": {…}}`;
}

/**
 * The refusal of a charged material: 403 AccessDenied, rendered in the protocol's own format (an OWS exception report
 * for WFS, a JSON problem for OGC API and /api) by http/errors.ts. It says why and how to get the material.
 */
export function chargedMaterial(name: string, charged: MaterialTerms | undefined, locator: string): ServiceError {
  if (!charged) {
    return new ServiceError(`${name} is not classified in the terms of this service and is not handed out for download; see GET /api/terms`, {
      status: 403, code: 'AccessDenied', locator, extra: { parameter: locator, termsUrl: '/api/terms' },
      pl: `${name} nie jest sklasyfikowana w warunkach udostępniania i nie jest udostępniana do pobrania; zob. GET /api/terms`,
    });
  }
  const row = charged.tariffRow ? tariffRow(charged.tariffRow) : undefined;
  const item = orderItem(charged);
  return new ServiceError(
    `${name} is charged by the tariff (${charged.nazwa.en}${row ? `; tariff row ${row.id}, ${row.legalBasis.provision}` : ''}) and is handed out only through an order with its fee document (DOO) and licence: `
      + `POST /api/orders with the item ${item} (or the portals' Order tool). Viewing it (WMS, tiles) is free. The terms of every layer: GET /api/terms.`,
    {
      status: 403, code: 'AccessDenied', locator,
      extra: { parameter: locator, terms: charged.id, tariffRow: charged.tariffRow ?? null, order: '/api/orders', orderItem: item, termsUrl: '/api/terms' },
      pl: `${name} jest odpłatna według taryfy (${charged.nazwa.pl}) i udostępniana wyłącznie przez zamówienie z Dokumentem Obliczenia Opłaty i licencją: `
        + `POST /api/orders z pozycją ${item} (albo narzędzie Zamów w portalach). Przeglądanie (WMS, kafle) jest bezpłatne. Warunki wszystkich warstw: GET /api/terms.`,
    });
}

const narrowed = new WeakMap<Layer, Layer>();

/** The layer with only the attributes of its free part (one object per layer, so that identity comparisons hold). */
function freePartOf(layer: Layer, attributes: readonly string[]): Layer {
  let part = narrowed.get(layer);
  if (!part) {
    part = { ...layer, attributes: layer.attributes.filter((a) => attributes.includes(a.name)) };
    narrowed.set(layer, part);
  }
  return part;
}

/**
 * The layer as a download surface may hand it out to this role: itself, its free part, or a thrown refusal (its
 * `locator` is the parameter that named the layer: typeNames, collectionId, layers).
 */
export function downloadableLayer(layer: Layer, role: Role, setting: DownloadTermsSetting, locator: string): Layer {
  const access = downloadAccess({ layer: layer.typeName }, role, setting);
  switch (access.kind) {
    case 'whole': return layer;
    case 'free-part': return freePartOf(layer, access.attributes);
    case 'refused': throw chargedMaterial(layer.typeName, access.charged, locator);
  }
}

/** Refuses a material that is no layer (a base-map sheet) unless the role may download it. */
export function requireDownloadable(material: TermsId, role: Role, setting: DownloadTermsSetting, name: string, locator: string): void {
  const access = downloadAccess({ material }, role, setting);
  // A material with a free part is a layer's business; a sheet is whole or nothing.
  if (access.kind !== 'whole') throw chargedMaterial(name, access.charged, locator);
}

/**
 * The layer as its schema is described to this role (DescribeFeatureType, OGC API queryables and schema): a partly
 * free layer shows its free part, as its features will come; a refused layer is still described whole — a
 * professional sees what exists, and the refusal of its features says how to order it.
 */
export function describedLayer(layer: Layer, role: Role, setting: DownloadTermsSetting): Layer {
  const access = downloadAccess({ layer: layer.typeName }, role, setting);
  return access.kind === 'free-part' ? freePartOf(layer, access.attributes) : layer;
}
