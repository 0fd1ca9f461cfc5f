// The register group of a land register unit derived from its rights (server/domain/register-groups.ts): State and
// gmina land in perpetual usufruct, natural persons, cooperatives, mixed co-ownership by the largest share.
import { describe, expect, it } from 'vitest';
import { grupaRejestrowa, type RightKind } from '../../server/domain/register-groups.ts';

const r = (rodzajPodmiotu: string, rodzajPrawa: string, licznik = 1, mianownik = 1): RightKind => ({ rodzajPodmiotu, rodzajPrawa, licznik, mianownik });

describe('grupaRejestrowa', () => {
  it('natural persons, alone or as co-owners, are group 7', () => {
    expect(grupaRejestrowa([r('osoba fizyczna', 'własność')])?.numer).toBe('7');
    expect(grupaRejestrowa([r('osoba fizyczna', 'współwłasność', 1, 4), r('osoba fizyczna', 'współwłasność', 3, 4)])?.nazwa).toBe('grunty osób fizycznych');
  });
  it('State and gmina land: 1 and 4, or 2 and 5 when given in perpetual usufruct, whoever the usufructuary is', () => {
    expect(grupaRejestrowa([r('Skarb Państwa', 'własność')])?.numer).toBe('1');
    expect(grupaRejestrowa([r('Skarb Państwa', 'własność'), r('osoba prawna', 'użytkowanie wieczyste')])?.numer).toBe('2');
    expect(grupaRejestrowa([r('gmina', 'własność')])?.numer).toBe('4');
    expect(grupaRejestrowa([r('gmina', 'własność'), r('osoba fizyczna', 'użytkowanie wieczyste', 1, 2), r('osoba fizyczna', 'użytkowanie wieczyste', 1, 2)])?.numer).toBe('5');
    expect(grupaRejestrowa([r('gmina', 'własność'), r('spółdzielnia', 'trwały zarząd')])?.numer).toBe('4');
  });
  it('mixed owners: the largest share decides, a tie the lower group', () => {
    expect(grupaRejestrowa([r('spółdzielnia', 'współwłasność', 2, 3), r('osoba fizyczna', 'współwłasność', 1, 3)])?.numer).toBe('8');
    expect(grupaRejestrowa([r('osoba prawna', 'współwłasność', 1, 2), r('osoba fizyczna', 'współwłasność', 1, 2)])?.numer).toBe('7');
  });
  it('no owner on record: no group', () => {
    expect(grupaRejestrowa([])).toBeUndefined();
    expect(grupaRejestrowa([r('osoba fizyczna', 'władanie samoistne')])).toBeUndefined();
  });
});
