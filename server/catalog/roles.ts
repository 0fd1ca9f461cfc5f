// The portal roles. Personal data of owners (RODO/GDPR) is visible only to the roles entitled to it by law.
export const ROLES = ['anonim', 'klient', 'geodeta', 'projektant', 'rzeczoznawca', 'komornik', 'branzysta', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Surveyors, property appraisers and bailiffs may see owners (as in portal.role."daneOsobowe"). */
export const PERSONAL_DATA_ROLES: readonly Role[] = ['geodeta', 'rzeczoznawca', 'komornik', 'admin'];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
