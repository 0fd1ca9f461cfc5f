// The network branches (branże) of GESUT as the coordination check knows them: the one-letter codes of the 2021
// GESUT data model (Rozporządzenie MRPiT z 2021 r. w sprawie GESUT, annex 1: GES_PrzewodWodociagowy … 
// GES_PrzewodNiezidentyfikowany; see docs/model-2021.md) and every spelling a designer or the register may use for
// them: the code itself, the branch adjective the register stored before the 2021 model ("wodociągowa",
// "deszczowa"), the noun ("wodociąg", "gaz"), with or without Polish diacritics, in any case. Pure: no I/O.

/** GESUT branch codes (2021 model). */
export type Branza = 'w' | 'k' | 'e' | 'g' | 'c' | 't' | 's' | 'x';

export const BRANZE: readonly { code: Branza; pl: string; en: string }[] = [
  { code: 'w', pl: 'wodociągowa', en: 'water supply' },
  { code: 'k', pl: 'kanalizacyjna', en: 'sewerage' },
  { code: 'e', pl: 'elektroenergetyczna', en: 'power' },
  { code: 'g', pl: 'gazowa', en: 'gas' },
  { code: 'c', pl: 'ciepłownicza', en: 'district heating' },
  { code: 't', pl: 'telekomunikacyjna', en: 'telecommunications' },
  { code: 's', pl: 'specjalna', en: 'special' },
  { code: 'x', pl: 'niezidentyfikowana', en: 'unidentified' },
];

/** Lower case without Polish diacritics, spaces, hyphens and underscores folded: "Sieć Ciepłownicza" → "siec cieplownicza". */
function fold(text: string): string {
  return text.trim().toLowerCase()
    .replace(/[ąćęłńóśźż]/g, (c) => ({ ą: 'a', ć: 'c', ę: 'e', ł: 'l', ń: 'n', ó: 'o', ś: 's', ź: 'z', ż: 'z' } as Record<string, string>)[c]!)
    .replace(/[\s_-]+/g, ' ');
}

/** Every accepted word (folded) → its code. The register's pre-2021 values are here too (deszczowa and inna included). */
const WORDS: Readonly<Record<string, Branza>> = {
  wodociagowa: 'w', wodociagowy: 'w', wodociagowe: 'w', wodociag: 'w', woda: 'w', wodna: 'w', wod: 'w',
  kanalizacyjna: 'k', kanalizacyjny: 'k', kanalizacyjne: 'k', kanalizacja: 'k', kan: 'k', sanitarna: 'k', 'kanalizacja sanitarna': 'k',
  deszczowa: 'k', deszczowe: 'k', 'kanalizacja deszczowa': 'k', ogolnosplawna: 'k', 'kanalizacja ogolnosplawna': 'k',
  elektroenergetyczna: 'e', elektroenergetyczny: 'e', elektroenergetyczne: 'e', energetyczna: 'e', elektryczna: 'e', energetyka: 'e', elektro: 'e', kabel: 'e',
  gazowa: 'g', gazowy: 'g', gazowe: 'g', gazociag: 'g', gaz: 'g',
  cieplownicza: 'c', cieplowniczy: 'c', cieplownicze: 'c', cieplownictwo: 'c', ciepl: 'c', cieplo: 'c',
  telekomunikacyjna: 't', telekomunikacyjny: 't', telekomunikacyjne: 't', telekomunikacja: 't', teletechniczna: 't', tele: 't',
  specjalna: 's', specjalny: 's', specjalne: 's',
  niezidentyfikowana: 'x', niezidentyfikowany: 'x', niezidentyfikowane: 'x', inna: 'x', inny: 'x', inne: 'x', nieznana: 'x',
};

/**
 * The branch code of a value: a code (w, k, e, g, c, t, s, x), a Polish branch name ("gazowa", "Sieć gazowa",
 * "kanalizacja deszczowa", "wodociąg"), case and diacritics aside. Undefined when it names no branch.
 */
export function normaliseBranza(value: unknown): Branza | undefined {
  if (typeof value !== 'string' || value.length > 60) return undefined;
  let v = fold(value);
  if (/^[wkegctsx]$/.test(v)) return v as Branza;
  v = v.replace(/^(siec|sieci|przewod|przewody|linia|linie)\s+/, '');
  return WORDS[v];
}

/** The Polish name of a branch code. */
export function branzaName(code: Branza): string {
  return BRANZE.find((b) => b.code === code)!.pl;
}
