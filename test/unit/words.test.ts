// Amounts in Polish words (server/documents/words.ts), checked against how Polish documents write them.
import { describe, expect, it } from 'vitest';
import { amountInWordsPl, formatPln, numberToWordsPl, pluralPl } from '../../server/documents/words.ts';

describe('Polish number words', () => {
  it('writes the numbers of the tariff and their tricky neighbours', () => {
    expect(numberToWordsPl(0)).toBe('zero');
    expect(numberToWordsPl(11)).toBe('jedenaście');
    expect(numberToWordsPl(40)).toBe('czterdzieści');
    expect(numberToWordsPl(105)).toBe('sto pięć');
    expect(numberToWordsPl(129)).toBe('sto dwadzieścia dziewięć');
    expect(numberToWordsPl(212)).toBe('dwieście dwanaście');
    expect(numberToWordsPl(1000)).toBe('tysiąc');
    expect(numberToWordsPl(1001)).toBe('tysiąc jeden');
    expect(numberToWordsPl(2024)).toBe('dwa tysiące dwadzieścia cztery');
    expect(numberToWordsPl(5000)).toBe('pięć tysięcy');
    expect(numberToWordsPl(12_000)).toBe('dwanaście tysięcy');
    expect(numberToWordsPl(22_000)).toBe('dwadzieścia dwa tysiące');
    expect(numberToWordsPl(1_000_000)).toBe('milion');
    expect(numberToWordsPl(3_400_015)).toBe('trzy miliony czterysta tysięcy piętnaście');
    expect(numberToWordsPl(999_999_999)).toBe('dziewięćset dziewięćdziesiąt dziewięć milionów dziewięćset dziewięćdziesiąt dziewięć tysięcy dziewięćset dziewięćdziesiąt dziewięć');
    expect(() => numberToWordsPl(-1)).toThrow(RangeError);
    expect(() => numberToWordsPl(1.5)).toThrow(RangeError);
  });

  it('chooses the plural forms: 1 złoty, 2–4 złote, 5–21 złotych, 22 złote, 112 złotych', () => {
    const f = ['złoty', 'złote', 'złotych'] as const;
    expect([1, 2, 4, 5, 12, 14, 21, 22, 24, 25, 112, 122].map((n) => pluralPl(n, f))).toEqual(
      ['złoty', 'złote', 'złote', 'złotych', 'złotych', 'złotych', 'złotych', 'złote', 'złote', 'złotych', 'złotych', 'złote']);
  });

  it('writes amounts with złoty and grosz parts', () => {
    expect(amountInWordsPl(12_900)).toBe('sto dwadzieścia dziewięć złotych zero groszy');
    expect(amountInWordsPl(101)).toBe('jeden złoty jeden grosz');
    expect(amountInWordsPl(4_940)).toBe('czterdzieści dziewięć złotych czterdzieści groszy');
    expect(amountInWordsPl(200_002)).toBe('dwa tysiące złotych dwa grosze');
    expect(formatPln(123_450)).toBe('1\u00a0234,50 zł');
    expect(formatPln(4000)).toBe('40,00 zł');
  });
});
