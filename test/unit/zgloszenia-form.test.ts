// The survey-work notification's pure rules: its states and moves, the form's checks, the case number.
import { describe, expect, it } from 'vitest';
import { canChange, isFinal, nextStates, ZGLOSZENIE_STATES } from '../../server/cases/zgloszenia/states.ts';
import { FormError, NUMER_PATTERN, NUMER_UPRAWNIEN, parseForm, zgloszenieNumer } from '../../server/cases/zgloszenia/form.ts';

const base = {
  rodzajPrac: 'pomiar sytuacyjny', celPrac: 'podział nieruchomości', numerUprawnien: '25123', wykonawca: 'Biuro Geodezyjne',
  dataRozpoczecia: '2026-12-03', dataZakonczenia: '2027-01-15', dzialki: ['306401_1.0004.12'],
};
const fieldOf = (f: () => unknown) => { try { f(); return undefined; } catch (e) { return e instanceof FormError ? e.field : 'other'; } };

describe('states', () => {
  it('moves along the case and nowhere else', () => {
    expect(canChange('zgłoszona', 'materiały przygotowane')).toBe(true);
    expect(canChange('zgłoszona', 'w toku')).toBe(false);
    expect(canChange('wyniki złożone', 'anulowana')).toBe(false);
    expect(canChange('zweryfikowane negatywnie', 'wyniki złożone')).toBe(true);
    expect(ZGLOSZENIE_STATES.filter(isFinal)).toEqual(['przyjęte do zasobu', 'anulowana']);
    for (const s of ZGLOSZENIE_STATES) for (const n of nextStates(s)) expect(ZGLOSZENIE_STATES).toContain(n);
  });
});

describe('form', () => {
  it('takes a good form, the sheet scale defaulting to 1:1000', () => {
    const f = parseForm(base, '2026-12-03');
    expect(f.skalaArkuszy).toBe(1000);
    expect(f.area).toEqual({ kind: 'dzialki', ids: ['306401_1.0004.12'] });
  });

  it('names the field at fault', () => {
    expect(fieldOf(() => parseForm({ ...base, numerUprawnien: '12a' }, '2026-12-03'))).toBe('numerUprawnien');
    expect(fieldOf(() => parseForm({ ...base, dataRozpoczecia: '2026-12-02' }, '2026-12-03'))).toBe('dataRozpoczecia');
    expect(fieldOf(() => parseForm({ ...base, arkusze: ['6.177.11.15.1'] }, '2026-12-03'))).toBe('obszar');
    expect(fieldOf(() => parseForm({ ...base, dzialki: undefined, obszar: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1]]] } }, '2026-12-03'))).toBe('obszar');
    expect(fieldOf(() => parseForm({ ...base, dzialki: undefined, arkusze: ['5.1.1'] }, '2026-12-03'))).toBe('arkusze');
    expect(fieldOf(() => parseForm([], '2026-12-03'))).toBe('body');
  });

  it('knows licence numbers of both registers', () => {
    for (const ok of ['25123', '4567/88', '123/1995']) expect(NUMER_UPRAWNIEN.test(ok)).toBe(true);
    for (const bad of ['0123', '12a', '1234567', '45/5', '']) expect(NUMER_UPRAWNIEN.test(bad)).toBe(false);
  });

  it('numbers cases as the znak sprawy', () => {
    expect(zgloszenieNumer(17, 2026)).toBe('ZG.6640.17.2026');
    expect(NUMER_PATTERN.test(zgloszenieNumer(1, 2027))).toBe(true);
  });
});
