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
  it('tells the other limits in the page language: sheets, elevation pixels, downloads at once, rate and load', () => {
    expect(limitMessage({ status: 413, problem: { sheets: 40, maxSheets: 25 } }, 'pl')).toBe('Obszar obejmuje 40 arkuszy, a jednorazowo można pobrać najwyżej 25: wybierz mniejszy obszar lub mniejszą skalę.');
    expect(limitMessage({ status: 413, problem: { pixels: 5e7, maxPixels: 4e7 } }, 'pl')).toContain('modelu wysokościowego');
    expect(limitMessage({ status: 429, problem: { limit: 3 } }, 'pl')).toBe('Naraz można pobierać najwyżej 3 pliki: spróbuj ponownie, gdy któryś się skończy.');
    expect(limitMessage({ status: 429, problem: { limit: 5 } }, 'pl')).toContain('najwyżej 5 plików');
    expect(limitMessage({ status: 429, problem: { limit: 12 } }, 'pl')).toContain('najwyżej 12 plików');
    expect(limitMessage({ status: 429, problem: { limit: 22 } }, 'pl')).toContain('najwyżej 22 pliki');
    expect(limitMessage({ status: 429, problem: {} }, 'pl')).toBe('Zbyt wiele żądań w krótkim czasie: spróbuj ponownie za chwilę.');
    expect(limitMessage({ status: 429, problem: {} }, 'en')).toBe('Too many requests in a short time: try again in a moment.');
    expect(limitMessage({ status: 503, problem: { retryAfter: 30 } }, 'pl')).toContain('chwilowo zajęty');
    expect(limitMessage({ status: 413, problem: { title: 'Too many features for a direct download' } }, 'pl')).toContain('limit pobierania');
  });
});
