// The professional licences and offices a person states when applying for an entitled portal role, and the shapes
// we accept for them. Pure. The shapes are deliberately loose where the registers' numbering varies over the
// decades (a real licence must never be refused), and tight where a typo is likely (digits only, a check digit):
// - geodeta: uprawnienia zawodowe w dziedzinie geodezji i kartografii, nadawane przez Głównego Geodetę Kraju
//   (ustawa Prawo geodezyjne i kartograficzne, art. 43–44); the central register numbers them with plain integers
//   (e.g. 21345): 1–6 digits, not all zeros;
// - rzeczoznawca majątkowy: uprawnienia nadawane przez ministra właściwego do spraw budownictwa (ustawa o gospodarce
//   nieruchomościami, art. 174 and the central register of art. 191 — article numbers unverified); plain integers
//   in the register (e.g. 5641): 1–6 digits, not all zeros;
// - projektant: uprawnienia budowlane (ustawa Prawo budowlane, art. 12 and 14); since 2002 the chambers of civil
//   engineers write them like WKP/0123/PWOK/12 (region, number, speciality, year), older decisions of the voivodes
//   like UAN-II-8386/15/80 or St-361/90: 3–40 characters of letters, digits, '/', '-', '.' and spaces, at least one
//   digit;
// - komornik sądowy: acts at a district court and keeps a kancelaria (ustawa z 22 marca 2018 r. o komornikach
//   sądowych, art. 3 — article number unverified): the court must name a "Sąd Rejonowy …" and the office must carry
//   its number ("Kancelaria Komornicza nr 5 w Poznaniu");
// - branżysta (gestor sieci): the company's name and its NIP or REGON, both checked by their check digits
//   (identifiers.ts).
import { isValidNip, isValidRegon } from './identifiers.ts';

/** Whitespace collapsed and trimmed (what a person pastes from a document). */
export function tidy(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

/** A licence number of the central registers (surveyors, appraisers): digits, "nr" and spaces dropped. */
export function normaliseRegisterNumber(value: string): string | undefined {
  const v = tidy(value).replace(/^nr\.?\s*/i, '').replace(/\s/g, '');
  return /^\d{1,6}$/.test(v) && /[1-9]/.test(v) ? v : undefined;
}

/** A building licence number (uprawnienia budowlane), upper-cased. */
export function normaliseBuildingLicence(value: string): string | undefined {
  const v = tidy(value).replace(/^nr\.?\s*/i, '').toUpperCase();
  return /^[\p{Lu}\d][\p{Lu}\d ./-]{1,38}[\p{Lu}\d]$/u.test(v) && /\d/.test(v) ? v : undefined;
}

/** The district court a bailiff acts at: "Sąd Rejonowy …". */
export function normaliseDistrictCourt(value: string): string | undefined {
  const v = tidy(value);
  return /^Sąd Rejonowy\s\S/i.test(v) && v.length <= 150 ? v : undefined;
}

/** The bailiff's office, with its number. */
export function normaliseBailiffOffice(value: string): string | undefined {
  const v = tidy(value);
  return v.length >= 3 && v.length <= 150 && /\d/.test(v) ? v : undefined;
}

/** A company name. */
export function normaliseCompanyName(value: string): string | undefined {
  const v = tidy(value);
  return v.length >= 2 && v.length <= 200 && /\p{L}/u.test(v) ? v : undefined;
}

/** NIP without the separators people write (123-456-32-18, PL1234563218); undefined when its check digit fails. */
export function normaliseNip(value: string): string | undefined {
  const v = value.replace(/[\s-]/g, '').replace(/^PL/i, '');
  return isValidNip(v) ? v : undefined;
}

/** REGON without spaces; undefined when its check digit fails. */
export function normaliseRegon(value: string): string | undefined {
  const v = value.replace(/[\s-]/g, '');
  return isValidRegon(v) ? v : undefined;
}
