// The portal roles as people say them, in Polish and English: the one table every page, e-mail and the web client
// read (the account pages, the administrator's lists, the portal header). The internal codes of roles.ts (`anonim`,
// `branzysta`) are never shown to a person. Adding a role to ROLES fails tsc here until it has its names.
// Pure and framework-free: the client imports it.
import type { Role } from './roles.ts';

export interface RoleName { pl: string; en: string }

export const ROLE_NAMES: Readonly<Record<Role, RoleName>> = {
  anonim: { pl: 'Gość (bez logowania)', en: 'Guest (not signed in)' },
  klient: { pl: 'Klient', en: 'Client' },
  geodeta: { pl: 'Geodeta (uprawnienia zawodowe)', en: 'Licensed surveyor' },
  projektant: { pl: 'Projektant (uprawnienia budowlane)', en: 'Designer (building licence)' },
  rzeczoznawca: { pl: 'Rzeczoznawca majątkowy', en: 'Property appraiser' },
  komornik: { pl: 'Komornik sądowy', en: 'Court bailiff' },
  branzysta: { pl: 'Branżysta (gestor sieci)', en: 'Utility operator' },
  pracownik: { pl: 'Pracownik ośrodka', en: 'Office staff' },
  admin: { pl: 'Administrator', en: 'Administrator' },
};

/** A role's name in a language; an unknown code (an older client, a role added later) reads as a plain account. */
export function roleName(role: string, lang: 'pl' | 'en' = 'pl'): string {
  const names = (ROLE_NAMES as Record<string, RoleName | undefined>)[role];
  return names ? names[lang] : lang === 'pl' ? 'Konto' : 'Account';
}
