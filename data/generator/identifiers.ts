// Identifiers with check digits: PESEL, REGON, land-register (KW) numbers.
// Numbers are drawn bijectively from counters, so they never repeat in a data set.

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
  const w = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];
  let s = 0;
  for (let i = 0; i < 10; i++) s += Number(body[i]) * (w[i] as number);
  return { pesel: body + String((10 - (s % 10)) % 10), born };
}

/** 9-digit REGON with a Wielkopolska prefix (30 / 63) and a valid check digit. */
export function regon(n: number, offset: number): string {
  const idx = Number((BigInt(n) * 7919n + BigInt(offset)) % 2000000n);
  const prefix = idx < 1000000 ? '30' : '63';
  const body = prefix + pad(idx % 1000000, 6);
  const w = [8, 9, 2, 3, 4, 5, 6, 7];
  let s = 0;
  for (let i = 0; i < 8; i++) s += Number(body[i]) * (w[i] as number);
  const c = s % 11;
  return body + String(c === 10 ? 0 : c);
}

const KW_VALUES: Record<string, number> = {
  X: 10, A: 11, B: 12, C: 13, D: 14, E: 15, F: 16, G: 17, H: 18, I: 19, J: 20, K: 21, L: 22, M: 23, N: 24,
  O: 25, P: 26, R: 27, S: 28, T: 29, U: 30, W: 31, Y: 32, Z: 33,
};

/** Check digit of a land-register number: court code + 8 digits, weights 1,3,7 repeated, mod 10. */
export function kwCheck(court: string, digits: string): number {
  const chars = (court + digits).split('');
  const w = [1, 3, 7];
  let s = 0;
  chars.forEach((ch, i) => {
    const v = /[0-9]/.test(ch) ? Number(ch) : KW_VALUES[ch];
    if (v === undefined) throw new Error(`bad KW character ${ch}`);
    s += v * (w[i % 3] as number);
  });
  return s % 10;
}

/** The n-th land-register number of the Poznań district court (PO1P). */
export function kwNumber(n: number, offset: number): string {
  const v = Number((BigInt(n) * 7368787n + BigInt(offset)) % 100000000n);
  const digits = pad(v, 8);
  return `PO1P/${digits}/${kwCheck('PO1P', digits)}`;
}
