// Amounts in Polish words, as a payment document writes them ("słownie"): the złoty and grosz parts in words with
// the right plural forms (1 złoty, 2–4 złote, 5–21 złotych, 22–24 złote …; the same pattern for tysiąc, milion,
// grosz). Up to 999 999 999,99 zł.
const ONES = ['', 'jeden', 'dwa', 'trzy', 'cztery', 'pięć', 'sześć', 'siedem', 'osiem', 'dziewięć'];
const TEENS = ['dziesięć', 'jedenaście', 'dwanaście', 'trzynaście', 'czternaście', 'piętnaście', 'szesnaście', 'siedemnaście', 'osiemnaście', 'dziewiętnaście'];
const TENS = ['', '', 'dwadzieścia', 'trzydzieści', 'czterdzieści', 'pięćdziesiąt', 'sześćdziesiąt', 'siedemdziesiąt', 'osiemdziesiąt', 'dziewięćdziesiąt'];
const HUNDREDS = ['', 'sto', 'dwieście', 'trzysta', 'czterysta', 'pięćset', 'sześćset', 'siedemset', 'osiemset', 'dziewięćset'];

/** The plural form of a noun after n: [1, 2–4 (not 12–14), other]. */
export function pluralPl(n: number, forms: readonly [string, string, string]): string {
  if (n === 1) return forms[0];
  const last = n % 10, lastTwo = n % 100;
  if (last >= 2 && last <= 4 && !(lastTwo >= 12 && lastTwo <= 14)) return forms[1];
  return forms[2];
}

/** 0–999 in words ('' for 0). */
function triple(n: number): string {
  const h = Math.floor(n / 100), t = Math.floor((n % 100) / 10), o = n % 10;
  const parts = [HUNDREDS[h]!];
  if (t === 1) parts.push(TEENS[o]!);
  else parts.push(TENS[t]!, ONES[o]!);
  return parts.filter(Boolean).join(' ');
}

const SCALES: readonly (readonly [string, string, string])[] = [['', '', ''], ['tysiąc', 'tysiące', 'tysięcy'], ['milion', 'miliony', 'milionów']];

/** A whole number 0 … 999 999 999 in Polish words. */
export function numberToWordsPl(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 999_999_999) throw new RangeError(`numberToWordsPl: ${n} is out of range`);
  if (n === 0) return 'zero';
  const out: string[] = [];
  for (let s = 2; s >= 0; s--) {
    const part = Math.floor(n / 1000 ** s) % 1000;
    if (part === 0) continue;
    // "tysiąc", not "jeden tysiąc"; "milion", not "jeden milion".
    if (s > 0 && part === 1) out.push(SCALES[s]![0]);
    else out.push(triple(part), ...(s > 0 ? [pluralPl(part, SCALES[s]!)] : []));
  }
  return out.join(' ');
}

/** An amount in grosze in words: "sto dwadzieścia dziewięć złotych zero groszy". */
export function amountInWordsPl(grosze: number): string {
  if (!Number.isInteger(grosze) || grosze < 0) throw new RangeError(`amountInWordsPl: ${grosze} is not a whole number of grosze`);
  const zl = Math.floor(grosze / 100), gr = grosze % 100;
  return `${numberToWordsPl(zl)} ${pluralPl(zl, ['złoty', 'złote', 'złotych'])} ${numberToWordsPl(gr)} ${pluralPl(gr, ['grosz', 'grosze', 'groszy'])}`;
}

/** An amount in grosze as Polish documents print it: "1 234,50 zł" (a non-breaking space between thousands). */
export function formatPln(grosze: number): string {
  const zl = Math.floor(grosze / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  return `${zl},${String(grosze % 100).padStart(2, '0')} zł`;
}
