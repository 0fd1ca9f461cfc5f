// The order basket as the quote and order APIs take it (pure: no DOM, no page state, so the unit tests import it):
// the parcel documents for the chosen parcels, and the area materials for the drawn polygon or the selected sheets.
// Base-map sheets are ordered by sheet only, so a drawn polygon offers the data sets but not the sheet item.
const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';

export type BasketArea = { kind: 'polygon'; polygon: unknown } | { kind: 'sheets'; sheets: string[] };

/** The basket's items, in the order: parcel documents first, then the area materials as ticked. */
export function basketItems(parcels: readonly string[], parcelMaterials: ReadonlySet<string>, paper: boolean,
  area: BasketArea | undefined, areaMaterials: ReadonlySet<string>): Record<string, unknown>[] {
  const items: Record<string, unknown>[] = [];
  if (parcels.length) {
    for (const m of ['wypis', 'wyrys', 'wypis_wyrys', 'wypis_budynki']) {
      if (parcelMaterials.has(m)) items.push({ material: m, parcels: [...parcels], postac: paper ? 'nieelektroniczna' : 'elektroniczna' });
    }
  }
  if (area) {
    const where = area.kind === 'polygon' ? { polygon: area.polygon, crs: CRS84 } : { sheets: area.sheets };
    for (const m of areaMaterials) {
      if (m === 'sheet') { if (area.kind === 'sheets') items.push({ material: 'sheet', sheets: area.sheets }); continue; }
      if (m.startsWith('extract:')) items.push({ material: 'extract', dataset: m.slice('extract:'.length), ...where });
      else items.push({ material: m, ...where });
    }
  }
  return items;
}

