// Attribute values as people read them, the same in the map's info panels and the 3D view: numbers with the
// attribute's declared precision and the page's decimal separator (0,1750 ha), codes with their names from the
// code lists ("110 – Budynki mieszkalne", "B – Tereny mieszkaniowe"), dates as dates.
import { CODE_LISTS, codeWithName } from '../../../server/domain/code-lists.ts';
import { decimalsOf } from '../../../server/domain/precision.ts';

/** Name attributes the catalogue computes beside a code: the info panels show the code with its name instead. */
export const NAME_ATTRIBUTES: ReadonlySet<string> = new Set(['nazwaRodzajuWgKST', 'nazwaOFU', 'nazwaBranzy', 'nazwaFunkcji']);

/** Attributes holding KŚT codes under another name (planned buildings' funkcja). */
const CODE_ALIASES: Readonly<Record<string, string>> = { funkcja: 'rodzajWgKST' };

export function formatValue(attribute: string, v: unknown, lang: 'pl' | 'en', layer?: string): string {
  if (v === null || v === undefined || v === '') return '–';
  if (typeof v === 'number') {
    const digits = decimalsOf(attribute, v);
    return v.toLocaleString(lang === 'pl' ? 'pl-PL' : 'en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  }
  if (typeof v === 'boolean') return v ? (lang === 'pl' ? 'tak' : 'yes') : (lang === 'pl' ? 'nie' : 'no');
  if (typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v)) return v.slice(0, 10);
  const listName = CODE_LISTS[attribute] ? attribute : layer === 'sip:budynki_projektowane' ? CODE_ALIASES[attribute] : undefined;
  if (typeof v === 'string' && listName) return codeWithName(CODE_LISTS[listName]!, v, lang);
  return String(v);
}
