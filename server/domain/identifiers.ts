// Official identifiers of the Polish registers: their forms and check digits.
// SQL CHECKs of the same forms: sql/009_model_2021.sql.

/** Obręb: TERYT of the cadastral unit and the district number, e.g. 306401_1.0001. */
export const ID_OBREBU = /^\d{6}_\d\.\d{4}$/;
/**
 * Parcel (EGiB regulation 2021, Dz.U. 2021 poz. 1390, annex 1: idDzialki): idObrebu[.AR_sheet].number[/subnumber],
 * both official forms: 306401_1.0005.797 and, in districts kept on map sheets, 306401_1.0061.AR_13.33/1.
 * Groups: 1 idObrebu, 2 sheet number (or undefined), 3 parcel number.
 */
export const ID_DZIALKI = /^(\d{6}_\d\.\d{4})(?:\.AR_([1-9]\d*))?\.([1-9]\d*(?:\/[1-9]\d*)?)$/;
/**
 * Building (same annex: idBudynku): idDzialki.building number_BUD, e.g. 306401_1.0005.797.1_BUD or
 * 306401_1.0061.AR_13.33/1.2_BUD. Groups: 1 idDzialki, 2 building number.
 */
export const ID_BUDYNKU = /^(\d{6}_\d\.\d{4}(?:\.AR_[1-9]\d*)?\.[1-9]\d*(?:\/[1-9]\d*)?)\.([1-9]\d*)_BUD$/;
/** Land register (księga wieczysta): court code / 8 digits / check digit, e.g. PO1P/00012345/6. */
export const NUMER_KW = /^([A-Z]{2}\d[A-Z])\/(\d{8})\/(\d)$/;

const KW_VALUES: Record<string, number> = Object.fromEntries(
  [...'0123456789X'].map((c, i) => [c, i]).concat([...'ABCDEFGHIJKLMNOPRSTUWYZ'].map((c, i) => [c, 11 + i])),
);

/** Check digit of a land-register number from its court code and 8-digit number (weights 1, 3, 7). */
export function kwCheckDigit(court: string, number: string): number {
  const chars = [...(court + number)];
  if (chars.length !== 12) throw new Error('court code and number must have 12 characters');
  const weights = [1, 3, 7];
  return chars.reduce((sum, c, i) => {
    const v = KW_VALUES[c];
    if (v === undefined) throw new Error(`character ${c} not allowed in a land-register number`);
    return sum + v * weights[i % 3]!;
  }, 0) % 10;
}

export function isValidNumerKW(kw: string): boolean {
  const m = NUMER_KW.exec(kw);
  return !!m && kwCheckDigit(m[1]!, m[2]!) === Number(m[3]);
}

/** PESEL: 11 digits, the last a check digit with weights 1,3,7,9 repeated. */
export function peselCheckDigit(first10: string): number {
  const weights = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];
  const sum = [...first10].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  return (10 - (sum % 10)) % 10;
}

export function isValidPesel(pesel: string): boolean {
  return /^\d{11}$/.test(pesel) && peselCheckDigit(pesel.slice(0, 10)) === Number(pesel[10]);
}

/** REGON: 9 digits (weights 8,9,2,3,4,5,6,7) or 14 digits (2,4,8,5,0,9,7,3,6,1,2,4,8); check digit mod 11, 10 → 0. */
export function regonCheckDigit(body: string): number {
  const weights = body.length === 8 ? [8, 9, 2, 3, 4, 5, 6, 7] : [2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8];
  const sum = [...body].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  return (sum % 11) % 10;
}

export function isValidRegon(regon: string): boolean {
  return /^(\d{9}|\d{14})$/.test(regon) && regonCheckDigit(regon.slice(0, -1)) === Number(regon.at(-1));
}

/**
 * NIP (numer identyfikacji podatkowej, ustawa z 13 października 1995 r. o zasadach ewidencji i identyfikacji
 * podatników i płatników): 10 digits, the last a check digit: weights 6,5,7,2,3,4,5,6,7, sum mod 11; a sum giving 10
 * is never issued (nor is 0000000000). The checksum rule is the one the Ministry of Finance publishes (regulation text not checked here).
 */
export function nipCheckDigit(first9: string): number {
  const weights = [6, 5, 7, 2, 3, 4, 5, 6, 7];
  return [...first9].reduce((s, d, i) => s + Number(d) * weights[i]!, 0) % 11;
}

export function isValidNip(nip: string): boolean {
  if (!/^\d{10}$/.test(nip) || /^0+$/.test(nip)) return false;
  const check = nipCheckDigit(nip.slice(0, 9));
  return check !== 10 && check === Number(nip[9]);
}

/** The parts of a parcel identifier: district, sheet (AR_n, when the district is kept on sheets) and number. */
export interface ParcelIdParts { idObrebu: string; arkusz: string | null; numer: string }

export function parseIdDzialki(id: string): ParcelIdParts | undefined {
  const m = ID_DZIALKI.exec(id);
  return m ? { idObrebu: m[1]!, arkusz: m[2] ?? null, numer: m[3]! } : undefined;
}

/** idDzialki from its parts (the inverse of parseIdDzialki). */
export function formatIdDzialki(p: ParcelIdParts): string {
  return `${p.idObrebu}${p.arkusz ? `.AR_${p.arkusz}` : ''}.${p.numer}`;
}
