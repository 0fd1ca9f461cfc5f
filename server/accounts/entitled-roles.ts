// The roles an account gets only by an administrator's decision on an application (wniosek o uprawnienia), what
// each application must state, and the check of a filled-in form into those details or a Polish message for the
// page. Pure: the forms (services/portal) and the store (role-applications.ts) use it; the shapes are in
// domain/licences.ts.
import type { Role } from '../catalog/roles.ts';
import {
  normaliseBailiffOffice, normaliseBuildingLicence, normaliseCompanyName, normaliseDistrictCourt, normaliseNip,
  normaliseRegisterNumber, normaliseRegon, tidy,
} from '../domain/licences.ts';

/** The roles one applies for (sql/030_wnioski_o_role.sql lists the same). */
export const ENTITLED_ROLES = ['geodeta', 'rzeczoznawca', 'komornik', 'branzysta', 'projektant'] as const satisfies readonly Role[];
export type EntitledRole = (typeof ENTITLED_ROLES)[number];

export function isEntitledRole(value: string): value is EntitledRole {
  return (ENTITLED_ROLES as readonly string[]).includes(value);
}

/** What an application states (the columns of portal.wnioski_o_role). */
export interface ApplicationDetails {
  numerUprawnien: string | null;
  sadRejonowy: string | null;
  kancelaria: string | null;
  nazwaFirmy: string | null;
  nip: string | null;
  regon: string | null;
}

/** The form fields of an application, one set per role (a form shows only the chosen role's set). */
export const APPLICATION_FIELDS = ['uprawnieniaGeodety', 'uprawnieniaRzeczoznawcy', 'uprawnieniaBudowlane', 'sadRejonowy', 'kancelaria', 'nazwaFirmy', 'nip', 'regon'] as const;
export type ApplicationField = (typeof APPLICATION_FIELDS)[number];
export type ApplicationInput = Partial<Record<ApplicationField, string>>;

export type Checked = { ok: true; details: ApplicationDetails } | { ok: false; error: string };

const EMPTY: ApplicationDetails = { numerUprawnien: null, sadRejonowy: null, kancelaria: null, nazwaFirmy: null, nip: null, regon: null };

/** Checks the fields the chosen role needs; the message says what is wrong in the page's words. */
export function checkApplication(role: EntitledRole, input: ApplicationInput): Checked {
  const get = (f: ApplicationField) => tidy(input[f] ?? '');
  const fail = (error: string): Checked => ({ ok: false, error });
  switch (role) {
    case 'geodeta': {
      const raw = get('uprawnieniaGeodety');
      if (!raw) return fail('Podaj numer uprawnień zawodowych w dziedzinie geodezji i kartografii.');
      const n = normaliseRegisterNumber(raw);
      return n ? { ok: true, details: { ...EMPTY, numerUprawnien: n } }
        : fail('Numer uprawnień zawodowych geodety to liczba (1–6 cyfr), np. 21345 — tak jak w centralnym rejestrze.');
    }
    case 'rzeczoznawca': {
      const raw = get('uprawnieniaRzeczoznawcy');
      if (!raw) return fail('Podaj numer uprawnień rzeczoznawcy majątkowego.');
      const n = normaliseRegisterNumber(raw);
      return n ? { ok: true, details: { ...EMPTY, numerUprawnien: n } }
        : fail('Numer uprawnień rzeczoznawcy majątkowego to liczba (1–6 cyfr), np. 5641 — tak jak w centralnym rejestrze.');
    }
    case 'projektant': {
      const raw = get('uprawnieniaBudowlane');
      if (!raw) return fail('Podaj numer uprawnień budowlanych.');
      const n = normaliseBuildingLicence(raw);
      return n ? { ok: true, details: { ...EMPTY, numerUprawnien: n } }
        : fail('Numer uprawnień budowlanych wpisz tak jak w decyzji, np. WKP/0123/PWOK/12 (3–40 znaków: litery, cyfry, „/”, „-”, „.”, co najmniej jedna cyfra).');
    }
    case 'komornik': {
      const sadRaw = get('sadRejonowy'), kancRaw = get('kancelaria');
      if (!sadRaw || !kancRaw) return fail('Podaj sąd rejonowy, przy którym działasz, i swoją kancelarię komorniczą.');
      const sad = normaliseDistrictCourt(sadRaw);
      if (!sad) return fail('Sąd wpisz pełną nazwą, np. „Sąd Rejonowy Poznań-Stare Miasto w Poznaniu”.');
      const kancelaria = normaliseBailiffOffice(kancRaw);
      if (!kancelaria) return fail('Kancelarię wpisz z jej numerem, np. „Kancelaria Komornicza nr 5 w Poznaniu”.');
      return { ok: true, details: { ...EMPTY, sadRejonowy: sad, kancelaria } };
    }
    case 'branzysta': {
      const firmaRaw = get('nazwaFirmy'), nipRaw = get('nip'), regonRaw = get('regon');
      if (!firmaRaw) return fail('Podaj nazwę firmy (gestora sieci).');
      const nazwaFirmy = normaliseCompanyName(firmaRaw);
      if (!nazwaFirmy) return fail('Nazwa firmy: 2–200 znaków.');
      if (!nipRaw && !regonRaw) return fail('Podaj NIP lub REGON firmy.');
      const nip = nipRaw ? normaliseNip(nipRaw) : null;
      if (nip === undefined) return fail('NIP jest niepoprawny: 10 cyfr z poprawną cyfrą kontrolną (np. 123-456-32-18).');
      const regon = regonRaw ? normaliseRegon(regonRaw) : null;
      if (regon === undefined) return fail('REGON jest niepoprawny: 9 lub 14 cyfr z poprawną cyfrą kontrolną.');
      return { ok: true, details: { ...EMPTY, nazwaFirmy, nip, regon } };
    }
  }
}

/** The details as one line for a person (the administrator's list, the e-mails). */
export function describeDetails(role: EntitledRole, d: ApplicationDetails): string {
  switch (role) {
    case 'geodeta': return `uprawnienia zawodowe nr ${d.numerUprawnien}`;
    case 'rzeczoznawca': return `uprawnienia rzeczoznawcy majątkowego nr ${d.numerUprawnien}`;
    case 'projektant': return `uprawnienia budowlane nr ${d.numerUprawnien}`;
    case 'komornik': return `${d.kancelaria}, ${d.sadRejonowy}`;
    case 'branzysta': return [d.nazwaFirmy, d.nip ? `NIP ${d.nip}` : null, d.regon ? `REGON ${d.regon}` : null].filter(Boolean).join(', ');
  }
}
