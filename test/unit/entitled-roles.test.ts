// The application for an entitled role checked on its own: licence number shapes, the bailiff's court and office,
// NIP and REGON check digits, and the one table of role names (every role named in both languages, never by its code).
import { describe, expect, it } from 'vitest';
import { checkApplication, describeDetails, ENTITLED_ROLES } from '../../server/accounts/entitled-roles.ts';
import { isValidNip } from '../../server/domain/identifiers.ts';
import { ROLE_NAMES, roleName } from '../../server/catalog/role-names.ts';
import { ROLES } from '../../server/catalog/roles.ts';

const ok = (r: ReturnType<typeof checkApplication>) => (r.ok ? r.details : r.error);

describe('licence numbers and offices', () => {
  it('accepts register numbers as written and refuses anything else', () => {
    expect(ok(checkApplication('geodeta', { uprawnieniaGeodety: 'nr 21345' }))).toMatchObject({ numerUprawnien: '21345' });
    expect(ok(checkApplication('geodeta', { uprawnieniaGeodety: '21 345' }))).toMatchObject({ numerUprawnien: '21345' });
    for (const bad of ['0', '000000', '1234567', '12a', 'GK-1', '-5']) expect(checkApplication('geodeta', { uprawnieniaGeodety: bad }).ok, bad).toBe(false);
    expect(ok(checkApplication('rzeczoznawca', { uprawnieniaRzeczoznawcy: '5641' }))).toMatchObject({ numerUprawnien: '5641' });
    expect(checkApplication('rzeczoznawca', {})).toEqual({ ok: false, error: 'Podaj numer uprawnień rzeczoznawcy majątkowego.' });
  });

  it('accepts building licences of the chambers and of the older decisions', () => {
    for (const [input, stored] of [['WKP/0123/PWOK/12', 'WKP/0123/PWOK/12'], ['uan-ii-8386/15/80', 'UAN-II-8386/15/80'], ['St-361/90', 'ST-361/90'], ['GP.II-7342/123/94', 'GP.II-7342/123/94']]) {
      expect(ok(checkApplication('projektant', { uprawnieniaBudowlane: input! })), input).toMatchObject({ numerUprawnien: stored });
    }
    for (const bad of ['brak', 'AB', '/123/', 'x'.repeat(41) + '1', '<b>12</b>']) expect(checkApplication('projektant', { uprawnieniaBudowlane: bad }).ok, bad).toBe(false);
  });

  it('asks a bailiff for a district court and a numbered office', () => {
    const good = checkApplication('komornik', { sadRejonowy: ' Sąd  Rejonowy Poznań-Grunwald i Jeżyce w Poznaniu', kancelaria: 'Kancelaria Komornicza nr 12 w Poznaniu' });
    expect(ok(good)).toMatchObject({ sadRejonowy: 'Sąd Rejonowy Poznań-Grunwald i Jeżyce w Poznaniu', kancelaria: 'Kancelaria Komornicza nr 12 w Poznaniu' });
    expect(good.ok && describeDetails('komornik', good.details)).toBe('Kancelaria Komornicza nr 12 w Poznaniu, Sąd Rejonowy Poznań-Grunwald i Jeżyce w Poznaniu');
    expect(checkApplication('komornik', { sadRejonowy: 'Sąd Okręgowy w Poznaniu', kancelaria: 'nr 1' }).ok).toBe(false);
    expect(checkApplication('komornik', { sadRejonowy: 'Sąd Rejonowy w Gnieźnie', kancelaria: 'Kancelaria' }).ok).toBe(false);
  });

  it('checks a utility firm\'s NIP and REGON by their check digits', () => {
    expect(isValidNip('1234563218')).toBe(true);
    expect(isValidNip('1234563219')).toBe(false);
    expect(isValidNip('0000000000')).toBe(false);
    expect(isValidNip('123456321')).toBe(false);
    expect(ok(checkApplication('branzysta', { nazwaFirmy: 'Aquanet S.A.', nip: 'PL123-456-32-18' }))).toMatchObject({ nip: '1234563218', regon: null });
    expect(ok(checkApplication('branzysta', { nazwaFirmy: 'Aquanet S.A.', regon: '123456785' }))).toMatchObject({ nip: null, regon: '123456785' });
    expect(checkApplication('branzysta', { nazwaFirmy: 'Aquanet S.A.', nip: '1234563218', regon: '123456786' })).toMatchObject({ ok: false, error: expect.stringContaining('REGON') });
    expect(checkApplication('branzysta', { nazwaFirmy: '12', nip: '1234563218' }).ok).toBe(false);
  });
});

describe('role names', () => {
  it('names every role in Polish and English, never by its code', () => {
    for (const role of ROLES) {
      expect(ROLE_NAMES[role].pl, role).not.toBe(role);
      expect(ROLE_NAMES[role].pl.toLowerCase(), role).not.toContain('anonim');
      expect(ROLE_NAMES[role].en, role).toMatch(/^[A-Z]/);
    }
    expect(roleName('geodeta')).toBe('Geodeta (uprawnienia zawodowe)');
    expect(roleName('branzysta')).toBe('Branżysta (gestor sieci)');
    expect(roleName('anonim', 'en')).toBe('Guest (not signed in)');
    expect(roleName('nieznana')).toBe('Konto');
    expect(ENTITLED_ROLES.every((r) => ROLES.includes(r))).toBe(true);
  });
});
