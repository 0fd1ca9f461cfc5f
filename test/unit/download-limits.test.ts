// The portals tell a download limit in the page's language and in people's words: never the internal role name.
import { describe, expect, it } from 'vitest';
import { limitMessage } from '../../client/src/tools/limits.ts';

describe('download limits in the page language', () => {
  const area = { status: 413, problem: { title: 'Area too large', areaKm2: 5.1234, maxAreaKm2: 4, anonymous: true } };
  it('says in Polish, with a decimal comma, what an anonymous caller may do', () => {
    const pl = limitMessage(area, 'pl')!;
    expect(pl).toBe('Wybrany obszar ma 5,123 km², a bez logowania można pobrać najwyżej 4 km². Zmniejsz obszar albo zaloguj się, by pobrać większy.');
    expect(pl).not.toMatch(/anonim|role/);
    expect(limitMessage(area, 'en')).toContain('without signing in');
  });
  it('speaks to a signed-in account and about too many features', () => {
    expect(limitMessage({ ...area, problem: { ...area.problem, anonymous: false, maxAreaKm2: 25 } }, 'pl')).toContain('z tego konta można pobrać najwyżej 25 km²');
    expect(limitMessage({ status: 413, problem: { features: 30000, maxFeatures: 20000 } }, 'pl')).toBe('Wycinek liczy 30000 obiektów, a można pobrać najwyżej 20000: wybierz mniejszy obszar lub mniej warstw.');
    expect(limitMessage({ status: 400, problem: {} }, 'pl')).toBeUndefined();
  });
});
