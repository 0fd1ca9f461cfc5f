// Official identifiers of the Polish registers: their forms and check digits.

/** Obręb: TERYT of the cadastral unit and the district number, e.g. 306401_1.0001. */
export const ID_OBREBU = /^\d{6}_\d\.\d{4}$/;
/** Parcel: idObrebu.number[/subnumber], e.g. 306401_1.0001.123/4. */
export const ID_DZIALKI = /^(\d{6}_\d\.\d{4})\.([1-9]\d*(?:\/[1-9]\d*)?)$/;
/** Building (2021 regulation): idDzialki.building number, e.g. 306401_1.0001.123/4.1. */
export const ID_BUDYNKU = /^(\d{6}_\d\.\d{4}\.[1-9]\d*(?:\/[1-9]\d*)?)\.([1-9]\d*)$/;
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
