// Identifiers with check digits: PESEL, REGON, land-register (KW) numbers.
// Numbers are drawn bijectively from counters, so they never repeat in a data set; the check digits are the
// service's own (server/domain/identifiers.ts), so generator and validators cannot disagree.
import { kwCheckDigit, peselCheckDigit, regonCheckDigit } from '../../server/domain/identifiers.ts';

/** Days from 1940-01-01 to 2000-12-31 inclusive. */
const DAY0 = Date.UTC(1940, 0, 1);
const DAYS = Math.round((Date.UTC(2000, 11, 31) - DAY0) / 86400000) + 1;
const PESEL_SPACE = DAYS * 5000; // per sex: 1000 serials × 5 sex digits of one parity
const PESEL_STEP = 104729; // prime, coprime with PESEL_SPACE

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

/**
 * The n-th PESEL of a sex: birth date 1940–2000, sex digit odd for men, valid check digit.
 * offset (from the seed) varies the sequence between runs.
 */
export function pesel(n: number, male: boolean, offset: number): { pesel: string; born: Date } {
  const idx = Number((BigInt(n) * BigInt(PESEL_STEP) + BigInt(offset)) % BigInt(PESEL_SPACE));
  const day = Math.floor(idx / 5000);
  const rem = idx % 5000;
  const serial = Math.floor(rem / 5);
  const sexDigit = (rem % 5) * 2 + (male ? 1 : 0);
  const born = new Date(DAY0 + day * 86400000);
  const y = born.getUTCFullYear();
  const mo = born.getUTCMonth() + 1 + (y >= 2000 ? 20 : 0);
  const body = pad(y % 100, 2) + pad(mo, 2) + pad(born.getUTCDate(), 2) + pad(serial, 3) + String(sexDigit);
  return { pesel: body + String(peselCheckDigit(body)), born };
}

/** 9-digit REGON with a Wielkopolska prefix (30 / 63) and a valid check digit. */
export function regon(n: number, offset: number): string {
  const idx = Number((BigInt(n) * 7919n + BigInt(offset)) % 2000000n);
  const prefix = idx < 1000000 ? '30' : '63';
  const body = prefix + pad(idx % 1000000, 6);
  return body + String(regonCheckDigit(body));
}

/** The n-th land-register number of the Poznań district court (PO1P). */
export function kwNumber(n: number, offset: number): string {
  const v = Number((BigInt(n) * 7368787n + BigInt(offset)) % 100000000n);
  const digits = pad(v, 8);
  return `PO1P/${digits}/${kwCheckDigit('PO1P', digits)}`;
}
