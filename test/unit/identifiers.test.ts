import { describe, expect, it } from 'vitest';
import { ID_BUDYNKU, ID_DZIALKI, formatIdDzialki, isValidNumerKW, parseIdDzialki, isValidPesel, isValidRegon, kwCheckDigit } from '../../server/domain/identifiers.ts';

describe('official identifiers', () => {
  it('computes land-register check digits (weights 1,3,7)', () => {
    // Worked by hand: P=26 O=25 1 P=26 then 00012345.
    // 26·1+25·3+1·7+26·1+0·3+0·7+0·1+1·3+2·7+3·1+4·3+5·7 = 26+75+7+26+3+14+3+12+35 = 201 → 1
    expect(kwCheckDigit('PO1P', '00012345')).toBe(1);
    expect(isValidNumerKW('PO1P/00012345/1')).toBe(true);
    expect(isValidNumerKW('PO1P/00012345/2')).toBe(false);
    expect(isValidNumerKW('PO1P/0012345/1')).toBe(false);
  });

  it('validates PESEL and REGON check digits', () => {
    expect(isValidPesel('44051401359')).toBe(true); // the example PESEL used in Polish documentation
    expect(isValidPesel('44051401358')).toBe(false);
    expect(isValidRegon('123456785')).toBe(true);
    expect(isValidRegon('123456786')).toBe(false);
  });

  it('parses parcel and building identifiers', () => {
    expect(ID_DZIALKI.exec('306401_1.0001.123/4')?.slice(1)).toEqual(['306401_1.0001', undefined, '123/4']);
    expect(ID_DZIALKI.test('306401_1.0001.0123')).toBe(false);
    // The sheet form Poznań uses for part of its register (EGiB regulation 2021, annex 1).
    expect(ID_DZIALKI.exec('306401_1.0061.AR_13.33/1')?.slice(1)).toEqual(['306401_1.0061', '13', '33/1']);
    expect(ID_DZIALKI.test('306401_1.0061.AR_0.33/1')).toBe(false);
    expect(ID_DZIALKI.test('306401_1.0061.AR13.33/1')).toBe(false);
    expect(parseIdDzialki('306401_1.0061.AR_13.33/1')).toEqual({ idObrebu: '306401_1.0061', arkusz: '13', numer: '33/1' });
    expect(formatIdDzialki({ idObrebu: '306401_1.0005', arkusz: null, numer: '797' })).toBe('306401_1.0005.797');
    // Buildings carry _BUD; the bare form of the old model is no longer an identifier.
    expect(ID_BUDYNKU.exec('306401_1.0001.123/4.2_BUD')?.slice(1)).toEqual(['306401_1.0001.123/4', '2']);
    expect(ID_BUDYNKU.exec('306401_1.0061.AR_13.33/1.1_BUD')?.slice(1)).toEqual(['306401_1.0061.AR_13.33/1', '1']);
    expect(ID_BUDYNKU.test('306401_1.0001.123/4.2')).toBe(false);
  });
});
