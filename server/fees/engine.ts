// The fee engine: a basket of materials → the fee of each line and the total, by the tariff (tariff.ts). Pure: no
// I/O, no clock; the caller resolves what needs the database (how many registration units, how many hectares) and
// passes quantities. Every line explains itself: the tariff row, its legal basis, the rate, the units, the
// coefficients and the rounding — or, for a free material, the provision that makes it free.
//
// The formula is the annex's: Wop = Sp × Ljr × K (stawka podstawowa × liczba jednostek rozliczeniowych × the product
// of the correcting coefficients), then rounded as ROUNDING says, then raised to the row's minimum when it has one.
// Amounts are computed in grosze (integers) so that a basket's total is the exact sum of its lines.
import { EXTRACT_DATASETS, ROUNDING, TARIFF, TARIFF_VERSION, type ExtractDataset, type Material, type Postac, type TariffRow } from './tariff.ts';

/** A correcting coefficient (współczynnik korygujący K) with the provision that sets it. */
export interface Coefficient { name: string; value: number; basis: string }

export interface BasketItem {
  material: Material;
  /** Liczba jednostek rozliczeniowych (registration units, sheets, hectares …), > 0. */
  quantity: number;
  /** Electronic by default (the portals hand out files). */
  postac?: Postac;
  /** For material "extract": which data set. */
  dataset?: ExtractDataset;
  coefficients?: readonly Coefficient[];
  /** What the line is about, for the reader (parcel ids, sheet names …). */
  subject?: string;
}

export interface QuoteLine {
  material: Material;
  tariffRow: string;
  nazwa: string;
  jednostka: string;
  quantity: number;
  /** Sp in PLN. */
  rate: number;
  coefficients: readonly Coefficient[];
  /** The fee of the line in PLN after rounding and minimum. */
  amount: number;
  amountGr: number;
  /** The provision, in one line: act, table/article, version. */
  legalBasis: string;
  /** Set for a free material: why it is free. */
  free?: string;
  /** How the amount came about, in words (Polish). */
  explanation: string;
  verified: boolean;
  subject?: string;
}

export interface Quote { tariffVersion: string; total: number; totalGr: number; lines: QuoteLine[] }

export class FeeError extends Error {
  constructor(message: string, readonly item: number) { super(message); this.name = 'FeeError'; }
}

/** The tariff row an item is charged by. */
export function rowFor(item: BasketItem, tariff: readonly TariffRow[] = TARIFF): TariffRow | undefined {
  if (item.material === 'extract') {
    const id = item.dataset ? EXTRACT_DATASETS[item.dataset] : undefined;
    return id ? tariff.find((r) => r.id === id) : undefined;
  }
  const postac = item.postac ?? 'elektroniczna';
  return tariff.find((r) => r.material === item.material && (r.postac === postac || r.postac === null))
    ?? tariff.find((r) => r.material === item.material && r.stawkaGr === 0);
}

/** Rounds grosze to the step (10 gr: under 5 gr dropped, 5 gr and more raised to the next full ten). */
export function roundFee(grosze: number, stepGr: number = ROUNDING.stepGr): number {
  const g = Math.round(grosze + 1e-9); // whole grosze first (a product of decimals may land a hair below)
  return Math.floor((g + stepGr / 2) / stepGr) * stepGr;
}

const pln = (gr: number): number => Math.round(gr) / 100;
const fmt = (gr: number): string => (gr / 100).toFixed(2).replace('.', ',') + ' zł';

export function basisText(row: TariffRow): string {
  const b = row.legalBasis;
  return `${b.act}, ${b.provision} (wersja od ${b.version})`;
}

/** Computes a basket. Throws FeeError (with the item's index) for an item the tariff has no row for. */
export function quote(items: readonly BasketItem[], tariff: readonly TariffRow[] = TARIFF): Quote {
  const lines = items.map((item, i): QuoteLine => {
    if (!(Number.isFinite(item.quantity) && item.quantity > 0)) throw new FeeError('quantity must be a positive number', i);
    const row = rowFor(item, tariff);
    if (!row) throw new FeeError(`no tariff row for material ${item.material}${item.dataset ? ` (${item.dataset})` : ''}${item.postac ? ` in form ${item.postac}` : ''}`, i);
    const coefficients = item.coefficients ?? [];
    for (const k of coefficients) if (!(Number.isFinite(k.value) && k.value >= 0)) throw new FeeError(`coefficient ${k.name} must be a non-negative number`, i);
    const base = { material: item.material, tariffRow: row.id, nazwa: row.nazwa, jednostka: row.jednostka, quantity: item.quantity, rate: pln(row.stawkaGr), coefficients, legalBasis: basisText(row), verified: row.verified, ...(item.subject ? { subject: item.subject } : {}) };
    if (row.stawkaGr === 0) {
      return { ...base, amount: 0, amountGr: 0, free: row.zwolnienie ?? 'bez opłaty', explanation: row.zwolnienie ?? 'bez opłaty' };
    }
    const k = coefficients.reduce((p, c) => p * c.value, 1);
    const raw = row.stawkaGr * item.quantity * k;
    const rounded = roundFee(raw);
    const amountGr = row.minimumGr !== undefined && rounded < row.minimumGr ? row.minimumGr : rounded;
    const kText = coefficients.map((c) => ` × ${c.name} ${String(c.value).replace('.', ',')}`).join('');
    let explanation = `${fmt(row.stawkaGr)} × ${String(item.quantity).replace('.', ',')} (${row.jednostka})${kText} = ${fmt(raw)}`;
    if (rounded !== Math.round(raw)) explanation += `, po zaokrągleniu ${fmt(rounded)}`;
    if (amountGr !== rounded) explanation += `, opłata minimalna ${fmt(amountGr)}`;
    return { ...base, amount: pln(amountGr), amountGr, explanation };
  });
  const totalGr = lines.reduce((s, l) => s + l.amountGr, 0);
  return { tariffVersion: TARIFF_VERSION, total: pln(totalGr), totalGr, lines };
}
