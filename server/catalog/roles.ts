// The portal roles. Personal data of owners (RODO/GDPR) is visible only to the roles entitled to it by law.
export const ROLES = ['anonim', 'klient', 'geodeta', 'projektant', 'rzeczoznawca', 'komornik', 'branzysta', 'pracownik', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Surveyors, property appraisers and bailiffs may see owners (as in portal.role."daneOsobowe"); so may the office's
 * staff (pracownik ośrodka), who keep the register and issue wypisy with owners' data (the register is kept by the starosta's office: art. 22 ust. 2 Pgik).
 */
export const PERSONAL_DATA_ROLES: readonly Role[] = ['geodeta', 'rzeczoznawca', 'komornik', 'pracownik', 'admin'];

/**
 * The office's staff: the back office of orders, survey-work notifications and coordination cases. The administrator
 * is one too (a small office may have no one else), and only the administrator grants the role.
 */
export const OFFICE_ROLES: readonly Role[] = ['pracownik', 'admin'];

export const isOfficeStaff = (role: Role): boolean => OFFICE_ROLES.includes(role);

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
